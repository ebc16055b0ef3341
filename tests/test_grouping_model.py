"""Story grouping's learned decision: the shipped model, old stores, regroup, features.
Articles written for the tests (fictional)."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

from newsum.cli import main
from newsum.errors import ConfigError
from newsum.semantic.stories import STORY_FEATURES, GroupingModel, StoryProfile, name_counts, profile_article, story_features
from newsum.store.sqlite import SCHEMA_VERSION, SQLiteStore
from newsum.stream.grouping import StoryGrouper
from test_stream import FLOOD, STRIKE, feed_line, story_of, write_feed


class FakeEmbedder:
    """Deterministic bag-of-words vectors: the tests do not depend on WordLlama's numbers."""

    name, dim = "fake", 64

    def embed(self, texts, *, language="en"):
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                rows[i, hash(word.strip(".,")) % self.dim] += 1.0
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return np.divide(rows, norms, out=rows, where=norms > 0)


def test_the_shipped_model_matches_the_features_and_records_how_it_was_made():
    model = GroupingModel.load()
    assert model.features == STORY_FEATURES
    assert 0 < model.threshold < 1
    assert "command" in model.about and model.about["trained_on"]


def test_a_model_for_other_features_is_refused_with_the_retrain_command():
    data = GroupingModel.load().to_json()
    data["features"] = data["features"][:-1]
    with pytest.raises(ConfigError, match="train_grouping"):
        GroupingModel.from_json(data)


def test_names_skip_sentence_openings_weekdays_and_possessives():
    names = name_counts("Officials met on Tuesday. Rescuers said Governor Anneli Soder's office in Eskby was open. Anneli Soder spoke.")
    assert names["soder"] == 2 and names["anneli soder"] == 1 and names["eskby"] == 1  # "Governor Anneli Soder" is its own run
    assert "officials" not in names and "tuesday" not in names and "rescuers" not in names


def test_time_features_fall_with_the_days_between_article_and_story():
    embedder = FakeEmbedder()
    story = StoryProfile()
    story.add(profile_article("Varn flood", FLOOD[0], dt.date(2026, 3, 2), embedder=embedder))
    near = story_features(profile_article(None, FLOOD[1], dt.date(2026, 3, 3), embedder=embedder), story)
    far = story_features(profile_article(None, FLOOD[1], dt.date(2026, 4, 20), embedder=embedder), story)
    newest = STORY_FEATURES.index("gauss_newest")
    assert near[newest] > 0.9 > 0.01 > far[newest]
    assert near[0] == pytest.approx(far[0])  # the words are the same


def test_two_events_make_two_stories_and_the_same_event_one():
    grouper = StoryGrouper(embedder=FakeEmbedder())
    ids = {}
    for day in range(4):
        for name, sentences in (("flood", FLOOD), ("strike", STRIKE)):
            text = " ".join(sentences[day:] + sentences[:day])
            ids[f"{name}-{day}"] = grouper.add(None, text, dt.date(2026, 3, 2 + day)).story_id
    assert len({ids[f"flood-{d}"] for d in range(4)}) == 1
    assert len({ids[f"strike-{d}"] for d in range(4)}) == 1
    assert ids["flood-0"] != ids["strike-0"]


def test_story_state_round_trips_and_a_store_from_the_cosine_grouper_still_loads():
    embedder = FakeEmbedder()
    story = StoryProfile()
    story.add(profile_article("Varn flood", " ".join(FLOOD), dt.date(2026, 3, 2), embedder=embedder))
    again = StoryProfile.from_state(json.loads(json.dumps(story.to_state())))
    article = profile_article(None, FLOOD[2], dt.date(2026, 3, 4), embedder=embedder)
    assert story_features(article, again) == pytest.approx(story_features(article, story), abs=1e-5)
    # Version 1 (the cosine grouper): one "total" of stems and "=name" terms, no embedding.
    old = StoryProfile.from_state({"first": "2026-03-02", "last": "2026-03-04", "size": 2,
                                   "total": {"varn": 0.5, "flood": 0.4, "=eskby": 0.3}})
    assert old.centroids["names"] and old.embedding is None
    assert story_features(article, old)[0] > 0


def test_regroup_writes_a_new_store_and_leaves_the_old_one_as_it_was(tmp_path):
    lines = [feed_line(f"flood-{d}", " ".join(FLOOD[d:] + FLOOD[:d]), date=f"2026-03-0{d + 2}") for d in range(3)]
    lines += [feed_line(f"strike-{d}", " ".join(STRIKE[d:] + STRIKE[:d]), date=f"2026-03-0{d + 2}") for d in range(3)]
    feed = write_feed(tmp_path / "feed.jsonl", lines)
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    assert main(["ingest", str(feed), "--db", str(old), "-q"]) == 0
    before = old.read_bytes()
    assert main(["regroup", "--db", str(old), "--out", str(new), "-q"]) == 0
    assert old.read_bytes() == before
    store = SQLiteStore(new)
    try:
        assert store.counts()["articles"] == 6
        assert story_of(store, "flood-0") == story_of(store, "flood-2") != story_of(store, "strike-0")
    finally:
        store.close()
    assert main(["regroup", "--db", str(old), "--out", str(new), "-q"]) == 2  # never over an existing file


# -- no network: the stream commands load the grouping model and the embedder offline ---------

SITE_LOOPBACK_ONLY = """
import socket
_connect, _create = socket.socket.connect, socket.create_connection
def _host(address):
    return address[0] if isinstance(address, tuple) else str(address)
def _loopback(host):
    return host in ("localhost", "::1") or str(host).startswith("127.")
def _refuse_remote(self, address, *args):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(_host(address)):
        raise OSError("network access attempted in a test that forbids it")
    return _connect(self, address, *args)
def _create_local(address, *args, **kwargs):
    if not _loopback(_host(address)):
        raise OSError("network access attempted in a test that forbids it")
    return _create(address, *args, **kwargs)
socket.socket.connect = _refuse_remote
socket.create_connection = _create_local
"""


def test_stream_commands_run_with_sockets_blocked(tmp_path):
    import os
    import subprocess
    import sys

    from test_semantic import SITE

    feed = write_feed(tmp_path / "feed.jsonl", [feed_line(f"flood-{d}", " ".join(FLOOD[d:] + FLOOD[:d]), date=f"2026-03-0{d + 2}") for d in range(3)])
    (tmp_path / "sitecustomize.py").write_text(SITE)
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "HF_HUB_OFFLINE": "0"}
    for arguments in (["ingest", str(feed), "--db", str(tmp_path / "a.db")],
                      ["regroup", "--db", str(tmp_path / "a.db"), "--out", str(tmp_path / "b.db"), "--refresh"],
                      ["stories", "--db", str(tmp_path / "b.db"), "--format", "json"]):
        result = subprocess.run([sys.executable, "-m", "newsum", *arguments], env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
    # Dask talks to its own scheduler on loopback; anything else is refused.
    (tmp_path / "sitecustomize.py").write_text(SITE_LOOPBACK_ONLY)
    result = subprocess.run([sys.executable, "-m", "newsum", "batch", str(feed), "--out", str(tmp_path / "out"), "--workers", "1", "--no-progress"],
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "stories.jsonl").read_text().count("\n") == 1


def test_a_version_1_store_is_migrated_and_its_open_stories_keep_growing(tmp_path):
    import sqlite3

    feed = write_feed(tmp_path / "feed.jsonl", [feed_line("flood-0", " ".join(FLOOD), date="2026-03-02")])
    path = tmp_path / "old.db"
    assert main(["ingest", str(feed), "--db", str(path), "-q"]) == 0
    # Make it what the cosine grouper (schema 1) left: a vocabulary table, open stories as one "total".
    db = sqlite3.connect(path)
    story_id = db.execute("SELECT id FROM open_stories").fetchone()[0]
    db.execute("CREATE TABLE vocabulary (term TEXT PRIMARY KEY, df INTEGER NOT NULL)")
    db.execute("UPDATE open_stories SET state=?", (json.dumps({"first": "2026-03-02", "last": "2026-03-02", "size": 1,
                                                             "total": {"varn": 0.6, "flood": 0.5, "spillway": 0.4, "=eskby": 0.4}}),))
    db.execute("UPDATE meta SET value='1' WHERE name='schema_version'")
    db.commit()
    db.close()
    follow = ("The Varn River flood kept Eskby under water for a third day as the spillway of the Varn dam stayed open. "
              "Regional governor Anneli Soder toured the flooded streets of Eskby and promised help for the evacuated residents.")
    more = write_feed(tmp_path / "more.jsonl", [feed_line("flood-1", follow, date="2026-03-03")])
    assert main(["ingest", str(more), "--db", str(path), "-q"]) == 0
    store = SQLiteStore(path)
    try:
        assert store.db.execute("SELECT value FROM meta WHERE name='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        assert not store.db.execute("SELECT name FROM sqlite_master WHERE name='vocabulary'").fetchone()
        assert story_of(store, "flood-1") == story_of(store, "flood-0") == story_id
        assert json.loads(store.db.execute("SELECT state FROM open_stories").fetchone()[0])["v"] == 2
    finally:
        store.close()
