import json
import subprocess
import sys

import pytest

from builders import DAM_FACTS, EXAMPLE_JSONL, REPO, record
from newsum.cli import cli, main

TEXT = " ".join(DAM_FACTS)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture
def two_clusters(tmp_path):
    path = tmp_path / "two.jsonl"
    path.write_text(record({"text": TEXT, "source": "North Post"}, id="a") + "\n" + record({"text": TEXT}, id="b") + "\n")
    return path


def test_every_command_has_help_with_an_example(capsys):
    for name, command in cli.commands.items():
        code, out, _ = run(capsys, name, "--help")
        assert code == 0 and "Usage:" in out and "Example" in out, name
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "summarize" in out


def test_text_output_has_markers_and_numbered_sources(capsys):
    code, out, err = run(capsys, "summarize", str(EXAMPLE_JSONL))
    assert code == 0
    summary, sources = out.split("\nSources:\n")
    assert "[1]" in summary
    assert sources.startswith("[1] ")
    assert "Harbor Daily" in out or "Coastal Wire" in out


def test_json_for_one_cluster_is_an_object_for_several_an_array(capsys, two_clusters):
    code, out, _ = run(capsys, "summarize", str(EXAMPLE_JSONL), "--format", "json")
    assert code == 0 and isinstance(json.loads(out), dict)
    code, out, _ = run(capsys, "summarize", str(two_clusters), "--format", "json")
    assert code == 0 and [s["id"] for s in json.loads(out)] == ["a", "b"]


def test_jsonl_is_one_line_per_cluster_in_input_order(capsys, two_clusters):
    code, out, _ = run(capsys, "summarize", str(two_clusters), "--format", "jsonl", "--sentences", "2")
    lines = out.splitlines()
    assert code == 0 and [json.loads(line)["id"] for line in lines] == ["a", "b"]
    assert all(len(json.loads(line)["sentences"]) <= 2 for line in lines)


def test_markdown_escapes_article_text(capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The *council* said on Monday that the <b>bridge</b> would reopen next week after repairs. " + TEXT)
    code, out, _ = run(capsys, "summarize", str(path), "--format", "markdown", "--words", "200")
    assert code == 0 and "\\*council\\*" in out and "\\<b\\>" in out and "**Sources**" in out


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["--words", "-5"], "--words must be a positive"),
        (["--words", "10", "--sentences", "2"], "give one budget"),
        (["--chars", "0"], "--chars must be a positive"),
        (["--format", "xml"], "Invalid value"),
        (["--method", "magic"], "Invalid value"),
    ],
)
def test_bad_options_are_usage_errors_on_one_line(capsys, argv, needle):
    code, out, err = run(capsys, "summarize", str(EXAMPLE_JSONL), *argv)
    assert code == 2 and out == ""
    assert needle in err and len(err.strip().splitlines()) == 1


def test_bad_input_exits_1_with_one_line_naming_the_file(capsys, tmp_path):
    cases = {
        "missing.txt": None,
        "empty.txt": b"",
        "binary.txt": b"\x00\x01\x02" * 50,
        "notjson.jsonl": b"{oops\n",
        "noobject.jsonl": b"[1]\n",
        "notext.jsonl": b'{"documents": [{"title": "x"}]}\n',
        "nodocs.jsonl": b'{"documents": []}\n',
        "emptydocs.jsonl": b'{"documents": [{"text": ""}]}\n',
        "noarticle.html": b"<html><body><nav>Home</nav></body></html>",
    }
    for name, content in cases.items():
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        code, out, err = run(capsys, "summarize", str(path))
        assert code == 1, name
        assert out == "", name
        assert len(err.strip().splitlines()) == 1 and str(path) in err, (name, err)
        if name.endswith(".jsonl"):
            assert "line 1" in err, (name, err)


def test_skip_bad_lists_each_skipped_line_and_exits_3(capsys, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(record({"text": TEXT}, id="a") + "\n{broken\n" + record({"text": TEXT}, id="c") + "\n" + '{"documents": []}\n')
    code, out, err = run(capsys, "summarize", str(path), "--format", "jsonl", "--skip-bad")
    assert code == 3
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a", "c"]
    assert "line 2" in err and "line 4" in err and err.count("skipped") == 2


def test_without_skip_bad_the_first_bad_line_stops_with_1(capsys, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(record({"text": TEXT}, id="a") + "\n{broken\n" + record({"text": TEXT}, id="c") + "\n")
    code, out, err = run(capsys, "summarize", str(path), "--format", "jsonl")
    assert code == 1 and "line 2" in err
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a"]  # nothing for the bad line or after


def test_json_array_stays_valid_when_a_later_line_fails(capsys, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(record({"text": TEXT}, id="a") + "\n" + record({"text": TEXT}, id="b") + "\n{broken\n")
    code, out, _ = run(capsys, "summarize", str(path), "--format", "json")
    assert code == 1 and [s["id"] for s in json.loads(out)] == ["a", "b"]


def test_output_file_and_never_overwriting_input(capsys, tmp_path, two_clusters):
    target = tmp_path / "out.jsonl"
    code, out, _ = run(capsys, "summarize", str(two_clusters), "--format", "jsonl", "-o", str(target))
    assert code == 0 and out == "" and len(target.read_text().splitlines()) == 2
    before = two_clusters.read_bytes()
    code, _, err = run(capsys, "summarize", str(two_clusters), "-o", str(two_clusters))
    assert code == 2 and "also an input" in err and two_clusters.read_bytes() == before


def test_budget_too_small_is_an_error_not_an_empty_summary(capsys):
    code, out, err = run(capsys, "summarize", str(EXAMPLE_JSONL), "--words", "3")
    assert code == 1 and out == "" and "raise the budget" in err


def test_non_english_is_said_on_stderr_and_in_json(capsys, tmp_path):
    path = tmp_path / "de.txt"
    path.write_text(
        "Der Bürgermeister teilte am Montag mit, dass die Brücke nach den Reparaturen nächste Woche wieder "
        "für den Verkehr geöffnet wird. Die Arbeiten hatten wegen des Hochwassers länger gedauert als geplant. "
        "Anwohner müssen bis dahin einen Umweg über die Nachbargemeinde nehmen, sagte ein Sprecher der Stadt."
    )
    code, out, err = run(capsys, "summarize", str(path), "--format", "json")
    assert code == 0 and "'de'" in err and json.loads(out)["language"] == "de"


def test_console_script_keeps_stdout_pure_json(tmp_path):
    """Run as a user would: a fresh process (where the solver's banner would appear)."""
    result = subprocess.run(
        [sys.executable, "-m", "newsum", "summarize", str(EXAMPLE_JSONL), "--format", "json"],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "ferry-aground"


def test_stdin(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "newsum", "summarize", "-", "--sentences", "2", "--format", "json"],
        input=TEXT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["documents"][0]["id"] == "stdin"


def test_workers_give_the_same_output_in_the_same_order(capsys, tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("".join(record({"text": " ".join(DAM_FACTS[k:] + DAM_FACTS[:k])}, id=f"c{k}") + "\n" for k in range(6)))
    code, serial, _ = run(capsys, "summarize", str(path), "--format", "jsonl")
    code2, parallel, _ = run(capsys, "summarize", str(path), "--format", "jsonl", "--workers", "2")
    assert code == code2 == 0
    assert parallel == serial
    assert [json.loads(line)["id"] for line in parallel.splitlines()] == [f"c{k}" for k in range(6)]
