import hashlib
import io

import pytest

from builders import DAM_FACTS, record
from newsum import EmptyCluster, IngestError, InputError, MalformedRecord, MissingDependency
from newsum.ingest import Skipped, read_cluster_jsonl, read_inputs

TEXT = " ".join(DAM_FACTS)


def read(paths, **kwargs):
    return list(read_inputs([str(p) for p in paths], **kwargs))


def test_text_files_and_directories_make_one_cluster(tmp_path):
    (tmp_path / "north.txt").write_text(TEXT)
    (tmp_path / "south.txt").write_text(DAM_FACTS[0])
    (tmp_path / "notes.md").write_text("ignored")
    (cluster,) = read([tmp_path])
    assert [d.id for d in cluster.documents] == ["north", "south"]
    assert cluster.documents[0].encoding == "utf-8" and cluster.documents[0].format == "text"
    (same,) = read([tmp_path / "north.txt", tmp_path / "south.txt"])
    assert same.documents == cluster.documents


def test_jsonl_keeps_fields_and_unknown_keys(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(
        record({"id": 7, "text": TEXT, "source": "North Post", "date": "2026-05-04", "section": "Regional"}, id="a") + "\n"
        + "\n"
        + record({"text": DAM_FACTS[1]}, id=None) + "\n"
    )
    first, second = read([path])
    assert first.id == "a" and first.documents[0].id == "7"
    assert first.documents[0].extra == {"section": "Regional"}
    assert second.id == "c-3"  # file stem and line number when the cluster has no id
    assert second.documents[0].id.startswith("doc-")


def test_non_utf8_text_is_decoded_and_reported(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(("Der Bürgermeister sagte, die Brücke über den Fluss werde nächste Woche für den Verkehr geöffnet. " * 3).encode("cp1252"))
    (cluster,) = read([path])
    document = cluster.documents[0]
    assert "Bürgermeister" in document.text
    assert document.encoding not in (None, "utf-8")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"%PDF-1.4 binary", "PDF"),
        (b"\x00\x01\x02\x03binary" * 10, "binary"),
    ],
)
def test_unreadable_text_files(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError, match=message) as error:
        read([path])
    assert str(path) in str(error.value)


def test_missing_path_names_it(tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        read([tmp_path / "nope.txt"])


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not a cluster object"),
        ('{"id": "x"}', "no 'documents'"),
        ('{"documents": []}', "no documents"),
        ('{"documents": [{"title": "t"}]}', "no 'text' or 'html'"),
        ('{"documents": [{"text": 5}]}', "must be a string"),
        ('{"documents": [{"text": "  "}, {"text": ""}]}', "empty"),
        ('{"documents": ["just text"]}', "not an object"),
        ('{"documents": [{"text": "a", "date": "yesterday"}]}', "ISO 8601"),
        ('{"documents": [{"text": "a", "id": "x"}, {"text": "b", "id": "x"}]}', "appears twice"),
    ],
)
def test_bad_jsonl_lines_name_their_line(tmp_path, line, message):
    path = tmp_path / "c.jsonl"
    path.write_text(record({"text": TEXT}) + "\n" + line + "\n")
    with pytest.raises(InputError, match=message) as error:
        read([path])
    assert error.value.line == 2 and f"{path}, line 2" in str(error.value)


def test_skip_mode_yields_skipped_records_and_goes_on(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(record({"text": TEXT}, id="a") + "\n{bad\n" + record({"text": TEXT}, id="b") + "\n")
    items = read([path], errors="skip")
    assert [type(i).__name__ for i in items] == ["Cluster", "Skipped", "Cluster"]
    assert isinstance(items[1], Skipped) and items[1].error.line == 2


def test_non_utf8_jsonl_line_names_the_fix(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(record({"text": TEXT}).encode() + b"\n" + '{"documents": [{"text": "caf\u00e9"}]}'.encode("latin-1") + b"\n")
    with pytest.raises(MalformedRecord, match="not UTF-8.*iconv"):
        read([path])


def test_jsonl_is_read_lazily():
    """Memory does not grow with the number of clusters: the reader holds one line at a time."""

    class Endless(io.RawIOBase):
        line = (record({"text": TEXT}) + "\n").encode()

        def readable(self):
            return True

        def readinto(self, buffer):
            n = len(self.line)
            buffer[:n] = self.line
            return n

    stream = io.BufferedReader(Endless())
    reader = read_cluster_jsonl(stream, path="<endless>")
    for _ in range(1000):
        next(reader)


def test_mixing_jsonl_and_article_files_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "c.jsonl").write_text(record({"text": TEXT}) + "\n")
    from newsum import ConfigError

    with pytest.raises(ConfigError, match="cannot mix"):
        read([tmp_path / "a.txt", tmp_path / "c.jsonl"])


def test_same_id_from_two_files_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "a.html").write_text("<html><body><article><p>" + TEXT + "</p></article></body></html>")
    with pytest.raises(IngestError, match="same document id"):
        read([tmp_path])


def test_html_gives_text_title_date_and_outlet(tmp_path):
    pytest.importorskip("trafilatura")
    path = tmp_path / "page.html"
    paragraphs = "".join(f"<p>{fact}</p>" for fact in DAM_FACTS)
    path.write_text(
        "<!doctype html><html><head><title>Dam opened | North Post</title>"
        '<meta property="og:site_name" content="North Post">'
        '<meta property="og:title" content="Dam spillway opened">'
        '<meta property="article:published_time" content="2026-05-04T09:00:00Z">'
        '<link rel="canonical" href="https://northpost.example/dam"></head>'
        "<body><nav><a href='/'>Home</a><a href='/world'>World</a></nav>"
        f"<article><h1>Dam spillway opened</h1>{paragraphs}</article>"
        "<footer>© 2026 North Post</footer></body></html>"
    )
    (cluster,) = read([path])
    document = cluster.documents[0]
    assert document.format == "html"
    assert DAM_FACTS[0] in document.text and "Home" not in document.text
    assert document.source == "North Post" and document.title == "Dam spillway opened"
    assert document.url == "https://northpost.example/dam"
    assert document.date is not None and document.date.isoformat().startswith("2026-05-04")
    assert "<article>" in document.html  # the input is kept


def test_html_without_an_article_is_an_error(tmp_path):
    pytest.importorskip("trafilatura")
    path = tmp_path / "index.html"
    path.write_text("<html><head><title>Index</title></head><body><nav><a href='/a'>A</a></nav></body></html>")
    with pytest.raises(IngestError, match="no article text"):
        read([path])


def test_html_without_the_extra_names_the_install_command(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_trafilatura(name, *args, **kwargs):
        if name == "trafilatura":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_trafilatura)
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>" + TEXT + "</p></body></html>")
    with pytest.raises(MissingDependency, match=r"pip install 'newsum\[html\]'"):
        read([path])


def test_stdin_text_and_jsonl():
    (text_cluster,) = read(["-"], stdin=io.BytesIO(TEXT.encode()))
    assert text_cluster.documents[0].id == "stdin"
    (jsonl_cluster,) = read(["-"], stdin=io.BytesIO((record({"text": TEXT}, id="s") + "\n").encode()))
    assert jsonl_cluster.id == "s"


def test_inputs_are_never_modified(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(record({"text": TEXT}) + "\n")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    import newsum

    for cluster in read([path]):
        newsum.summarize(cluster)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_cluster_of_only_noise_is_an_error_not_an_empty_summary():
    import newsum

    with pytest.raises(EmptyCluster, match="no sentence"):
        newsum.summarize(["More From This Section\nShare this article\nLocal team wins title"])
