"""Summarise: an article (Arabic, or its English translation) into a short news-lead summary.

:class:`Summariser` is the one interface; :class:`HFSummariser` runs an mT5 checkpoint (default
``csebuetnlp/mT5_multilingual_XLSum``) with the settings of its model card: whitespace collapsed,
beam 4, ``no_repeat_ngram_size`` 2, at most 84 new tokens, inputs up to 512 tokens with no padding
beyond the batch. :func:`summarise_long` never cuts an article: over the budget it summarises chunks
made of whole segments, then summarises the joined chunk summaries again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from summarize.backends.generation import Generator
from summarize.backends.registry import DEFAULT_SUMMARY_MODEL
from summarize.text.segment import fit_to_budget


def normalise_whitespace(text: str) -> str:
    """The model card's preprocessing: newlines and runs of whitespace become one space."""
    return re.sub(r"\s+", " ", re.sub(r"\n+", " ", text.strip()))


@runtime_checkable
class Summariser(Protocol):
    """Summarises each input text, in the input's language (``lang`` is "ar" or "en")."""

    max_input_tokens: int

    def count_tokens(self, text: str) -> int: ...

    def signature(self) -> dict: ...

    def summarise(self, texts: Sequence[str], *, lang: str) -> list[str]: ...


class HFSummariser:
    """An mT5 summarisation model with the XL-Sum card's generation settings, on transformers.

    ``force_length`` makes every summary exactly that many tokens (for benchmarks only).
    ``batch_tokens`` bounds a batch's input tokens (8 inputs of 512): the cross-attention cache of
    beam search grows with it, about 150 MB per 512-token input at beam 4 for mT5-base.
    """

    def __init__(self, model: str = DEFAULT_SUMMARY_MODEL, *, num_beams: int = 4, no_repeat_ngram_size: int = 2,
                 max_new_tokens: int = 84, max_input_tokens: int = 512, device: str = "cpu",
                 force_length: int | None = None, batch_tokens: int = 4096, **backend_options):
        self.num_beams = num_beams
        self.no_repeat_ngram_size = no_repeat_ngram_size
        self.max_new_tokens = max_new_tokens
        self.max_input_tokens = max_input_tokens
        self.force_length = force_length
        self._gen = self._generator(model, device=device, max_input_tokens=max_input_tokens, batch_tokens=batch_tokens,
                                    **backend_options)

    def _generator(self, model: str, **options) -> Generator:
        from summarize.backends.hf import HFGenerator

        return HFGenerator(model, **options)

    @property
    def ref(self):
        return self._gen.ref

    def count_tokens(self, text: str) -> int:
        return self._gen.count_tokens(normalise_whitespace(text))

    def settings(self) -> dict:
        settings = {"num_beams": self.num_beams, "no_repeat_ngram_size": self.no_repeat_ngram_size,
                    "max_new_tokens": self.max_new_tokens, "max_input_tokens": self.max_input_tokens}
        if self.force_length:
            settings["force_length"] = self.force_length
        return settings

    def signature(self) -> dict:
        return self._gen.signature(self.settings())

    def summarise(self, texts: Sequence[str], *, lang: str) -> list[str]:
        inputs = [normalise_whitespace(t) for t in texts]
        generated = self._gen.generate(inputs, num_beams=self.num_beams, no_repeat_ngram_size=self.no_repeat_ngram_size,
                                       max_new_tokens=self.force_length or self.max_new_tokens,
                                       min_new_tokens=self.force_length or 0)
        return [g.text for g in generated]


class CT2Summariser(HFSummariser):
    """The same, run by CTranslate2 on a converted copy (bfloat16 on GPU: float16 breaks mT5)."""

    def _generator(self, model: str, **options) -> Generator:
        from summarize.backends.ct2 import CT2Generator

        return CT2Generator(model, **options)


@dataclass(frozen=True)
class LongSummary:
    text: str
    chunks: int  # chunks summarised in the first round (1 when the article fit)
    rounds: int  # summarisation rounds (1 when the article fit)


def chunk_by_tokens(pieces: Sequence[str], summariser: Summariser) -> list[str]:
    """Whole pieces grouped in order into chunks within the summariser's budget.

    A single piece over the budget is split at clause boundaries first (never truncated).
    """
    budget = summariser.max_input_tokens
    fitted: list[str] = []
    for piece in pieces:
        piece = normalise_whitespace(piece)
        if not piece:
            continue
        for a, b in fit_to_budget(piece, 0, len(piece), summariser.count_tokens, budget):
            fitted.append(piece[a:b])
    chunks: list[str] = []
    for piece in fitted:
        candidate = f"{chunks[-1]} {piece}" if chunks else piece
        if chunks and summariser.count_tokens(candidate) <= budget:
            chunks[-1] = candidate
        else:
            chunks.append(piece)
    return chunks


def summarise_long(pieces: Sequence[str], summariser: Summariser, *, lang: str, max_rounds: int = 4) -> LongSummary:
    """Summarise a text given as ordered pieces (segments), whatever its length."""
    chunks = chunk_by_tokens(pieces, summariser)
    first_round = len(chunks)
    for round_ in range(1, max_rounds + 1):
        summaries = summariser.summarise(chunks, lang=lang)
        if len(chunks) == 1:
            return LongSummary(summaries[0], first_round, round_)
        joined = chunk_by_tokens(summaries, summariser)
        if len(joined) >= len(chunks):  # summaries no shorter than their inputs: stop, keep every word
            return LongSummary(" ".join(summaries), first_round, round_)
        chunks = joined
    return LongSummary(" ".join(summariser.summarise(chunks, lang=lang)), first_round, max_rounds + 1)
