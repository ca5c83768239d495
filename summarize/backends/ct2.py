"""The CTranslate2 backend: the same checkpoint converted once, then run by CTranslate2.

The conversion (``ctranslate2.converters.TransformersConverter``) runs the first time a model is
used with a given quantization and is kept in the local model store under ``ct2/``; later runs
load the converted folder directly. On CPU the default is int8 (several times faster than
transformers in float32, and small). On a GPU the default compute type is bfloat16: CTranslate2's
float16 is known to produce garbage with mT5 (its activations overflow), and bfloat16 keeps the
float32 range; ``int8_float16`` is the faster choice for Marian when its outputs match (check with
``make bench`` on the GPU). The quantization and converter version are part of the signature.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from summarize.backends.generation import Generated, Generator, Stopped, abandon, check_stop, pick_device, stop_event
from summarize.backends.registry import local_source, store_dir
from summarize.errors import ConfigError, ModelLoadError


def default_compute_type(device: str) -> str:
    return "int8" if device == "cpu" else "bfloat16"


class CT2Generator(Generator):
    backend = "ctranslate2"

    def __init__(self, model: str, *, compute_type: str | None = None, **kwargs):
        super().__init__(model, **kwargs)
        self._compute_type = compute_type

    @functools.cached_property
    def _ct2_device(self) -> str:
        return "cuda" if pick_device(self.device).startswith("cuda") else "cpu"

    @property
    def compute_type(self) -> str:
        return self._compute_type or default_compute_type(self._ct2_device)

    def converted_dir(self) -> Path:
        """Where the converted model lives: one folder per weights identity and quantization."""
        ident = hashlib.sha256(self.ref.fingerprint.encode()).hexdigest()[:12]
        name = Path(self.ref.model_id).name.replace("/", "--")
        return store_dir() / "ct2" / f"{name}-{ident}-{self.compute_type}"

    def convert(self) -> Path:
        """Convert the checkpoint unless already converted; returns the converted folder."""
        import ctranslate2

        target = self.converted_dir()
        if (target / "model.bin").exists():
            return target
        source = local_source(self.ref)
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
        try:
            ctranslate2.converters.TransformersConverter(source).convert(
                str(work / "model"), quantization=self.compute_type, force=True)
            (work / "model" / "summarize-conversion.json").write_text(json.dumps(self.conversion_settings()))
            try:
                (work / "model").rename(target)  # atomic: a concurrent conversion may have won
            except OSError:
                if not (target / "model.bin").exists():
                    raise
        except (ValueError, RuntimeError, NotImplementedError) as e:
            raise ModelLoadError(f"cannot convert {self.ref.model_id} to CTranslate2: {e}") from e
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return target

    def conversion_settings(self) -> dict:
        import ctranslate2

        return {"converter": f"ctranslate2 {ctranslate2.__version__} TransformersConverter",
                "quantization": self.compute_type}

    @functools.cached_property
    def _translator(self):
        import ctranslate2

        if self._ct2_device == "cuda" and ctranslate2.get_cuda_device_count() == 0:
            raise ConfigError("this CTranslate2 build sees no CUDA device; use --device cpu")
        return ctranslate2.Translator(str(self.convert()), device=self._ct2_device, compute_type=self.compute_type,
                                      intra_threads=self.threads, inter_threads=1)

    @functools.cached_property
    def _length_penalty(self) -> float:
        """The checkpoint's own length penalty (from its generation config), as transformers uses it."""
        from transformers import GenerationConfig

        try:
            penalty = GenerationConfig.from_pretrained(local_source(self.ref)).length_penalty
        except OSError:  # no generation config: transformers' default
            penalty = None
        return 1.0 if penalty is None else float(penalty)

    @functools.cached_property
    def _forced_eos(self) -> bool:
        """Whether transformers forces end-of-sequence as the last of the allowed tokens (Marian does)."""
        from transformers import AutoConfig, GenerationConfig

        source = local_source(self.ref)
        try:
            forced = GenerationConfig.from_pretrained(source).forced_eos_token_id
        except OSError:
            forced = None
        return (forced if forced is not None else getattr(AutoConfig.from_pretrained(source), "forced_eos_token_id",
                                                           None)) is not None

    def backend_settings(self) -> dict:
        return {"compute_type": self.compute_type, **self.conversion_settings()}

    def versions(self) -> dict:
        import ctranslate2

        return {**super().versions(), "ctranslate2": ctranslate2.__version__}

    def generate_batch(self, batch: list[list[int]], *, num_beams: int, no_repeat_ngram_size: int, limit: int,
                       min_new_tokens: int, prefix: list[int] | None = None) -> list[Generated]:
        tokenizer = self.tokenizer
        source = [tokenizer.convert_ids_to_tokens(ids) for ids in batch]
        # ``limit`` counts the end-of-sequence token when transformers forces it at the limit: the
        # same number of words either way.
        steps = limit - 1 if self._forced_eos else limit
        stop = stop_event()
        target_prefix = [tokenizer.convert_ids_to_tokens(prefix)] * len(batch) if prefix else None
        pending = self._translator.translate_batch(
            source, target_prefix, beam_size=num_beams, no_repeat_ngram_size=no_repeat_ngram_size,
            length_penalty=self._length_penalty, max_decoding_length=steps,
            min_decoding_length=max(min(min_new_tokens, steps), 1),
            max_input_length=0, return_scores=True, max_batch_size=len(batch), asynchronous=True,
        )
        # Waited for here, not inside the library's call, so that a signal handler runs and a stop
        # request is seen while the batch decodes (the unfinished batch is then left to the library).
        while stop is not None and not all(r.done() for r in pending):
            if stop.wait(0.05):
                abandon(self._translator)
                raise Stopped
        check_stop()  # as on every backend: output finished after the request is discarded too
        out = []
        for ids, result in zip(batch, (r.result() for r in pending)):
            tokens = result.hypotheses[0]
            text = tokenizer.decode(tokenizer.convert_tokens_to_ids(tokens), skip_special_tokens=True).strip()
            out.append(Generated(text=text, score=float(result.scores[0]), complete=len(tokens) < steps,
                                 input_tokens=len(ids)))
        return out

    def score_pairs(self, sources: Sequence[str], targets: Sequence[str]) -> list[float | None]:
        from transformers import AutoConfig

        tokenizer = self.tokenizer
        limit = getattr(AutoConfig.from_pretrained(local_source(self.ref)), "max_position_embeddings", None) or 512
        src = [tokenizer.convert_ids_to_tokens(tokenizer(s)["input_ids"]) for s in sources]
        tgt = [tokenizer.convert_ids_to_tokens(tokenizer(text_target=t)["input_ids"]) for t in targets]
        usable = [i for i in range(len(sources)) if len(src[i]) <= limit and len(tgt[i]) <= limit]
        results = self._translator.score_batch([src[i] for i in usable], [tgt[i] for i in usable], max_batch_size=8)
        out: list[float | None] = [None] * len(sources)
        for i, r in zip(usable, results):
            out[i] = float(sum(r.log_probs) / len(r.log_probs)) if r.log_probs else None
        return out
