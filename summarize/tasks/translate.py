"""Translate: Arabic segments into English.

:class:`Translator` is the one interface. :class:`HFTranslator` runs a MarianMT (or any seq2seq)
checkpoint through transformers; :class:`CT2Translator` runs the same checkpoint converted to
CTranslate2 (int8 on CPU). Identical inputs are translated once, batches are sorted by length and
sized by tokens, and an input over the budget is refused (the segmenter splits long sentences
first), so no output is ever the translation of a truncated input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from summarize.backends.generation import Generator
from summarize.backends.registry import DEFAULT_TRANSLATION_MODEL


@dataclass(frozen=True)
class Translation:
    text: str
    score: float  # mean token log-probability (closer to 0 is more confident)
    complete: bool = True  # False when generation stopped at the length limit
    input_tokens: int = 0  # tokens of the source the model saw (never over its budget)


@runtime_checkable
class Translator(Protocol):
    """Turns Arabic segments into English, one :class:`Translation` per input, in order."""

    max_input_tokens: int

    def count_tokens(self, text: str) -> int: ...

    def signature(self) -> dict: ...

    def translate(self, texts: Sequence[str]) -> list[Translation]: ...


class HFTranslator:
    """A seq2seq translation model (default ``Helsinki-NLP/opus-mt-ar-en``), beam 4, on transformers.

    ``force_length`` makes every output exactly that many tokens (for benchmarks only).
    """

    def __init__(self, model: str = DEFAULT_TRANSLATION_MODEL, *, num_beams: int = 4, max_input_tokens: int = 256,
                 batch_tokens: int = 4096, device: str = "cpu", force_length: int | None = None, **backend_options):
        self.num_beams = num_beams
        self.max_input_tokens = max_input_tokens
        self.force_length = force_length
        self._gen = self._generator(model, device=device, max_input_tokens=max_input_tokens,
                                    batch_tokens=batch_tokens, **backend_options)

    def _generator(self, model: str, **options) -> Generator:
        from summarize.backends.hf import HFGenerator

        return HFGenerator(model, **options)

    @property
    def ref(self):
        return self._gen.ref

    @property
    def backend(self) -> str:
        return self._gen.backend

    def count_tokens(self, text: str) -> int:
        return self._gen.count_tokens(text)

    def settings(self) -> dict:
        settings = {"num_beams": self.num_beams, "max_input_tokens": self.max_input_tokens,
                    "max_new_tokens": "min(2 * input + 32, max_input_tokens)"}
        if self.force_length:
            settings["force_length"] = self.force_length
        return settings

    def signature(self) -> dict:
        return self._gen.signature(self.settings())

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        generated = self._gen.generate(texts, num_beams=self.num_beams, max_new_tokens=self.force_length,
                                       min_new_tokens=self.force_length or 0)
        return [Translation(g.text, g.score, g.complete, g.input_tokens) for g in generated]

    def translate_with_prefix(self, text: str, prefix: str) -> Translation:
        """The translation of ``text`` forced to begin with ``prefix`` (glossary enforcement's retry)."""
        g = self._gen.generate_with_prefix(text, prefix, num_beams=self.num_beams)
        return Translation(g.text, g.score, g.complete, g.input_tokens)

    def score_pairs(self, sources: Sequence[str], targets: Sequence[str]) -> list[float | None]:
        """Mean token log-probability the model gives each (source, target) pair (None if too long)."""
        return self._gen.score_pairs(sources, targets)


class CT2Translator(HFTranslator):
    """The same, run by CTranslate2 on a converted copy (``compute_type`` default int8 on CPU)."""

    @property
    def compute_type(self) -> str:
        return self._gen.compute_type

    def _generator(self, model: str, **options) -> Generator:
        from summarize.backends.ct2 import CT2Generator

        return CT2Generator(model, **options)
