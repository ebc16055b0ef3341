"""newsum batch on Dask: the same stories as `newsum ingest`, outputs, input read in pieces,
resume, bad records, and a worker killed in the middle. Articles written for the tests
(fictional), one local cluster per test."""

from __future__ import annotations

import json
import os
import random
import signal
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytest.importorskip("dask.dataframe")
from distributed import Client, LocalCluster  # noqa: E402

from newsum.batch.job import BatchConfig, run_batch  # noqa: E402
from newsum.batch.reading import input_units, read_unit  # noqa: E402
from newsum.cli import main  # noqa: E402
from newsum.store import open_store, store_location  # noqa: E402
from newsum.stream.ingest import ingest  # noqa: E402

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


def feed_lines(n: int, *, days: int = 60, copies_every: int = 0) -> list[str]:
    """``n`` articles on five events over ``days`` days; with ``copies_every``, every k-th is a
    wire copy (same text, another id and outlet) of the article before it. Over more than 120
    days, events take turns in 100-day phases (two, then two others, then the first two
    again), so stories close and come back."""
    rng = random.Random(3)
    lines, previous = [], None
    for i in range(n):
        day = (i * days) // n
        event = i % len(EVENTS) if days <= 120 else i % 2 + 2 * ((day // 100) % 2)
        place, kind, lead = EVENTS[event]
        words = WORDS[event]
        body = " ".join([lead] + [f"{place} {' '.join(rng.sample(words, 5))} {kind} {rng.randint(1, 999)}." for _ in range(6)])
        record = {"id": f"a{i}", "source": f"Outlet {i % 4}", "date": f"2026-{1 + day // 28:02d}-{1 + day % 28:02d}", "title": f"{place} {kind}", "text": body}
        if copies_every and i % copies_every == 0 and previous is not None:
            record.update(title=previous["title"], text=previous["text"], date=previous["date"])
        lines.append(json.dumps(record))
        previous = record
    return lines


def write_feed(path: Path, n: int, *, bad_line: bool = False, days: int = 60, copies_every: int = 0) -> Path:
    lines = feed_lines(n, days=days, copies_every=copies_every)
    if bad_line:
        lines.insert(3, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def partition(stories: list[dict]) -> list[list[str]]:
    return sorted(sorted(s["articles"]) for s in stories)


def check_outputs(out: Path, n: int) -> list[dict]:
    stories = read_lines(out / "stories.jsonl")
    assert all(set(s) == {"id", "articles", "outlets", "first_seen", "last_seen", "headline", "status", "follow_up_of"} for s in stories)
    articles = [a for s in stories for a in s["articles"]]
    assert sorted(articles) == sorted(f"a{i}" for i in range(n))  # every article once: nothing lost or doubled
    summaries = read_lines(out / "summaries.jsonl")
    assert sorted(s["id"] for s in summaries) == sorted(s["id"] for s in stories)
    assert sorted(p.name.split(".")[1] for p in (out / "stories").glob("*.parquet")) == sorted(p.name.split(".")[1] for p in (out / "summaries").glob("*.jsonl"))
    assert json.loads((out / "report.json").read_text())["stories"] == len(stories)
    assert not (out / "_work").exists()
    return stories


def ingest_partition(feed: Path, tmp_path: Path) -> list[list[str]]:
    store = open_store(tmp_path / "single.db")
    ingest([str(feed)], store)
    by_story: dict[str, list[str]] = {}
    for record in store.all_articles():
        by_story.setdefault(store.resolve_story(record.story_id), []).append(record.id)
    store.close()
    return sorted(sorted(v) for v in by_story.values())


@pytest.fixture
def threads_cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster, Client(cluster) as client:
        yield client


def test_batch_makes_the_stories_ingest_makes_window_after_window(tmp_path, threads_cluster):
    # Stories close (90 days) and come back as follow-ups, copies join their originals, and
    # each window starts with the stories open at its end: 12 windows, one chain.
    feed = write_feed(tmp_path / "feed.jsonl", 240, days=250, copies_every=7)
    report = run_batch([str(feed)], tmp_path / "out", config=BatchConfig(window=20, stories_per_task=3), client=threads_cluster)
    stories = check_outputs(tmp_path / "out", 240)
    assert report["windows"] >= 10 and report["copies"] > 0
    assert partition(stories) == ingest_partition(feed, tmp_path)
    assert any(s["status"] == "closed" for s in stories) and any(s["follow_up_of"] for s in stories)
    # The stories are in the store as well, for `newsum serve` and `newsum stories`.
    store = open_store(tmp_path / "out" / "store.db", readonly=True)
    assert partition([s.to_dict() for s in store.stories()]) == partition(stories)
    store.close()
    frequencies = __import__("pandas").read_parquet(tmp_path / "out" / "document_frequencies")
    assert frequencies["documents"].max() <= 240 and ("en", "eskbi") in set(zip(frequencies["language"], frequencies["stem"]))


def test_each_story_is_one_event_and_summarized(tmp_path, threads_cluster):
    feed = write_feed(tmp_path / "feed.jsonl", 120)
    run_batch([str(feed)], tmp_path / "out", config=BatchConfig(window=30), client=threads_cluster)
    stories = check_outputs(tmp_path / "out", 120)
    by_event: dict[int, list[str]] = {}
    for story in stories:
        events = {int(a[1:]) % len(EVENTS) for a in story["articles"]}
        assert len(events) == 1  # a story is one event
        by_event.setdefault(events.pop(), []).append(story["id"])
    assert len(by_event) == len(EVENTS)
    summaries = read_lines(tmp_path / "out" / "summaries.jsonl")
    assert all(s["sentences"] and all(sentence["sources"] for sentence in s["sentences"]) for s in summaries)


@pytest.mark.parametrize("block_bytes", [10**9, 4096, 1000, 333])
def test_a_feed_read_in_byte_ranges_gives_every_line_once_and_names_bad_lines(tmp_path, block_bytes):
    lines = feed_lines(40)
    lines.insert(30, "{not json")
    lines.insert(12, "")
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frames = [read_unit(unit) for unit in input_units([str(feed)], block_bytes=block_bytes)]
    rows = [row for frame in frames for row in frame.to_dict("records")]
    assert sorted(r["id"] for r in rows if not isinstance(r["error"], str)) == sorted(f"a{i}" for i in range(40))
    (bad,) = [r for r in rows if isinstance(r["error"], str)]
    assert bad["where"] == f"{feed}:32" and "line 32" in bad["error"]


def test_bad_records_are_listed_with_their_line_and_the_command_exits_3(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", 40, bad_line=True)
    code = main(["batch", str(feed), "--out", str(tmp_path / "out"), "--workers", "1", "--no-progress"])
    assert code == 3
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["skipped_count"] == 1 and "feed.jsonl" in report["skipped"][0]["error"] and "line 4" in report["skipped"][0]["error"]
    assert (tmp_path / "out" / "skipped").is_dir()
    check_outputs(tmp_path / "out", 40)


def test_an_input_that_is_not_there_is_named(tmp_path, capsys):
    code = main(["batch", str(tmp_path / "nothing-*.jsonl"), "--out", str(tmp_path / "out"), "--workers", "1", "--no-progress"])
    assert code != 0 and "matches no file" in capsys.readouterr().err


def test_a_killed_worker_loses_and_duplicates_nothing(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", 200, days=200, copies_every=9)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, Client(cluster) as client:
        pids = list(client.run(os.getpid).values())
        killed = []

        def kill_one(done: int, total: int) -> None:
            if not killed and done >= 8:
                os.kill(pids[0], signal.SIGKILL)  # mid-job: Dask restarts the worker and retries its tasks
                killed.append(pids[0])

        run_batch([str(feed)], tmp_path / "out", config=BatchConfig(window=15, stories_per_task=2), client=client, progress=kill_one)
    assert killed
    stories = check_outputs(tmp_path / "out", 200)
    assert partition(stories) == ingest_partition(feed, tmp_path)


class Stop(Exception):
    pass


def test_a_job_run_again_keeps_what_was_done_and_completes_it(tmp_path, threads_cluster):
    feed = write_feed(tmp_path / "feed.jsonl", 150, days=200)
    out = tmp_path / "out"

    def stop_midway(done: int, total: int) -> None:
        if done >= 12 and list((out / "stories").glob("*.parquet")):
            raise Stop  # the driver dies with some summaries written and the chain part way

    with pytest.raises(Stop):
        run_batch([str(feed)], out, config=BatchConfig(window=10, stories_per_task=2), client=threads_cluster, progress=stop_midway)
    written = {p.name: p.stat().st_mtime_ns for p in (out / "stories").glob("*.parquet")}
    run_batch([str(feed)], out, config=BatchConfig(window=10, stories_per_task=2), client=threads_cluster)
    stories = check_outputs(out, 150)
    assert written and all((out / "stories" / name).stat().st_mtime_ns == mtime for name, mtime in written.items())  # kept, not redone
    assert partition(stories) == ingest_partition(feed, tmp_path)
    # Other settings would make other stories: refused, not mixed.
    (out / "_work").mkdir()
    (out / "_work" / "settings.json").write_text(json.dumps({"window": 10, "close_after_days": 90, "store": str(out / "store.db")}))
    code = main(["batch", str(feed), "--out", str(out), "--window", "30", "--workers", "1", "--no-progress"])
    assert code != 0


def test_parquet_input_and_prepared_input_give_the_same_stories_as_jsonl(tmp_path, threads_cluster):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    feed = write_feed(tmp_path / "feed.jsonl", 60)
    pq.write_table(pa.Table.from_pylist(read_lines(feed)), tmp_path / "feed.parquet")
    outs = {}
    for name in ("feed.jsonl", "feed.parquet"):
        run_batch([str(tmp_path / name)], tmp_path / name.replace(".", "-"), config=BatchConfig(window=25), client=threads_cluster)
        outs[name] = partition(read_lines(tmp_path / name.replace(".", "-") / "stories.jsonl"))
    assert outs["feed.jsonl"] == outs["feed.parquet"]
    code = main(["batch", "prepare", str(feed), "--out", str(tmp_path / "prepared"), "--window", "25", "--workers", "1"])
    assert code == 0 and len(list((tmp_path / "prepared" / "articles").glob("part.*.parquet"))) == 3
    code = main(["batch", str(tmp_path / "prepared"), "--out", str(tmp_path / "from-prepared"), "--workers", "1", "--no-progress"])
    assert code == 0 and partition(read_lines(tmp_path / "from-prepared" / "stories.jsonl")) == outs["feed.jsonl"]
    assert (tmp_path / "prepared" / "articles").is_dir()  # prepared input is the user's: kept


def test_the_stories_can_go_to_postgresql_for_workers_on_several_machines(tmp_path, threads_cluster, postgres_server):
    import pg_server

    address, drop = pg_server.fresh_schema(postgres_server)
    try:
        feed = write_feed(tmp_path / "feed.jsonl", 120, days=250, copies_every=7)
        report = run_batch([str(feed)], tmp_path / "out", config=BatchConfig(window=25), client=threads_cluster, store=address)
        assert report["store"] == store_location(address)  # a password never written out
        stories = check_outputs(tmp_path / "out", 120)
        assert partition(stories) == ingest_partition(feed, tmp_path)
        assert not (tmp_path / "out" / "store.db").exists()
        store = open_store(address, readonly=True)
        assert partition([s.to_dict() for s in store.stories()]) == partition(stories)
        store.close()
    finally:
        drop()


def test_windows_cut_by_hour_of_publication_never_split_an_hour():
    from newsum.batch.reading import window_starts

    hours, counts = [10, 11, 12, 13, 20, 21], [3, 4, 9, 1, 2, 2]
    assert window_starts(hours, counts, 5).tolist() == [10, 12, 13]  # 3+4 | 9 | 1+2+2
    assert window_starts(hours, counts, 100).tolist() == [10]
    assert window_starts([], [], 5).tolist() == [0]


def test_undated_articles_are_grouped_in_the_order_they_came_as_ingest_groups_them(tmp_path, threads_cluster, monkeypatch):
    monkeypatch.setattr("newsum.batch.reading.UNDATED_BUCKET", 4096)  # windows of a few articles from this small feed
    rows = [json.loads(line) for line in feed_lines(90)]
    random.Random(5).shuffle(rows)
    feed = tmp_path / "undated.jsonl"
    feed.write_text("".join(json.dumps({k: v for k, v in row.items() if k != "date"}) + "\n" for row in rows), encoding="utf-8")
    report = run_batch([str(feed)], tmp_path / "out", config=BatchConfig(window=10), client=threads_cluster)
    assert report["windows"] >= 3
    assert partition(check_outputs(tmp_path / "out", 90)) == ingest_partition(feed, tmp_path)
