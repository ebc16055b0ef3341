"""Check that the labels of tests/insight/*.jsonl point at text that is really there.

    python tools/check_insight_labels.py tests/insight/*.jsonl
"""

from __future__ import annotations

import json
import sys


def check(path: str) -> list[str]:
    problems = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            cluster = json.loads(line)
            where = f"{path}:{number} ({cluster.get('id')})"
            texts = {d["id"]: d["text"] for d in cluster["documents"]}
            if not 3 <= len(texts) <= 6:
                problems.append(f"{where}: {len(texts)} documents, expected 3-6")
            labels = cluster.get("labels", {})

            def present(doc, text, what):
                if doc not in texts:
                    problems.append(f"{where}: {what}: unknown document {doc!r}")
                elif text not in texts[doc]:
                    problems.append(f"{where}: {what}: {text!r} is not in document {doc!r}")

            for quote in labels.get("quotes", []):
                if not any(quote["text"] in texts.get(d, "") for d in quote["sources"]):
                    problems.append(f"{where}: quote {quote['text'][:50]!r} is in none of its sources")
                for d in quote["sources"]:
                    if d not in texts:
                        problems.append(f"{where}: quote source {d!r} unknown")
            for text in labels.get("non_quotes", []):
                if not any(text in t for t in texts.values()):
                    problems.append(f"{where}: non-quote {text!r} is in no document")
            for conflict in labels.get("conflicts", []):
                for value in conflict["values"]:
                    for d in value["sources"]:
                        present(d, value["text"], f"conflict {conflict['about']!r}")
            for item in labels.get("non_conflicts", []):
                for text in item.get("texts", []):
                    if not any(text in t for t in texts.values()):
                        problems.append(f"{where}: non-conflict value {text!r} is in no document")
            for group in labels.get("corroboration", []):
                if len({d for d, _ in group["sentences"]}) < 2:
                    problems.append(f"{where}: corroboration group with fewer than 2 documents")
                for d, sentence in group["sentences"]:
                    present(d, sentence, "corroboration")
            for event in labels.get("timeline", []):
                for d, text in event.get("texts", []):
                    present(d, text, f"timeline {event['event']!r}")
    return problems


def main(paths: list[str]) -> int:
    problems = [p for path in paths for p in check(path)]
    for problem in problems:
        print(problem)
    print(f"{len(paths)} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
