"""Extractive baselines that need no model: lead-k and TextRank over segments.

Both select Arabic segments; the English summary is the translations of the same segments, so the
two summaries say the same thing and the baseline measures what a model adds.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np

from summarize import __version__
from summarize.text.normalise import ArabicTokenizer
from summarize.text.segment import Segment


class ExtractiveSummariser(ABC):
    """Base: ``select`` returns the indices (in document order) of the segments forming the summary."""

    name = "extractive"

    def __init__(self, k: int = 3, *, skip_title: bool = True):
        self.k = k
        self.skip_title = skip_title

    def candidates(self, segments: Sequence[Segment]) -> list[int]:
        body = [i for i, s in enumerate(segments) if s.paragraph > 0] if self.skip_title else []
        return body or list(range(len(segments)))

    @abstractmethod
    def select(self, segments: Sequence[Segment]) -> list[int]:
        """Indices, in document order, of the segments that form the summary."""

    def signature(self) -> dict:
        settings = {"k": self.k, "skip_title": self.skip_title}
        return {"model": f"{self.name}-{self.k}", "revision": None, "fingerprint": self.name, "backend": "extractive",
                "settings": settings, "versions": {"summarize": __version__}}


class LeadSummariser(ExtractiveSummariser):
    """The first ``k`` sentences after the title: the classic news baseline."""

    name = "lead"

    def select(self, segments: Sequence[Segment]) -> list[int]:
        return self.candidates(segments)[: self.k]


class TextRankSummariser(ExtractiveSummariser):
    """TextRank (Mihalcea & Tarau 2004): PageRank over a sentence-similarity graph, top ``k`` kept."""

    name = "textrank"

    def __init__(self, k: int = 3, *, skip_title: bool = True, damping: float = 0.85, iterations: int = 100):
        super().__init__(k, skip_title=skip_title)
        self.damping = damping
        self.iterations = iterations

    def select(self, segments: Sequence[Segment]) -> list[int]:
        pool = self.candidates(segments)
        if len(pool) <= self.k:
            return pool
        tokens = [set(ArabicTokenizer().tokenize(segments[i].text)) for i in pool]
        n = len(pool)
        weights = np.zeros((n, n))
        for a in range(n):
            for b in range(a + 1, n):
                overlap = len(tokens[a] & tokens[b])
                norm = math.log(len(tokens[a]) + 1) + math.log(len(tokens[b]) + 1)
                if overlap and norm:
                    weights[a, b] = weights[b, a] = overlap / norm
        out_sum = weights.sum(axis=1, keepdims=True)
        transition = np.divide(weights, out_sum, out=np.full_like(weights, 1 / n), where=out_sum > 0)
        rank = np.full(n, 1 / n)
        for _ in range(self.iterations):
            new = (1 - self.damping) / n + self.damping * transition.T @ rank
            if np.abs(new - rank).sum() < 1e-9:
                rank = new
                break
            rank = new
        best = sorted(range(n), key=lambda i: (-rank[i], i))[: self.k]
        return sorted(pool[i] for i in best)


BASELINES = {"lead": LeadSummariser, "textrank": TextRankSummariser}
