"""Generation with transformers ``AutoModelForSeq2SeqLM``: shared by the translator and summariser.

transformers 5 has no translation or summarisation pipeline, so this calls ``generate`` directly:
inputs sorted by length and batched by a token budget, under ``torch.inference_mode``, each output
with its mean token log-probability and whether it ended with end-of-sequence (or ran into
``max_new_tokens``). Inputs longer than the model's budget are refused, never truncated.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

from summarize import __version__
from summarize.errors import ConfigError, InputTooLongError
from summarize.models import ModelRef, load_model, load_tokenizer, resolve, resolved_revision


@dataclass(frozen=True)
class Generated:
    text: str
    score: float  # mean log-probability of the generated tokens
    complete: bool  # ended with end-of-sequence, not cut by max_new_tokens
    input_tokens: int = 0


def pick_device(device: str = "auto") -> str:
    """``auto`` → ``cuda`` when a GPU is visible, else ``cpu``. ``cuda`` without a GPU is an error."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise ConfigError("--device cuda was asked for, but no CUDA GPU is visible; use --device cpu or auto")
    if device != "cpu" and not device.startswith("cuda"):
        raise ConfigError(f"unknown device {device!r}: use auto, cpu or cuda")
    return device


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


@dataclass
class HFGenerator:
    """A seq2seq checkpoint loaded lazily; ``generate`` keeps input order and deduplicates inputs."""

    model: str
    device: str = "cpu"
    max_input_tokens: int = 512
    batch_tokens: int = 8192
    max_batch: int = 64
    generate_kwargs: dict = field(default_factory=dict)
    ref: ModelRef = field(init=False)

    def __post_init__(self) -> None:
        self.ref = resolve(self.model)

    @functools.cached_property
    def tokenizer(self):
        return load_tokenizer(self.ref)

    @functools.cached_property
    def _model(self):
        return load_model(self.ref, pick_device(self.device))

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=True)["input_ids"])

    def signature(self, settings: dict) -> dict:
        import torch
        import transformers

        revision = self.ref.revision
        if "_model" in self.__dict__:
            revision = resolved_revision(self._model) or revision
        return {
            "model": self.ref.model_id,
            "revision": revision,
            "fingerprint": self.ref.fingerprint,
            "backend": "transformers",
            "device": self.device,
            "settings": settings,
            "versions": {"summarize": __version__, "transformers": transformers.__version__, "torch": torch.__version__},
        }

    def generate(self, texts: Sequence[str], *, max_new_tokens: int | None = None) -> list[Generated]:
        unique = list(dict.fromkeys(texts))
        if not unique:
            return []
        import torch

        tokenizer, model = self.tokenizer, self._model
        encoded = [tokenizer(t, add_special_tokens=True)["input_ids"] for t in unique]
        for text, ids in zip(unique, encoded):
            if len(ids) > self.max_input_tokens:
                raise InputTooLongError(
                    f"input of {len(ids)} tokens exceeds the budget of {self.max_input_tokens}: "
                    f"split it first (segment.fit_to_budget); {text[:60]!r}..."
                )
        results: dict[int, Generated] = {}
        lengths = [len(ids) for ids in encoded]
        pad = tokenizer.pad_token_id
        for batch in batches_by_tokens(lengths, max_tokens=self.batch_tokens, max_batch=self.max_batch):
            width = max(lengths[i] for i in batch)
            input_ids = torch.full((len(batch), width), pad, dtype=torch.long)
            attention = torch.zeros((len(batch), width), dtype=torch.long)
            for row, i in enumerate(batch):
                input_ids[row, : lengths[i]] = torch.tensor(encoded[i])
                attention[row, : lengths[i]] = 1
            limit = max_new_tokens or min(2 * width + 32, self.max_input_tokens)
            with torch.inference_mode():
                out = model.generate(
                    input_ids=input_ids.to(model.device),
                    attention_mask=attention.to(model.device),
                    max_new_tokens=limit,
                    output_scores=True,
                    return_dict_in_generate=True,
                    **self.generate_kwargs,
                )
                beam_indices = getattr(out, "beam_indices", None)
                scores = model.compute_transition_scores(out.sequences, out.scores, beam_indices, normalize_logits=False)
            sequences = out.sequences[:, 1:].cpu()  # drop decoder start token
            scores = scores.float().cpu()
            eos = model.generation_config.eos_token_id
            eos_ids = set(eos if isinstance(eos, list) else [eos])
            for row, i in enumerate(batch):
                tokens = sequences[row]
                mask = tokens != pad
                n = int(mask.sum())
                # A forced end-of-sequence (forced_eos_token_id) at the limit is still a cut-off output.
                ended = 0 < n < limit and int(tokens[n - 1]) in eos_ids
                token_scores = scores[row, : scores.shape[1]][mask[: scores.shape[1]]]
                finite = token_scores[torch.isfinite(token_scores)]
                mean = float(finite.mean()) if finite.numel() else 0.0
                text = tokenizer.decode(tokens[mask], skip_special_tokens=True).strip()
                results[i] = Generated(text=text, score=mean, complete=ended, input_tokens=lengths[i])
        by_text = {unique[i]: g for i, g in results.items()}
        return [by_text[t] for t in texts]

    def score_pairs(self, sources: Sequence[str], targets: Sequence[str], *, batch_size: int = 8) -> list[float | None]:
        """Mean log-probability of each target given its source (teacher forcing); None when too long."""
        import torch

        tokenizer, model = self.tokenizer, self._model
        limit = getattr(model.config, "max_position_embeddings", None) or 512
        out: list[float | None] = [None] * len(sources)
        usable = []
        for i, (src, tgt) in enumerate(zip(sources, targets, strict=True)):
            n_src = len(tokenizer(src)["input_ids"])
            n_tgt = len(tokenizer(text_target=tgt)["input_ids"])
            if n_src <= limit and n_tgt <= limit:
                usable.append(i)
        for start in range(0, len(usable), batch_size):
            batch = usable[start : start + batch_size]
            enc = tokenizer([sources[i] for i in batch], text_target=[targets[i] for i in batch], padding=True,
                            return_tensors="pt")
            labels = enc["labels"]
            labels[labels == tokenizer.pad_token_id] = -100
            with torch.inference_mode():
                logits = model(input_ids=enc["input_ids"].to(model.device),
                               attention_mask=enc["attention_mask"].to(model.device),
                               labels=labels.to(model.device)).logits.float().cpu()
            logprobs = torch.log_softmax(logits, dim=-1)
            mask = labels != -100
            picked = logprobs.gather(-1, labels.clamp(min=0).unsqueeze(-1)).squeeze(-1)
            for row, i in enumerate(batch):
                out[i] = float(picked[row][mask[row]].mean())
        return out
