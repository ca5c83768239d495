"""What the generation backends share: results, batching by tokens, devices, signatures.

A backend is a :class:`Generator`: it resolves a model argument, loads the tokenizer lazily, counts
tokens, and generates with the same batching for every backend (inputs sorted by length, batches
bounded by a token budget), so two backends given the same checkpoint and settings do the same
work. An input over the budget is refused, never truncated.
"""

from __future__ import annotations

import functools
import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from summarize import __version__
from summarize.backends.registry import ModelRef, load_tokenizer, resolve
from summarize.errors import ConfigError, InputTooLongError


@dataclass(frozen=True)
class Generated:
    text: str
    score: float  # mean log-probability of the generated tokens
    complete: bool  # ended with end-of-sequence, not cut by the length limit
    input_tokens: int = 0


class Stopped(Exception):
    """A stop was requested (Ctrl-C, SIGTERM) while generating: the unfinished output is discarded."""


_STOP: ContextVar[threading.Event | None] = ContextVar("summarize_stop", default=None)


@contextmanager
def interruptible(stop: threading.Event | None) -> Iterator[None]:
    """Within this block, generation raises :class:`Stopped` within one decoding step of ``stop``
    being set (every backend checks it while it decodes, not only between batches)."""
    token = _STOP.set(stop)
    try:
        yield
    finally:
        _STOP.reset(token)


def stop_event() -> threading.Event | None:
    """The stop event of the enclosing :func:`interruptible` block, if any."""
    return _STOP.get()


# Library models left decoding a stopped batch in their own threads; kept referenced, since freeing
# one waits for its queued work (CTranslate2 finishes it before it unloads).
_ABANDONED: list[object] = []


def abandon(model: object) -> None:
    """Record that ``model`` is left decoding a stopped batch (see :func:`work_abandoned`)."""
    _ABANDONED.append(model)


def work_abandoned() -> bool:
    """Whether a stopped batch still decodes in a library's threads: a process that then ends
    normally waits for it, so a command line exits without waiting (``os._exit``)."""
    return bool(_ABANDONED)


def check_stop() -> None:
    """Raise :class:`Stopped` if a stop was requested."""
    stop = _STOP.get()
    if stop is not None and stop.is_set():
        raise Stopped


def pick_device(device: str = "auto") -> str:
    """``auto`` → ``cuda`` when a GPU is visible, else ``cpu``. ``cuda`` without a GPU is an error."""
    if device not in ("auto", "cpu") and not device.startswith("cuda"):
        raise ConfigError(f"unknown device {device!r}: use auto, cpu or cuda")
    if device == "cpu":
        return device
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if not torch.cuda.is_available():
        raise ConfigError("--device cuda was asked for, but no CUDA GPU is visible; use --device cpu or auto")
    return device


def cpu_threads() -> int:
    """Cores this process may use (never more than the machine has)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not Linux
        return max(os.cpu_count() or 1, 1)


def batches_by_tokens(lengths: Sequence[int], *, max_tokens: int, max_batch: int) -> list[list[int]]:
    """Indices grouped into batches, longest first, each with (longest × size) ≤ ``max_tokens``."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches: list[list[int]] = []
    for i in order:
        if batches:
            batch = batches[-1]
            longest = lengths[batch[0]]
            if len(batch) < max_batch and longest * (len(batch) + 1) <= max_tokens:
                batch.append(i)
                continue
        batches.append([i])
    return batches


def default_limit(longest_input: int, budget: int) -> int:
    """Output length limit of a batch: twice its longest input plus 32 tokens, within the budget."""
    return min(2 * longest_input + 32, budget)


class Generator(ABC):
    """Base of the backends: model resolution, tokenizer, token counts, signature, batching."""

    backend = "base"

    def __init__(self, model: str, *, device: str = "cpu", max_input_tokens: int = 512, batch_tokens: int = 8192,
                 max_batch: int = 64, threads: int | None = None):
        self.ref: ModelRef = resolve(model)
        self.threads = min(threads or cpu_threads(), cpu_threads())  # CPU threads; they do not change outputs
        self.device = device
        self.max_input_tokens = max_input_tokens
        self.batch_tokens = batch_tokens
        self.max_batch = max_batch

    @functools.cached_property
    def tokenizer(self):
        return load_tokenizer(self.ref)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=True)["input_ids"])

    def resolved_revision(self) -> str | None:
        return self.ref.revision

    def backend_settings(self) -> dict:
        """Settings of the backend itself (compute type, conversion, …) that change its outputs."""
        return {}

    def versions(self) -> dict:
        return {"summarize": __version__}

    def signature(self, settings: dict) -> dict:
        return {
            "model": self.ref.model_id,
            "revision": self.resolved_revision(),
            "fingerprint": self.ref.fingerprint,
            "backend": self.backend,
            "device": self.device,
            "settings": {**settings, **self.backend_settings()},
            "versions": self.versions(),
        }

    def encode_all(self, texts: Sequence[str]) -> list[list[int]]:
        encoded = [self.tokenizer(t, add_special_tokens=True)["input_ids"] for t in texts]
        for text, ids in zip(texts, encoded):
            if len(ids) > self.max_input_tokens:
                raise InputTooLongError(
                    f"input of {len(ids)} tokens exceeds the budget of {self.max_input_tokens}: "
                    f"split it first (segment.fit_to_budget); {text[:60]!r}..."
                )
        return encoded

    def generate(self, texts: Sequence[str], *, num_beams: int = 4, no_repeat_ngram_size: int = 0,
                 max_new_tokens: int | None = None, min_new_tokens: int = 0) -> list[Generated]:
        """One result per input, in order; identical inputs are generated once."""
        unique = list(dict.fromkeys(texts))
        if not unique:
            return []
        encoded = self.encode_all(unique)
        lengths = [len(ids) for ids in encoded]
        results: dict[int, Generated] = {}
        for batch in batches_by_tokens(lengths, max_tokens=self.batch_tokens, max_batch=self.max_batch):
            check_stop()
            limit = max_new_tokens or default_limit(max(lengths[i] for i in batch), self.max_input_tokens)
            outputs = self.generate_batch([encoded[i] for i in batch], num_beams=num_beams,
                                          no_repeat_ngram_size=no_repeat_ngram_size, limit=limit,
                                          min_new_tokens=min(min_new_tokens, limit))
            for i, out in zip(batch, outputs):
                results[i] = out
        by_text = {unique[i]: g for i, g in results.items()}
        return [by_text[t] for t in texts]

    def generate_with_prefix(self, text: str, prefix: str, *, num_beams: int = 4,
                             max_new_tokens: int | None = None) -> Generated:
        """Generate for ``text`` with the output forced to begin with ``prefix`` (a constrained
        retry: the result's text starts with it as the target tokenizer writes it)."""
        (encoded,) = self.encode_all([text])
        target = self.tokenizer(text_target=prefix, add_special_tokens=False)["input_ids"]
        check_stop()
        limit = (max_new_tokens or default_limit(len(encoded), self.max_input_tokens)) + len(target)
        (out,) = self.generate_batch([encoded], num_beams=num_beams, no_repeat_ngram_size=0, limit=limit,
                                     min_new_tokens=0, prefix=target)
        return out

    @abstractmethod
    def generate_batch(self, batch: list[list[int]], *, num_beams: int, no_repeat_ngram_size: int, limit: int,
                       min_new_tokens: int, prefix: list[int] | None = None) -> list[Generated]:
        """Generate for one batch of token ids (at most ``limit`` tokens each); raises :class:`Stopped`
        soon after :func:`stop_event` is set. ``prefix`` (target token ids, for a batch of one) forces
        the output to begin with those tokens."""

    @abstractmethod
    def score_pairs(self, sources: Sequence[str], targets: Sequence[str]) -> list[float | None]:
        """Mean log-probability the model gives each target given its source (None when too long)."""
