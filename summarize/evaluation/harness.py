"""Evaluation harness: score a stored run against the reference notes in ``eval/references/``.

A reference file per article holds a paragraph-by-paragraph reference translation (matched to the
run's paragraphs by normalised Arabic text, so re-cleaning or reordering never silently misaligns;
what does not match is reported), XL-Sum-style summaries in English and Arabic, and key-fact notes.
:func:`evaluate_run` writes ``eval/results/<run id>/``: the exact line-aligned files it scored,
``scores.json`` (every figure with its signature), ``report.md`` and ``chart.png``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from summarize.errors import SummarizeError
from summarize.evaluation import metrics
from summarize.store import Store
from summarize.text.normalise import match_key

REFERENCES_DIR = Path("eval") / "references"
RESULTS_DIR = Path("eval") / "results"

# Published scores of the default models, for orientation (different test sets: not comparable
# one-to-one with scores on our five seeds). chrF on the 0–100 scale.
PUBLISHED_ANCHORS = {
    "translation": [
        {"model": "Helsinki-NLP/opus-mt-ar-en", "test_set": "FLORES-101 devtest", "bleu": 33.9, "chrf": 61.0},
        {"model": "Helsinki-NLP/opus-mt-ar-en", "test_set": "TICO-19", "bleu": 32.3, "chrf": 60.2},
        {"model": "Helsinki-NLP/opus-mt-tc-big-ar-en", "test_set": "FLORES-200 devtest", "bleu": 42.8, "chrf": 67.2},
    ],
    "summary_ar": [{"model": "csebuetnlp/mT5_multilingual_XLSum", "test_set": "XL-Sum Arabic test",
                    "rouge1": 34.9, "rouge2": 14.8, "rougeL": 29.2}],
    "summary_en": [{"model": "csebuetnlp/mT5_multilingual_XLSum", "test_set": "XL-Sum English test",
                    "rouge1": 37.6, "rouge2": 15.2, "rougeL": 29.9}],
}
FACT_RECALL_NOTE = ("Fact recall is a simple lexical check: a note counts as recalled when every number (after "
                    "normalising digits and separators) and every capitalised proper name in it appears in the English "
                    "summary. It misses paraphrases and transliteration variants; read it as a warning light.")


class EvaluationError(SummarizeError):
    """The run or the references cannot be evaluated (the message says why)."""


@dataclass(frozen=True)
class Reference:
    stem: str
    source_file: str
    paragraphs: tuple[tuple[str, str], ...]
    summary_en: str
    summary_ar: str
    notes_en: tuple[str, ...]


def load_references(folder: Path = REFERENCES_DIR) -> dict[str, Reference]:
    refs = {}
    for path in sorted(Path(folder).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            refs[path.stem] = Reference(
                stem=path.stem, source_file=data.get("source_file", path.stem + ".txt"),
                paragraphs=tuple((p["ar"], p["en"]) for p in data["translation_en"]),
                summary_en=data["summary_en"], summary_ar=data["summary_ar"], notes_en=tuple(data["notes_en"]),
            )
        except (KeyError, TypeError, json.JSONDecodeError) as e:
            raise EvaluationError(f"{path}: not a valid reference file ({e}); see eval/references/README.md") from e
    if not refs:
        raise EvaluationError(f"no reference files in {folder}")
    return refs


def _one_line(text: str) -> str:
    return " ".join(text.split())


def paragraphs_of(output: dict) -> list[tuple[str, str]]:
    """(Arabic, English) per paragraph of a run's article output, in order."""
    grouped: dict[int, list[dict]] = {}
    for s in output["sentences"]:
        grouped.setdefault(s["paragraph"], []).append(s)
    return [(" ".join(s["ar"] for s in group), " ".join(s["en"] for s in group)) for _, group in sorted(grouped.items())]


def match_reference(output: dict, refs: dict[str, Reference]) -> Reference | None:
    """The reference of an article: by file stem, else by its first paragraph (renamed copies)."""
    stem = Path(output["source_file"]).stem
    if stem in refs:
        return refs[stem]
    paragraphs = paragraphs_of(output)
    first = match_key(paragraphs[0][0]) if paragraphs else None
    return next((r for r in refs.values() if r.paragraphs and match_key(r.paragraphs[0][0]) == first), None)


@dataclass
class Aligned:
    """A run's outputs lined up with the references: what gets scored."""

    articles: list[str]
    translation_hyp: list[str]
    translation_ref: list[str]
    translation_article: list[str]  # article stem of each translation line
    translation_key: list[str]  # reference paragraph key of each translation line
    summary_hyp_en: list[str]
    summary_ref_en: list[str]
    summary_hyp_ar: list[str]
    summary_ref_ar: list[str]
    notes: list[tuple[str, ...]]
    unmatched: dict[str, dict[str, list[str]]]
    missing_references: list[str]


def align(outputs: Sequence[dict], refs: dict[str, Reference]) -> Aligned:
    al = Aligned([], [], [], [], [], [], [], [], [], [], {}, [])
    for output in outputs:
        ref = match_reference(output, refs)
        if ref is None:
            al.missing_references.append(output["source_file"])
            continue
        if ref.stem in al.articles:  # a second copy of the same article: score it once
            continue
        al.articles.append(ref.stem)
        hyp = {match_key(ar): en for ar, en in paragraphs_of(output)}
        ref_keys = []
        for ar, en in ref.paragraphs:
            key = match_key(ar)
            ref_keys.append(key)
            if key in hyp:
                al.translation_hyp.append(_one_line(hyp[key]))
                al.translation_ref.append(_one_line(en))
                al.translation_article.append(ref.stem)
                al.translation_key.append(key)
        missing = [ar for ar, _ in ref.paragraphs if match_key(ar) not in hyp]
        extra = [ar for ar, _ in paragraphs_of(output) if match_key(ar) not in set(ref_keys)]
        if missing or extra:
            al.unmatched[ref.stem] = {"reference_only": missing, "output_only": extra}
        al.summary_hyp_en.append(_one_line(output["summary_en"]))
        al.summary_ref_en.append(_one_line(ref.summary_en))
        al.summary_hyp_ar.append(_one_line(output["summary_ar"]))
        al.summary_ref_ar.append(_one_line(ref.summary_ar))
        al.notes.append(ref.notes_en)
    if not al.articles:
        raise EvaluationError("no article of this run has a reference file in eval/references/ (matched by file name)")
    return al


def score_aligned(al: Aligned) -> dict:
    """Every figure, overall and per article, each with its signature."""
    notes_joined = [" ".join(n) for n in al.notes]
    checks = [metrics.fact_recall(n, s) for n, s in zip(al.notes, al.summary_hyp_en)]
    recall_items = [c for cs in checks for c in cs if c.items]
    scores = {
        "articles_scored": al.articles,
        "translation": metrics.translation_scores(al.translation_hyp, al.translation_ref),
        "summary_en": {**metrics.rouge_scores(al.summary_hyp_en, al.summary_ref_en, lang="en"),
                       "chrf": metrics.chrf_of_summaries(al.summary_hyp_en, al.summary_ref_en)},
        "summary_ar": {**metrics.rouge_scores(al.summary_hyp_ar, al.summary_ref_ar, lang="ar"),
                       "chrf": metrics.chrf_of_summaries(al.summary_hyp_ar, al.summary_ref_ar)},
        "summary_en_vs_notes": metrics.rouge_scores(al.summary_hyp_en, notes_joined, lang="en"),
        "fact_recall": {
            "score": round(100 * sum(c.recalled for c in recall_items) / len(recall_items), 2) if recall_items else 0.0,
            "notes_checked": len(recall_items),
            "method": FACT_RECALL_NOTE,
        },
        "unmatched_paragraphs": al.unmatched,
        "missing_references": al.missing_references,
        "per_article": {},
    }
    rouge_en = metrics.rouge_per_item(al.summary_hyp_en, al.summary_ref_en, lang="en")
    rouge_ar = metrics.rouge_per_item(al.summary_hyp_ar, al.summary_ref_ar, lang="ar")
    for i, stem in enumerate(al.articles):
        lines = [j for j, a in enumerate(al.translation_article) if a == stem]
        article_checks = [c for c in checks[i] if c.items]
        scores["per_article"][stem] = {
            "paragraphs_matched": len(lines),
            "translation": metrics.translation_scores([al.translation_hyp[j] for j in lines],
                                                      [al.translation_ref[j] for j in lines]) if lines else None,
            "summary_en": {t: round(rouge_en[t][i], 2) for t in metrics.ROUGE_TYPES},
            "summary_ar": {t: round(rouge_ar[t][i], 2) for t in metrics.ROUGE_TYPES},
            "fact_recall": {
                "score": round(100 * sum(c.recalled for c in article_checks) / len(article_checks), 2)
                if article_checks else 0.0,
                "notes": [{"note": c.note, "items": list(c.items), "found": list(c.found), "recalled": c.recalled}
                          for c in checks[i]],
            },
        }
    return scores


OUTPUT_FILES = ("translation.hyp.en", "translation.ref.en", "summary.hyp.en", "summary.ref.en", "summary.hyp.ar",
                "summary.ref.ar")


def write_files(al: Aligned, folder: Path) -> None:
    contents = (al.translation_hyp, al.translation_ref, al.summary_hyp_en, al.summary_ref_en, al.summary_hyp_ar,
                al.summary_ref_ar)
    for name, lines in zip(OUTPUT_FILES, contents):
        (folder / name).write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def results_folder(store: Store, run_id: int, results_dir: Path = RESULTS_DIR) -> Path:
    """Where a run's scores go: one folder per database (its name and a hash of its absolute path),
    then per run, so run 1 of one database never overwrites run 1 of another."""
    db = Path(store.path)
    ident = hashlib.sha256(str(db.resolve() if store.path != ":memory:" else db).encode()).hexdigest()[:8]
    stem = re.sub(r"[^\w.-]+", "-", db.stem if store.path != ":memory:" else "memory")
    return Path(results_dir) / f"{stem}-{ident}" / f"run-{run_id}"


def evaluate_run(store: Store, run_id: int | None = None, *, references_dir: Path = REFERENCES_DIR,
                 results_dir: Path = RESULTS_DIR, chart: bool = True) -> dict:
    """Score a run (the latest by default); write its results folder; return the scores."""
    run = store.run(run_id)
    if run is None:
        raise EvaluationError("no such run in this database" if run_id else "this database holds no run yet")
    outputs = store.run_outputs(run["id"])
    if not outputs:
        raise EvaluationError(f"run {run['id']} stored no article")
    al = align(outputs, load_references(references_dir))
    folder = results_folder(store, run["id"], results_dir)
    folder.mkdir(parents=True, exist_ok=True)
    write_files(al, folder)
    scores = score_aligned(al)
    settings = json.loads(run["settings"])
    scores["run"] = {
        "id": run["id"], "started_at": run["started_at"], "input": run["input"], "status": run["status"],
        "strategy": settings.get("strategy"),
        "translation_model": settings.get("translation", {}).get("model"),
        "summary_model": settings.get("summary", {}).get("model"),
        "backend": settings.get("translation", {}).get("backend"),
    }
    scores["published_anchors"] = PUBLISHED_ANCHORS
    scores["files"] = {name: str(folder / name) for name in OUTPUT_FILES}
    (folder / "scores.json").write_text(json.dumps(scores, ensure_ascii=False, indent=2), encoding="utf-8")
    (folder / "report.md").write_text(render_report(scores), encoding="utf-8")
    if chart:
        write_chart(scores, folder / "chart.png")
        scores["files"]["chart"] = str(folder / "chart.png")
    return scores


def _f(value) -> str:
    return "–" if value is None else f"{value:.1f}"


def render_report(scores: dict) -> str:
    run = scores["run"]
    t, en, ar = scores["translation"], scores["summary_en"], scores["summary_ar"]
    lines = [
        f"# Evaluation of run {run['id']}",
        "",
        f"Input `{run['input']}`, started {run['started_at']}; translation model `{run['translation_model']}`, "
        f"summary model `{run['summary_model']}`, English summary strategy `{run['strategy']}`, backend `{run['backend']}`.",
        f"Articles scored: {', '.join(scores['articles_scored'])}. All figures 0–100.",
        "",
        "## Per article",
        "",
        "| article | paragraphs | BLEU | chrF | TER | ROUGE-1/2/L en | ROUGE-1/2/L ar | fact recall |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for stem, a in scores["per_article"].items():
        tr = a["translation"] or {}
        lines.append(
            f"| {stem} | {a['paragraphs_matched']} | {_f(tr.get('bleu', {}).get('score'))} | "
            f"{_f(tr.get('chrf', {}).get('score'))} | {_f(tr.get('ter', {}).get('score'))} | "
            + " / ".join(_f(a["summary_en"][k]) for k in metrics.ROUGE_TYPES) + " | "
            + " / ".join(_f(a["summary_ar"][k]) for k in metrics.ROUGE_TYPES) + f" | {_f(a['fact_recall']['score'])} |"
        )
    lines += [
        "",
        "## Overall",
        "",
        "| figure | ours | published anchors (other test sets) |",
        "|---|---|---|",
        f"| translation BLEU | {_f(t['bleu']['score'])} | "
        + "; ".join(f"{a['model'].split('/')[-1]} {a['test_set']}: {a['bleu']}" for a in PUBLISHED_ANCHORS["translation"]) + " |",
        f"| translation chrF | {_f(t['chrf']['score'])} | "
        + "; ".join(f"{a['model'].split('/')[-1]} {a['test_set']}: {a['chrf']}" for a in PUBLISHED_ANCHORS["translation"]) + " |",
        f"| translation chrF++ | {_f(t['chrf_pp']['score'])} | |",
        f"| translation TER (lower is better) | {_f(t['ter']['score'])} | |",
    ]
    for key, label in (("summary_en", "English"), ("summary_ar", "Arabic")):
        anchor = PUBLISHED_ANCHORS[key][0]
        for r in metrics.ROUGE_TYPES:
            s = scores[key][r]
            lines.append(f"| {label} summary {r} (95% CI) | {_f(s['score'])} ({_f(s['ci95'][0])}–{_f(s['ci95'][1])}) | "
                         f"{anchor['test_set']}: {anchor[r]} |")
        lines.append(f"| {label} summary chrF | {_f(scores[key]['chrf']['score'])} | |")
    notes = scores["summary_en_vs_notes"]
    lines.append("| English summary vs notes, ROUGE-1/2/L | "
                 + " / ".join(_f(notes[r]["score"]) for r in metrics.ROUGE_TYPES) + " | |")
    lines.append(f"| fact recall ({scores['fact_recall']['notes_checked']} notes) | {_f(scores['fact_recall']['score'])} | |")
    lines += ["", FACT_RECALL_NOTE, "", "## Signatures", ""]
    for name in ("bleu", "chrf", "chrf_pp", "ter"):
        lines.append(f"- translation {name}: `{t[name]['signature']}`")
    lines.append(f"- summary_en ROUGE: `{en['rouge1']['signature']}`")
    lines.append(f"- summary_ar ROUGE: `{ar['rouge1']['signature']}`")
    if scores["unmatched_paragraphs"] or scores["missing_references"]:
        lines += ["", "## Not scored", ""]
        for stem, u in scores["unmatched_paragraphs"].items():
            lines.append(f"- {stem}: {len(u['reference_only'])} reference paragraph(s) not in the output, "
                         f"{len(u['output_only'])} output paragraph(s) not in the reference")
        for name in scores["missing_references"]:
            lines.append(f"- {name}: no reference file")
    return "\n".join(lines) + "\n"


def write_chart(scores: dict, path: Path) -> None:
    """Bar chart of the overall figures beside the published anchors (matplotlib, headless)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = ["BLEU", "chrF", "R1 en", "R2 en", "RL en", "R1 ar", "R2 ar", "RL ar"]
    ours = [scores["translation"]["bleu"]["score"], scores["translation"]["chrf"]["score"],
            *(scores["summary_en"][r]["score"] for r in metrics.ROUGE_TYPES),
            *(scores["summary_ar"][r]["score"] for r in metrics.ROUGE_TYPES)]
    t0, en0, ar0 = PUBLISHED_ANCHORS["translation"][0], PUBLISHED_ANCHORS["summary_en"][0], PUBLISHED_ANCHORS["summary_ar"][0]
    anchors = [t0["bleu"], t0["chrf"], *(en0[r] for r in metrics.ROUGE_TYPES), *(ar0[r] for r in metrics.ROUGE_TYPES)]
    fig, ax = plt.subplots(figsize=(9, 4))
    x = range(len(labels))
    ax.bar([i - 0.2 for i in x], ours, width=0.4, label=f"run {scores['run']['id']}")
    ax.bar([i + 0.2 for i in x], anchors, width=0.4, label="published (FLORES-101 / XL-Sum)", alpha=0.6)
    ax.set_xticks(list(x), labels)
    ax.set_ylim(0, 100)
    ax.set_ylabel("score (0–100)")
    ax.set_title(f"Run {scores['run']['id']}: {scores['run']['summary_model']}, {scores['run']['strategy']}")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def compare_runs(store: Store, run_a: int, run_b: int, *, references_dir: Path = REFERENCES_DIR) -> dict:
    """Run B against run A on what both produced: paired bootstrap for translation and ROUGE."""
    refs = load_references(references_dir)
    aligned = {}
    for run_id in (run_a, run_b):
        if store.run(run_id) is None:
            raise EvaluationError(f"no run {run_id} in this database")
        aligned[run_id] = align(store.run_outputs(run_id), refs)
    a, b = aligned[run_a], aligned[run_b]
    common_lines = sorted(set(zip(a.translation_article, a.translation_key)) & set(zip(b.translation_article, b.translation_key)))
    idx_a = {k: i for i, k in enumerate(zip(a.translation_article, a.translation_key))}
    idx_b = {k: i for i, k in enumerate(zip(b.translation_article, b.translation_key))}
    hyp_a = [a.translation_hyp[idx_a[k]] for k in common_lines]
    hyp_b = [b.translation_hyp[idx_b[k]] for k in common_lines]
    refs_lines = [a.translation_ref[idx_a[k]] for k in common_lines]
    common_articles = [s for s in a.articles if s in b.articles]
    if not common_articles:
        raise EvaluationError(f"runs {run_a} and {run_b} have no article with references in common: there is "
                              "nothing to compare; compare two runs over the same articles")
    translation = metrics.paired_translation_test(hyp_a, hyp_b, refs_lines) if common_lines else {}
    out = {"run_a": run_a, "run_b": run_b, "articles": common_articles, "paragraphs": len(common_lines),
           "translation": {name: _settle(row, identical=hyp_a == hyp_b) for name, row in translation.items()}}
    for key, lang in (("summary_en", "en"), ("summary_ar", "ar")):
        hyps_a = [getattr(a, f"summary_hyp_{lang}")[a.articles.index(s)] for s in common_articles]
        hyps_b = [getattr(b, f"summary_hyp_{lang}")[b.articles.index(s)] for s in common_articles]
        ref_l = [getattr(a, f"summary_ref_{lang}")[a.articles.index(s)] for s in common_articles]
        per_a = metrics.rouge_per_item(hyps_a, ref_l, lang=lang)
        per_b = metrics.rouge_per_item(hyps_b, ref_l, lang=lang)
        out[key] = {t: _settle({"a": round(sum(per_a[t]) / len(per_a[t]), 2) if per_a[t] else 0.0,
                                "b": round(sum(per_b[t]) / len(per_b[t]), 2) if per_b[t] else 0.0,
                                **metrics.paired_bootstrap_mean(per_a[t], per_b[t]),
                                "signature": metrics.rouge_signature(lang) + f"|paired-bs:{metrics.BOOTSTRAP_SAMPLES}"
                                             f"|seed:{metrics.BOOTSTRAP_SEED}"}, identical=hyps_a == hyps_b)
                    for t in metrics.ROUGE_TYPES}
    return out


def _settle(row: dict, *, identical: bool) -> dict:
    """A comparison row that says so where there is no difference to test: ``identical`` (p = 1) when
    both runs produced the same outputs, ``no difference`` when only the figures agree; the report
    then shows the verdict, not a p-value."""
    if identical or abs(row.get("difference", 0.0)) < 1e-9:
        row = {**row, "verdict": "identical" if identical else "no difference"}
        if identical:
            row["p_value"] = 1.0
    return row


def render_comparison(cmp: dict) -> str:
    lines = [f"Run {cmp['run_b']} against run {cmp['run_a']}: {len(cmp['articles'])} articles, "
             f"{cmp['paragraphs']} paragraphs in common", "",
             f"{'figure':<22}{'run ' + str(cmp['run_a']):>10}{'run ' + str(cmp['run_b']):>10}{'diff':>9}{'p':>9}"]
    rows = [(f"translation {name}", row) for name, row in cmp["translation"].items()]
    rows += [(f"{key} {t}", row) for key in ("summary_en", "summary_ar") for t, row in cmp[key].items()]
    for name, row in rows:
        tail = f"  {row['verdict']}" if "verdict" in row else f"{row['difference']:>+9.2f}{row['p_value']:>9.4f}"
        lines.append(f"{name:<22}{row['a']:>10.2f}{row['b']:>10.2f}{tail}")
    if all(row.get("verdict") == "identical" for _, row in rows):
        lines += ["", "The two runs produced the same outputs on the articles they share: there is no difference."]
    else:
        lines += ["", "p: paired bootstrap (seeded, 1000 resamples); below 0.05 the difference is unlikely to be "
                      "chance. No p-value where the runs do not differ."]
    return "\n".join(lines)
