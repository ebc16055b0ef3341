"""The store contract: every backend behaves the same through the protocols of
newsum.store.base (the fixtures run each test on SQLite and on PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from newsum.store import ArticleRecord, StoreError, open_store, store_location

UTC = dt.timezone.utc


def article(n: int, *, story: str | None = "s1", date: str | None = "2026-03-02", source: str | None = "Wire",
            text: str | None = None, title: str | None = None, language: str | None = "en", url: str | None = None) -> ArticleRecord:
    body = text or f"The harbour council of Eskby voted on the new ferry timetable, report number {n}."
    return ArticleRecord(f"id:a{n}", f"a{n}", url or f"https://example.org/a{n}", source, date, title or f"Ferry vote {n}", body,
                         f"fp{n}", story, None, n, language)


def put(store, *records: ArticleRecord) -> None:
    with store.batch():
        for record in records:
            store.put_article(record)


def test_an_article_is_stored_and_read_back_as_it_was_given(store):
    put(store, article(1, date="2026-03-02T10:30:00+02:00"))
    got = store.article("id:a1")
    assert got.date == "2026-03-02T10:30:00+02:00" and got.published == dt.datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    assert (got.id, got.url, got.source, got.title, got.story_id, got.position, got.language) == (
        "a1", "https://example.org/a1", "Wire", "Ferry vote 1", "s1", 1, "en")
    assert store.article("id:nothing") is None
    assert store.counts() == {"articles": 1, "copies": 0, "stories": 1, "updates": 0, "waiting": 0}


def test_an_update_keeps_the_old_text_in_the_history_and_marks_the_story_changed(store):
    put(store, article(1))
    with store.batch():
        store.save_digest("s1", {"sentences": []}, {}, "v")
    assert store.stale_stories() == []
    old = store.article("id:a1")
    with store.batch():
        store.put_article(article(1, text="A corrected text about the ferry vote in Eskby."), replaced=old)
    assert store.article("id:a1").text.startswith("A corrected")
    assert store.counts()["updates"] == 1 and store.stale_stories() == ["s1"]


def test_times_are_compared_in_utc_whatever_offset_they_were_written_with(store):
    # 23:30 at UTC-5 is 04:30 UTC on the 3rd: later than 02:00 UTC on the 3rd, though its text sorts first.
    put(store, article(1, story="late", date="2026-03-02T23:30:00-05:00"), article(2, story="early", date="2026-03-03T02:00:00+00:00"))
    assert [s.id for s in store.stories()] == ["late", "early"]
    assert store.story("late").last_seen == dt.datetime(2026, 3, 3, 4, 30, tzinfo=UTC)
    since = dt.datetime(2026, 3, 3, 3, 0, tzinfo=UTC)
    assert [s.id for s in store.stories(since=since)] == ["late"]
    assert [r["id"] for r in store.story_rows(since=since)] == ["late"]


def test_story_records_rows_and_headers_agree(store):
    put(store, article(1, source="Herald"), article(2, source="Times", date="2026-03-04"), article(3, story="s2", source=None))
    record = store.story("s1")
    assert record.articles == ("a1", "a2") and record.outlets == ("Herald", "Times") and record.status == "open"
    assert (record.first_seen.date(), record.last_seen.date()) == (dt.date(2026, 3, 2), dt.date(2026, 3, 4))
    rows = {r["id"]: r for r in store.story_rows()}
    assert rows["s1"]["size"] == 2 and rows["s1"]["outlets"] == ["Herald", "Times"]
    assert rows["s1"]["first_seen"].startswith("2026-03-02") and rows["s1"]["last_seen"].startswith("2026-03-04")
    assert [r["id"] for r in store.story_rows(min_outlets=2)] == ["s1"]
    assert [r["id"] for r in store.story_rows(order="size")] == ["s1", "s2"]
    assert store.story_rows(ids=set()) == [] and [r["id"] for r in store.story_rows(ids={"s2"})] == ["s2"]
    header = store.story_header("s1")
    assert header["size"] == 2 and header["outlets"] == ["Herald", "Times"] and header["headline"] == "Ferry vote 1"
    assert [a["id"] for a in store.story_article_list("s1")] == ["a1", "a2"]
    assert [a.key for a in store.story_articles("s1")] == ["id:a1", "id:a2"]
    assert [a.key for a in store.all_articles()] == ["id:a1", "id:a2", "id:a3"] and store.next_position() == 4


def test_merged_stories_resolve_to_the_kept_one_and_lose_their_digest(store):
    put(store, article(1, story="kept", date="2026-03-05"), article(2, story="gone", date="2026-03-01"))
    with store.batch():
        store.save_digest("gone", {"x": 1}, {}, "v")
        store.merge_stories("gone", "kept")
        store.set_follow_up("kept", "older")
    assert store.resolve_story("gone") == "kept" and store.digest("gone") is None
    kept = store.story("gone")
    assert kept.id == "kept" and kept.articles == ("a2", "a1") and kept.follow_up_of == "older"
    assert kept.first_seen.date() == dt.date(2026, 3, 1) and store.counts()["stories"] == 1


def test_grouping_state_open_stories_and_closed_signatures(store):
    with store.batch():
        store.save_state("grouper", {"now": "2026-03-02", "n": 3})
        store.save_open_story("s1", {"totals": {"stems": {"ferri": 1.0}}})
        store.save_open_story("s1", {"totals": {"stems": {"ferri": 2.0}}})
        store.save_open_story("s2", {"x": 1})
        store.drop_open_story("s2")
        store.add("old", {"ferri": 0.8, "harbour": 0.6}, dt.date(2026, 1, 10))
        store.add("older", {"ferri": 0.1}, dt.date(2025, 1, 10))
    assert store.load_state("grouper") == {"now": "2026-03-02", "n": 3} and store.load_state("nothing") is None
    assert list(store.open_stories()) == [("s1", {"totals": {"stems": {"ferri": 2.0}}})]
    best, score = store.most_similar({"ferri": 1.0, "harbour": 1.0})
    assert best == "old" and score == pytest.approx(1.4)
    assert store.most_similar({"ferri": 1.0}, since=dt.date(2026, 1, 11)) == (None, 0.0)
    assert store.cold_signatures()["old"] == {"ferri": 0.8, "harbour": 0.6}


def test_near_duplicate_signatures_leave_the_index_when_their_story_closes(store):
    put(store, article(1))
    signature = np.arange(8, dtype=np.uint64)
    with store.batch():
        store.add_duplicate_signature("id:a1", ["b1", "b2"], signature)
    (found,) = list(store.duplicate_candidates(["b2", "b9"]))
    assert found[0] == "id:a1" and np.array_equal(found[1], signature)
    with store.batch():
        store.close_story("s1")
    assert list(store.duplicate_candidates(["b1"])) == [] and store.story("s1").status == "closed"


def test_digests_and_page_views(store):
    put(store, article(1))
    assert store.stale_stories() == ["s1"] and store.digest("s1") is None and store.page_view("s1") is None
    with store.batch():
        store.save_digest("s1", {"sentences": [{"text": "Ferry vote «passé»"}]}, {"quotes": []}, "1.0", {"summary": {}})
    assert store.digest("s1") == ({"sentences": [{"text": "Ferry vote «passé»"}]}, {"quotes": []})
    assert store.page_view("s1") == {"summary": {}} and store.stale_stories() == []


def test_search_reads_the_query_in_each_language_of_the_store(store):
    put(store,
        article(1, text="Dockworkers went on strike at the port of Kessmouth on Tuesday.", title="Port strike"),
        article(2, story="s2", text="The harbour council voted on the ferry timetable.", title="Ferry vote"),
        article(3, story="s3", language="fr", title="Grève au port",
                text="Les dockers du port de Kessmouth se sont mis en grève mardi, selon le syndicat des travailleurs."))
    assert {k for k, _ in store.search("strikes")} == {"id:a1"}  # stems: strikes ~ strike
    assert {k for k, _ in store.search('"port of Kessmouth"')} == {"id:a1"}
    assert {k for k, _ in store.search("strike OR ferry")} == {"id:a1", "id:a2"}
    assert {k for k, _ in store.search("Kessmouth NOT dockworkers")} == {"id:a3"}
    assert {k for k, _ in store.search("grèves")} == {"id:a3"}
    assert store.search("nothingmatches") == []
    with pytest.raises(ValueError):
        store.search('"unclosed')


def test_feeds_are_followed_with_their_state(store):
    with store.batch():
        assert store.add_feed("https://example.org/rss") is True
        assert store.add_feed("https://example.org/rss") is False
        store.add_feed("https://example.net/atom")
        store.save_feed_state("https://example.org/rss", {"etag": '"abc"', "articles_added": 3})
    feeds = store.feeds()
    assert [f.url for f in feeds] == ["https://example.net/atom", "https://example.org/rss"]
    assert feeds[1].state == {"etag": '"abc"', "articles_added": 3} and feeds[0].added_at.tzinfo is not None
    with store.batch():
        assert store.remove_feed("https://example.net/atom") is True
        assert store.remove_feed("https://example.net/atom") is False
    assert [f.url for f in store.feeds()] == ["https://example.org/rss"]
    put(store, article(1, url="https://example.org/news/1"))
    assert store.has_url("https://example.org/news/1") and not store.has_url("https://example.org/news/2")


def test_a_batch_is_all_or_nothing_and_moves_the_change_counter(store):
    before = store.changes()
    put(store, article(1))
    assert store.changes() == before + 1
    with pytest.raises(RuntimeError):
        with store.batch():
            store.put_article(article(2))
            raise RuntimeError("crash in the middle of a batch")
    assert store.article("id:a2") is None and store.changes() == before + 1


def test_opening_again_keeps_everything(store_address):
    store = open_store(store_address)
    put(store, article(1))
    store.close()
    again = open_store(store_address, readonly=True)
    assert again.counts()["articles"] == 1
    again.close()


def test_a_password_in_the_address_never_reaches_a_message():
    with pytest.raises(StoreError) as raised:
        open_store("postgresql://reader:s3cret-pass@127.0.0.1:1/news")
    assert "s3cret-pass" not in str(raised.value) and "***" in str(raised.value)
    assert store_location("postgresql://reader:s3cret-pass@db.example/news") == "postgresql://reader:***@db.example/news"
    with pytest.raises(StoreError, match="not a store address"):
        open_store("mysql://db.example/news")


def test_a_store_opened_for_reading_refuses_to_write(store_address):
    writer = open_store(store_address)
    put(writer, article(1))
    writer.close()
    reader = open_store(store_address, readonly=True)
    with pytest.raises(Exception):
        put(reader, article(2))
    assert reader.article("id:a2") is None
    reader.close()


def test_waiting_articles_are_ready_once_every_live_writer_has_passed_them(store):
    day = lambda d: dt.datetime(2026, 3, d, tzinfo=UTC)  # noqa: E731
    store.enter_writer("a" * 32)
    store.enter_writer("b" * 32)
    with store.batch():
        store.submit_pending([("id:x3", day(3), "{}", "{}", "a" * 32), ("id:x1", day(1), "{}", "{}", "a" * 32),
                              ("id:u", None, "{}", "{}", "a" * 32), ("id:w1", day(1), "{}", "{}", "b" * 32)])
        store.advance_writer("a" * 32, day(3))
    assert store.pending_keys(["id:x1", "id:zz"]) == {"id:x1"} and store.counts()["waiting"] == 4
    assert [k for k, _, _ in store.ready_pending()] == ["id:u"]  # b has delivered nothing dated yet
    with store.batch():
        store.advance_writer("b" * 32, day(2))
    assert [k for k, _, _ in store.ready_pending()] == ["id:u", "id:w1", "id:x1"]  # before b's horizon, ties by key
    with store.batch():
        store.drop_pending(["id:u", "id:w1", "id:x1"])
        store.leave_writer("b" * 32)
    store.after_leaving("b" * 32)
    assert [k for k, _, _ in store.ready_pending()] == []  # x3 is a's horizon: a may still deliver that time
    with store.batch():
        store.leave_writer("a" * 32)
    store.after_leaving("a" * 32)
    assert [k for k, _, _ in store.ready_pending()] == ["id:x3"] and store.watermark() == (False, None)
