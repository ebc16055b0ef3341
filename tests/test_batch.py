"""newsum batch on Dask: outputs, resume, bad records, and a worker killed in the middle.
Articles written for the tests (fictional), one local cluster per test."""

from __future__ import annotations

import json
import os
import random
import signal
from pathlib import Path

import pytest

pytest.importorskip("distributed")
from distributed import Client, LocalCluster  # noqa: E402

from newsum.batch.job import BatchConfig, run_batch  # noqa: E402
from newsum.cli import main  # noqa: E402

EVENTS = [
    ("Eskby", "flood", "Floodwater from the Varn River forced residents of Eskby from their homes as engineers opened the dam spillway."),
    ("Kessmouth", "strike", "Dockworkers at the port of Kessmouth walked off the job, halting container traffic at the harbour."),
    ("Ostral", "derailment", "A passenger train left the tracks near Ostral on a mountain curve, injuring dozens of travellers."),
    ("Tolmar", "election", "Voters in Tolmar elected a new mayor after a recount of the disputed ballots in three districts."),
    ("Carrow", "fire", "A fire at a chemical plant in Carrow sent black smoke over the town and forced the closure of schools."),
]


WORDS = [
    "spillway reservoir levee sandbags evacuation riverbank floodwater rainfall dam valley".split(),
    "dockers union wages container cranes shipping berth picket stoppage harbour".split(),
    "carriages rails locomotive gorge curve passengers rescuers signal track driver".split(),
    "ballots recount mayor districts turnout candidate council polling votes campaign".split(),
    "chemical smoke firefighters plant blaze solvents tanks schools fumes warehouse".split(),
]


def write_feed(path: Path, n: int, *, bad_line: bool = False) -> Path:
    rng = random.Random(3)
    lines = []
    for i in range(n):
        place, kind, lead = EVENTS[i % len(EVENTS)]
        day = 1 + (i * 60) // n  # 60 days of news: two partitions of 30 days
        words = WORDS[i % len(EVENTS)]
        body = " ".join([lead] + [f"{place} {' '.join(rng.sample(words, 5))} {kind} {rng.randint(1, 999)}." for _ in range(6)])
        lines.append(json.dumps({"id": f"a{i}", "source": f"Outlet {i % 4}", "date": f"2026-03-{day:02d}" if day <= 31 else f"2026-04-{day - 31:02d}",
                                 "title": f"{place} {kind}", "text": body}))
    if bad_line:
        lines.insert(3, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def check_outputs(out: Path, n: int) -> list[dict]:
    stories = read_lines(out / "stories.jsonl")
    assert all(set(s) == {"id", "articles", "outlets", "first_seen", "last_seen", "headline", "status", "follow_up_of"} for s in stories)
    articles = [a for s in stories for a in s["articles"]]
    assert sorted(articles) == sorted(f"a{i}" for i in range(n))  # every article once: nothing lost or doubled
    summaries = read_lines(out / "summaries.jsonl")
    assert sorted(s["id"] for s in summaries) == sorted(s["id"] for s in stories)
    assert (out / "stories.parquet").exists() and json.loads((out / "report.json").read_text())["stories"] == len(stories)
    assert not (out / "_parts").exists()
    return stories


def test_batch_groups_summarizes_and_writes_every_output(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", 120)
    with LocalCluster(n_workers=1, processes=False, dashboard_address=":0") as cluster, Client(cluster) as client:
        report = run_batch([str(feed)], tmp_path / "out", config=BatchConfig(), client=client)
    stories = check_outputs(tmp_path / "out", 120)
    assert report["partitions"] == 2 and 5 <= len(stories) <= 10
    by_event = {}
    for story in stories:
        events = {int(a[1:]) % len(EVENTS) for a in story["articles"]}
        assert len(events) == 1  # a story is one event
        by_event.setdefault(events.pop(), []).append(story["id"])
    assert len(by_event) == len(EVENTS)


def test_bad_records_are_listed_with_their_line_and_the_command_exits_3(tmp_path, capsys):
    feed = write_feed(tmp_path / "feed.jsonl", 40, bad_line=True)
    code = main(["batch", str(feed), "--out", str(tmp_path / "out"), "--workers", "1", "--no-progress"])
    assert code == 3
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert len(report["skipped"]) == 1 and "feed.jsonl" in report["skipped"][0]["error"] and "line 4" in report["skipped"][0]["error"]
    check_outputs(tmp_path / "out", 40)


def test_a_killed_worker_loses_and_duplicates_nothing(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", 200)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, Client(cluster) as client:
        pids = list(client.run(os.getpid).values())
        killed = []

        def kill_one(done: int, total: int) -> None:
            if not killed:
                os.kill(pids[0], signal.SIGKILL)  # mid-job: Dask restarts the worker and retries its tasks
                killed.append(pids[0])

        run_batch([str(feed)], tmp_path / "out", config=BatchConfig(window_days=10, overlap_days=3, stories_per_task=2), client=client, progress=kill_one)
    assert killed
    check_outputs(tmp_path / "out", 200)


def test_a_job_run_again_reuses_the_parts_already_written(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", 60)
    out = tmp_path / "out"
    with LocalCluster(n_workers=1, processes=False, dashboard_address=":0") as cluster, Client(cluster) as client:
        first = run_batch([str(feed)], out, client=client)
        # A crash after the grouping: its parts are kept, the rerun reads them instead of computing.
        parts = out / "_parts"
        parts.mkdir()
        marker = {"index": 0, "assignments": {}, "signatures": {}, "spans": {}, "articles": 0, "seconds": 0.0}
        (parts / "grouping-0.json").write_text(json.dumps(first and marker))
        with pytest.raises(KeyError):  # the (deliberately empty) part was used, not recomputed
            run_batch([str(feed)], out, client=client)


def test_parquet_input_gives_the_same_stories_as_jsonl(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    feed = write_feed(tmp_path / "feed.jsonl", 60)
    rows = read_lines(feed)
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "feed.parquet")
    outs = {}
    with LocalCluster(n_workers=1, processes=False, dashboard_address=":0") as cluster, Client(cluster) as client:
        for name in ("feed.jsonl", "feed.parquet"):
            run_batch([str(tmp_path / name)], tmp_path / name.replace(".", "-"), client=client)
            outs[name] = sorted(sorted(s["articles"]) for s in read_lines(tmp_path / name.replace(".", "-") / "stories.jsonl"))
    assert outs["feed.jsonl"] == outs["feed.parquet"]
