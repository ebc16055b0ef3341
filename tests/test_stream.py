"""Streams: ingest into a store, near-duplicates, story grouping, the stream commands, and a
kill -9 in the middle of an ingest. Articles written for the tests (fictional)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from builders import record
from newsum.cli import main
from newsum.store.sqlite import SCHEMA_VERSION, SQLiteStore, StoreError
from newsum.stream.duplicates import band_keys, estimated_jaccard, signature
from newsum.stream.grouping import StoryGrouper
from newsum.stream.ingest import ingest

FLOOD = [
    "Floodwater from the Varn River forced about 4,000 residents of Eskby and Tolmar from their homes on Monday, the regional council said.",
    "Engineers opened the spillway of the Varn dam after days of heavy rain raised the reservoir to a record level.",
    "Regional governor Anneli Soder said the Varn dam was structurally sound and the release of water was a precaution.",
    "Rail services between Eskby and the coast were suspended after a section of track near the Varn River flooded.",
]
STRIKE = [
    "Dockworkers at the port of Kessmouth walked off the job on Tuesday, halting container traffic at the country's largest harbour.",
    "The Kessmouth dockers' union is seeking a 9 percent pay rise over two years; the port authority has offered 4 percent.",
    "Union leader Tomas Greel said the Kessmouth strike would continue until the port authority returned to the table.",
    "Shipping lines began diverting vessels from Kessmouth to smaller ports along the coast, the port authority said.",
]


def feed_line(id: str, text: str, *, date: str = "2026-03-02", source: str = "Wire", title: str | None = None, **extra) -> str:
    record = {"id": id, "source": source, "date": date, "text": text, **extra}
    if title:
        record["title"] = title
    return json.dumps(record)


def write_feed(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def story_of(store: SQLiteStore, article_id: str) -> str:
    return store.resolve_story(store.article(f"id:{article_id}").story_id)


@pytest.fixture
def two_stories(tmp_path):
    lines = []
    for day in range(4):
        lines.append(feed_line(f"flood-{day}", " ".join(FLOOD[day:] + FLOOD[:day]), date=f"2026-03-0{day + 2}", source=f"Outlet {day}", title="Varn River flood forces evacuations"))
        lines.append(feed_line(f"strike-{day}", " ".join(STRIKE[day:] + STRIKE[:day]), date=f"2026-03-0{day + 2}", source=f"Outlet {day}", title="Kessmouth dockers strike"))
    return write_feed(tmp_path / "feed.jsonl", lines)


def test_articles_about_two_events_make_two_stories(tmp_path, two_stories):
    store = SQLiteStore(tmp_path / "news.db")
    report = ingest([str(two_stories)], store)
    assert report.added == 8
    floods = {story_of(store, f"flood-{d}") for d in range(4)}
    strikes = {story_of(store, f"strike-{d}") for d in range(4)}
    assert len(floods) == 1 and len(strikes) == 1 and floods != strikes
    (flood_story,) = floods
    record = store.story(flood_story)
    assert set(record.articles) == {f"flood-{d}" for d in range(4)}
    assert record.outlets == ("Outlet 0", "Outlet 1", "Outlet 2", "Outlet 3")
    utc = dt.timezone.utc
    assert record.first_seen == dt.datetime(2026, 3, 2, tzinfo=utc) and record.last_seen == dt.datetime(2026, 3, 5, tzinfo=utc)


def test_ingesting_the_same_articles_again_changes_nothing(tmp_path, two_stories):
    store = SQLiteStore(tmp_path / "news.db")
    ingest([str(two_stories)], store)
    before = store.counts(), [r.to_dict() for r in store.stories()]
    report = ingest([str(two_stories)], store)
    assert report.added == 0 and report.unchanged == 8
    assert (store.counts(), [r.to_dict() for r in store.stories()]) == before


def test_a_changed_text_under_the_same_id_is_an_update_with_history(tmp_path, two_stories):
    store = SQLiteStore(tmp_path / "news.db")
    ingest([str(two_stories)], store)
    story = story_of(store, "flood-0")
    changed = write_feed(tmp_path / "changed.jsonl", [feed_line("flood-0", " ".join(FLOOD) + " The council later said 4,200 people had left.", source="Outlet 0", title="Varn River flood forces evacuations")])
    report = ingest([str(changed)], store)
    assert report.updated == 1 and report.added == 0
    assert "4,200" in store.article("id:flood-0").text
    assert store.db.execute("SELECT count(*) FROM article_history WHERE key='id:flood-0'").fetchone()[0] == 1
    assert story_of(store, "flood-0") == story and story in store.stale_stories()


def test_wire_copy_with_small_edits_joins_its_original_as_a_copy(tmp_path):
    original = " ".join(FLOOD * 2)
    edited = "ESKBY (Wire) - " + original.replace("about 4,000", "some 4,000")
    feed = write_feed(tmp_path / "feed.jsonl", [feed_line("a", original, source="Wire"), feed_line("b", edited, source="Daily Post")])
    store = SQLiteStore(tmp_path / "news.db")
    report = ingest([str(feed)], store)
    assert report.copies == 1
    copy = store.article("id:b")
    assert copy.copy_of == "id:a" and copy.story_id == store.article("id:a").story_id
    assert store.story(copy.story_id).outlets == ("Wire", "Daily Post")


def test_minhash_estimates_jaccard_and_is_the_same_in_every_process():
    a = " ".join(FLOOD * 3)
    b = a.replace("Monday", "Tuesday")
    assert estimated_jaccard(signature(a), signature(a)) == 1.0
    assert 0.7 < estimated_jaccard(signature(a), signature(b)) < 1.0
    assert estimated_jaccard(signature(a), signature(" ".join(STRIKE * 3))) < 0.1
    code = "from newsum.stream.duplicates import signature, band_keys; import sys; print(band_keys(signature(sys.argv[1]))[0])"
    other = subprocess.run([sys.executable, "-c", code, a], capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "7"})
    assert other.stdout.strip() == band_keys(signature(a))[0]


def test_a_story_closes_after_a_quiet_spell_and_new_coverage_is_its_follow_up():
    grouper = StoryGrouper(close_after_days=90)
    import datetime as dt

    first = grouper.add("Varn River flood", " ".join(FLOOD), dt.date(2026, 3, 2))
    later = grouper.add("Varn River flood, a year on", " ".join(FLOOD), dt.date(2026, 9, 1))
    assert first.story_id in later.closed
    assert later.new_story and later.story_id != first.story_id and later.follow_up_of == first.story_id


def test_the_same_input_in_the_same_order_gives_the_same_stories(tmp_path, two_stories):
    runs = []
    for name in ("one.db", "two.db"):
        store = SQLiteStore(tmp_path / name)
        ingest([str(two_stories)], store)
        runs.append([r.to_dict() for r in store.stories()])
    assert runs[0] == runs[1]


def test_stories_command_prints_the_grouping_as_json_and_jsonl(tmp_path, two_stories, capsys):
    db = str(tmp_path / "news.db")
    assert main(["ingest", str(two_stories), "--db", db, "-q"]) == 0
    capsys.readouterr()
    assert main(["stories", "--db", db, "--format", "json"]) == 0
    stories = json.loads(capsys.readouterr().out)
    assert sorted(a for s in stories for a in s["articles"]) == sorted([f"flood-{d}" for d in range(4)] + [f"strike-{d}" for d in range(4)])
    assert all({"id", "articles", "outlets", "first_seen", "last_seen", "headline"} <= set(s) for s in stories)
    assert main(["stories", "--db", db, "--format", "jsonl", "--min-sources", "5"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["stories", "--db", db, "--search", "dockers"]) == 0
    assert "Kessmouth" in capsys.readouterr().out


def test_export_gives_a_cluster_line_and_refresh_stores_digests_once(tmp_path, two_stories, capsys):
    db = str(tmp_path / "news.db")
    assert main(["ingest", str(two_stories), "--db", db, "-q"]) == 0
    store = SQLiteStore(db, readonly=True)
    story = story_of(store, "strike-0")
    store.close()
    capsys.readouterr()
    assert main(["export", "--db", db, "--story", story]) == 0
    cluster = json.loads(capsys.readouterr().out)
    assert cluster["id"] == story and len(cluster["documents"]) == 4
    assert main(["refresh", "--db", db]) == 0
    assert "refreshed 2 stories" in capsys.readouterr().err
    assert main(["refresh", "--db", db]) == 0
    assert "up to date" in capsys.readouterr().err
    summary, insight = SQLiteStore(db, readonly=True).digest(story)
    assert summary["sentences"] and "quotes" in insight


def test_an_update_summary_leaves_out_what_earlier_articles_said(tmp_path, capsys):
    old = write_feed(tmp_path / "old.jsonl", [record({"id": "o1", "text": " ".join(FLOOD)}, id="old")])
    new = write_feed(tmp_path / "new.jsonl", [record({"id": "n1", "text": FLOOD[0] + " Two bridges in Tolmar were closed on Wednesday as the water kept rising."}, id="new")])
    assert main(["summarize", str(new), "--seen", str(old), "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    text = " ".join(s["text"] for s in summary["sentences"])
    assert "bridges" in text and "4,000 residents" not in text


def test_a_malformed_feed_line_names_its_line_and_is_skipped_only_when_asked(tmp_path, capsys):
    feed = write_feed(tmp_path / "feed.jsonl", [feed_line("a", " ".join(FLOOD)), "{not json", feed_line("b", " ".join(STRIKE))])
    db = str(tmp_path / "news.db")
    assert main(["ingest", str(feed), "--db", db]) == 1
    assert "feed.jsonl" in capsys.readouterr().err and SQLiteStore(db).counts()["articles"] == 0
    assert main(["ingest", str(feed), "--db", db, "--skip-bad"]) == 3
    err = capsys.readouterr().err
    assert "line 2" in err and SQLiteStore(db).counts()["articles"] == 2


def test_a_store_from_a_newer_newsum_is_refused(tmp_path):
    path = tmp_path / "news.db"
    SQLiteStore(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value=? WHERE name='schema_version'", (str(SCHEMA_VERSION + 1),))
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer than this newsum"):
        SQLiteStore(path)


def test_a_second_writer_fails_at_once_when_asked_not_to_wait(tmp_path, two_stories, capsys):
    db = tmp_path / "news.db"
    holder = SQLiteStore(db)
    with holder.writing():
        assert main(["ingest", str(two_stories), "--db", str(db), "--no-wait"]) == 1
    assert "another newsum process is writing" in capsys.readouterr().err


def test_rss_entries_become_articles(tmp_path):
    items = "".join(
        f"<item><title>Flood {i}</title><link>https://example.org/flood-{i}</link><pubDate>Mon, 0{i + 2} Mar 2026 10:00:00 GMT</pubDate>"
        f"<description>{' '.join(FLOOD)}</description></item>"
        for i in range(2)
    )
    feed = tmp_path / "feed.xml"
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Herald</title>{items}</channel></rss>', encoding="utf-8")
    store = SQLiteStore(tmp_path / "news.db")
    report = ingest([str(feed)], store)
    assert report.added == 2
    (key,) = store.db.execute("SELECT key FROM articles WHERE url='https://example.org/flood-0'").fetchone()
    article = store.article(key)
    assert article.source == "Valley Herald" and article.date.startswith("2026-03-02") and "spillway" in article.text


def test_an_rss_file_is_read_as_html_with_its_entities_unescaped(tmp_path):
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Herald</title>'
        "<item><title>Mayor says &quot;no&quot; to the dam &amp; the bridge</title><link>https://example.org/dam?utm_source=rss</link>"
        "<guid>dam-1</guid><pubDate>Mon, 02 Mar 2026 09:00:00 +0100</pubDate>"
        "<description>&lt;p&gt;&lt;b&gt;Eskby&lt;/b&gt; mayor Lena Orr said &amp;quot;the dam is safe&amp;quot; on Monday.&lt;/p&gt;"
        "&lt;p&gt;Engineers disagree.&lt;/p&gt;</description></item></channel></rss>", encoding="utf-8")
    store = SQLiteStore(tmp_path / "news.db")
    ingest([str(feed)], store)
    (article,) = list(store.all_articles())
    assert article.title == 'Mayor says "no" to the dam & the bridge' and article.source == "Valley Herald"
    assert article.text == 'Eskby mayor Lena Orr said "the dam is safe" on Monday.\nEngineers disagree.'
    assert article.url == "https://example.org/dam" and article.published.isoformat() == "2026-03-02T08:00:00+00:00"
