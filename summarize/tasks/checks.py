"""Checks: per translated segment, the flags a reader should see, each with a short human reason.

Machine translation of news fails in known ways; each check looks for one of them:

- ``number_mismatch``: the numbers of the Arabic and of the English differ. Numbers are read with
  Western and Arabic-Indic digits, "٫"/"." decimals, ","/"٬" thousands separators, multipliers
  ("مليون", "million", …) and cheap spelled-out numbers ("ثلاثة", "three"). Every Arabic number
  must appear in the English (in digits or words); every English number written in digits must
  appear in the Arabic. (English number words alone never raise the flag: Arabic duals such as
  "عامين", "two years", carry no number word.)
- ``untranslated``: Arabic script left in the English.
- ``repetition``: a repeated n-gram loop, the known failure mode of these models.
- ``length_ratio``: English/Arabic length (non-space characters) far outside the range of the
  reference translations (see :data:`LENGTH_RATIO_BOUNDS`).
- ``low_score``: the model is less sure of its output than of the human reference translations
  (see :func:`low_score_threshold`).
- ``truncated_output``: generation stopped at the length limit, so the English may be cut off.
- ``truncated_input``: the input exceeded the model's budget. The segmenter makes this impossible;
  the check stays as a guard.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from summarize.paths import PACKAGE_DIR, package_data
from summarize.text import numbers
from summarize.text.normalise import is_arabic_letter

FLAG_NAMES = ("number_mismatch", "untranslated", "repetition", "length_ratio", "low_score", "truncated_output",
              "truncated_input")

# What each flag means, in words for a reader (the flags of summary sentences come from
# summarize.tasks.evidence).
FLAG_LABELS = {
    "number_mismatch": "Numbers differ",
    "untranslated": "Arabic left untranslated",
    "repetition": "Repeated words (decoding loop)",
    "length_ratio": "Unusual length",
    "low_score": "Low model confidence",
    "truncated_output": "Translation cut at the length limit",
    "truncated_input": "Sentence too long for the model",
    "glossary_miss": "Glossary term not applied",
    "unsupported": "Not supported by the article",
    "summary_number_mismatch": "Number not in the article",
    "unsupported_number": "Number from another context",
    "unsupported_name": "Name not in the cited sentences",
    "unsupported_attribution": "Attribution missing",
}

# Derived from eval/references by `python -m summarize.tasks.checks derive eval/references`: the lowest
# and highest English/Arabic length ratio of the reference paragraphs (20+ Arabic characters),
# widened by a factor of 1.5 on each side. tests/test_checks.py re-derives them.
LENGTH_RATIO_BOUNDS = (0.67, 2.42)
LENGTH_RATIO_MARGIN = 1.5
MIN_CHARS_FOR_RATIO = 20
# low_score: 5th percentile of the model's scores of the reference translations, minus this margin.
LOW_SCORE_MARGIN = 0.5


@dataclass(frozen=True)
class Flag:
    name: str
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)


# --- numbers -------------------------------------------------------------------------------------

def number_mismatch(arabic: str, english: str) -> Flag | None:
    """Numbers, dates, percentages and currencies of the Arabic and the English compared as values
    (read by :mod:`summarize.text.numbers`); the reason names what each side has that the other lacks."""
    result = numbers.compare(numbers.read(arabic, "ar"), numbers.read(english, "en"))
    if result.agree:
        return None
    parts = []
    if result.missing:
        parts.append("the Arabic has " + numbers.describe(result.missing) + ", not in the English")
    if result.extra:
        parts.append("the English has " + numbers.describe(result.extra) + ", not in the Arabic")
    return Flag("number_mismatch", "numbers differ: " + "; ".join(parts))


def english_numbers(text: str) -> list[numbers.Quantity]:
    """The numeric quantities of an English text (what the fact-recall metric counts)."""
    return [q for q in numbers.read(text, "en") if q.value is not None]


# --- the other checks ----------------------------------------------------------------------------

def untranslated(english: str) -> Flag | None:
    words = [w for w in english.split() if any(is_arabic_letter(ch) for ch in w)]
    if not words:
        return None
    shown = " ".join(words[:4]) + (" …" if len(words) > 4 else "")
    return Flag("untranslated", f"Arabic script left in the English ({len(words)} word(s)): {shown}")


def repetition(english: str, *, min_repeats: int = 3, max_n: int = 4) -> Flag | None:
    tokens = re.findall(r"\w+", english.lower())
    for n in range(1, max_n + 1):
        for start in range(0, len(tokens) - n * min_repeats + 1):
            gram = tokens[start : start + n]
            repeats = 1
            while tokens[start + repeats * n : start + (repeats + 1) * n] == gram:
                repeats += 1
            if repeats >= min_repeats:
                return Flag("repetition", f"'{' '.join(gram)}' repeated {repeats} times in a row: a decoding loop")
    if len(tokens) >= 12 and len(set(tokens)) / len(tokens) < 0.3:
        return Flag("repetition", f"only {len(set(tokens))} different words in {len(tokens)}: a decoding loop")
    return None


def _chars(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def length_ratio(arabic: str, english: str, bounds: tuple[float, float] = LENGTH_RATIO_BOUNDS) -> Flag | None:
    ar_chars = _chars(arabic)
    if ar_chars < MIN_CHARS_FOR_RATIO:
        return None
    ratio = _chars(english) / ar_chars
    low, high = bounds
    if ratio < low:
        return Flag("length_ratio", f"the English is unusually short for the Arabic (ratio {ratio:.2f}, references "
                                    f"{low:.2f}–{high:.2f}): something may be missing")
    if ratio > high:
        return Flag("length_ratio", f"the English is unusually long for the Arabic (ratio {ratio:.2f}, references "
                                    f"{low:.2f}–{high:.2f}): something may be added or repeated")
    return None


def check_translation(arabic: str, english: str, *, score: float, complete: bool = True, input_tokens: int = 0,
                      max_input_tokens: int | None = None, low_score: float | None = None,
                      missed_terms: Sequence = ()) -> list[Flag]:
    """Every flag that fires for one translated segment (``missed_terms``: glossary terms whose
    English could not be put in the translation)."""
    flags = [f for f in (number_mismatch(arabic, english), untranslated(english), repetition(english),
                         length_ratio(arabic, english)) if f]
    if low_score is not None and score < low_score:
        flags.append(Flag("low_score", f"the model's confidence ({score:.2f}) is below what it gives human reference "
                                       f"translations ({low_score:.2f})"))
    if not complete:
        flags.append(Flag("truncated_output", "generation stopped at the length limit: the English may be cut off"))
    if max_input_tokens is not None and input_tokens > max_input_tokens:
        flags.append(Flag("truncated_input", f"the input had {input_tokens} tokens, over the model's budget of "
                                             f"{max_input_tokens}: part of the Arabic may be untranslated"))
    if missed_terms:
        flags.append(Flag("glossary_miss", "the glossary's English is missing for "
                          + "; ".join(f"{t.arabic} → {t.english}" for t in missed_terms)))
    return flags


# --- thresholds from the reference translations ---------------------------------------------------

def reference_pairs(folder: Path) -> list[tuple[str, str]]:
    pairs = []
    for path in sorted(Path(folder).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        pairs.extend((p["ar"], p["en"]) for p in data.get("translation_en", []))
    return pairs


PACKAGED_PAIRS = "reference_pairs.jsonl"


def packaged_reference_pairs() -> list[tuple[str, str]]:
    """The reference translations shipped with the package (``summarize/data``), derived from
    ``eval/references`` by ``python -m summarize.tasks.checks package eval/references``: what calibrates
    ``low_score`` wherever the package is installed."""
    text = package_data(PACKAGED_PAIRS).read_text(encoding="utf-8")
    return [tuple(json.loads(line)) for line in text.splitlines() if line.strip()]


def write_packaged_pairs(pairs: Sequence[tuple[str, str]], path: Path) -> None:
    path.write_text("".join(json.dumps([ar, en], ensure_ascii=False) + "\n" for ar, en in pairs), encoding="utf-8")


def derive_length_bounds(pairs: Sequence[tuple[str, str]], margin: float = LENGTH_RATIO_MARGIN) -> tuple[float, float]:
    ratios = [_chars(en) / _chars(ar) for ar, en in pairs if _chars(ar) >= MIN_CHARS_FOR_RATIO]
    return round(min(ratios) / margin, 2), round(max(ratios) * margin, 2)


def low_score_threshold(reference_scores: Sequence[float], margin: float = LOW_SCORE_MARGIN) -> float:
    """5th percentile of the scores a model gives the human reference translations, minus ``margin``."""
    return round(float(np.percentile(np.asarray(reference_scores, dtype=float), 5)) - margin, 4)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] not in ("derive", "package"):
        print("usage: python -m summarize.tasks.checks derive|package REFERENCES_DIR")
        return 2
    pairs = reference_pairs(Path(args[1]))
    if args[0] == "package":
        target = PACKAGE_DIR / "data" / PACKAGED_PAIRS
        write_packaged_pairs(pairs, target)
        print(f"{len(pairs)} pairs written to {target.name}")
        return 0
    print(json.dumps({"length_ratio_bounds": derive_length_bounds(pairs)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def check_pairs(arabic: Sequence[str], english: Sequence[str], *, scores: Sequence[float | None] | None = None,
                low_score: float | None = None) -> list[dict]:
    """Every model-free check on line-aligned translations from any system or translator:
    ``[{"line": n, "flags": [{"name", "reason"}, ...]}, ...]`` (lines numbered from 1). With model
    ``scores`` and a ``low_score`` threshold, ``low_score`` is checked too.

    Raises ValueError when the two sides have different numbers of lines.
    """
    if len(arabic) != len(english):
        raise ValueError(f"the Arabic has {len(arabic)} lines and the English {len(english)}: "
                         "the files must be line-aligned")
    out = []
    for n, (ar, en) in enumerate(zip(arabic, english), start=1):
        score = scores[n - 1] if scores is not None else None
        flags = check_translation(ar, en, score=score if score is not None else 0.0,
                                  low_score=low_score if score is not None else None)
        out.append({"line": n, "flags": [f.as_dict() for f in flags]})
    return out
