"""Metrics, each with a signature: sacrebleu for translation, rouge-score for summaries.

All figures are on the 0–100 scale that sacrebleu and the XL-Sum paper use.

- Translation: corpus BLEU, chrF (chrF2, sacrebleu's default ``-m chrf``), chrF++ and TER with the
  13a tokenizer, exactly as the ``sacrebleu`` command line computes them.
- Summaries: ROUGE-1/2/L F1 (mean over summaries). English with rouge-score's own tokenizer and
  Porter stemming. rouge-score's default tokenizer keeps only ``[a-z0-9]`` and silently scores
  Arabic as 0, so Arabic uses :class:`ArabicTokenizer` (letters kept; diacritics, tatweel and
  alef/yaa/taa-marbuta variants normalised; no stemming), recorded in the signature.
- Fact recall: a simple lexical check of whether each note's numbers and proper names appear in a
  summary.
- Significance: sacrebleu's paired bootstrap for translation; a seeded bootstrap over summaries for
  ROUGE confidence intervals and differences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from summarize.tasks.checks import english_numbers
from summarize.text.normalise import ArabicTokenizer

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
BOOTSTRAP_SEED = 12345
BOOTSTRAP_SAMPLES = 1000

# --- translation ---------------------------------------------------------------------------------

def translation_scores(hyps: Sequence[str], refs: Sequence[str]) -> dict:
    """Corpus BLEU, chrF, chrF++ and TER (13a), with their sacrebleu signatures."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    out = {}
    for key, metric in (("bleu", BLEU(tokenize="13a")), ("chrf", CHRF()), ("chrf_pp", CHRF(word_order=2)),
                        ("ter", TER())):
        score = metric.corpus_score(list(hyps), [list(refs)])
        out[key] = {"score": round(score.score, 2), "signature": str(metric.get_signature())}
    return out


# --- ROUGE ---------------------------------------------------------------------------------------

def rouge_scorer(lang: str):
    from rouge_score import rouge_scorer as rs

    if lang == "ar":
        return rs.RougeScorer(list(ROUGE_TYPES), use_stemmer=False, tokenizer=ArabicTokenizer())
    return rs.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


def rouge_signature(lang: str) -> str:
    import importlib.metadata

    version = importlib.metadata.version("rouge-score")
    tok = ArabicTokenizer.name if lang == "ar" else "rouge-score-default"
    stem = "no" if lang == "ar" else "porter"
    return f"rouge-score:{version}|lang:{lang}|tok:{tok}|stem:{stem}|f1|agg:mean|scale:100"


def rouge_per_item(hyps: Sequence[str], refs: Sequence[str], *, lang: str) -> dict[str, list[float]]:
    """ROUGE F1 (0–100) of each hypothesis against its reference."""
    scorer = rouge_scorer(lang)
    per: dict[str, list[float]] = {t: [] for t in ROUGE_TYPES}
    for hyp, ref in zip(hyps, refs, strict=True):
        scores = scorer.score(ref, hyp)
        for t in ROUGE_TYPES:
            per[t].append(100 * scores[t].fmeasure)
    return per


def rouge_scores(hyps: Sequence[str], refs: Sequence[str], *, lang: str) -> dict:
    """Mean ROUGE-1/2/L F1 with a seeded 95% bootstrap confidence interval."""
    per = rouge_per_item(hyps, refs, lang=lang)
    out = {}
    for t in ROUGE_TYPES:
        low, high = bootstrap_ci(per[t])
        out[t] = {"score": round(float(np.mean(per[t])) if per[t] else 0.0, 2), "ci95": [round(low, 2), round(high, 2)],
                  "signature": rouge_signature(lang) + f"|bs:{BOOTSTRAP_SAMPLES}|seed:{BOOTSTRAP_SEED}"}
    return out


def chrf_of_summaries(hyps: Sequence[str], refs: Sequence[str]) -> dict:
    from sacrebleu.metrics import CHRF

    metric = CHRF()
    score = metric.corpus_score(list(hyps), [list(refs)])
    return {"score": round(score.score, 2), "signature": str(metric.get_signature())}


# --- bootstrap -----------------------------------------------------------------------------------

def _resample_indices(n: int, samples: int = BOOTSTRAP_SAMPLES, seed: int = BOOTSTRAP_SEED) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, n, size=(samples, n))


def bootstrap_ci(values: Sequence[float], *, level: float = 0.95) -> tuple[float, float]:
    """Seeded percentile bootstrap interval of the mean of ``values``."""
    if not values:
        return (0.0, 0.0)
    arr = np.asarray(values, dtype=float)
    means = arr[_resample_indices(len(arr))].mean(axis=1)
    tail = (1 - level) / 2 * 100
    return float(np.percentile(means, tail)), float(np.percentile(means, 100 - tail))


def paired_bootstrap_mean(a: Sequence[float], b: Sequence[float]) -> dict:
    """Seeded paired bootstrap of mean(b) − mean(a): the difference, its 95% CI and a p-value."""
    arr_a, arr_b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    diff = float(arr_b.mean() - arr_a.mean()) if len(arr_a) else 0.0
    if not len(arr_a) or np.array_equal(arr_a, arr_b):  # nothing differs: nothing to test
        return {"difference": 0.0, "ci95": [0.0, 0.0], "p_value": 1.0}
    idx = _resample_indices(len(arr_a))
    sample_diffs = arr_b[idx].mean(axis=1) - arr_a[idx].mean(axis=1)
    # Same statistic as sacrebleu's paired bootstrap (Koehn 2004 as in Moses): centred absolute differences.
    centred = np.abs(sample_diffs) - np.abs(sample_diffs).mean()
    p = float((np.sum(centred >= abs(diff)) + 1) / (len(centred) + 1))
    return {"difference": round(diff, 2), "ci95": [round(float(np.percentile(sample_diffs, 2.5)), 2),
                                                   round(float(np.percentile(sample_diffs, 97.5)), 2)],
            "p_value": round(p, 4)}


def paired_translation_test(hyps_a: Sequence[str], hyps_b: Sequence[str], refs: Sequence[str]) -> dict:
    """sacrebleu's paired bootstrap (seeded) of system B against baseline A: BLEU and chrF."""
    import os

    from sacrebleu.metrics import BLEU, CHRF
    from sacrebleu.significance import PairedTest

    os.environ.setdefault("SACREBLEU_SEED", str(BOOTSTRAP_SEED))
    metrics = {"BLEU": BLEU(references=[list(refs)]), "chrF": CHRF(references=[list(refs)])}
    test = PairedTest([("A", list(hyps_a)), ("B", list(hyps_b))], metrics, references=None, test_type="bs",
                      n_samples=BOOTSTRAP_SAMPLES)
    signatures, results = test()
    out = {}
    identical = list(hyps_a) == list(hyps_b)  # the resampling test reports p = 1/(n+1) for identical systems
    for key, name in (("bleu", "BLEU"), ("chrf", "chrF2")):
        base, system = results[name]
        out[key] = {"a": round(base.score, 2), "b": round(system.score, 2),
                    "difference": round(system.score - base.score, 2),
                    "p_value": 1.0 if identical else system.p_value, "signature": str(signatures[name])}
    return out


# --- fact recall ---------------------------------------------------------------------------------

_NAME = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:al-|bin\s+|de\s+|Di\s+)?[A-Z][\w'’-]*)*")
_NOT_NAMES = {
    "The", "A", "An", "In", "On", "At", "By", "He", "She", "It", "They", "We", "This", "That", "These", "Those", "His",
    "Her", "Its", "Their", "About", "After", "Before", "During", "Since", "Some", "Many", "More", "Most", "Over",
    "Under", "Up", "Of", "For", "With", "And", "But", "Or", "As", "Foreign", "Minister", "Ministers", "Secretary",
    "State", "President", "Prince", "Sheikh", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "US", "UN",
}


def names_in(note: str) -> list[str]:
    """Proper names of an English note: runs of capitalised words, minus common capitalised words."""
    names = []
    for match in _NAME.findall(note):
        words = [w for w in match.split() if w not in _NOT_NAMES]
        if words:
            names.append(" ".join(words))
    return names


@dataclass(frozen=True)
class FactCheck:
    note: str
    items: tuple[str, ...]
    found: tuple[str, ...]

    @property
    def recalled(self) -> bool:
        return bool(self.items) and len(self.found) == len(self.items)


def fact_recall(notes: Sequence[str], summary: str) -> list[FactCheck]:
    """For each note, which of its numbers and proper names the summary contains (case-insensitive).

    Numbers are read by the same reader as the translation checks (:func:`summarize.tasks.checks.english_numbers`:
    Arabic-Indic digits, separators, "million"…), so "4,250", "4250" and "٤٢٥٠" are one number.
    """
    summary_numbers = {n.value for n in english_numbers(summary)}
    summary_words = " " + " ".join(re.findall(r"[\w'’-]+", summary.lower())) + " "
    checks = []
    for note in notes:
        numbers = {n.text: n.value for n in english_numbers(note)}
        names = list(dict.fromkeys(names_in(note)))
        found = [text for text, value in numbers.items() if value in summary_numbers]
        found += [name for name in names
                  if all(f" {w.lower()} " in summary_words for w in re.findall(r"[\w'’-]+", name))]
        checks.append(FactCheck(note, (*numbers, *names), tuple(found)))
    return checks


SCORE_METRICS = ("bleu", "chrf", "ter", "rouge")


def score_lines(hyps: Sequence[str], refs: Sequence[str], *, lang: str = "en",
                which: Sequence[str] = SCORE_METRICS) -> dict:
    """Scores of line-aligned hypotheses against references: ``{name: {"score", "signature"}}``."""
    from summarize.errors import ConfigError

    unknown = set(which) - set(SCORE_METRICS)
    if unknown:
        raise ConfigError(f"unknown metric {', '.join(sorted(unknown))}: use {', '.join(SCORE_METRICS)}")
    if len(hyps) != len(refs):
        raise ConfigError(f"the files are not line-aligned: {len(hyps)} hypothesis lines, {len(refs)} reference lines")
    out = {}
    if {"bleu", "chrf", "ter"} & set(which):
        translation = translation_scores(hyps, refs)
        out.update({k: translation[k] for k in ("bleu", "chrf", "ter") if k in which})
    if "rouge" in which:
        out.update(rouge_scores(hyps, refs, lang=lang))
    return out
