"""How many summary sentences cite two or more documents.

    python benchmarks/citations.py [DATA.jsonl] [--words 100]

Default data: ../shared/data/duc2004/clusters.jsonl (50 clusters), summarized with default
settings at 100 words, as ``newsum summarize`` does. Prints the number of summary sentences,
how many cite >= 2 documents (and >= 3), how many summaries have at least one such sentence,
and the mean number of documents a sentence cites. Run the code of another checkout with
``PYTHONPATH=<checkout>/src`` for a before/after comparison.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import newsum
from newsum.ingest import read_inputs

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "duc2004" / "clusters.jsonl"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--words", type=int, default=100)
    args = parser.parse_args(argv)
    summarizer = newsum.Summarizer(budget=newsum.Budget(words=args.words))
    sentences = two = three = with_two = summaries = cited = 0
    start = time.perf_counter()
    for summary in summarizer.pipe(read_inputs([str(args.data)])):
        summaries += 1
        counts = [len(s.sources) for s in summary.sentences]
        sentences += len(counts)
        cited += sum(counts)
        two += sum(c >= 2 for c in counts)
        three += sum(c >= 3 for c in counts)
        with_two += any(c >= 2 for c in counts)
    seconds = time.perf_counter() - start
    print(f"newsum {newsum.__version__} from {Path(newsum.__file__).parent}")
    print(f"{summaries} summaries of {args.data.name} at {args.words} words, {seconds:.1f} s")
    print(f"summary sentences: {sentences}")
    print(f"citing >= 2 documents: {two} ({two / max(1, sentences):.1%}); >= 3: {three}")
    print(f"summaries with a sentence citing >= 2 documents: {with_two} of {summaries}")
    print(f"documents cited per sentence: {cited / max(1, sentences):.2f}")


if __name__ == "__main__":
    main()
