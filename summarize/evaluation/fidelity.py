"""The fidelity benchmark: cleaning, segmentation, the number check and the evidence check,
measured on a labelled corpus (``eval/fidelity/``, see its README) without any model.

- **cleaning**: each article's lines are labelled title, dateline, byline, content, blank or
  ``cruft:KIND``; we count content lines dropped, cruft lines kept, and whether the title, the
  dateline and the bylines come out right. Lines repeated across the corpus's articles are
  boilerplate, as they would be across a folder.
- **segmentation**: content lines mark sentence boundaries with `` ¦ ``; boundaries are compared
  by position in non-space characters, so the measure does not depend on whitespace.
- **numbers**: (Arabic, English) pairs labelled correct or wrong; a pair is predicted wrong when
  ``number_mismatch`` fires.
- **evidence**: summary sentences labelled supported or unsupported against their article; a
  sentence is predicted unsupported when any ``unsupported*`` flag fires.

Precision and recall are for the positive class: a boundary, a wrong pair, an unsupported
sentence. Each part is computed through the same public functions as ``summarize check``.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summarize.text.clean import line_key

BOUNDARY = " ¦ "
TARGETS = {
    "cleaning.content_dropped": ("==", 0),
    "cleaning.cruft_kept_rate": ("<=", 0.10),
    "cleaning.title_accuracy": (">=", 0.95),
    "cleaning.dateline_accuracy": (">=", 0.95),
    "cleaning.byline_accuracy": (">=", 0.95),
    "segmentation.precision": (">=", 0.95),
    "segmentation.recall": (">=", 0.95),
    "numbers.precision": (">=", 0.95),
    "numbers.recall": (">=", 0.90),
    "evidence.precision": (">=", 0.85),
    "evidence.recall": (">=", 0.80),
}


def precision_recall(tp: int, fp: int, fn: int) -> tuple[float, float]:
    """Precision and recall; 1.0 when there is nothing to find (no positives predicted or expected)."""
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall


# --- corpus -------------------------------------------------------------------------------------------

@dataclass
class LabelledArticle:
    name: str
    meta: dict[str, str]
    labels: list[str]  # one per raw line
    lines: list[str]  # raw lines (boundary markers removed)
    sentences: dict[int, list[str]] = field(default_factory=dict)  # line number → expected sentences

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def read_article_file(path: Path) -> LabelledArticle:
    meta: dict[str, str] = {}
    labels, lines, sentences = [], [], {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("# ") and not labels:
            key, _, value = raw[2:].partition(":")
            meta[key.strip()] = value.strip()
            continue
        label, sep, text = raw.partition("\t")
        if not sep:
            raise ValueError(f"{path.name}: line without a TAB: {raw[:60]!r}")
        labels.append(label.strip())
        lines.append(text.replace(BOUNDARY, " "))
        if label.strip() == "content":
            sentences[len(lines)] = [s.strip() for s in text.split(BOUNDARY)]
    return LabelledArticle(path.stem, meta, labels, lines, sentences)


def read_corpus(folder: Path) -> list[LabelledArticle]:
    return [read_article_file(p) for p in sorted(Path(folder).glob("*.txt"))]


# --- cleaning ---------------------------------------------------------------------------------------

def _same(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return line_key(a) == line_key(b)


def score_cleaning(articles: Sequence[LabelledArticle]) -> dict:
    from summarize.text.clean import clean, repeated_lines

    boilerplate = repeated_lines(a.text for a in articles)
    content = content_dropped = cruft = cruft_kept = 0
    right = Counter()
    errors = []
    for art in articles:
        doc = clean(art.text, art.name, boilerplate=boilerplate)
        kept = set(doc.lines)
        for number, label in enumerate(art.labels, start=1):
            if label == "blank" or not art.lines[number - 1].strip():
                continue
            if label in ("content", "title"):
                content += 1
                if number not in kept:
                    content_dropped += 1
                    errors.append({"article": art.name, "line": number, "label": label, "text": art.lines[number - 1],
                                   "error": "content dropped"})
            elif label.startswith("cruft"):
                cruft += 1
                if number in kept:
                    cruft_kept += 1
                    errors.append({"article": art.name, "line": number, "label": label, "text": art.lines[number - 1],
                                   "error": "cruft kept"})
        expected = {kind: [art.lines[i] for i, lab in enumerate(art.labels) if lab == kind]
                    for kind in ("title", "dateline", "byline")}
        checks = {
            "title": _same(doc.title, expected["title"][0] if expected["title"] else None),
            "dateline": _same(doc.dateline, expected["dateline"][0] if expected["dateline"] else None),
            "byline": sorted(map(line_key, doc.bylines)) == sorted(map(line_key, expected["byline"])),
        }
        for kind, ok in checks.items():
            right[kind] += ok
            if not ok:
                got = {"title": doc.title, "dateline": doc.dateline, "byline": list(doc.bylines)}[kind]
                errors.append({"article": art.name, "error": f"{kind} wrong", "expected": expected[kind], "got": got})
    n = len(articles)
    return {
        "articles": n, "content_lines": content, "content_dropped": content_dropped, "cruft_lines": cruft,
        "cruft_kept": cruft_kept, "cruft_kept_rate": round(cruft_kept / cruft, 4) if cruft else 0.0,
        "title_accuracy": round(right["title"] / n, 4) if n else 1.0,
        "dateline_accuracy": round(right["dateline"] / n, 4) if n else 1.0,
        "byline_accuracy": round(right["byline"] / n, 4) if n else 1.0,
        "errors": errors,
    }


# --- segmentation -------------------------------------------------------------------------------------

def boundaries(sentences: Iterable[str]) -> set[int]:
    """Positions, in non-space characters, where each sentence after the first starts."""
    out, position = set(), 0
    for i, sentence in enumerate(sentences):
        if i:
            out.add(position)
        position += sum(1 for ch in sentence if not ch.isspace())
    return out


def score_segmentation(articles: Sequence[LabelledArticle]) -> dict:
    from summarize.text.normalise import normalise_line
    from summarize.text.segment import sentence_spans

    tp = fp = fn = 0
    errors = []
    for art in articles:
        for number, expected in art.sentences.items():
            line = normalise_line(art.lines[number - 1])
            got = [line[a:b] for a, b in sentence_spans(line)]
            want = boundaries(normalise_line(s) for s in expected)
            have = boundaries(got)
            tp += len(want & have)
            fp += len(have - want)
            fn += len(want - have)
            if want != have:
                errors.append({"article": art.name, "line": number, "expected": expected, "got": got})
    precision, recall = precision_recall(tp, fp, fn)
    return {"boundaries": tp + fn, "precision": round(precision, 4), "recall": round(recall, 4), "errors": errors}


# --- numbers ---------------------------------------------------------------------------------------------

def read_pairs(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def score_numbers(pairs: Sequence[dict]) -> dict:
    from summarize.tasks.checks import number_mismatch

    tp = fp = fn = 0
    errors = []
    for row in pairs:
        flag = number_mismatch(row["ar"], row["en"])
        wrong = row["label"] == "wrong"
        if flag and wrong:
            tp += 1
        elif flag:
            fp += 1
            errors.append({**row, "error": "false alarm", "reason": flag.reason})
        elif wrong:
            fn += 1
            errors.append({**row, "error": "missed"})
    precision, recall = precision_recall(tp, fp, fn)
    return {"pairs": len(pairs), "wrong": tp + fn, "precision": round(precision, 4), "recall": round(recall, 4),
            "errors": errors}


# --- evidence -------------------------------------------------------------------------------------------

def score_evidence(folder: Path) -> dict:
    from summarize.tasks.evidence import check_summary

    tp = fp = fn = 0
    by_kind: Counter = Counter()
    found_kind: Counter = Counter()
    errors = []
    cases = sorted(Path(folder).glob("*.json"))
    total = 0
    for path in cases:
        case = json.loads(path.read_text(encoding="utf-8"))
        for item in case["sentences"]:
            total += 1
            article = case[item["lang"]]
            result = check_summary(article, item["text"], lang=item["lang"])[0]
            predicted = result["unsupported"]
            unsupported = item["label"] == "unsupported"
            by_kind[item["kind"]] += 1
            if predicted == unsupported:
                found_kind[item["kind"]] += 1
            if predicted and unsupported:
                tp += 1
            elif predicted:
                fp += 1
                errors.append({"case": path.stem, **item, "error": "false alarm", "flags": result["flags"]})
            elif unsupported:
                fn += 1
                errors.append({"case": path.stem, **item, "error": "missed"})
    precision, recall = precision_recall(tp, fp, fn)
    return {"sentences": total, "unsupported": tp + fn, "precision": round(precision, 4), "recall": round(recall, 4),
            "accuracy_by_kind": {k: round(found_kind[k] / v, 3) for k, v in sorted(by_kind.items())},
            "errors": errors}


# --- all ------------------------------------------------------------------------------------------------

def run(corpus: Path) -> dict:
    """Score every part present in ``corpus`` (a folder with ``articles/``, ``numbers.tsv``,
    ``summaries/``); return the results with the targets and whether each is met."""
    corpus = Path(corpus)
    results: dict = {}
    if (corpus / "articles").is_dir():
        articles = read_corpus(corpus / "articles")
        results["cleaning"] = score_cleaning(articles)
        results["segmentation"] = score_segmentation(articles)
    if (corpus / "numbers.tsv").is_file():
        results["numbers"] = score_numbers(read_pairs(corpus / "numbers.tsv"))
    if (corpus / "summaries").is_dir():
        results["evidence"] = score_evidence(corpus / "summaries")
    results["targets"] = check_targets(results)
    return results


def check_targets(results: dict) -> dict:
    out = {}
    for name, (op, bound) in TARGETS.items():
        part, metric = name.split(".")
        if part not in results:
            continue
        value = results[part][metric]
        met = value == bound if op == "==" else value <= bound if op == "<=" else value >= bound
        out[name] = {"value": value, "target": f"{op} {bound}", "met": met}
    return out


def table(results: dict) -> str:
    lines = [f"{'measure':<30}{'value':>10}  {'target':<10} met"]
    for name, t in results["targets"].items():
        value = t["value"]
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        lines.append(f"{name:<30}{shown:>10}  {t['target']:<10} {'yes' if t['met'] else 'NO'}")
    sizes = []
    if "cleaning" in results:
        c = results["cleaning"]
        sizes.append(f"{c['articles']} articles, {c['content_lines']} content and {c['cruft_lines']} cruft lines")
    if "segmentation" in results:
        sizes.append(f"{results['segmentation']['boundaries']} sentence boundaries")
    if "numbers" in results:
        sizes.append(f"{results['numbers']['pairs']} sentence pairs ({results['numbers']['wrong']} wrong)")
    if "evidence" in results:
        e = results["evidence"]
        sizes.append(f"{e['sentences']} summary sentences ({e['unsupported']} unsupported)")
    return "\n".join(lines + ["", "corpus: " + "; ".join(sizes)])
