"""The review queue: the machine-translated sentences an editor should check, most risky first.

Each sentence's **risk** is the sum of the weights of the flags the checks raised on it, plus its
model doubt: the negative mean log-probability of its tokens, capped at :data:`DOUBT_CAP` (a
confident translation adds almost nothing, a doubtful one up to 2)::

    glossary_miss 5   number_mismatch 4   untranslated 3   repetition 3   truncated_output 3
    truncated_input 3   low_score 2   length_ratio 1   any other flag 1

A sentence enters the queue when at least one flag fired on it; a sentence with a human
translation (its own correction, or the translation memory's) has been reviewed and leaves it. Ties
go to the older article, then to the earlier sentence, so the order is stable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from summarize.store.records import ArticleRecord
from summarize.tasks.checks import FLAG_LABELS

WEIGHTS = {"glossary_miss": 5, "number_mismatch": 4, "untranslated": 3, "repetition": 3, "truncated_output": 3,
           "truncated_input": 3, "low_score": 2, "length_ratio": 1}
DOUBT_CAP = 2.0


@dataclass(frozen=True)
class ReviewItem:
    article_id: int
    source_file: str
    index: int
    ar: str
    en: str
    risk: float
    reasons: tuple[dict, ...]  # the flags: {"name", "label", "reason"}
    score: float

    def as_dict(self) -> dict:
        return {"article": self.article_id, "source_file": self.source_file, "sentence": self.index, "ar": self.ar,
                "en": self.en, "risk": self.risk, "score": self.score, "reasons": list(self.reasons)}


def risk(flags: Iterable[dict], score: float) -> float:
    """The documented risk of a sentence with ``flags`` and model ``score`` (mean log-probability)."""
    return round(sum(WEIGHTS.get(f["name"], 1) for f in flags) + min(max(-score, 0.0), DOUBT_CAP), 3)


def review_queue(articles: Iterable[ArticleRecord], *, limit: int | None = None) -> list[ReviewItem]:
    """The sentences of ``articles`` to review, most risky first (at most ``limit``)."""
    items = []
    for article in articles:
        for s in article.sentences:
            if s.flags and not s.corrected:
                reasons = tuple({"name": f["name"], "label": FLAG_LABELS.get(f["name"], f["name"]),
                                 "reason": f.get("reason", "")} for f in s.flags)
                items.append(ReviewItem(article.id, article.source_file, s.index, s.ar, s.en,
                                        risk(s.flags, s.score), reasons, s.score))
    items.sort(key=lambda i: (-i.risk, i.article_id, i.index))
    return items[:limit] if limit is not None else items
