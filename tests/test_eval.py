"""The evaluation harness end to end: tiny-model runs with each strategy, scored from the CLI."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import OFFLINE, ROOT, SEEDS, run_cli

from summarize.evaluation.harness import OUTPUT_FILES, align, load_references

STRATEGY_RUNS = {
    "translate-then-summarise": [],
    "summarise-then-translate": ["--strategy", "summarise-then-translate"],
    "direct": ["--strategy", "direct"],
    "lead": ["--summariser", "lead"],
}


def test_references_cover_every_seed_and_match_its_paragraphs():
    from summarize.sources.files import read_article
    from summarize.text.normalise import match_key

    refs = load_references(ROOT / "eval" / "references")
    assert sorted(refs) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    for stem, ref in refs.items():
        doc = read_article(SEEDS / f"{stem}.txt")
        assert [match_key(ar) for ar, _ in ref.paragraphs] == [match_key(p) for p in doc.paragraphs], stem
        assert 6 <= len(ref.notes_en) <= 15
        assert ref.summary_en and ref.summary_ar and all(en for _, en in ref.paragraphs)


def test_alignment_reports_unmatched_paragraphs():
    refs = load_references(ROOT / "eval" / "references")
    ref = refs["000_34a51e8d4cf6b769"]
    sentences = [{"paragraph": i, "ar": ar, "en": en} for i, (ar, en) in enumerate(ref.paragraphs[:-1])]
    sentences.append({"paragraph": 99, "ar": "فقرة لا توجد في المرجع", "en": "x"})
    output = {"source_file": "000_34a51e8d4cf6b769.txt", "sentences": sentences, "summary_en": "s", "summary_ar": "س"}
    al = align([output], refs)
    assert len(al.translation_hyp) == len(ref.paragraphs) - 1
    assert al.unmatched["000_34a51e8d4cf6b769"] == {"reference_only": [ref.paragraphs[-1][0]],
                                                   "output_only": ["فقرة لا توجد في المرجع"]}
    assert al.translation_hyp == [en for _, en in ref.paragraphs[:-1]]


@pytest.fixture(scope="module")
def strategy_runs(seeded, tiny_models):
    db, models, _ = seeded
    runs = {}
    for name, extra in STRATEGY_RUNS.items():
        result = run_cli("run", str(SEEDS), "--db", str(db), *models, "--crosslingual-model", str(tiny_models.mt5),
                         *extra, "--json", env=OFFLINE)
        assert result.returncode == 0, result.stderr
        runs[name] = json.loads(result.stdout)["run_id"]
    return db, runs


@pytest.mark.parametrize("strategy", list(STRATEGY_RUNS))
def test_eval_reports_every_metric_for_every_article(strategy_runs, strategy, tmp_path):
    db, runs = strategy_runs
    run_id = runs[strategy]
    result = run_cli("eval", "--db", str(db), "--run", str(run_id), "--results", str(tmp_path), "--json")
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert len(scores["articles_scored"]) == 5 and scores["missing_references"] == []
    assert scores["unmatched_paragraphs"] == {}
    for name in ("bleu", "chrf", "ter"):
        assert 0 <= scores["translation"][name]["score"] and scores["translation"][name]["signature"]
    for key in ("summary_en", "summary_ar"):
        for name in ("rouge1", "rouge2", "rougeL"):
            assert 0 <= scores[key][name]["score"] <= 100 and "rouge-score" in scores[key][name]["signature"]
    assert len(scores["per_article"]) == 5
    (folder,) = tmp_path.glob(f"*/run-{run_id}")  # one folder per database, then per run
    assert folder.parent.name.startswith(db.stem + "-")
    for name in (*OUTPUT_FILES, "scores.json", "report.md", "chart.png"):
        assert (folder / name).exists(), name
    hyp_lines = (folder / "translation.hyp.en").read_text(encoding="utf-8").splitlines()
    assert len(hyp_lines) == len((folder / "translation.ref.en").read_text(encoding="utf-8").splitlines()) == 94
    assert len((folder / "summary.hyp.ar").read_text(encoding="utf-8").splitlines()) == 5
    report = (folder / "report.md").read_text(encoding="utf-8")
    assert "33.9" in report and "lexical check" in report
    if strategy == "lead":
        assert scores["summary_ar"]["rouge1"]["score"] > 0  # real Arabic sentences overlap the reference
    sacrebleu = Path(sys.executable).with_name("sacrebleu")
    cli = subprocess.run([str(sacrebleu), str(folder / "translation.ref.en"), "-i", str(folder / "translation.hyp.en"),
                          "-m", "bleu", "chrf", "ter", "-b", "-w", "2"], capture_output=True, text=True, check=True)
    assert json.loads(cli.stdout) == [pytest.approx(scores["translation"][k]["score"], abs=0.01) for k in ("bleu", "chrf", "ter")]


def test_eval_latest_run_and_compare(strategy_runs, tmp_path):
    db, runs = strategy_runs
    latest = run_cli("eval", "--db", str(db), "--results", str(tmp_path), "--json")
    assert json.loads(latest.stdout)["run"]["id"] == max(runs.values())
    result = run_cli("eval", "--db", str(db), "--compare", str(runs["translate-then-summarise"]), str(runs["lead"]), "--json")
    assert result.returncode == 0, result.stderr
    cmp = json.loads(result.stdout)
    assert cmp["paragraphs"] == 94 and len(cmp["articles"]) == 5
    bleu = cmp["translation"]["bleu"]  # same translator in both runs: identical, and no p-value
    assert bleu["difference"] == 0 and bleu["verdict"] == "identical" and bleu["p_value"] == 1.0
    assert set(cmp["summary_ar"]) == {"rouge1", "rouge2", "rougeL"}
    assert 0 <= cmp["summary_ar"]["rouge1"]["p_value"] <= 1
    text = run_cli("eval", "--db", str(db), "--compare", str(runs["translate-then-summarise"]), str(runs["lead"]))
    assert "summary_ar rouge1" in text.stdout
    assert [line for line in text.stdout.splitlines() if line.startswith("translation bleu")][0].endswith("identical")


def test_two_databases_keep_their_own_results(seeded, tmp_path):
    """Run 1 of one database and run 1 of another are scored into different folders."""
    db, models, _ = seeded
    other = tmp_path / "other.db"
    assert run_cli("run", str(next(SEEDS.glob("000_*.txt"))), "--db", str(other), *models, env=OFFLINE).returncode == 0
    for database in (db, other):
        assert run_cli("eval", "--db", str(database), "--run", "1", "--results", str(tmp_path / "r")).returncode == 0
    folders = sorted(p.parent.name for p in (tmp_path / "r").glob("*/run-1"))
    assert len(folders) == 2 and folders[0] != folders[1]


def test_comparing_runs_with_no_article_in_common_is_refused(tiny_models, tmp_path):
    db = tmp_path / "own.db"
    models = ["--translation-model", str(tiny_models.marian), "--summary-model", str(tiny_models.mt5)]
    for prefix in ("000", "001"):  # run 1: one seed; run 2: another
        seed = next(SEEDS.glob(f"{prefix}_*.txt"))
        assert run_cli("run", str(seed), "--db", str(db), *models, "--summariser", "lead", env=OFFLINE).returncode == 0
    refused = run_cli("eval", "--db", str(db), "--compare", "1", "2")
    assert refused.returncode == 2 and "no article with references in common" in refused.stderr


def test_a_run_against_itself_is_identical_at_p_1(strategy_runs):
    db, runs = strategy_runs
    run = str(runs["translate-then-summarise"])
    cmp = json.loads(run_cli("eval", "--db", str(db), "--compare", run, run, "--json").stdout)
    rows = [*cmp["translation"].values(), *cmp["summary_en"].values(), *cmp["summary_ar"].values()]
    assert rows and all(r["p_value"] == 1.0 and r["verdict"] == "identical" for r in rows)


def test_identical_scores_give_p_1_and_different_ones_do_not():
    from summarize.evaluation import metrics

    assert metrics.paired_bootstrap_mean([10.0, 20.0, 30.0], [10.0, 20.0, 30.0])["p_value"] == 1.0
    hyps = ["the minister met the delegation", "the army left the city"]
    refs = ["the minister met the delegation", "the army withdrew from the city"]
    assert all(r["p_value"] == 1.0 for r in metrics.paired_translation_test(hyps, hyps, refs).values())
    assert metrics.paired_bootstrap_mean([10.0, 20.0, 30.0] * 5, [40.0, 50.0, 60.0] * 5)["p_value"] < 0.05
