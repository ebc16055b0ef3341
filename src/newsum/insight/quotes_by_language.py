"""Direct quotations and who said them, in languages other than English.

    document ──quoted spans (the language's quotation marks: « », „ “, » «, “ ”, " ", and in
               Hindi ' ')──▶ attribution in the same sentence (a reporting verb of
               ``data/insight/<lang>/speech.json`` after the quote or before it, or "selon X",
               "laut X", "по словам X", "के अनुसार")──▶ the speaker beside the verb, without
               role words, resolved to the fullest name the cluster writes
               ──▶ QuoteMention, grouped like English ones (:func:`.quotes.group_quotes`)

Where the speaker stands depends on the language: after an inverted verb ("», a déclaré
Karima Benali", "sagte Müller", "заявил Петров"), before it ("Karima Benali a déclaré : «"),
after the verb in Arabic, which puts the verb first ("وقال الوزير سامي حداد: «"), and before
"ने" in Hindi ("मंत्री अजय राठौर ने कहा"). A pronoun ("a-t-il dit", "er sagte", "उन्होंने
कहा", an Arabic verb with no subject) stands for the last speaker named in the document; a
paragraph that is all quotation continues the quotation just before it. Quoted words without
a reporting verb in their sentence, or of fewer than MIN_QUOTE_WORDS words, are scare quotes,
nicknames or titles, not quotations. The word lists are knowledge of each language, written
once; nothing here is tuned per language.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex

from ..model import Document
from ..segment import split_sentences
from ..terms import analyze, stopwords
from . import wordlists
from .quotes import QuoteMention

__all__ = ["supports", "languages", "quotes_in_language", "NameIndex"]

#: Words of the longest name read without capitals (given, father's, grandfather's, family).
_MAX_NAME_WORDS = 4
#: Fewer quoted words than this are a scare quote or an epithet («irréaliste»), not a quotation.
MIN_QUOTE_WORDS = 3
#: A quotation with no attribution of its own continues the one before it when at most this
#: many words stand between them ("»Wir haben alles versucht«, sagte er. »Ob ich bleibe ...«").
_CONTINUATION_WORDS = 4
#: Words after a quote (or before it) in which its reporting verb is looked for: Arabic role
#: chains put 15 words between "وقال" and the quotation.
_VERB_WINDOW = 20

# Opening mark -> closing marks, per family of languages.
_PAIRS_DEFAULT = {"«": "»", "“": "”", '"': '"', "„": "“”"}
_PAIRS_GERMAN = {"„": "“”", "»": "«", '"': '"', "“": "”", "«": "»"}
_PAIRS_HINDI = {'"': '"', "“": "”", "'": "'", "‘": "’"}

_CAPITALIZED = regex.compile(r"\p{Lu}[\p{L}\p{M}'’.-]*")

# Marks that writers put in or leave out without changing the word, so that the word lists
# match either way: Arabic short vowels, shadda, sukun, hamza on its carrier and tatweel
# ("أكّد" is "أكد", "إن" is "ان"), and the Devanagari nukta ("ज़िलाधिकारी" is "जिलाधिकारी";
# NFD splits the precomposed letters U+0958-095F into base and nukta).
_OPTIONAL_MARKS = re.compile("[\u064b-\u0655\u0670\u0640\u093c]")
_ALEFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})


def _fold(word: str) -> str:
    """``word`` as the word lists are compared: without optional marks, lower-cased."""
    decomposed = unicodedata.normalize("NFD", word.translate(_ALEFS))
    return unicodedata.normalize("NFC", _OPTIONAL_MARKS.sub("", decomposed)).lower()


class _Words(frozenset):
    """A word list whose membership test folds the word first (:func:`_fold`)."""

    def __new__(cls, words=()):
        return super().__new__(cls, (_fold(w) for w in words))

    def __contains__(self, word) -> bool:
        return super().__contains__(_fold(word))


# A letter of a word list may stand in the text with any of its written forms: alef with or
# (or waw, ya) with or without hamza, a Devanagari letter precomposed with its nukta; optional marks may follow it.
_LETTER_FORMS = {"ا": "اأإآٱ", "و": "وؤ", "ي": "يئ", "क": "क\u0958", "ख": "ख\u0959", "ग": "ग\u095a", "ज": "ज\u095b", "ड": "ड\u095c",
                 "ढ": "ढ\u095d", "फ": "फ\u095e", "य": "य\u095f"}


def _tolerant(phrase: str) -> str:
    """A pattern for ``phrase`` that matches it however its optional marks are written."""
    parts = []
    for letter in _fold(phrase):
        if letter.isspace():
            parts.append(r"\s+")
            continue
        forms = _LETTER_FORMS.get(letter)
        parts.append(f"[{forms}]" if forms else regex.escape(letter))
        parts.append(f"[{_OPTIONAL_MARKS.pattern[1:-1]}]*")
    return "".join(parts)


def languages() -> list[str]:
    """Languages whose quotations are read here."""
    return [code for code in wordlists.languages() if code != "en" and supports(code)]


def supports(language: str) -> bool:
    try:
        wordlists.table("speech", language)
    except wordlists.UnsupportedLanguage:
        return False
    return True


@dataclass(frozen=True)
class _Speech:
    verbs: regex.Pattern
    according_to: regex.Pattern | None
    pronouns: frozenset[str]
    titles: frozenset[str]
    particles: frozenset[str]
    cased: bool
    subject_ends: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    name_middles: frozenset[str] = frozenset()
    description_openers: frozenset[str] = frozenset()
    passive_after: frozenset[str] = frozenset()
    naming_words: frozenset[str] = frozenset()  # Hindi: the verb names, not quotes; Arabic: the name follows
    #: Which run of a subject's non-role words is the name: "first" (of two or more words) or "last".
    name_run: str = "last"
    #: Words a name takes from its run when the language fixes it (Hindi: 3); else two and a middle word.
    name_words: int | None = None
    language: str = ""
    #: The definite article written onto a word ("ال"): a given or father's name takes none.
    articles: tuple[str, ...] = ()


@cache
def _speech(language: str) -> _Speech:
    table = wordlists.table("speech", language)
    verbs = sorted({_fold(v) for v in table["verbs"]}, key=len, reverse=True)
    prefixes = table.get("conjunction_prefixes", [])
    optional = f"(?:{'|'.join(regex.escape(p) for p in prefixes)})?" if prefixes else ""
    verb_pattern = regex.compile(rf"(?<![\p{{L}}\p{{M}}]){optional}(?:{'|'.join(_tolerant(v) for v in verbs)})(?![\p{{L}}\p{{M}}])",
                                 regex.IGNORECASE)
    according = sorted({_fold(a) for a in table.get("according_to", [])}, key=len, reverse=True)
    according_pattern = (
        regex.compile(rf"(?<![\p{{L}}\p{{M}}]){optional}(?:{'|'.join(_tolerant(a) for a in according)})", regex.IGNORECASE)
        if according else None
    )
    return _Speech(
        verb_pattern,
        according_pattern,
        _Words(table.get("pronouns", [])),
        _Words(table.get("titles", [])),
        _Words(table.get("particles", [])),
        language not in ("ar", "hi", "he", "fa", "ur", "zh", "ja"),
        _Words(table.get("subject_ends", [])),
        _Words(table.get("honorifics", [])),
        _Words(table.get("name_middles", [])),
        _Words(table.get("description_openers", [])),
        _Words(table.get("passive_after", [])),
        _Words(table.get("naming_words", [])),
        (table.get("name_run") or ["last"])[0],
        (table.get("name_words") or [None])[0],
        language,
        tuple(table.get("articles", [])),
    )


def _pairs(language: str) -> dict[str, str]:
    if language in ("de", "cs", "sk", "sl", "hr", "da"):
        return _PAIRS_GERMAN
    if language in ("hi", "mr", "ne"):
        return _PAIRS_HINDI
    return _PAIRS_DEFAULT


def quoted_spans(text: str, language: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the words inside each pair of the language's quotation marks,
    paragraph by paragraph."""
    pairs = _pairs(language)
    spans: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        i = 0
        while i < len(paragraph):
            mark = paragraph[i]
            if mark in pairs and (mark not in "'‘" or i == 0 or not paragraph[i - 1].isalnum()):
                closers = pairs[mark]
                j = i + 1
                while j < len(paragraph) and not (paragraph[j] in closers and (paragraph[j] not in "'’" or j + 1 >= len(paragraph)
                                                                               or not paragraph[j + 1].isalnum())):
                    j += 1
                if j < len(paragraph):
                    start, end = i + 1, j
                    while start < end and paragraph[start].isspace():
                        start += 1
                    while end > start and paragraph[end - 1].isspace():
                        end -= 1
                    if end > start:
                        spans.append((offset + start, offset + end))
                    i = j + 1
                    continue
            i += 1
        offset += len(paragraph) + 1
    return spans


class NameIndex:
    """The fullest way the cluster writes each person's name, so that "Benali" or "Петрова"
    resolves to "Karima Benali" or "Иван Петров" (names compared by their stems)."""

    def __init__(self, texts: Sequence[str], language: str):
        self.language = language
        self._texts = texts
        speech = _speech(language)
        self.forms: Counter[str] = Counter()
        #: Uncased scripts: the people each role word stands beside ("الروائية سلمى النجار",
        #: "अभिनेता कुणाल प्रताप सिंह"), so that "قالت الكاتبة" or "सिंह ने कहा" finds its person.
        self.roles: dict[str, Counter[str]] = {}
        #: Names written after a role, confirmed or not: forms to resolve a family name to.
        self.full_names: Counter[str] = Counter()
        if speech.cased:
            for text in texts:
                for run in _capitalized_runs(text, speech):
                    name = _strip_titles(run, speech)
                    if 2 <= len(name.split()) <= 4:
                        self.forms[name] += 1
        else:
            # No capitals: the names the cluster writes beside its reporting verbs (and, in
            # Hindi, before every "ने", the mark of a verb's subject, and "के अनुसार").
            for text in texts:
                if language == "hi":
                    for match in re.finditer(r"(?:\S+\s+){1,4}?(?=(?:ने|के अनुसार|के मुताबिक)\s)", text):
                        name = _uncased_name(re.split(r"[,;:।|\"“”'‘’]", match.group())[-1].split(), speech)
                        if name and len(name.split()) >= 2:
                            self.add(name)
                for match in speech.verbs.finditer(text):
                    if language == "ar":
                        name = _arabic_subject(text[match.end():match.end() + 200], speech)
                    else:
                        name, how, _ = _hindi_subject(text[max(0, match.start() - 200):match.start()], speech, None, "")
                        name = name if how == "named" else None
                    if name:
                        self.add(name)
            # And the names the cluster writes after a role ("الروائية سلمى النجار"): for
            # resolving a family name ("أبو زيد") always; as a pronoun's antecedent, and to
            # bind the role to the person, only after a listed role and when the cluster
            # confirms the name (it stands beside a verb too, or recurs: :func:`_confirmed`).
            found = [pair for text in texts for pair in _role_appositions(text, speech, language)]
            joined = "\n".join(texts)
            for role, name, listed in found:
                self.full_names[name] += 1
                if not listed or not (name in self.forms or _confirmed(name, joined)):
                    continue
                self.add(name)
                for word in role:
                    self.roles.setdefault(_fold(word), Counter())[name] += 1
            for form in [form for form in self.forms if self.is_role(form)]:
                del self.forms[form]  # "شباب الوادي": a team in "مدرب شباب الوادي رشيد بن عمر"

    def last_mentioned(self, text: str, since: int, until: int) -> str | None:
        """The person the cluster names last in ``text[since:until]`` (a pronoun's antecedent,
        when it was named after the last quotation)."""
        best, at = None, -1
        window = text[since:until]
        for form in self.forms:
            for piece in (form, form.split()[-1]):
                found = window.rfind(piece)
                if found > at:
                    best, at = form, found
        return best

    def add(self, name: str) -> None:
        if 2 <= len(name.split()) <= 4:
            self.forms[name] += 1

    def _expand(self, word: str) -> str | None:
        """A name of one word ("प्रीति", "चौहान") as the cluster writes it in full, where no
        verb or role showed the full form: the words the cluster most often writes right after
        a given name or right before a family name (not stop words, roles or numbers), when
        one way is more frequent than any other."""
        speech = _speech(self.language)
        stop = _uncased_stopwords(speech)

        def namelike(w: str) -> bool:
            return w not in stop and w not in speech.titles and not any(c.isdigit() for c in w) and len(w) > 1

        counts: Counter[str] = Counter()
        for text in self._texts:
            for clause in re.split(r"[.!?؟।|:;؛,،\"“”'‘’«»()\n]", text):
                words = clause.split()
                for i, w in enumerate(words):
                    if _fold(w) != _fold(word):
                        continue
                    after = list(itertools.takewhile(namelike, words[i + 1 : i + 3]))
                    before = list(itertools.takewhile(namelike, reversed(words[max(0, i - 2) : i])))[::-1]
                    if after:
                        counts[" ".join([w] + after[:2])] += 1
                    if before:
                        counts[" ".join(before[-2:] + [w])] += 1
        ranked = counts.most_common(2)
        if not ranked or ranked[0][1] < 2 or (len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
            return None
        return ranked[0][0]

    def is_person(self, name: str) -> bool:
        """Whether the cluster names a person so (or by part of a name it writes in full) beside
        a verb or after a role."""
        resolved = self.resolve(name)
        return resolved in self.forms and len(resolved.split()) >= 2 and not self.is_role(resolved)

    def is_role(self, name: str) -> bool:
        """Whether ``name`` is words the cluster writes as a role before someone's name
        ("شباب الوادي" in "مدرب شباب الوادي رشيد بن عمر"), not a name itself."""
        words = name.split()
        return bool(words) and all(any(other != name for other in self.roles.get(_fold(w), ())) for w in words)

    def by_role(self, subject: str, speech: _Speech) -> str | None:
        """The one person the cluster names beside the role words of ``subject`` ("قال مدرب
        الفريق", "लेखिका ने कहा"), up to where the subject ends; None when the words name no
        one or more than one."""
        votes: Counter[str] = Counter()
        for word in re.split(r"[:«»\"“”„.!?؛।|]", subject)[0].split()[:8]:
            word = word.strip("،,;")
            if word in speech.subject_ends:
                break
            for name, count in self.roles.get(_fold(word), Counter()).items():
                votes[name] += count
        ranked = votes.most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
            return None
        return self.resolve(ranked[0][0])

    def _stems(self, name: str) -> tuple[str, ...]:
        return analyze(name, self.language).stems

    def resolve(self, name: str | None) -> str | None:
        """The cluster's fullest form of ``name`` (itself when the cluster has none)."""
        if not name:
            return None
        stems = self._stems(name)
        if not stems:
            return name
        best: list[tuple[int, int, str]] = []
        uncased = not _speech(self.language).cased
        cut = {f: _cut_after(f, name) for f in self.full_names}
        forms = self.forms + Counter({cut[f]: c for f, c in self.full_names.items() if cut[f] and len(cut[f].split()) > len(name.split())})
        for form, count in forms.items():
            form_stems = self._stems(form)
            if len(form_stems) >= len(stems) and (_ends_with(form_stems, stems) or (uncased and _within(stems, form_stems))):
                best.append((len(form_stems), count, form))
        if not best and not _speech(self.language).cased and len(stems) == 1:
            # A given name alone ("आर्यन" for "आर्यन मेहरा"), when one person of the cluster has it.
            best = [(len(self._stems(f)), c, f) for f, c in self.forms.items() if self._stems(f)[:1] == stems]
        if not best and uncased and len(name.split()) == 1:
            expanded = self._expand(name)
            return expanded or name
        if not best:
            return name
        # The fullest form that ends with the name ("أبو رمان" -> "وليد أبو رمان")...
        longest = max(b[0] for b in best)
        candidates = [b for b in best if b[0] == longest]
        if len({self._stems(c[2]) for c in candidates}) > 1:
            return name  # two people share the name: leave it as written
        # ... written as the cluster writes it most (the nominative, in Russian).
        return max(candidates, key=lambda b: (b[1], -len(b[2])))[2]


def _cut_after(form: str, name: str) -> str | None:
    """``form`` up to the words of ``name`` in it ("طارق أبو زيد" from the words after a role
    "طارق أبو زيد هدفين", which run on into the verb's object), if they are in it."""
    words, wanted = [_fold(w) for w in form.split()], [_fold(w) for w in name.split()]
    for start in range(len(words) - len(wanted), -1, -1):
        if words[start:start + len(wanted)] == wanted:
            return " ".join(form.split()[: start + len(wanted)])
    return None


def _role_appositions(text: str, speech: _Speech, language: str) -> list[tuple[list[str], str, bool]]:
    """``(role words, name, whether the role is of the language's list)`` for each role word of the language's list followed by a name, in
    a script without capitals: "مدرب الصقور البحرية، منير عبد الكريم" gives (مدرب الصقور
    البحرية, منير عبد الكريم). The words after the role run to a stop word, a number or a second
    comma; the name is their last words (:func:`_uncased_name`), the role the words before it."""
    stop = _uncased_stopwords(speech)
    found = []
    for clause in re.split(r"[.!?؟।|:;؛\"“”'‘’«»()\n]", text):
        words = clause.replace("،", " , ").replace(",", " , ").split()
        i = 0
        while i < len(words):
            listed = words[i] in speech.titles and words[i] not in stop
            # Arabic: any noun with the article may be a role before a name ("المهاجم الشاب
            # طارق أبو زيد"); such names only resolve a family name (see NameIndex).
            definite = language == "ar" and words[i].startswith("ال") and words[i] not in stop
            if not (listed or definite):
                i += 1
                continue
            while definite and not listed and i + 1 < len(words) and words[i + 1].startswith("ال"):
                i += 1  # the rest of the role ("الشاب")
            segments: list[list[str]] = [[]]
            j = i + 1
            while j < len(words) and sum(map(len, segments)) < 8:
                word = words[j]
                if word == ",":
                    if len(segments) == 2:
                        break
                    segments.append([])
                elif (word in stop and word not in speech.name_middles) or word in speech.subject_ends or any(c.isdigit() for c in word):
                    break
                else:
                    segments[-1].append(word)
                j += 1
            # The name closes the apposition: the last segment that ends in one.
            for k in range(len(segments) - 1, -1, -1):
                name = _uncased_name(segments[k], speech) if segments[k] else None
                if name and _is_name(name, language):
                    role = [words[i]] + [w for segment in segments[:k] for w in segment]
                    found.append((role + segments[k][: len(segments[k]) - len(name.split())], name, listed))
                    break
            i = j
    return found


def _confirmed(name: str, text: str) -> bool:
    """Whether the cluster treats words after a role as a person: it writes them more than
    once, or writes their last word (the family name) without the rest."""
    whole = len(regex.findall(rf"(?<![\p{{L}}\p{{M}}]){regex.escape(name)}(?![\p{{L}}\p{{M}}])", text))
    last = name.split()[-1]
    alone = len(regex.findall(rf"(?<![\p{{L}}\p{{M}}]){regex.escape(last)}(?![\p{{L}}\p{{M}}])", text))
    return whole >= 2 or alone > whole


def _is_name(name: str, language: str) -> bool:
    """Two or more words, and in Arabic a first word without the article (a given name takes none)."""
    words = name.split()
    return len(words) >= 2 and not (language == "ar" and words[0].startswith(("ال", "وال")))


def _uncased_stopwords(speech: _Speech) -> frozenset[str]:
    """The stop words that cut a subject into runs (a name holds none, but for its middle
    words, "بن"), in a script without capitals; none in others."""
    return frozenset() if speech.cased else _stopword_set(speech.language)


@cache
def _stopword_set(language: str) -> "_Words":
    return _Words(stopwords(language))


def _within(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """A given name and a family name that a fuller form has with a middle name between them
    ("विकास मौर्य" in "विकास कुमार मौर्य"): same first and last word, the rest in order."""
    if len(short) < 2 or short[0] != long[0] or short[-1] != long[-1]:
        return False
    rest = iter(long[1:-1])
    return all(word in rest for word in short[1:-1])


def _ends_with(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    return long[len(long) - len(short):] == short


def _capitalized_runs(text: str, speech: _Speech) -> list[str]:
    """Runs of capitalised words (with the name particles between them)."""
    runs: list[str] = []
    current: list[str] = []
    pending: list[str] = []
    for token in re.findall(r"\S+", text):
        word = token.strip(",.;:!?«»„“”\"()[]")
        if word and _CAPITALIZED.fullmatch(word) and word.lower() not in speech.pronouns:
            current += pending + [word]
            pending = []
        elif word.lower() in speech.particles and current:
            pending.append(word)
            continue
        else:
            if current:
                runs.append(" ".join(current))
            current, pending = [], []
        ends = token.rstrip(",.;:!?«»„“”\"()[]") != token
        abbreviation = token.endswith(".") and (len(word) <= 3 or word.lower() + "." in speech.titles)
        if current and ends and not abbreviation:
            runs.append(" ".join(current))
            current, pending = [], []
    if current:
        runs.append(" ".join(current))
    return runs


@cache
def _undotted(titles: frozenset[str]) -> _Words:
    """A language's titles without their dots ("Dr." as "Dr"), folded once per language."""
    return _Words(t.strip(".") for t in titles)


def _strip_titles(name: str, speech: _Speech) -> str:
    words = name.split()
    undotted = _undotted(speech.titles)
    while words and words[0].strip(".") in undotted:
        words = words[1:]
    if speech.cased:
        capitals = [w for w in words if _CAPITALIZED.fullmatch(w)]
        if len(capitals) >= 3:
            # A role word the lists lack ("Stadtrat Hans Weber"): a name is a given name and a surname.
            while len([w for w in words if _CAPITALIZED.fullmatch(w)]) > 2:
                words = words[1:]
    return " ".join(words)


def _name_near(text: str, speech: _Speech, *, after: bool) -> str | None:
    """The capitalised name right after (``after``) or right before the verb in ``text`` (the
    words on that side of it)."""
    if speech.cased:
        runs = _capitalized_runs(text, speech)
        if not runs:
            return None
        if after:
            first = re.findall(r"\S+", text)
            # The name must start within the first words after the verb ("dit Karima Benali",
            # "a déclaré le maire, Jean Dupont").
            head = " ".join(first[:6])
            runs = [r for r in runs if r.split()[0] in head]
            if not runs:
                return None
            name = _strip_titles(runs[0], speech)
        else:
            tail = " ".join(re.findall(r"\S+", text)[-6:])
            runs = [r for r in runs if r.split()[-1] in tail]
            if not runs:
                return None
            name = _strip_titles(runs[-1], speech)
        return name or None
    # Scripts without capitals have their own readers (_arabic_subject, _hindi_subject).
    return None


def _uncased_name(words: list[str], speech: _Speech) -> str | None:
    """A name from the words of a subject, in a script without capitals. The subject is cut
    at its role words and numbers; the name is the run the language's ``name_run`` says (in
    Arabic the first of two or more words, 'قال رشيد بن عمر مدرب الفريق'; in Hindi the last,
    'महापौर रेखा चौहान ने'); of it, without honorifics, the last two words (a given name and
    a family name) and a middle word ('सिंह', 'عبد', 'أبو') before them."""
    runs: list[list[str]] = [[]]
    stop = _uncased_stopwords(speech)
    for word in words:
        if (word in speech.titles or word in stop or any(c.isdigit() for c in word) or len(word) < 2) and word not in speech.name_middles:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(word)
    runs = [[w for w in run if w not in speech.honorifics] for run in runs]
    runs = [run for run in runs if run]
    if not runs:
        return None
    named = runs[-1]
    if speech.name_run == "first":
        named = next((run for run in runs if len(run) >= 2 and not (len(run) == 2 and run[0] in speech.name_middles)), runs[-1])
    if speech.name_words:
        return " ".join(named[-speech.name_words:])
    keep = min(2, len(named))
    while len(named) > keep and (named[-keep - 1] in speech.name_middles or named[-keep] in speech.name_middles):
        keep += 1
    # A father's name between the given name and the family name ("طارق سليم البدوي"): the
    # words before stay in the name while they take no article (role and body words do:
    # "مدرب شباب الوادي رشيد بن عمر"), up to MAX_NAME_WORDS.
    while (speech.articles and len(named) > keep < _MAX_NAME_WORDS
           and not named[-keep - 1].startswith(tuple(speech.articles))):
        keep += 1
    return " ".join(named[-keep:])


def _arabic_subject(text: str, speech: _Speech, names: "NameIndex | None" = None) -> str | None:
    """The subject after an Arabic verb: the appositions up to "أن"/":"/a quote mark, read from
    the last (the name closes a chain of roles: "مدير الدفاع المدني، العقيد ماهر الزعبي"); the
    first that is a name of two or more words not opening with the article ("ال": a given name
    takes none) is the speaker, else the last that gives any name. A naming word ("تدعى")
    puts the name right after it."""
    text = re.sub(r"\([^()]*\)", " ", text)  # "(43 عاما)": an age or a place, not the subject
    piece = re.split(r"[:«»\"“”„.!?؛]|(?:^|\s)(?:إن|أن|إنّ|أنّ|إنه|أنه|فإن)(?:\s|$)", text.strip(), maxsplit=1)[0]
    words_all = piece.replace("،", " ").split()
    for i, word in enumerate(words_all):
        if word in speech.naming_words and i + 1 < len(words_all):
            named = _uncased_name(words_all[i + 1 : i + 5], speech)
            if named:
                return named
    fallback = None
    for segment in reversed(piece.split("،")):
        if segment.split() and segment.split()[0] in speech.description_openers:
            continue  # "، وهي أم لثلاثة أطفال": a description of the speaker, not a name
        words: list[str] = []
        for word in segment.split():
            if word in speech.subject_ends:
                break  # a preposition or a time: the subject has ended
            if word.startswith("لل"):
                continue  # "للشركة", "للوكالة" ("of the company", "to the agency"): not a name
            words.append(word)
        if 1 <= len(words) <= 6:
            name = _uncased_name(words, speech)
            if name and names is not None and names.is_person(name):
                return name  # a person the cluster names elsewhere: the speaker, whatever the order
            if name and names is not None and names.is_role(name):
                continue
            if name:
                first = name.split()[0]
                if len(name.split()) >= 2 and not first.startswith(("ال", "وال")):
                    return name
                fallback = name
    return fallback


def quotes_in_language(document: Document, names: NameIndex, language: str) -> list[QuoteMention]:
    """Every attributed quotation of ``document``, written in ``language``."""
    speech = _speech(language)
    text = document.text
    mentions: list[QuoteMention] = []
    last_speaker: str | None = None
    last_quote_end = -1
    bounds = [(s.start, s.end) for s in split_sentences(text, language=language)]
    spans = quoted_spans(text, language)
    pieces: list[tuple[int, int, tuple | None]] = []
    for start, end in spans:
        pieces += _inside_attributions(text, start, end, speech)
    spans = [(s, e) for s, e, _ in pieces]
    for index, (start, end, inside) in enumerate(pieces):
        inner = text[start:end]
        if len(inner.split()) < MIN_QUOTE_WORDS:
            continue
        if inside is not None:
            # «…, — сказал Петров, — …»: the attribution stands inside the quotation marks.
            speaker, how, attribution = _attribute("", inside, speech, language, last_speaker, names)
            if how == "pronoun":
                speaker = names.last_mentioned(text, max(last_quote_end, 0), start) or speaker
            resolved = names.resolve(speaker) if how == "named" else speaker
            mentions.append(QuoteMention(document.id, start, end, inner, resolved, attribution, how or "named"))
            last_speaker, last_quote_end = resolved, end
            continue
        left, right = next(((s, e) for s, e in bounds if s <= start < e), (start, end))
        right = max(right, end + 1)
        previous_end = max([e for s, e in spans[:index] if e <= start] + [left])
        next_start = min([s for s, e in spans[index + 1:] if s >= end] + [right])
        before = text[max(left, previous_end + 1 if previous_end > left else left):start - 1] if start > 0 else ""
        after = text[end + 1:next_start - 1 if next_start < right else right]
        speaker, how, attribution = _attribute(before, after, speech, language, last_speaker, names)
        if speaker is None and how is None:
            # All quotation: it continues the quotation just before, if one ended close by.
            between = text[last_quote_end:start] if last_quote_end >= 0 else ""
            lettered = [w for w in between.split() if any(c.isalpha() for c in w)]
            if last_speaker and last_quote_end >= 0 and len(lettered) <= _CONTINUATION_WORDS and not before.strip(" \n-—–«»„“\"'"):
                speaker, how, attribution = last_speaker, "continuation", None
            else:
                continue
        if how == "pronoun":
            mentioned = names.last_mentioned(text, max(last_quote_end, 0), start)
            speaker = mentioned or speaker
        resolved = names.resolve(speaker) if how == "named" else speaker
        if how == "named" and resolved and len(resolved.split()) == 1 and _speech(language).cased:
            # One capitalised word that is no one's surname in the cluster ("После", "Eau"): a
            # sentence's first word or a body, not a person; the quotation stays unattributed
            # unless a person was named just before it.
            resolved, how = names.last_mentioned(text, max(last_quote_end, 0), start) or last_speaker, "pronoun"
            if resolved is None:
                continue
        if how == "named" and resolved:
            names.add(resolved)
        mentions.append(QuoteMention(document.id, start, end, inner, resolved, attribution, how))
        last_speaker, last_quote_end = resolved, end
    return mentions


# «Il est tombé des grêlons, a expliqué Sandrine Leroux-Pagès, viticultrice, …»: an attribution
# between commas that opens with a reporting verb.
_INSIDE_COMMAS = regex.compile(r",\s+([^,«»\n]{3,80}?\p{Lu}[^,«»\n]{1,60}?)(?:,\s+|\.?\s*$)")
_INSIDE = regex.compile(r",?\s*[—–]\s*([^—–«»\n]{3,100}?)\s*(?:[,.]\s*[—–]\s*|\.?\s*$)")


def _inside_attributions(text: str, start: int, end: int, speech: _Speech) -> list[tuple[int, int, str | None]]:
    """The quotation ``text[start:end]`` cut where an attribution between dashes stands inside
    its marks (Russian «Мы сделали всё, — сказал Лапин, — но...»): each part with the words
    that attribute it, or the whole with None."""
    inner = text[start:end]
    for match in list(_INSIDE.finditer(inner)) + list(_INSIDE_COMMAS.finditer(inner)):
        verb = speech.verbs.match(match.group(1)) if match.re is _INSIDE_COMMAS else speech.verbs.search(match.group(1))
        if not verb:
            continue
        parts = []
        left = start + match.start()
        right = start + match.end()
        if inner[: match.start()].strip():
            parts.append((start, left, match.group(1)))
        if right < end and text[right:end].strip():
            parts.append((right, end, match.group(1)))
        return [(a, b, attribution) for a, b, attribution in (_trimmed(text, a, b, c) for a, b, c in parts) if b > a]
    return [(start, end, None)]


def _trimmed(text: str, start: int, end: int, attribution: str) -> tuple[int, int, str]:
    while start < end and text[start] in " ,\u00a0":
        start += 1
    while end > start and text[end - 1] in " ,\u00a0":
        end -= 1
    return start, end, attribution


def _attribute(before: str, after: str, speech: _Speech, language: str, last: str | None, names: NameIndex):
    """(speaker, how it was found, the attributing words) from the words after the quote,
    else before it; (None, None, None) when no reporting verb is in sight."""
    after_words = after.split()
    window_after = " ".join(after_words[:_VERB_WINDOW])
    for match in speech.verbs.finditer(window_after):
        verb = match.group()
        if _passive(window_after, match, speech):
            continue
        if language == "hi":
            subject = window_after[: match.start()]
            return _bind_role(_hindi_subject(subject, speech, last, verb), subject, names, speech)
        rest = window_after[match.end():]
        if language == "ar":
            name = _arabic_subject(rest, speech, names)
            found = (name, "named", verb + " " + (name or "")) if name else (last, "pronoun", verb)
            return _bind_role(found, rest, names, speech)
        if _pronoun_in(verb, speech) or _starts_with_pronoun(rest, speech):
            return last, "pronoun", verb
        name = _name_near(rest, speech, after=True) or _name_near(window_after[: match.start()], speech, after=False)
        if name:
            return name, "named", f"{verb} {name}"
        return last, "pronoun", verb
    if speech.according_to is not None:
        for source in (window_after, before):
            found = speech.according_to.search(source)
            if found:
                if language == "hi":
                    return _hindi_subject(source[: found.start()], speech, last, found.group())
                name = _name_near(source[found.end():], speech, after=True) if language != "ar" else _arabic_subject(source[found.end():], speech)
                if name:
                    return name, "named", f"{found.group()} {name}"
    before_words = before.split()
    window_before = " ".join(before_words[-_VERB_WINDOW:])
    found = [m for m in speech.verbs.finditer(window_before) if not _passive(window_before, m, speech)]
    if found:
        match = found[-1]
        verb = match.group()
        if language == "hi":
            subject = window_before[: match.start()]
            return _bind_role(_hindi_subject(subject, speech, last, verb), subject, names, speech)
        rest = window_before[match.end():]
        if language == "ar":
            name = _arabic_subject(rest, speech, names) or _arabic_topic(window_before[: match.start()], verb, speech)
            found = (name, "named", verb) if name else (last, "pronoun", verb)
            return _bind_role(found, rest, names, speech)
        ahead = window_before[: match.start()]
        if _pronoun_in(verb, speech) or _ends_with_pronoun(ahead, speech):
            return last, "pronoun", verb
        name = _name_near(ahead, speech, after=False) or _name_near(rest, speech, after=True)
        if name:
            return name, "named", f"{name} {verb}"
        return last, "pronoun", verb
    return None, None, None


def _bind_role(found: tuple, subject: str, names: NameIndex, speech: _Speech) -> tuple:
    """An attribution whose subject is a role and no name ("قالت الكاتبة", "मुख्य अभिनेता ने
    कहा"; or words the cluster writes only as a role, "مدرب شباب الوادي") given to the one
    person the cluster names with that role; a pronoun stays the last speaker."""
    speaker, how, words = found
    if how not in ("named", "pronoun") or (how == "named" and speaker and not names.is_role(speaker)):
        return found
    if how == "pronoun" and any(word in speech.pronouns for word in subject.split()):
        return found
    bound = names.by_role(subject, speech)
    return (bound, "named", words) if bound else found


def _arabic_topic(before_verb: str, verb: str, speech: _Speech) -> str | None:
    """"أما أبو زيد، فقال": the person a sentence opens with "أما" (as for) and whose verb
    takes "ف" is its subject."""
    if not verb.startswith("ف"):
        return None
    found = re.search(r"(?:^|\s)أما\s+([^،,]+)[،,]?\s*$", before_verb)
    return found.group(1).strip() if found else None


def _hindi_subject(subject: str, speech: _Speech, last: str | None, verb: str):
    if not verb.startswith("ने") and " ने " in f" {subject} ":
        # A bare verb ("… ने बैठक के बाद कहा"): the speaker stands before "ने".
        subject = f" {subject} ".rsplit(" ने ", 1)[0]
    piece = re.split(r"[,،;:।|\"“”'‘’«»]", subject.strip())[-1]
    words = piece.split()
    if any(word in speech.naming_words for word in words):
        return None, None, None  # "जिसे लोग '…' कहते हैं": a name people give, not a quotation
    if not words or any(word in speech.pronouns for word in words):
        return last, "pronoun", verb
    name = _uncased_name(words, speech)
    if not name:
        return last, "pronoun", verb
    return name, "named", f"{name} {verb}"


def _passive(text: str, match, speech: _Speech) -> bool:
    """A reporting verb in the passive ("कहा जाता है", "is called"): it names, not quotes."""
    following = text[match.end():].split()
    return bool(following) and following[0] in speech.passive_after


def _pronoun_in(verb: str, speech: _Speech) -> bool:
    """An inverted verb that carries its pronoun ("dit-il", "a-t-elle déclaré")."""
    return any(verb.lower().endswith(p) or f"-{p}" in verb.lower() for p in speech.pronouns if p.startswith("-"))


def _starts_with_pronoun(text: str, speech: _Speech) -> bool:
    words = text.split()
    return bool(words) and words[0].strip(",.;:").lower() in speech.pronouns


def _ends_with_pronoun(text: str, speech: _Speech) -> bool:
    words = text.split()
    return bool(words) and words[-1].strip(",.;:").lower() in speech.pronouns
