"""Sentence boundaries in 15 languages: newsum's splitter against nupunkt alone (and pysbd,
when installed), on paragraphs a helper wrote with each language's traps
(``tests/fixtures/multilingual/sentences.jsonl``; how it was made: its README).

    python benchmarks/sentences.py [SENTENCES.jsonl]

Precision and recall of the boundaries inside each paragraph (a boundary is the end offset of
a sentence that is not the paragraph's last), overall and per language.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

import nupunkt

from newsum.segment import split_sentences

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "tests" / "fixtures" / "multilingual" / "sentences.jsonl"


def boundaries(text: str, sentences: list[str]) -> set[int]:
    out, position = set(), 0
    for sentence in sentences[:-1]:
        found = text.find(sentence, position)
        if found < 0:
            continue
        position = found + len(sentence)
        out.add(position)
    return out


def evaluate(rows: list[dict], split: Callable[[str, str], list[str]]) -> dict[str, tuple[int, int, int]]:
    """Per language: (right boundaries, found, true)."""
    counts: dict[str, list[int]] = {}
    for row in rows:
        gold = boundaries(row["text"], row["sentences"])
        got = boundaries(row["text"], split(row["text"], row["language"]))
        tally = counts.setdefault(row["language"], [0, 0, 0])
        tally[0] += len(gold & got)
        tally[1] += len(got)
        tally[2] += len(gold)
    return {k: tuple(v) for k, v in counts.items()}


def _pr(right: int, found: int, true: int) -> str:
    return f"{right / found if found else 1:.2f}/{right / true if true else 1:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.path.read_text(encoding="utf-8").splitlines() if line.strip()]
    systems: dict[str, Callable[[str, str], list[str]]] = {
        "newsum": lambda text, language: [s.text for s in split_sentences(text, language=language)],
        "nupunkt": lambda text, language: [text[s:e].strip() for s, e in nupunkt.sent_spans(text) if text[s:e].strip()],
    }
    try:
        import pysbd

        segmenters: dict[str, object] = {}

        def with_pysbd(text: str, language: str) -> list[str]:
            if language not in segmenters:
                try:
                    segmenters[language] = pysbd.Segmenter(language=language, clean=False)
                except (ValueError, KeyError):
                    segmenters[language] = pysbd.Segmenter(language="en", clean=False)
            return [s.strip() for s in segmenters[language].segment(text) if s.strip()]

        systems["pysbd"] = with_pysbd
    except ImportError:
        pass
    languages = sorted({row["language"] for row in rows})
    print(f"{len(rows)} paragraphs of {args.path}; boundary precision/recall")
    print(f"{'system':<9}{'all':>11} " + " ".join(f"{lang:>9}" for lang in languages))
    for name, split in systems.items():
        counts = evaluate(rows, split)
        total = [sum(c[i] for c in counts.values()) for i in range(3)]
        print(f"{name:<9}{_pr(*total):>11} " + " ".join(f"{_pr(*counts[lang]):>9}" for lang in languages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
