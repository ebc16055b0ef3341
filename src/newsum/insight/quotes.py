"""Direct quotations and who said them.

    documents ──find_quotations──▶ quoted spans (exact offsets, quote marks paired per paragraph)
              ──attribute──▶ a speaker for each: the name or role beside a speech verb, a pronoun
                             resolved to the last named speaker, a continuation paragraph
              ──group_quotes──▶ one Quote per thing said, with every document that carries it
                               and the versions that differ

Rule-based and offline. What counts as a quotation: words a person or body said or wrote,
attributed to them, in straight or curly quotes or newswire ``...''; a quotation may span
sentences and paragraphs (newswire reopens the quote at each new paragraph) or be a partial
quote inside a reporter's sentence. Not quotations: scare quotes, nicknames and epithets
("called him a "madman""), titles of works, quoted words with no speaker in sight.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..language import document_language
from ..model import Document
from . import parser, wordlists

__all__ = ["QuoteMention", "Quote", "find_quotations", "quotes_in", "group_quotes", "Speakers"]

# Verbs that attribute speech or writing. "according to" is handled beside them.
_SPEECH_VERBS = (
    "said|says|say|added|adds|told|tells|asked|asks|warned|warns|stated|states|declared|declares|wrote|writes|"
    "tweeted|tweets|posted|insisted|insists|explained|explains|noted|notes|argued|argues|claimed|claims|urged|urges|"
    "continued|continues|replied|replies|responded|responds|announced|announces|acknowledged|acknowledges|stressed|"
    "stresses|remarked|remarks|recalled|recalls|admitted|admits|conceded|concedes|vowed|vows|cautioned|cautions|"
    "predicted|predicts|suggested|suggests|complained|complains|demanded|demands|countered|counters|"
    "maintained|maintains|observed|observes|pointed out|points out|went on|put it|according to|"
    "described|describes|dismissed|dismisses|called|calls|branded|brands|labelled|labeled|termed|hailed|hails|"
    "denounced|denounces|condemned|condemns|praised|praises|criticised|criticized|criticises|criticizes|pledged|pledges|"
    "promised|promises|repeated|repeats|confirmed|confirms|estimated|estimates|testified|testifies|assured|assures"
).replace(" ", r"\s+")  # "according to" stays two words in the verbose patterns below, which drop bare spaces
_SPEECH = re.compile(rf"\b(?:{_SPEECH_VERBS})\b", re.IGNORECASE)
# A name written in quotes right after the word "name": 'under the code name "Tidewater"'.
_A_NAME = re.compile(r"\b(?:code-?named|(?:code|brand|trade|working|project|pen|stage)\s+names?)\s*$", re.IGNORECASE)
# Verbs that name or label rather than quote: what follows in quotes is an epithet or a title.
_LABELLING = re.compile(
    r"\b(?:called|calls|calling|dubbed|dubs|dubbing|nicknamed|named|titled|entitled|labell?ed|branded|known as|so-called|"
    r"termed|described (?:\w+ )?as|referred to (?:\w+ )?as)\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)

_NAME_WORD = r"(?:[A-Z][a-zA-Z'’.-]*|al|bin|de|van|von|la|le|du)"
# A run of capitalised words: a person's or a body's name ("Sergei Lavrov", "Mr Lavrov",
# "the State Department" without its article).
_NAME = rf"[A-Z][a-zA-Z'’.-]*(?:\s+{_NAME_WORD}){{0,6}}"
_PRONOUN = r"(?:he|she|they|it|He|She|They|It)"
_TITLE_PREFIX = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|President|Prime Minister|Minister|Secretary|Ambassador)\.?\s+")
# A role: "the Russian foreign minister", "the US ambassador", "a spokesman for the ministry".
_ROLE = r"(?:(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)|[A-Z][\w.-]*(?:'s|’s))\s+(?:[\w'’-]+\s+){0,4}?(?:minister|ambassador|envoy|president|commission|authority|tribunal|court|union|federation|board|council|bank|firm|secretary|spokesman|spokeswoman|spokesperson|official|chief\s+executive|chief\s+economist|chief\s+investigator|chief|leader|chairman|chairwoman|chair|director|governor|mayor|senator|general|commander|prosecutor|judge|police|ministry|department|agency|company|statement|diplomat|executive|head|speaker|analyst|economist|lawyer|attorney|coach|captain|manager|founder|investigator|inspector|commissioner|professor|scientist|researcher|engineer|officer|owner|principal|superintendent|sheriff)(?:\s+of\s+[\w'’ -]{1,40}?(?![\w'’-]))?"
# "a spokeswoman for the Oderhof fire service", "the ministry's spokesman": one who speaks for a
# body, by role only; the speaker is the body.
_SPOKESPERSON = (
    r"(?:[Aa]n?|[Tt]he)\s+(?:[\w-]+\s+)?(?:spokes(?:man|woman|person)|representative)\s+(?:for|of|at)\s+"
    r"(?P<body>(?:the\s+)?[\w'’&-]+(?:\s+[\w'’&-]+){0,5}?)"
)

# Auxiliaries and adverbs that may stand between a speaker and the verb ("has said", "also warned").
_FILLER = r"(?:(?:has|have|had|also|then|later|again|once|is|was|were|would|will|further|previously|earlier|repeatedly|quickly)\s+)"
# Attribution after the quote: ', Lavrov said', ', said Haley, the US ambassador', ', he added'.
_AFTER = re.compile(
    rf"""^\s*[,:;]?\s*(?:
        (?P<verb_first>(?:{_SPEECH_VERBS}))\s+(?:[a-z][\w-]*\s+){{0,3}}?(?P<name_after>{_NAME}|{_ROLE})
      | (?:[A-Z][\w'’-]*(?:'s|’s)\s+|(?:[A-Z][\w'’-]*\s+){{1,2}}(?=[a-z]))?(?:[a-z][\w-]*\s+){{0,3}}(?P<name_first>{_NAME}|{_PRONOUN}|{_ROLE})
        (?:,\s+[^,\"“”]{{1,80}},)?\s+(?:{_FILLER}|\w+ly\s+)?(?:{_SPEECH_VERBS})\b
    )""",
    re.VERBOSE,
)
# Attribution before the quote, in the text between the sentence start and the quote:
# 'Lavrov said: "', 'Haley told the Council that the dictator was bringing "', 'According to X, "'.
# Only auxiliaries and adverbs may stand between the speaker and the verb ("has said", "also
# warned"); "X ... and said" is handled apart: its speaker is the sentence's subject.
_BEFORE = re.compile(
    rf"""(?:
        (?P<name>{_NAME}|{_PRONOUN}|{_ROLE})(?:\s+(?:of|at|from)\s+(?:the\s+)?{_NAME}(?:\s+&\s+{_NAME})?)?\s*,?\s+{_FILLER}{{0,2}}(?:{_SPEECH_VERBS})\b
      | [Aa]ccording\ to\s+(?:(?:its|their|the|his|her)\s+[a-z][\w\ -]{{0,40}}?,\s+|(?:[a-z][\w-]*\s+){{0,3}}?)(?P<source>{_NAME}|{_ROLE})
    )""",
    re.VERBOSE,
)
# "Mirela Dunstan, a nurse travelling to Ostral, said:" / "Vasskel, who toured the site on
# Thursday, said": the speaker is the name before the apposition, not the last name in it.
_APPOSITION_BEFORE = re.compile(
    rf"(?P<name>{_NAME})(?:,\s+(?:(?:the|a|an|who|which)\s+)?[^,\"“”]{{1,120}}?){{1,2}},\s+{_FILLER}{{0,2}}(?:{_SPEECH_VERBS})\b"
)
# "The head of healthcare research at Bramble Securities, Oliver Tenning, said": a role, then
# the name of the one who holds it between commas, then the verb; the speaker is the name.
_PERSON = r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+){1,2}"
_ROLE_THEN_PERSON = re.compile(rf"[\w'’.&]+,\s+(?P<name>{_PERSON}),\s+{_FILLER}{{0,2}}(?:{_SPEECH_VERBS})\b")
# The same after a quote: '..., the data protection commissioner, Ines Farrugh, said' (the
# apposition) and '..., said the association's regional chair, Gareth Linnell, "...' (after it).
_PERSON_APPOSITION = re.compile(rf",\s+(?P<name>{_PERSON}),\s+{_FILLER}{{0,2}}(?:{_SPEECH_VERBS})$")
_PERSON_AFTER_ROLE = re.compile(rf"^,\s+(?P<name>{_PERSON})\s*(?:[,.;:]|$)")
_SPOKESPERSON_BEFORE = re.compile(rf"{_SPOKESPERSON},?\s+{_FILLER}{{0,2}}(?:{_SPEECH_VERBS})\b")
_SPOKESPERSON_AFTER = re.compile(
    rf"^\s*[,:;]?\s*(?:(?P<verb>{_SPEECH_VERBS})\s+)?{_SPOKESPERSON}(?(verb)(?=\s*(?:[,.;:]|$))|,?\s+{_FILLER}{{0,2}}(?:{_SPEECH_VERBS})\b)"
)
# "X ... and said", "X broke the news in a memo, calling it": the speaker is the sentence's subject.
_PARTICIPLES = (
    "saying|adding|telling|writing|warning|insisting|noting|arguing|calling|describing|declaring|stating|explaining|"
    "vowing|promising|urging|stressing|acknowledging|admitting|claiming|conceding|predicting|complaining"
)
_COORDINATED = re.compile(rf"(?:\band\s+{_FILLER}{{0,2}}(?:{_SPEECH_VERBS})|,\s+(?:{_PARTICIPLES}))\b", re.IGNORECASE)
_SUBJECT = re.compile(rf"^\W*(?:[A-Z]\w*\s+(?:\w+\s+){{0,6}}?\w+,\s+)?(?P<name>{_ROLE}|{_NAME})")
# Roles that newsrooms use for one another ("Russia's top diplomat" is its foreign minister).
_ROLE_SYNONYMS = {"top diplomat": "foreign minister", "chief diplomat": "foreign minister", "envoy un": "ambassador un"}
#: Titles and roles written before a name ("Foreign Minister Sergei Lavrov"); also read by
#: :mod:`.entities`.
ROLE_WORDS = {"State", "Secretary", "Minister", "Foreign", "Deputy", "Principal", "Press", "Permanent", "Representative",
               "Ambassador", "President", "Prime", "General", "Under", "Secretary-General", "Spokesman", "Spokeswoman",
               "Envoy", "Chancellor", "Senator", "Governor", "Defense", "Defence", "Interior", "Finance", "Chief", "U.N.",
               "UN", "US", "U.S.", "USA", "Mayor", "Judge", "Captain", "Commissioner", "Director", "Chairman",
               "Chairwoman", "CEO", "Coach", "Officer", "Inspector", "Detective", "Sheriff", "Bishop", "Pope", "King",
               "Queen", "Prince", "Princess", "Sen.", "Rep.", "Gov.", "Gen.", "Dr.", "Mr.", "Mrs.", "Ms.", "Mr", "Mrs",
               "Ms", "Dr", "Lt.", "Col.", "Sgt.", "Adm.", "Executive", "Lieutenant", "Sergeant", "Colonel", "Major",
               "Professor", "Superintendent", "Commander", "Manager", "Analyst", "Economist", "Engineer", "Councillor",
               "Councilor", "Chair", "Head", "Founder", "Deputy", "Minister", "Premier", "Treasurer", "Auditor",
               "Spokesperson", "Attorney", "Prosecutor", "Chief", "Constable", "Warden", "Marshal", "Admiral", "Councilman",
               "Councilwoman", "Alderman", "Assemblyman", "Assemblywoman", "Congressman", "Congresswoman", "Prof.",
               "Lawmaker", "MP", "Justice", "Magistrate", "Sir", "Dame", "Lord", "Lady", "Rabbi", "Imam", "Father",
               "Reverend", "Rev.", "Speaker", "Chancellor", "Vice", "Governor-General", "Sheikh", "Shaikh", "Emir", "Mullah",
               "Ayatollah", "Archbishop", "Cardinal", "Pastor", "Elder", "Chief", "Dean", "Provost", "Rector", "Commodore",
               "Brigadier", "Corporal", "Private", "Lance", "Warrant", "Petty", "Ensign", "Field"}
_PRONOUNS = {"he", "she", "they", "it"}
#: Capitalised words that open sentences without being names (also read by :mod:`.entities`).
NOT_NAMES = {"The", "A", "An", "But", "And", "In", "On", "At", "As", "It", "This", "That", "When", "While", "If", "After",
              "Before", "Speaking", "Calling", "Meanwhile", "However", "Asked", "Earlier", "Later", "Then", "We", "I", "You",
              "What", "Who", "Where", "Why", "How", "There", "Their", "His", "Her", "Its", "Our", "Some", "Many", "Most",
              "All", "Both", "Each", "Every", "Other", "Such", "Those", "These", "Despite", "Although", "Because", "Since",
              "Until", "Under", "Over", "With", "Without", "For", "From", "By", "To", "Of", "Responding", "According",
              "Explaining", "Also", "Still", "Even", "Only", "So", "Yet", "Or", "Nor", "Not", "No", "Yes", "Here"}


@dataclass(frozen=True)
class QuoteMention:
    """One quotation in one document: ``text`` is ``documents[document_id].text[start:end]``
    (the words inside the quote marks); ``speaker`` as resolved (None when unknown)."""

    document_id: str
    start: int
    end: int
    text: str
    speaker: str | None
    attribution: str | None = None  # the words that name the speaker, as written
    #: How the speaker was found: "named" beside the quote, "pronoun" (he/she said, resolved
    #: to the last named speaker), or "continuation" (a paragraph of quotation after one).
    resolved_by: str = "named"


@dataclass(frozen=True)
class Quote:
    """One thing said: its speaker, its text (the longest version), the documents that carry
    it, and the versions that differ from the first one, each with its documents."""

    speaker: str | None
    text: str
    sources: tuple[str, ...]
    mentions: tuple[QuoteMention, ...]
    variants: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def verbatim(self) -> bool:
        return not self.variants

    def to_dict(self) -> dict:
        return {
            "speaker": self.speaker,
            "text": self.text,
            "sources": list(self.sources),
            "verbatim": self.verbatim,
            "variants": [{"text": text, "sources": list(sources)} for text, sources in self.variants],
            "mentions": [
                {"document_id": m.document_id, "start": m.start, "end": m.end, "text": m.text, "attribution": m.attribution}
                for m in self.mentions
            ],
        }


# -- finding quoted spans ------------------------------------------------------------------------

_OPENERS = {"“": "”", "``": "''", '"': '"', "„": "“"}
_MARK = re.compile(r"``|''|[\"“”„]")


def find_quotations(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the words inside every pair of double quote marks, paragraph by
    paragraph; a quote left open at the end of a paragraph ends there (newswire reopens it in
    the next paragraph)."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        opener: str | None = None
        open_at = 0
        for mark in _MARK.finditer(paragraph):
            symbol = mark.group()
            if opener is None:
                if symbol in ("”", "''"):
                    continue  # a stray closer
                opener, open_at = symbol, mark.end()
                continue
            closes = symbol == _OPENERS[opener] or (opener == '"' and symbol == "”") or (opener == "“" and symbol == '"')
            if closes:
                spans.append((offset + open_at, offset + mark.start()))
                opener = None
        if opener is not None and paragraph[open_at:].strip():
            spans.append((offset + open_at, offset + len(paragraph.rstrip())))
        offset += len(paragraph) + 1
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in spans) if e > s]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# -- speakers ------------------------------------------------------------------------------------


class Speakers:
    """Names the cluster gives in full, so that "Lavrov" and "Mr Lavrov" resolve to "Sergei
    Lavrov", and roles written beside a name ("Russian Foreign Minister Sergei Lavrov",
    "Haley, the US ambassador") resolve to that name."""

    _FULL = re.compile(r"\b[A-Z][a-z'’-]+(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-zA-Z'’-]+){1,4}\b")
    # A run of capitalised words ("Russian Foreign Minister Sergei Lavrov"), split at its last role word.
    _ROLE_BEFORE_NAME = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)+")
    # "Teodor Quill, the town's mayor," / "Ilse Torvane, director of the disaster agency,"
    _NAME_COMMA_ROLE = re.compile(
        r"\b([A-Z][a-z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+){1,2}),\s+(?:the\s+|a\s+|an\s+)?((?:[\w'’-]+\s+){0,4}?[a-z][\w-]+(?:\s+of\s+[\w'’ -]{1,40}?)?)[,.;]"
    )

    def __init__(self, texts: Iterable[str]):
        texts = list(texts)
        self.texts = texts
        self._names: dict = {}  # NameIndex per language, for quotations in other languages
        self.full: dict[str, set[str]] = {}
        self.roles: dict[str, str] = {}
        self.bodies: Counter[str] = Counter()
        self.times: Counter[str] = Counter()  # how often each full name is written
        self.documents: dict[str, set[int]] = {}  # the documents (by position) that write each full name
        self._canonical: dict[str, str] = {}
        self._by_first: dict[str, set[str]] = {}  # full names by their first word
        self.capitalised: Counter[str] = Counter()  # how often each capitalised word is written
        self.lower: set[str] = set()  # the words written in lower case
        self.inside: set[str] = set()  # full names written at least once inside a sentence, not at its start
        self._described: dict[str, bool] = {}
        for position, text in enumerate(texts):
            self.capitalised.update(re.findall(r"\b[A-Z][\w-]+", text))
            self.lower.update(re.findall(r"\b[a-z][a-z-]+\b", text))
            for match in _BODY_NAME.finditer(text):
                name = _body_name(match.group())
                if name:
                    self.bodies[name] += 1
            for match in self._FULL.finditer(text):
                words = _TITLE_PREFIX.sub("", match.group()).split()
                roles = [i for i, w in enumerate(words) if w in ROLE_WORDS]
                if roles:
                    words = words[roles[-1] + 1 :]  # "Harbour Minister Anneli Soder": after the role
                while words and (words[0] in NOT_NAMES or words[0].endswith(("'s", "’s")) or re.search(r"-[a-z]", words[0])):
                    words = words[1:]  # "Second-placed Liesl Varnholt": a description, then the name
                if len(words) >= 2:
                    if len(words) < len(match.group().split()) or not re.search(r"(?:^|[.!?][\"'”’]?\s+|\n)$", text[: match.start()]):
                        # Written after a title or inside a sentence, where only names are capitalised.
                        self.inside.add(" ".join(words))
                    self.full.setdefault(words[-1], set()).add(" ".join(words))
                    self.times[" ".join(words)] += 1
                    self.documents.setdefault(" ".join(words), set()).add(position)
                    self._by_first.setdefault(words[0], set()).add(" ".join(words))
            for match in self._ROLE_BEFORE_NAME.finditer(text):
                words = match.group().split()
                roles = [i for i, w in enumerate(words) if w in ROLE_WORDS]
                if not roles:
                    continue
                person = [w.rstrip(".,") for w in words[roles[-1] + 1 :]]
                role = _role_key(" ".join(words[: roles[-1] + 1]))
                if role and 2 <= len(person) <= 3:
                    self.roles.setdefault(role, " ".join(person))
            for match in self._NAME_COMMA_ROLE.finditer(text):
                role = _role_key(match.group(2))
                person = match.group(1).split()
                while len(person) > 2 and person[0] in ROLE_WORDS:
                    person = person[1:]  # "Professor Halvard Qvist, the study's lead investigator,"
                if role and person[0] not in NOT_NAMES:
                    self.roles.setdefault(role, " ".join(person))

    def only_body(self, role: str) -> str | None:
        """The one body of a kind the cluster names ("the bank" -> "Bank of Sendara"), if one."""
        kind = role.lower().split()[-1]
        named = {b for b in self.bodies if kind in b.lower().split()}
        named = {b for b in named if not any(o != b and o.endswith(b) for o in named)}
        if len(named) == 1:
            return named.pop()
        companies = [b for b in self.bodies if _COMPANY_WORD.search(b)]
        if kind in _COMPANY_KINDS and companies:
            # "the company": the company the cluster names most, by the word it is called by
            # ("Quillfeather" in "Quillfeather Systems"), when it clearly leads.
            ranked = sorted(companies, key=lambda b: -self.capitalised[b.split()[0]])
            first = self.capitalised[ranked[0].split()[0]]
            second = self.capitalised[ranked[1].split()[0]] if len(ranked) > 1 else 0
            if first >= 2 * max(1, second):
                return ranked[0]
        return None

    def described(self, name: str) -> bool:
        """Whether the first word of a name of three words or more is a description, not a first
        name ("Commuter Felix Aldane", "Grandfather Emil Rostok"): the name is only ever written
        at a sentence start (where a common noun is capitalised too), and the tagger reads the
        word lower-cased as a common noun or adjective before the name, or as one on its own
        ("a baker") when the cluster also writes it in lower case. A first word the cluster gives
        to two people is a first name."""
        if name in self._described:
            return self._described[name]
        words = name.split()
        found = False
        if (
            len(words) >= 3 and _is_person(name) and name not in self.inside and words[0] not in ROLE_WORDS
            and len(self._by_first.get(words[0], ())) <= 1
        ):
            word = words[0].lower()
            doc = parser.parse(f"{word} {' '.join(words[1:])} said.")
            found = doc[0].tag_ in ("NN", "NNS", "JJ") and doc[1].tag_ == "NNP"
            if not found and word in self.lower:
                found = parser.parse(f"a {word} said.")[1].tag_ in ("NN", "NNS", "JJ")
            if not found:
                # "Baker Yusuf Marrak": at a sentence start the tagger may read "baker" as a name;
                # after an article it reads the noun.
                doc = parser.parse(f"the {word} {' '.join(words[1:])} said.")
                found = doc[1].tag_ in ("NN", "NNS") and doc[2].tag_ == "NNP"
        self._described[name] = found
        return found

    def plain(self, name: str) -> str:
        """The name without a description before it ("Farmer Beth Askew" -> "Beth Askew")."""
        return " ".join(name.split()[1:]) if self.described(name) else name

    def canonical(self, name: str) -> str:
        """The spelling most of the cluster uses for a person named two ways ("Halvard Qvist"
        once, "Halvard Quist" twice): the same first name, a surname spelled nearly alike."""
        if name in self._canonical:
            return self._canonical[name]
        words = name.split()
        if len(words) < 2:
            return name

        def near(x: str, y: str) -> bool:
            if x == y:
                return True
            matcher = difflib.SequenceMatcher(None, x.lower(), y.lower())
            return matcher.real_quick_ratio() >= 0.75 and matcher.quick_ratio() >= 0.75 and matcher.ratio() >= 0.75

        # The same first name and a surname spelled nearly alike, or the reverse ("Mathias" /
        # "Matthias Kerrowan").
        rivals = [
            other for other in self._by_first.get(words[0], set()) | self.full.get(words[-1], set())
            if other != name and len(other.split()) == len(words) and not other.endswith(("'s", "’s"))
            and near(other.split()[0], words[0]) and near(other.split()[-1], words[-1])
            and (other.split()[0] == words[0] or other.split()[-1] == words[-1])
        ]
        # The spelling most documents use; between equals, the first document's (the wire copy
        # that the others rewrite), then the one written most often.
        def weight(n: str) -> tuple:
            seen = self.documents.get(n, set())
            return (len(seen), -min(seen, default=1 << 30), self.times[n], n == name)

        best = max([name, *rivals], key=weight)
        self._canonical[name] = best
        return best

    def resolve(self, written: str | None) -> str | None:
        if not written:
            return None
        name = _TITLE_PREFIX.sub("", written.strip()).strip(" ,.")
        name = _strip_article(name)
        if not name:
            return None
        if name in self.bodies:
            return name
        words = name.split()
        if len(words) >= 3:
            # "Second-placed Liesl Varnholt", "Sheikh Omari Talveh": a known name after other words.
            for cut in range(1, len(words) - 1):
                tail = " ".join(words[cut:])
                if tail in self.times:
                    return self.canonical(tail)
        if name.isupper() and 2 <= len(name) <= 6:
            # "NAA": the body whose initials these are ("Northern Airspace Authority").
            spelled = {b for b in self.bodies if "".join(w[0] for w in b.split() if w[0].isupper()) == name}
            if len(spelled) == 1:
                return spelled.pop()
        longer = {b for b in self.bodies if b.endswith(" " + name)}
        if len(longer) == 1:
            return longer.pop()  # "Pike Construction" -> "Halloran & Pike Construction"
        if " " not in name and name[:1].isupper():
            # "Vantrell said": a body the cluster names in full ("Vantrell Biologics").
            bodies = {b for b in self.bodies if b.split()[0] == name}
            if len(bodies) == 1 and name not in self.full:
                return bodies.pop()
        words = name.split()
        if words[0].lower() not in ("the", "a", "an") and any(w.rstrip("'s’") in ROLE_WORDS or w in ROLE_WORDS for w in words):
            # "Trump's Principal Deputy Press Secretary Raj Shah": the name follows the role.
            last_role = max(i for i, w in enumerate(words) if w in ROLE_WORDS or w.rstrip("'s’") in ROLE_WORDS)
            rest = words[last_role + 1 :]
            if rest:
                name = " ".join(rest)
            else:
                role = _role_key(name)
                return next((self.canonical(person) for known, person in self.roles.items() if role and known.endswith(role)), name)
        first = name.split()[0]
        if first.endswith(("'s", "’s")) and len(name.split()) > 1 and name.split()[-1].islower():
            # "Nordessa's athletics federation": a body known by its kind, not a role to resolve.
            return f"{first[:-2]} {' '.join(name.split()[1:])}"
        if first.lower() in ("the", "a", "an") or first.endswith(("'s", "’s")) or (len(words) >= 2 and words[-1].islower()):
            # "the Kaldorian foreign minister" (its article stripped above), "Norvane chief executive"
            role = _role_key(name)
            words = role.split()
            synonym = _ROLE_SYNONYMS.get(" ".join(words[-2:]))
            if synonym:
                role = " ".join(words[:-2] + [synonym])
            if role in self.roles:
                return self.canonical(self.roles[role])
            # Else the roles it is a part of ("foreign minister" in "kaldorian foreign minister"),
            # or that are part of it, when they name one person.
            words = role.split()
            for start in range(len(words)):
                # "russia foreign minister", then "foreign minister", ...
                part = " ".join(words[start:])
                people = {person for known, person in self.roles.items() if part and (known.endswith(part) or part.endswith(known))}
                if len(people) == 1:
                    return self.canonical(people.pop())
                if people:
                    break
            # Else by the head noun, when only one person holds a role of that name.
            head = role.split()[-1] if role else ""
            people = {person for known, person in self.roles.items() if head and known.split()[-1] == head}
            if len(people) == 1:
                return self.canonical(people.pop())
            return name
        if name.endswith(("'s", "’s")):
            name = name[:-2]
        if " " not in name and name not in self.full:
            # "Elias said": the one person of the cluster whose first name it is.
            people = {self.canonical(n) for n in self._by_first.get(name, set()) if not n.endswith(("'s", "’s"))}
            if len(people) == 1:
                return people.pop()
        last = name.split()[-1]
        candidates = self.full.get(last, set())
        longest = {self.plain(c) if c != name else c for c in candidates if c.endswith(name) and len(c) >= len(name)}
        # Resolve only when the cluster names one person so ("Korea" could be North or South).
        widest = {c for c in longest if not any(o != c and o.endswith(c) for o in longest)}
        if len(widest) == 1:
            return self.canonical(widest.pop())
        if len({self.canonical(c) for c in widest}) == 1:
            return self.canonical(widest.pop())  # "Mathias" / "Matthias Kerrowan": one person, two spellings
        return self.canonical(name)


def _role_key(text: str) -> str:
    """A role as a key: its last three words before any "of ..." ("the Kaldorian foreign
    minister" -> "kaldorian foreign minister"; "director of the disaster agency" -> "director")."""
    text = re.split(r"\s+of\s+", text.strip(), maxsplit=1)[0]
    words = [w.lower().strip(".,'’") for w in text.split()]
    words = [w for w in words if w not in ("the", "a", "an", "us", "u.s.", "to", "'s", "its", "his", "her", "their")]
    words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
    return " ".join(words[-3:])


def _clean_name(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip(" ,")
    # "an earlier statement, the company": the speaker is the last role named.
    name = re.sub(r"^(?:an?|the)\s+[^,]*?,?\s+(?=the\s+[a-z])", "", name, flags=re.IGNORECASE)
    first = name.split()[0]
    if len(name.split()) == 1 and first in NOT_NAMES:
        return None  # "The three-member panel said": an article is no speaker
    if first in NOT_NAMES and name.lower().split()[0] not in ("the", "a", "an"):
        rest = name.split()[1:]
        return " ".join(rest) or None
    return name


# -- attributing ---------------------------------------------------------------------------------


_ABBREVIATION_END = re.compile(r"(?:\b(?:St|Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Jr|Sr|Inc|Corp|Co|No|Mt|Ft|Rev|Hon|vs|U\.S|U\.N)|\b[A-Z])\.$")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch of ``text`` around a quote in which its attribution may be: back to the
    previous sentence end or paragraph start, forward to the next ("St. Audra's" does not end
    a sentence)."""
    paragraph = text.rfind("\n", 0, start)
    left = paragraph
    for match in re.finditer(r"[.?!] ", text[paragraph + 1 : start]):
        at = paragraph + 1 + match.start()  # the full stop
        if not _ABBREVIATION_END.search(text[max(0, at - 5) : at + 1]):
            left = at
    left = 0 if left < 0 else left + 1
    right_candidates = [i for i in (text.find("\n", end), text.find("? ", end), text.find("! ", end)) if i >= 0]
    for match in re.finditer(r"\. ", text[end : min(right_candidates, default=len(text))]):
        at = end + match.start()  # the full stop; "Dr. Okafor said." does not end at "Dr."
        if not _ABBREVIATION_END.search(text[max(0, at - 5) : at + 1]):
            right_candidates.append(at)
            break
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return left, right


def quotes_in(document: Document, speakers: Speakers) -> list[QuoteMention]:
    """Every attributed quotation of ``document``.

    A paragraph that is all quotation, with no attribution of its own, belongs to the speaker
    of the quotation in the paragraph just before (newswire continues a quote that way), or,
    failing that, of the one in the paragraph just after ("``There was a bang ...`` /
    ``We ran for the gate,'' Fenn said.").
    """
    language = document_language(document)
    if language not in (None, "en"):
        from .quotes_by_language import NameIndex, quotes_in_language, supports

        if not supports(language):
            return []
        if language not in speakers._names:
            speakers._names[language] = NameIndex(speakers.texts, language)
        return quotes_in_language(document, speakers._names[language], language)
    text = document.text
    mentions: list[QuoteMention] = []
    last_speaker: str | None = None
    last_person: str | None = None
    last_paragraph = -2
    last_end = 0
    pending: list[tuple[int, int, str, int]] = []  # unattributed whole-paragraph quotes
    for start, end in find_quotations(text):
        inner = text[start:end]
        left, right = _sentence_bounds(text, start - 1, end + 1)
        # The text around the quote, without its marks (one character, or two for `` '').
        before = text[left:start].rstrip(" `\"“„")
        after = re.sub(r"^(?:''|[\"”’'])", "", text[end:right])
        words = inner.split()
        if _LABELLING.search(before) and len(words) <= 5:
            continue  # an epithet or a title: 'called Kim a "madman"'
        if _A_NAME.search(before) and len(words) <= 3:
            continue  # a name: 'under the code name "Tidewater"'
        if len(words) <= 6 and _title_case(words) and (not _SPEECH.search(before + " " + after) or len(words) <= 4 and not before.rstrip().endswith(":") and not inner.rstrip().endswith((".", ",", "!", "?"))):
            continue  # a title of a work, a slogan or a name ("Old Seven", "Open Doors", "Sons of the Dune")
        if len(words) <= 2 and (_MODIFIER_BEFORE.search(before) or _NOUN_AFTER.match(after)):
            continue  # a scare quote inside a noun phrase: 'the company's recent "efficiency drive"', '"all-day" use'
        written, speaker = None, None
        if mentions and mentions[-1].end == last_end and _splits(text, last_end, start):
            # '"It used to take me twenty minutes," said Aldane, "and this morning ..."': the
            # second part of a quote split by its attribution; the same speaker, found the same way.
            previous = mentions[-1]
            mentions.append(QuoteMention(document.id or "", start, end, inner, previous.speaker, previous.attribution, previous.resolved_by))
            last_end = end
            continue
        if inner.rstrip().endswith(".") and re.match(r"\s+[A-Z]", after):
            # '... said: "We can hear tapping." He added that ...': the quote closed its sentence,
            # so what follows is a new one; the attribution before it comes first.
            written, speaker = _attribution(before, "")
        if speaker is None:
            written, speaker = _attribution(before, after)
        paragraph_start = text.rfind("\n", 0, start) + 1
        paragraph = text.count("\n", 0, start)
        opens_paragraph = not text[paragraph_start:start].strip(" `\"“„'")
        if speaker is None and written is None and last_speaker is not None and _continues(text, last_end, start):
            speaker = last_speaker  # '“...,” Greel said. “Four and a half percent ...”': the same speaker goes on
        if speaker is None and written is None and _SPEECH.search(_outside_quotes(text[left:right])):
            # 'Imre Tasko, 71, a retired tram driver ..., who said the injection was "..."': the
            # patterns found no speaker beside the verb; the parse names the one who speaks.
            found = _parsed_speaker(text[left:right], start - left)
            if found:
                written, speaker = found, found
        if speaker is None and written is None:
            if not opens_paragraph or len(words) < 4:
                continue
            if last_speaker is not None and last_paragraph == paragraph - 1:
                speaker = last_speaker
            elif introduced := _introducing_paragraph(text, paragraph_start, speakers):
                # "Retired teacher Ida Marchbank has used the library every week for 40 years. /
                # ``It's not just books. ...''": a paragraph of quotation after reporter's text
                # about a person is that person's.
                speaker = introduced
            else:
                pending.append((start, end, inner, paragraph))
                continue
        how = "continuation" if written is None else "named"
        if speaker in _PRONOUNS:
            # "he"/"she" is a person: the last one named as speaking since the last quotation
            # ("Lydia Brannock, 71, said she left ... “...,” she said"), else the last speaker
            # that is a person, not a ministry or a role.
            if speaker == "it":
                # "it said": a body, the last one the text named ("Castellane Shipping said in a
                # statement that ... ``...,'' it said").
                speaker, how = _last_body(text[:left], speakers) or (None if _is_person(last_speaker) else last_speaker), "pronoun"
            else:
                named = _last_named_speaker(text[last_end:left], speakers) if speaker != "they" else None
                if named is None and speaker != "they" and _outside_quotes(text[last_end:left]).strip(" .,\n`'\"”“"):
                    # "Sheep farmer Halla Vennsdottir, 58, left with her dog. ``...,'' she said":
                    # reporter's text since the last quote that the patterns read no name in;
                    # the one person its last sentence names (the parser's PERSON).
                    named = _introduced_person(text[last_end:left], speakers)
                speaker, how = named or (last_speaker if speaker == "they" else last_person), "pronoun"
        elif how == "named":
            if _is_body_role(speaker):
                # "the company said": the company the text last named, else the cluster's only one.
                speaker = _last_body(text[:left], speakers, speaker.lower().split()[-1]) or speakers.only_body(speaker) or speaker
            speaker = _without_description(speakers.resolve(speaker), speakers)
            speaker = _named_in(speaker, text, speakers)
            if speaker in ROLE_WORDS:
                # "Chief executive Dagny Holister has apologised, saying:": the patterns stopped at
                # the title; the subject of the sentence, as the parse tells, is the speaker.
                subject = _subject_person(text[left:start].strip(" `\"“„"), speakers)
                if subject and subject != "pronoun":
                    speaker = subject
            if not _is_person(speaker) and _is_role(speaker):
                # "the head of the mission said" after "Jonas Ebbe, who leads the mission, ...":
                # a role the cluster does not pin to a name is the person the text just named.
                speaker = _last_named_speaker(text[last_end:left], speakers) or speaker
        if speaker is None:
            continue
        if len(words) < 2 and not _SPEECH.search(before + " " + after):
            continue
        if opens_paragraph:
            # Unattributed quotation paragraphs just before this one are its speaker's too.
            expected = paragraph - 1
            for p_start, p_end, p_inner, p_paragraph in reversed(pending):
                if p_paragraph != expected:
                    break
                mentions.append(QuoteMention(document.id or "", p_start, p_end, p_inner, speaker, None, "continuation"))
                expected -= 1
        pending = []
        mentions.append(QuoteMention(document.id or "", start, end, inner, speaker, written, how))
        last_speaker = speaker
        if _is_person(speaker):
            last_person = speaker
        last_paragraph = paragraph
        last_end = end
    return sorted(mentions, key=lambda m: m.start)


def _named_in(speaker: str | None, text: str, speakers: Speakers) -> str | None:
    """A surname the cluster gives to several people ("Aldridge": Jens and his sister Helga)
    is the one of them this document names in full, when it names one."""
    if not speaker or " " in speaker or speaker not in speakers.full:
        return speaker
    here = {speakers.canonical(n) for n in speakers.full[speaker] if re.search(rf"\b{re.escape(n)}\b", text)}
    return here.pop() if len(here) == 1 else speaker


def _introducing_paragraph(text: str, paragraph_start: int, speakers: Speakers) -> str | None:
    """The person the paragraph before ``paragraph_start`` is about, when it is reporter's text
    (no quotation in it) whose last sentence has that person as its subject."""
    if paragraph_start < 2:
        return None
    previous = text[text.rfind("\n", 0, paragraph_start - 1) + 1 : paragraph_start - 1].strip()
    if not previous or _QUOTE_MARK_START.match(previous) or any(len(previous[s:e].split()) > 3 for s, e in find_quotations(previous)):
        return None  # a quotation of its own, not reporter's text ('the site locals call "the bleach works"' is)
    sentences = [piece.strip() for piece in re.split(r"(?<=[.!?])\s+", _outside_quotes(previous)) if piece.strip()]
    while len(sentences) > 1 and _DIED.search(sentences[-1]):
        sentences.pop()  # "Tobin Ashcroft sat beside his father. Emil Ashcroft was among those who died."
    subject = _subject_person(sentences[-1], speakers)
    if subject is None:
        # "Prescott himself sent a short message from his hospital bed": a surname the cluster
        # gives in full, as the subject that opens the sentence.
        leading = re.match(r"\W*([A-Z][a-z'’-]+)(?:\s+(?:himself|herself))?\s+[a-z]", sentences[-1])
        if leading and leading.group(1) in speakers.full and leading.group(1) not in NOT_NAMES:
            resolved = speakers.resolve(leading.group(1))
            subject = resolved if _is_person(resolved) else None
    if subject is None:
        # "Our reporter met Teodora Vinci, 86, in the stairwell": the one person it introduces.
        subject = _introduced_person(sentences[-1], speakers)
    return None if subject == "pronoun" else subject


# A sentence that tells of a death: whom it names is not the speaker of the quotation after it.
_DIED = re.compile(r"\b(?:died|dies|killed|dead|death|bodies|body was)\b")


def _splits(text: str, last_end: int, start: int) -> bool:
    """Between the last quotation and this one stands only an attribution set off by commas,
    inside one sentence ('," said Aldane, "', '," Aldridge said, "')."""
    between = text[last_end:start]
    if "\n" in between or len(between) > 120:
        return False
    between = between.strip(" `'\"”“„")
    opened = between.startswith(",") or text[:last_end].rstrip().endswith(",")  # the comma inside the quote or out
    return opened and between.endswith(",") and not re.search(r"[.!?;:]", between) and _SPEECH.search(between) is not None


def _continues(text: str, last_end: int, start: int) -> bool:
    """A quotation that goes on after its attribution, in the same paragraph: between the
    last quotation and this one stand only the attribution and its full stop
    ('“...,” Greel said. “...”', '"...," said Anouk Verbeek, Danforth's lawyer. "..."')."""
    between = text[last_end:start]
    if "\n" in between or len(between) > 120:
        return False
    between = between.strip(" `'\"”“„")
    return bool(between) and between.endswith(".") and between.count(". ") == 0 and _SPEECH.search(between) is not None


def _last_named_speaker(text: str, speakers: Speakers) -> str | None:
    """The person the sentence just before a quotation is about (its subject), when there is
    reporter's text between the last quotation and this one: "Lydia Brannock, 71, said she
    left with minutes to spare. “...,” she said"."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    while len(paragraphs) > 1 and _QUOTE_MARK_START.match(paragraphs[-1].strip()) and not _SPEECH.search(_outside_quotes(paragraphs[-1])):
        paragraphs.pop()  # a paragraph of quotation, unattributed: its speaker is introduced before it
    sentences = [piece for piece in re.split(r"(?<=[.!?])\s+|\n", "\n".join(paragraphs)) if piece.strip()]
    if not sentences:
        return None
    last = sentences[-1].strip()
    if _QUOTE_MARK_START.match(last):
        return None  # the sentence before is itself a quotation, attributed
    for found in _BEFORE.finditer(last):
        # "Local estate agent Tobias Wren-Aldous said sales had slowed": the one who spoke.
        resolved = speakers.resolve(_clean_name(found.group("name") or found.group("source")))
        if _is_person(resolved):
            return resolved
    leading = _LEADING_NAME.match(last)
    if leading and leading.group("name").split()[0] not in NOT_NAMES:
        # "Mira Kellgren, Corvane's chief information security officer, defended the delay."
        resolved = speakers.resolve(leading.group("name"))
        if _is_person(resolved):
            return resolved
    subject = _SUBJECT.match(last)
    if not subject:
        return None
    resolved = speakers.resolve(_clean_name(subject.group("name")))
    return resolved if _is_person(resolved) else None


# -- the parser, where the patterns fail -------------------------------------------------------


# Two capitalised words in a row (with a particle between: "Osama bin Laden"): without them a
# sentence names no person of two words, and the parser is not asked.
_TWO_NAME_WORDS = re.compile(r"\b[A-Z][\w'’.-]*\s+(?:(?:al|bin|de|van|von|la|le|du|da|di)\s+)?[A-Z]")


def _parsed_speaker(sentence: str, quote_at: int) -> str | None:
    """The person who speaks in ``sentence`` as its parse tells: the subject of the speech verb
    (through "who" to the noun it stands for), as the PERSON entity that covers it; else the
    one PERSON named before the verb. None when the parse names no person."""
    if not _TWO_NAME_WORDS.search(sentence) or not _SPEECH.search(sentence[:quote_at]):
        return None  # no name of two words, or no speech verb before the quote: nothing to parse for
    doc = parser.parse(sentence)
    people = [e for e in doc.ents if e.label_ == "PERSON" and len(e.text.split()) >= 2]
    if not people:
        return None
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or not _SPEECH.fullmatch(verb.text) or verb.idx > quote_at:
            continue
        subjects = [t for t in verb.children if t.dep_ in ("nsubj", "nsubjpass")]
        if not subjects:
            continue
        subject = subjects[0]
        relative = subject.lower_ in ("who", "that")
        if relative and verb.dep_ == "relcl":
            subject = verb.head
        covering = [e for e in people if e.start <= subject.i < e.end]
        if covering:
            return covering[0].text
        before = [e for e in people if e.end <= verb.i]
        if relative and len(before) == 1:
            return before[0].text  # the parse hung "who" on the wrong noun; one person is named
    return None


def _introduced_person(text: str, speakers: Speakers) -> str | None:
    """The person the last sentence of ``text`` is about: the subject of its main verb when
    that is a person's name (back over sentences whose subject is "he" or "she": "Grandfather
    Emil Rostok, 74, has been treated there for years. He said he found out from the radio."),
    else the one PERSON of two words or more it names; as the cluster writes them."""
    sentences = [piece.strip() for piece in re.split(r"(?<=[.!?])\s+|\n", _outside_quotes(text)) if piece.strip()]
    for sentence in reversed(sentences[-3:]):
        subject = _subject_person(sentence, speakers)
        if subject != "pronoun":
            break
    if subject and subject != "pronoun":
        return subject
    if not sentences:
        return None
    doc = parser.parse(sentences[-1])
    people = {e.text for e in doc.ents if e.label_ == "PERSON" and len(e.text.split()) >= 2}
    if len(people) != 1:
        return None
    resolved = _without_description(speakers.resolve(people.pop()), speakers)
    return resolved if _is_person(resolved) else None


_NOT_PEOPLE = {"GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "NORP", "LAW", "DATE", "TIME"}


def _subject_person(sentence: str, speakers: Speakers) -> str | None:
    """The person who is the subject of the main verb of ``sentence`` as its parse tells
    ("Councillor Iain Bracewell has known ...", "His sister, Helga Aldridge, runs ..."), as the
    cluster writes them; "pronoun" when the subject is "he" or "she"; None else. The parse's
    entity labels are not trusted to say who is a person ("Helena Voss" may come out an ORG):
    a proper noun of two words or more that names no body or place is."""
    if not _TWO_NAME_WORDS.search(sentence):
        return "pronoun" if re.match(r"\W*(?:He|She)\b", sentence) else None
    doc = parser.parse(sentence)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not roots:
        return None
    subjects = [t for t in roots[0].children if t.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return None
    subject = subjects[0]
    if subject.lower_ in ("he", "she"):
        return "pronoun"
    if subject.tag_ != "NNP":
        subject = next((t for t in subject.children if t.dep_ == "appos" and t.tag_ == "NNP"), None)
        if subject is None:
            return None
    if any(e.label_ in _NOT_PEOPLE and e.start <= subject.i < e.end for e in doc.ents):
        return None
    start = subject.i
    while start > 0 and doc[start - 1].tag_ == "NNP" and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == subject.i:
        start -= 1
    written = doc[start : subject.i + 1].text
    resolved = _without_description(speakers.resolve(written), speakers)
    return resolved if _is_person(resolved) else None


def _without_description(name: str | None, speakers: Speakers) -> str | None:
    """ "Sheep farmer Halla Vennsdottir" -> "Halla Vennsdottir": a name of three words or more
    whose first word is a common noun or adjective written capitalised at a sentence start (the
    tagger reads it lower-cased), not a first name the cluster uses."""
    if not name or not speakers.described(name):
        return name
    return speakers.resolve(" ".join(name.split()[1:]))


def _outside_quotes(text: str) -> str:
    """``text`` without what stands between quote marks (an open quote runs to the end)."""
    return re.sub(r"(?:``|[\"“„]).*?(?:''|[\"”]|$)", " ", text)


_LEADING_NAME = re.compile(r"^\W*(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+){1,2})(?=,|\s+[a-z])")


# Words that open a noun phrase just before a short quote: the quote is part of the phrase.
_MODIFIER_BEFORE = re.compile(r"(?:\b(?:the|a|an|its|their|his|her|our|my|your|this|that|these|those|recent|new|so-called)|['’]s)\s*$", re.IGNORECASE)
# A lower-case word right after a short quote that is not a conjunction or preposition: the quote
# modifies it ('"all-day" use').
_NOUN_AFTER = re.compile(r"^\s+(?!(?:and|but|or|nor|as|to|in|on|at|for|of|by|with|from|than|that|which|who|when|while|because|if|about|over|into|after|before|against|amid|among|between|during|since|until|under|without|within|toward|towards|despite|like|unless|whether|where|so|yet|then|is|was|were|are)\b)[a-z]")
_QUOTE_MARK_START = re.compile(r"^\W*(?:``|[\"“„])")


#: Bodies written by their kind: resolved to the body of that kind the text last named.
_BODY_ROLES = {"the company", "the firm", "the group", "the bank", "the contractor", "the operator", "the airline",
               "the carrier", "the agency", "the ministry", "the board", "the club", "the union", "the council",
               "the hospital", "the university", "the regulator", "the insurer", "the manufacturer", "the maker",
               "the commission", "the authority", "the tribunal", "the court", "the party", "the department"}
# Words that end (or, with "of", start) a body's name: "Castellane Shipping", "Granitehall
# Holdings", "Bank of Sendara", "State Infrastructure Safety Board".
_COMPANY_WORDS = wordlists.alternation("quotes", "company_name_words")
_BODY_WORDS = f"{_COMPANY_WORDS}|{wordlists.alternation('quotes', 'public_body_name_words')}"
_BODY_NAME = re.compile(
    rf"\b(?:(?:[A-Z][\w'’.-]*|&)\s+){{0,4}}(?:{_BODY_WORDS})\b(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?"
    rf"|\b(?:Bank|Ministry|University|Department|Office|Court|Council|Union|Federation|Institute)\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*"
)


_BODY_WORD = re.compile(rf"\b(?:{_BODY_WORDS})\b")
_COMPANY_WORD = re.compile(rf"\b(?:{_COMPANY_WORDS})\b")


_COMPANY_KINDS = {"company", "firm", "group", "operator", "contractor", "manufacturer", "maker"}


def _body_name(written: str) -> str | None:
    """A body's name as written, without its article or what follows a possessive ("Bank of
    Sendara's Monetary Council" -> "Bank of Sendara"); None when it is not a name."""
    words = _strip_article(written).split()
    stops = [i for i, w in enumerate(words[:-1]) if w.endswith(".") and not _ABBREVIATION_END.search(w)]
    if stops:
        words = _strip_article(" ".join(words[stops[-1] + 1 :])).split()  # "Health Ministry. Vantrell Biologics"
    for index, word in enumerate(words):
        if word.endswith(("'s", "’s")):
            rest = words[index + 1 :]
            if index == 0 and len(rest) >= 2 and _BODY_WORD.fullmatch(rest[-1]):
                words = rest  # "Maravelle's Maritime Safety Authority": the body, not its country
            else:
                words = words[:index] + [word[:-2]]  # "Bank of Sendara's Monetary Council"
            break
    if len(words) < 2 or words[0] in NOT_NAMES or words[-1] in ("of", "&"):
        return None
    return " ".join(words)


def _last_body(text: str, speakers: "Speakers", kind: str | None = None) -> str | None:
    """The body the text names last before a quotation ("... the construction company
    Granitehall Holdings. ``...,'' the company said"), of ``kind`` when given and the name
    says it ("the bank": a name with "Bank")."""
    found, at = None, -1
    tail = text[-600:]
    for match in _BODY_NAME.finditer(tail):
        name = _body_name(match.group())
        if not name:
            continue
        if kind and kind not in _COMPANY_KINDS and kind not in name.lower().split():
            continue
        if kind in _COMPANY_KINDS and not _COMPANY_WORD.search(name):
            continue  # "the company" is not the ministry or the hospital named last
        found, at = name, match.start()
    if kind in _COMPANY_KINDS:
        # "Solvik Refining ... Solvik, which bought the refinery, ... the company said": a company
        # the cluster names in full, written later by its first word alone.
        for name in speakers.bodies:
            first = name.split()[0]
            if not _COMPANY_WORD.search(name) or first in NOT_NAMES or first in ROLE_WORDS or first.lower() in speakers.lower:
                continue
            for match in re.finditer(rf"\b{re.escape(first)}\b", tail):
                if match.start() > at:
                    found, at = name, match.start()
    if kind and kind not in _COMPANY_KINDS:
        # "Varesh's foreign ministry said ... ``...,'' the ministry said": a body written in
        # lower case after its country's name.
        for match in re.finditer(rf"\b([A-Z][\w-]+)(?:'s|’s)?\s+((?:[a-z][\w-]*\s+){{0,2}}{re.escape(kind)})\b", tail):
            if match.start() > at and match.group(1) not in NOT_NAMES:
                found, at = f"{match.group(1)} {match.group(2)}", match.start()
    return speakers.resolve(found) if found else None


def _is_body_role(speaker: str) -> bool:
    """ "the company", "The federation", "the coastguard": a body named by its kind."""
    words = speaker.lower().split()
    return speaker.lower() in _BODY_ROLES or (
        len(words) == 2 and words[0] == "the" and (words[1] in _COMPANY_KINDS or _BODY_WORD.fullmatch(words[1].capitalize()) is not None)
    )


def _strip_article(name: str) -> str:
    return re.sub(r"^(?:The|the)\s+(?=[A-Z])", "", name.strip())


def _is_role(speaker: str | None) -> bool:
    """A person's role rather than a name or a body: "the hospital's chief executive", "the
    speaker" (not "the ministry", "the company")."""
    if not speaker:
        return False
    words = speaker.lower().split()
    return (words[0] in ("the", "a", "an") or words[0].endswith(("'s", "’s"))) and words[-1] not in _BODIES


_BODIES = {"ministry", "department", "agency", "company", "statement", "police", "government", "office", "court", "board"}


def _is_person(speaker: str | None) -> bool:
    """A person's name, as far as the words tell: two or more capitalised words, no article,
    no possessive, no word that names a body ("Miners' Federation", "Castellane Shipping")."""
    if not speaker:
        return False
    words = speaker.split()
    return (
        len(words) >= 2 and all(w[:1].isupper() for w in words) and words[0].lower() not in ("the", "a", "an")
        and not any(w.endswith(("'", "’", "'s", "’s")) for w in words) and not _BODY_WORD.search(speaker)
    )


def _title_case(words: Sequence[str]) -> bool:
    """Most words capitalised, not counting the small words of titles ("Sons of the Dune")."""
    letters = [w for w in words if w[:1].isalpha() and w not in ("of", "the", "and", "in", "on", "for", "a", "an", "to", "at", "with")]
    return bool(letters) and sum(w[:1].isupper() for w in letters) >= max(2, len(letters) - 1)



def _last_match(pattern: re.Pattern, text: str) -> re.Match | None:
    """The last match of ``pattern`` in ``text`` (the one nearest the quotation after it)."""
    last = None
    for last in pattern.finditer(text):
        pass
    return last

def _attribution(before: str, after: str) -> tuple[str | None, str | None]:
    """(the words naming the speaker, the speaker as written or a pronoun), or (None, None)."""
    spokesperson = _SPOKESPERSON_AFTER.match(after)
    if spokesperson:
        return spokesperson.group().strip(" ,:;"), _spoken_for(spokesperson.group("body"))
    match = _AFTER.match(after)
    if match:
        name = match.group("name_after") or match.group("name_first")
        name = _clean_name(name)
        if name and name[:1].islower() and re.match(r"according", match.group("verb_first") or "", re.IGNORECASE):
            # 'Reyn argued that the cut was "...", according to a statement from the bank': the
            # document that reports it gives way to a speaker named before the quote.
            written, before_name = _attribution(before, "")
            if before_name:
                return written, before_name
        if name and (name[:1].islower() or _is_role(name)):
            person = _PERSON_APPOSITION.search(match.group()) or _PERSON_AFTER_ROLE.match(after[match.end():])
            if person and person.group("name").split()[0] not in NOT_NAMES:
                return match.group().strip(" ,:;"), person.group("name")
        if name:
            return match.group().strip(" ,:;"), name.lower() if name.lower() in _PRONOUNS else name
    if before.rstrip().endswith(":") and not _SPEECH.search(before):
        # 'Commissioner Feist has repeated his pledge: "..."': the subject speaks.
        subject = _SUBJECT.match(before)
        if subject:
            name = _clean_name(subject.group("name"))
            if name:
                return before.strip(), name
    found = _last_match(_BEFORE, before)
    apposition = _last_match(_APPOSITION_BEFORE, before)
    holder = _last_match(_ROLE_THEN_PERSON, before)
    spokesperson = _last_match(_SPOKESPERSON_BEFORE, before)
    if spokesperson is not None and all(other is None or spokesperson.end() >= other.end() for other in (found, apposition, holder)):
        return spokesperson.group().strip(), _spoken_for(spokesperson.group("body"))
    if holder is not None and holder.group("name").split()[0] not in NOT_NAMES and all(
        other is None or holder.end() >= other.end() for other in (found, apposition)
    ):
        return holder.group().strip(), holder.group("name")
    if apposition is not None and (found is None or apposition.end() >= found.end()):
        name = _clean_name(apposition.group("name"))
        if name:
            return apposition.group().strip(), name
    coordinated = None
    for coordinated in _COORDINATED.finditer(before):
        pass
    if coordinated is not None and (found is None or coordinated.start() > found.start()):
        # "Lavrov dismissed the call by Haley ... and said that": the speaker is the subject.
        subject = _SUBJECT.match(before)
        if subject:
            name = _clean_name(subject.group("name"))
            if name:
                return before[subject.start("name") : coordinated.end()].strip(), name
    if found is not None:
        name = _clean_name(found.group("name") or found.group("source"))
        if name:
            return found.group().strip(), name.lower() if name.lower() in _PRONOUNS else name
    return None, None


def _spoken_for(body: str) -> str:
    """The body a spokesperson speaks for, as written: "Lumen Lotteries", "the Oderhof fire
    service" (its article kept on a name in lower case, so that "the ministry" resolves to the
    ministry the text named)."""
    body = body.strip()
    return _strip_article(body) if re.search(r"\b[A-Z]", body) else body


# -- grouping across documents -------------------------------------------------------------------

_TOKEN = re.compile(r"[\w'’]+")


def _tokens(text: str) -> list[str]:
    return [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]


def _contains(long: list[str], short: list[str]) -> bool:
    return bool(short) and f" {' '.join(short)} " in f" {' '.join(long)} "


def _similar(a: list[str], b: list[str]) -> bool:
    """Nearly the same words in nearly the same order: one outlet's altered version of a quote."""
    if min(len(a), len(b)) < 3:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    # The quick ratios are upper bounds of the ratio: most pairs fail them without the full match.
    return matcher.real_quick_ratio() >= ALTERED_RATIO and matcher.quick_ratio() >= ALTERED_RATIO and matcher.ratio() >= ALTERED_RATIO


#: Two versions of a quote whose token sequences match this much (difflib's ratio) are one quote
#: that an outlet changed; below it, two quotes. 0.8: one changed word in a ten-word quote
#: stays one quote, a different sentence that shares a phrase does not.
ALTERED_RATIO = 0.8


def group_quotes(mentions: Sequence[QuoteMention], *, document_order: Mapping[str, int] | None = None) -> list[Quote]:
    """One :class:`Quote` per thing said: mentions with the same words (or one version inside
    the other, or nearly the same words) are one quote unless two outlets name different
    speakers for it. The speaker is the one most outlets name beside the quote; a speaker found
    only through "he said" or a continuation paragraph gives way to a named one (an outlet's
    "She said" may follow another person's quote)."""
    order = document_order or {}
    groups: list[list[int]] = []
    longest: list[int] = []  # per group, its longest member: what a new mention is compared with
    tokens = [_tokens(m.text) for m in mentions]
    for index, mention in enumerate(mentions):
        for number, group in enumerate(groups):
            named = {mentions[k].speaker for k in group if mentions[k].resolved_by == "named"}
            if mention.resolved_by == "named" and named and mention.speaker not in named:
                continue
            head = tokens[longest[number]]
            new = tokens[index]
            if _contains(head, new) or _contains(new, head) or _similar(head, new):
                group.append(index)
                if len(new) > len(head):
                    longest[number] = index
                break
        else:
            groups.append([index])
            longest.append(index)
    quotes = []
    for group in groups:
        members = sorted((mentions[k] for k in group), key=lambda m: (order.get(m.document_id, 0), m.start))
        # Named beside the quote counts most, then "he said", then a continuation paragraph;
        # ties go to the earliest mention.
        strength = {"named": 3, "pronoun": 2, "continuation": 1}
        score: dict[str | None, int] = {}
        for m in members:
            score[m.speaker] = score.get(m.speaker, 0) + strength.get(m.resolved_by, 1)
        speaker = max(score, key=lambda name: score[name])
        longest = max(members, key=lambda m: (len(m.text), -order.get(m.document_id, 0)))
        sources = tuple(dict.fromkeys(m.document_id for m in members))
        versions: dict[str, list[QuoteMention]] = {}
        for m in members:
            versions.setdefault(" ".join(_tokens(m.text)), []).append(m)
        # A shorter version inside a longer one is a partial quote, not a change.
        distinct = [key for key in versions if not any(key != other and key in other for other in versions)]
        variants: tuple[tuple[str, tuple[str, ...]], ...] = ()
        if len(distinct) > 1:
            variants = tuple(
                (versions[key][0].text, tuple(dict.fromkeys(m.document_id for m in versions[key]))) for key in distinct
            )
        quotes.append(Quote(speaker, longest.text, sources, tuple(members), variants))
    return quotes
