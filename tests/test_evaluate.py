"""The evaluation harness: statistics, baselines, evaluate(), and the `newsum eval` command."""

import json
import sys

import numpy as np
import pytest

from builders import dam_cluster, record
from newsum import Cluster, ConfigError, InputError, MissingDependency
from newsum.cli import main
from newsum.evaluate import BASELINES, bootstrap_ci, evaluate, paired_test, render_table, run_baseline
from newsum.evaluate.baselines import CENTROID_REDUNDANCY, SUMY_BASELINES, regex_sentences
from newsum.evaluate.rouge import available_scorers
from newsum.ingest import read_inputs

# Reference summaries written for these tests (no benchmark text).
REFERENCES = (
    "Engineers opened the Varn River dam spillway after heavy rain.\nAbout 4,000 residents were moved to higher ground.",
    "The dam spillway was opened on Monday; thousands left the valley towns.\nRail services were suspended.",
)


def dam_with_references() -> Cluster:
    base = dam_cluster()
    return Cluster(base.documents, id="dam", references=REFERENCES)


def words_of(sentences):
    return len(" ".join(sentences).split())


# -- statistics --------------------------------------------------------------------------------


def test_bootstrap_ci_is_deterministic_and_contains_the_mean():
    values = np.random.default_rng(1).normal(30, 5, size=40)
    low, high = bootstrap_ci(values, seed=3)
    assert (low, high) == bootstrap_ci(values, seed=3)
    assert low < values.mean() < high
    assert bootstrap_ci(values, seed=4) != (low, high)
    narrow = bootstrap_ci(values, confidence=0.5, seed=3)
    assert low < narrow[0] < narrow[1] < high


def test_bootstrap_ci_of_a_constant_is_that_constant():
    assert bootstrap_ci([7.0] * 5) == pytest.approx((7.0, 7.0))


def test_paired_test_identical_systems_is_one():
    scores = [31.0, 35.5, 28.25, 40.0, 33.0, 29.5, 36.0, 30.0, 38.0, 32.0, 27.0, 34.0, 31.5, 30.5, 29.0]
    assert paired_test(scores, scores) == 1.0  # Monte Carlo branch (2**15 > 10000)
    assert paired_test(scores[:5], scores[:5]) == 1.0  # exact branch


def test_paired_test_clearly_better_system_is_significant_and_deterministic():
    rng = np.random.default_rng(2)
    theirs = rng.normal(30, 4, size=50)
    ours = theirs + rng.normal(2.0, 1.0, size=50)
    p = paired_test(ours, theirs, seed=5)
    assert p < 0.001
    assert p == paired_test(ours, theirs, seed=5)
    assert p == pytest.approx(paired_test(theirs, ours, seed=5))  # two-sided
    # Exact on 6 clusters that all favour us: only the all-plus and all-minus flips are as extreme.
    assert paired_test([2, 3, 4, 5, 6, 7], [1, 1, 1, 1, 1, 1]) == pytest.approx(2 / 64)


def test_paired_test_no_difference_in_the_mean_is_not_significant():
    rng = np.random.default_rng(3)
    theirs = rng.normal(30, 4, size=50)
    ours = theirs + rng.choice([-1.0, 1.0], size=50)
    assert paired_test(ours, theirs) > 0.05


def test_stats_reject_bad_input():
    with pytest.raises(ValueError):
        bootstrap_ci([])
    with pytest.raises(ValueError, match="one per cluster"):
        paired_test([1, 2], [1, 2, 3])


# -- baselines ---------------------------------------------------------------------------------


def test_regex_sentences_are_substrings():
    text = "One sentence here. Another one!  A third? Yes"
    assert regex_sentences(text) == ["One sentence here.", "Another one!", "A third?", "Yes"]


@pytest.mark.parametrize("name", sorted(BASELINES))
def test_baselines_return_verbatim_sentences(name):
    cluster = dam_with_references()
    sentences = run_baseline(name, cluster, words=40)
    assert sentences
    texts = [d.text for d in cluster.documents]
    for sentence in sentences:
        assert any(sentence in text for text in texts), sentence
    assert len(set(sentences)) == len(sentences)
    if name == "oracle":
        assert words_of(sentences) <= 40  # the oracle never overruns
    else:
        assert words_of(sentences) >= 40  # the cluster has far more than 40 words


@pytest.mark.parametrize("name", sorted(set(BASELINES) - {"oracle"}))
def test_baselines_return_everything_when_the_cluster_is_short(name):
    cluster = dam_with_references()
    sentences = run_baseline(name, cluster, words=10_000)
    if name == "lead":
        assert sentences == regex_sentences(cluster.documents[1].text)  # "valley" is the newest
    elif name == "centroid":
        assert sentences  # near-repeats stay out even when words are short
    else:
        all_sentences = {s for d in cluster.documents for s in regex_sentences(d.text)}
        assert set(sentences) == all_sentences


def test_lead_takes_the_newest_document_in_order():
    sentences = run_baseline("lead", dam_with_references(), words=30)
    newest = regex_sentences(dam_cluster().documents[1].text)
    assert sentences == newest[: len(sentences)]


def test_centroid_skips_near_repeats():
    sentences = run_baseline("centroid", dam_with_references(), words=10_000)
    # "record level" / "record high" differ by one word: both must not be taken.
    assert sum(s.endswith(("record level.", "record high.")) for s in sentences) <= 1
    assert CENTROID_REDUNDANCY == 0.5


def test_oracle_prefers_sentences_that_share_bigrams_with_the_references():
    sentences = run_baseline("oracle", dam_with_references(), words=60)
    assert any("spillway" in s for s in sentences) and any("higher ground" in s for s in sentences)


def test_oracle_without_references_is_an_input_error():
    with pytest.raises(InputError, match="reference"):
        run_baseline("oracle", dam_cluster(), words=50)


def test_unknown_baseline_names_the_choices():
    with pytest.raises(ConfigError, match="lexrank"):
        run_baseline("magic", dam_with_references(), words=50)


def test_missing_sumy_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "sumy.summarizers.lex_rank", None)  # as if sumy were not installed
    with pytest.raises(MissingDependency, match=r"newsum\[eval\]"):
        run_baseline("lexrank", dam_with_references(), words=50)


def test_every_sumy_baseline_is_registered():
    assert set(SUMY_BASELINES) <= set(BASELINES)
    assert {"lead", "centroid", "oracle"} <= set(BASELINES)


# -- evaluate() and the report -----------------------------------------------------------------


def scorer():
    return available_scorers()[0]


def test_evaluate_scores_every_system_and_tests_against_newsum():
    clusters = [dam_with_references(), Cluster(dam_cluster().documents, id="dam-2", references=REFERENCES[:1])]
    result = evaluate(clusters, systems=["newsum", "lead", "oracle"], words=40, scorer=scorer())
    assert list(result.systems) == ["newsum", "lead", "oracle"]
    assert result.cluster_ids == ("dam", "dam-2")
    newsum = result.systems["newsum"]
    assert newsum.over_budget == 0 and newsum.failures == ()
    assert result.systems["lead"].over_budget >= 1  # lead overruns; scoring cuts it
    for system in result.systems.values():
        assert len(system.run.scores) == 2 and len(system.seconds) == 2
        low, high = system.cis["r1"]
        assert low - 1e-9 <= system.means["r1"] <= high + 1e-9
    assert set(result.systems["lead"].p_values) == {"r1", "r2", "rsu4"}
    assert result.systems["newsum"].p_values == {}
    data = json.loads(json.dumps(result.to_dict()))
    assert data["scorer"] == result.scorer and data["words"] == 40
    assert [c["id"] for c in data["clusters"]] == ["dam", "dam-2"]
    table = render_table(result)
    assert result.settings in table and "Oracle" in table and "Lead" in table


def test_evaluate_rejects_a_cluster_without_references():
    with pytest.raises(InputError, match="'dam' .* no reference summaries"):
        evaluate([dam_with_references(), Cluster(dam_cluster().documents, id="dam")], systems=["lead"], words=40)


# -- the command -------------------------------------------------------------------------------


def jsonl(tmp_path, *, references=True):
    documents = [
        {"id": d.id, "text": d.text, "source": d.source, "date": d.date.isoformat() if d.date else None}
        for d in dam_cluster().documents
    ]
    refs = {"references": list(REFERENCES)} if references else {}
    path = tmp_path / "clusters.jsonl"
    path.write_text(
        record(*documents, id="dam", references=list(REFERENCES)) + "\n" + record(*documents, id="dam-b", **refs) + "\n"
    )
    return path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_eval_prints_every_system_and_writes_the_report(capsys, tmp_path):
    report = tmp_path / "report"
    code, out, err = run(
        capsys, "eval", str(jsonl(tmp_path)), "--words", "40", "--baselines", "all", "--report", str(report), "--no-progress"
    )
    assert code == 0, err
    for label in ("newsum (concept)", "Lead", "sumy LexRank", "sumy TextRank", "sumy LSA", "sumy KL-Sum", "sumy SumBasic", "Centroid", "Oracle"):
        assert label in out
    assert "ROUGE: " in out and "cut to 40 words" in out and "stop words kept" in out
    for name in ("report.json", "scores.png", "scores.svg"):
        assert (report / name).stat().st_size > 0
    data = json.loads((report / "report.json").read_text())
    assert len(data["data"]["sha256"]) == 64 and data["data"]["clusters"] == 2
    assert set(data["systems"]) == {"newsum", *BASELINES}
    assert (report / "scores.png").read_bytes().startswith(b"\x89PNG")


def test_eval_sweep_scores_every_budget_in_one_table_and_writes_the_plot(capsys, tmp_path):
    report = tmp_path / "sweep"
    code, out, err = run(
        capsys, "eval", str(jsonl(tmp_path)), "--sweep", "40,20", "--baselines", "lead", "--report", str(report), "--no-progress"
    )
    assert code == 0, err
    header = next(line for line in out.splitlines() if line.startswith(" ") and "20 words" in line)
    assert header.index("20 words") < header.index("40 words")  # budgets in increasing order
    assert "newsum − best baseline" in out and "Lead" in out and "-l <budget>" in out
    for name in ("sweep.json", "sweep.png", "sweep.svg", "report-20w.json", "report-40w.json"):
        assert (report / name).stat().st_size > 0
    data = json.loads((report / "sweep.json").read_text())
    assert data["budgets"] == [20, 40]
    assert set(data["systems"]["lead"]["by_budget"]) == {"20", "40"}
    per_budget = json.loads((report / "report-20w.json").read_text())
    assert per_budget["words"] == 20
    assert data["systems"]["newsum"]["by_budget"]["20"]["mean"]["r1"] == pytest.approx(
        per_budget["systems"]["newsum"]["mean"]["r1"], abs=1e-3
    )


def test_eval_cluster_without_references_is_a_one_line_error(capsys, tmp_path):
    code, out, err = run(capsys, "eval", str(jsonl(tmp_path, references=False)), "--baselines", "lead", "--no-progress")
    assert code == 1 and out == ""
    assert "'dam-b'" in err and "references" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["--baselines", "lead,magic"], "unknown baseline 'magic'"),
        (["--words", "0"], "--words must be a positive"),
        (["--scorer", "bleu"], "Invalid value"),
        (["--sweep", "50,ten"], "'ten' is not a positive whole number"),
        (["--sweep", "50,100", "--words", "40"], "either --words or --sweep"),
    ],
)
def test_eval_usage_errors_are_one_line(capsys, tmp_path, argv, needle):
    code, out, err = run(capsys, "eval", str(jsonl(tmp_path)), *argv, "--no-progress")
    assert code == 2 and out == ""
    assert needle in err and len(err.strip().splitlines()) == 1
    if "magic" in needle:
        assert "lexrank" in err and "oracle" in err


def test_eval_report_that_cannot_be_a_directory_is_a_usage_error(capsys, tmp_path):
    taken = tmp_path / "taken"
    taken.write_text("a file")
    code, out, err = run(capsys, "eval", str(jsonl(tmp_path)), "--report", str(taken), "--no-progress")
    assert code == 2 and out == "" and "--report" in err and len(err.strip().splitlines()) == 1


def test_oracle_beats_lead_on_real_clusters(shared_data):
    clusters = list(read_inputs([str(shared_data / "duc2004" / "clusters.jsonl")]))[:3]
    result = evaluate(clusters, systems=["lead", "oracle"], words=100)
    assert result.systems["oracle"].means["r2"] > result.systems["lead"].means["r2"]
