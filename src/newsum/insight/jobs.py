"""People's jobs as each document gives them, and documents that disagree on one.

    "Kestrava chief executive Delphine Arroway" / "Kestrava Lines' operations director,
    Delphine Arroway" / "Oren Balik, a senior strategist at Harwick Capital" / "Jonas Ebbe, who
    leads the mission" ──jobs_in──▶ (person, job words, where)
    ──two documents whose jobs for one person have nothing in common──▶ a disagreement

A job is compared by its words, stemmed, with the words that only say "leads something"
(chief, head, director, ...) as one word: "agency chief" and "general director" of an agency
agree, "an analyst" and "an oil analyst" agree (one says more), "chief executive" and "chair"
do not, nor "foreign minister" and "deputy foreign minister".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..terms import STOPWORDS, analyze

__all__ = ["JobMention", "jobs_in", "disagreeing_jobs", "disagreeing_holders"]

# Last words of a job's name.
_HEADS = (
    "executive|chair|chairman|chairwoman|chairperson|president|director|economist|strategist|analyst|spokesman|"
    "spokeswoman|spokesperson|minister|secretary|governor|mayor|commissioner|chief|manager|officer|founder|head|"
    "editor|lawyer|attorney|adviser|advisor|ambassador|coach|captain|prosecutor|judge|professor|researcher|scientist|"
    "inspector|engineer|treasurer|owner|superintendent|dean|rector|principal|curator|administrator|controller|"
    "investigator|leader|boss|deputy|counsel|auditor|architect|designer|producer|commander|general"
)
_HEAD_WORD = re.compile(rf"^(?:{_HEADS})$", re.IGNORECASE)
# Words that may stand in a job's name before its last word: lower-case nouns and adjectives
# ("chief information security officer", "human resources chief"), and the capitalised words
# of titles ("Foreign Minister", "Labour and Pensions Minister", "Attorney General").
_TITLE_CASE = (
    "Prime|Foreign|Finance|Home|Interior|Defence|Defense|Justice|Health|Labour|Labor|Trade|Deputy|Vice|Executive|"
    "Managing|General|Attorney|Chief|Senior|Acting|Secretary|State|Transport|Education|Environment|Energy|Culture|"
    "Agriculture|Economy|Industry|Pensions|Digital|Operating|Financial|Technology|Information|Security|Sports|Science|"
    "Treasury|Economic|Development|Regional|Foreign Affairs|Communications|Operations|Marketing|Press|Police|Fire|"
    "Emergency|Communities|Housing|Water|Culture|Tourism|Women|Youth|Social|Welfare|Immigration|Commerce|Planning|"
    "Research|Medical|Legal|Political|Military|Public|Human|Resources|Quality|Safety|Technical|Creative|Programme|Program"
)
_NOT_JOB_WORDS = (
    "the|a|an|and|of|to|in|on|at|by|for|with|from|as|that|this|who|which|said|says|told|has|had|was|is|are|were|will|"
    "would|former|late|oust|accuse|accuses|like|meet|meets|urge|urges|ask|asks|against|before|after|under|than|but|"
    "or|nor|if|so|when|while|whom|whose|his|her|its|their|our|my|your|new|newly|then|outgoing|incoming"
)
_JOB_WORD = rf"(?:(?!(?:{_NOT_JOB_WORDS})\b)(?!(?!(?:operating|managing|presiding|founding|ranking|governing|marketing|engineering|training|planning|accounting|banking|publishing|programming|licensed|certified|elected)\b)[a-z]+(?:ed|ing)\b)[a-z][a-z-]*|(?:{_TITLE_CASE}))"
_PERSON = r"(?P<person>(?!(?:General|Secretary|Minister|President|Director|Chief)\b)[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2})"
_ONE_JOB = rf"(?:{_JOB_WORD}\s+(?:and\s+{_JOB_WORD}\s+)?){{0,3}}(?i:{_HEADS})"
# A job's words, or a list of jobs ("chairman, president and chief executive"), with a
# lower-case domain after "of" ("director of digital services").
_JOB = rf"(?P<job>{_ONE_JOB}(?:,\s+{_ONE_JOB})*(?:\s+and\s+{_ONE_JOB})?(?:\s+of\s+(?:[a-z][\w-]*\s*){{1,4}}(?=[,.;]|\s+(?:at|of|for)\b))?)"
_ORG = r"(?P<org>[A-Z][\w'’&.-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’&.-]*){0,4})"
_RANKS = r"(?:Deputy|Vice|Acting|Interim|Senior|Junior|Assistant|Associate|Former|Outgoing|Chief|Executive|Prime|Foreign|Finance|Home|Attorney)"
_PATTERNS = (
    # "Oren Balik, the chief economist at Harwick Capital", "Helena Stroud, the CMB's chair,"
    re.compile(rf"{_PERSON},\s+(?:(?:the|a|an)\s+)?(?:(?:{_ORG}|(?P<owner>[a-z]+))['’]s?\s+)?{_JOB}(?:\s+(?:of|at|for|with)\s+(?:the\s+)?{_ORG.replace('org', 'org2')})?\s*[,.;]"),
    # "Ashgrove's chief executive, Helena Marsk", "Kestrava Lines' operations director, Delphine Arroway"
    re.compile(rf"{_ORG}['’]s?\s+{_JOB},\s+{_PERSON}\b"),
    # "Kestrava chief executive Delphine Arroway", "Foreign Minister Amrun Vessali", "UWF
    # president Halvard Brenne", "Brightwave founder and chairman Konrad Elsmere"
    re.compile(rf"(?:\b(?!{_RANKS}\b){_ORG}\s+(?=[a-z]))?\b{_JOB}\s+{_PERSON}\b"),
    # "its captain, Tobias Henney", "the union's leader, Jonas Brekke": whose job, in lower case
    re.compile(rf"\b(?:[Ii]ts|[Tt]heir|[Tt]he\s+(?P<org>[a-z]+)['’]s?)\s+{_JOB},\s+{_PERSON}\b"),
)
# "Jonas Ebbe, who leads the mission" / "Helena Stroud, who heads the regulator"
_LEADS_VERB = re.compile(rf"{_PERSON},\s+who\s+(?P<verb>heads|leads|chairs|runs|directs)\s+(?:the\s+)?(?P<org>[\w'’ -]{{2,40}}?)[,.;]")

#: Words that only say the person leads something: one word, "lead".
_LEAD_WORDS = {"chief", "head", "director", "leader", "boss", "general", "officer", "manager", "administrator", "run", "direct"}
#: Words that change the rank of a job: their presence on one side only is a disagreement.
_RANK_WORDS = {"deputi", "vice", "assist", "associ"}
_SYNONYMS = {"chairman": "chair", "chairwoman": "chair", "chairperson": "chair", "chairs": "chair", "heads": "head",
             "leads": "lead", "runs": "run", "directs": "direct", "spokeswoman": "spokesman", "spokesperson": "spokesman",
             "advisor": "adviser", "attorney": "lawyer", "ceo": "chief executive", "cfo": "chief financial officer",
             "coo": "chief operating officer", "premier": "prime minister"}
_IGNORED = {"the", "a", "an", "its", "his", "her", "their", "longtime", "long-serving"}
_CHANGING = {"former", "ex", "late", "outgoing", "incoming", "new", "newly", "then", "elect", "designate", "interim", "acting"}
# Lower-case words of a job that name where, not what: "union director" is a director.
_PLACE_WORDS = {"union", "company", "association", "committee", "agency", "party", "government", "ministry", "department",
                "board", "council", "federation", "bank", "group", "club", "team", "league", "police", "army", "court",
                "city", "state", "county", "province", "region", "school", "university", "hospital", "firm", "opposition",
                "coalition", "parliamentary", "rebel", "ruling", "center-right", "centre-right", "center-left",
                "centre-left", "right-wing", "left-wing", "conservative", "liberal", "socialist", "communist"}


@dataclass(frozen=True)
class JobMention:
    """One document's job for a person: ``text`` as written at ``start:end`` of the statement
    ``statement_start`` of ``document_id``; ``roles``, the job's words (one set per job when
    it names several: "founder and chairman"); ``org``, words of where."""

    document_id: str
    person: str
    text: str
    start: int
    end: int
    statement_start: int
    statement_end: int
    roles: tuple[frozenset[str], ...]
    org: frozenset[str]


def _role_words(job: str) -> tuple[frozenset[str], ...]:
    roles = []
    parts: list[str] = []
    for part in re.split(r"\s+and\s+|,\s+", job.lower()):
        if parts and not _HEAD_WORD.match(parts[-1].split()[-1]):
            parts[-1] += " " + part  # "Labour and Pensions Minister": one job
        else:
            parts.append(part)
    for part in parts:
        words = []
        for word in re.findall(r"[a-z][\w-]*", part):
            word = _SYNONYMS.get(word, word)
            for piece in word.replace("-", " ").split():
                if piece in _IGNORED or piece in STOPWORDS and piece != "vice" or piece in _PLACE_WORDS:
                    continue
                stem = analyze(piece).stems[0] if analyze(piece).stems else piece
                words.append("lead" if piece in _LEAD_WORDS or stem in _LEAD_WORDS else stem)
        if words:
            roles.append(frozenset(words))
    return tuple(roles)


def _org_words(*names: str | None) -> frozenset[str]:
    return frozenset(
        s for name in names if name for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in STOPWORDS
        for s in analyze(w.lower()).stems[:1]
    )


def jobs_in(document_id: str, statement_start: int, text: str) -> list[JobMention]:
    """The jobs a statement gives people, as written."""
    found: list[JobMention] = []
    seen: set[tuple[int, int]] = set()
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            job = match.group("job")
            words = job.split()
            # The job's words begin after any name the pattern swept in ("Foreign Minister").
            if not _HEAD_WORD.match(words[-1].rstrip(",.;")) and " of " not in job:
                continue
            before = text[max(0, match.start("job") - 12) : match.start("job")].lower()
            if any(w.lower() in _CHANGING for w in words) or re.search(r"\b(?:former|new|newly|outgoing|incoming|then|ex)\W*$", before):
                continue  # "new President Emile Lahoud": a job that changed, not a disagreement
            span = (match.start("job"), match.end("person"))
            if span in seen:
                continue
            seen.add(span)
            groups = match.groupdict()
            org = _org_words(groups.get("org"), groups.get("org2"), groups.get("owner"))
            roles = _role_words(job)
            if roles:
                found.append(JobMention(document_id, match.group("person"), match.group(), statement_start + match.start(),
                                        statement_start + match.end(), statement_start, statement_start + len(text),
                                        roles, org))
    for match in _LEADS_VERB.finditer(text):
        verb = _SYNONYMS.get(match.group("verb"), match.group("verb"))
        found.append(JobMention(document_id, match.group("person"), match.group(), statement_start + match.start(),
                                statement_start + match.end(), statement_start, statement_start + len(text),
                                (frozenset({"chair" if verb == "chair" else "lead"}),), _org_words(match.group("org"))))
    return found


def _day(value):
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _agree(a: frozenset[str], b: frozenset[str]) -> bool:
    if (a ^ b) & _RANK_WORDS:
        return False  # "foreign minister" / "deputy foreign minister"
    a, b = a - {"lead"} or a, b - {"lead"} or b
    if a == {"lead"} or b == {"lead"}:
        return True  # "head of the agency" agrees with most jobs there
    return a <= b or b <= a


#: Jobs change: documents published further apart than this are not compared (an army
#: commander in October may be president in November).
SAME_TIME_DAYS = 7


def disagreeing_jobs(
    mentions: Iterable[JobMention], published: dict[str, object] | None = None
) -> list[tuple[str, list[JobMention], list[JobMention]]]:
    """(person, one document's mentions, another's) for every person two documents give jobs
    that have nothing in common, at the same place (or where one does not say where). A
    document whose own jobs for a person disagree names several posts: it is left out."""
    by_person: dict[str, dict[str, list[JobMention]]] = {}
    for mention in mentions:
        by_person.setdefault(mention.person, {}).setdefault(mention.document_id, []).append(mention)
    found = []
    for person, by_document in by_person.items():
        consistent = {
            d: ms for d, ms in by_document.items()
            if all(_agree(r, s) for m in ms for n in ms for r in m.roles for s in n.roles if m is not n)
        }
        documents = sorted(consistent)
        for i, first in enumerate(documents):
            for second in documents[i + 1 :]:
                a, b = consistent[first], consistent[second]
                when = (published or {}).get(first), (published or {}).get(second)
                if all(when) and abs((_day(when[0]) - _day(when[1])).days) > SAME_TIME_DAYS:
                    continue
                orgs_a = frozenset().union(*(m.org for m in a))
                orgs_b = frozenset().union(*(m.org for m in b))
                if orgs_a and orgs_b and not orgs_a & orgs_b:
                    continue  # jobs at two different places
                if any(_agree(r, s) for m in a for n in b for r in m.roles for s in n.roles):
                    continue
                found.append((person, a, b))
    return found


#: Jobs one person holds at a time at one place: two documents that give one of them to two
#: people disagree on who holds it ("Finance chief Lena Ortmann" / "Finance chief Paolo
#: Brandt"). Words as in :func:`_role_words` (stems; "lead" for chief, head, director ...).
SINGLE_HOLDER = frozenset({"lead", "chair", "captain", "judg", "presid", "governor", "mayor", "coach", "secretari"})


def disagreeing_holders(
    mentions: Iterable[JobMention], published: dict[str, object] | None, texts: dict[str, str]
) -> list[tuple[JobMention, JobMention]]:
    """Pairs of mentions from two documents that give one job to two people. The job must be
    one its place has one of (:data:`SINGLE_HOLDER`) and the two must say which place: the
    same words besides the job's head ("finance chief", "county fire chief") or the same
    organisation; "President Clinton" / "President Yeltsin" say neither. Neither document may
    name the other person anywhere (a document that names both knows two people), and the
    documents are published within :data:`SAME_TIME_DAYS` (holders change)."""
    mentions = list(mentions)
    found = []
    for i, a in enumerate(mentions):
        for b in mentions[i + 1 :]:
            if a.document_id == b.document_id:
                continue
            names_a, names_b = set(a.person.split()), set(b.person.split())
            if names_a & names_b:
                continue
            role_a, role_b = a.roles[0], b.roles[0]
            if role_a != role_b or not role_a & SINGLE_HOLDER or role_a & _RANK_WORDS:
                continue  # the same job, one holder ("IOC vice president": there are several)
            same_place = bool(a.org and b.org and a.org & b.org)
            if (a.org or b.org) and not same_place:
                continue  # "the agency's chief executive" / "Chief executive Tomas Ferrand": of what?
            if not same_place and not (role_a & role_b) - SINGLE_HOLDER - {"lead"}:
                continue  # "chief" / "chief": of what?
            when = (published or {}).get(a.document_id), (published or {}).get(b.document_id)
            if all(when) and abs((_day(when[0]) - _day(when[1])).days) > SAME_TIME_DAYS:
                continue
            if a.person.split()[-1] in texts[b.document_id] or b.person.split()[-1] in texts[a.document_id]:
                continue
            found.append((a, b))
    return found
