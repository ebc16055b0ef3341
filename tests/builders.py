"""Small builders for test clusters: a test writes its cluster in a few lines.

    article("Title line", "First paragraph. Second sentence.", "More From This Section", id="a")
    cluster(article(...), article(...))
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from newsum import Cluster, Document

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"
EXAMPLE_JSONL = REPO / "examples" / "ferry.jsonl"


def article(*paragraphs: str, id: str | None = None, **fields: Any) -> Document:
    """A document whose text is ``paragraphs``, one per line, as scrapers deliver them."""
    return Document(text="\n".join(paragraphs), id=id, **fields)


def cluster(*documents: Document, id: str | None = "test") -> Cluster:
    return Cluster(documents=tuple(documents), id=id)


def record(*documents: dict[str, Any], id: str | None = "test", **fields: Any) -> str:
    """One line of cluster JSONL."""
    body: dict[str, Any] = {"documents": list(documents), **fields}
    if id is not None:
        body["id"] = id
    return json.dumps(body)


# Facts written for the tests (no real article text): three outlets report a dam failure.
DAM_FACTS = [
    "Engineers opened the spillway of the Varn River dam on Monday after days of heavy rain raised the reservoir to a record level.",
    "About 4,000 residents of the valley towns of Eskby and Tolmar were moved to higher ground overnight, the regional council said.",
    "The council said no injuries had been reported and that shelters in three schools had room for another 1,500 people.",
    "Water levels downstream were expected to peak on Tuesday afternoon, according to the national weather service.",
    "Rail services between Eskby and the coast were suspended after a section of track near the river was flooded.",
    "Regional governor Anneli Soder said the dam itself was structurally sound and that the release was a precaution.",
]


def dam_cluster() -> Cluster:
    """Three articles: two facts in all three, one in two, the rest in one; with scrape noise."""
    f = DAM_FACTS
    return cluster(
        article(
            "Dam spillway opened as Varn River floods",
            "Dam spillway opened as Varn River floods",
            f[0],
            f[1] + " " + f[2],
            "More From This Section",
            f[3],
            "Local bakery wins national award",
            id="north", source="North Post", date="2026-05-04",
        ),
        article(
            "By Ilse Marten",
            f[0].replace("record level", "record high"),
            f[1],
            '"We are not taking any chances," Soder said on Monday night.',
            f[4],
            "Share this article",
            id="valley", source="Valley Herald", date="2026-05-04T20:00:00+00:00",
        ),
        article(
            "ESKBY (VNS) _ " + f[1],
            f[5],
            f[3] + " Schools in Tolmar will stay closed until Thursday.",
            id="wire", source="Valley News Service", url="https://vns.example/dam",
        ),
    )


def assert_matches_golden(output: Any, path: str | Path) -> None:
    """``output`` equals the JSON in ``path``; with NEWSUM_UPDATE_GOLDEN=1 the file is first
    rewritten from ``output`` (then review the diff)."""
    if os.environ.get("NEWSUM_UPDATE_GOLDEN"):
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(output, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
    with open(path, encoding="utf-8") as handle:
        assert output == json.load(handle)
