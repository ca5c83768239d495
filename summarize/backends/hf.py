"""The transformers backend: ``AutoModelForSeq2SeqLM.generate`` (transformers 5 has no pipelines
for translation or summarisation).

Batches come sorted by length and sized by tokens (see :mod:`summarize.backends.generation`), run under
``torch.inference_mode``; on a GPU the model runs in bfloat16 with SDPA attention. Each output
carries its mean token log-probability and whether it ended with end-of-sequence.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from summarize.backends.generation import Generated, Generator, batches_by_tokens, check_stop, pick_device, stop_event
from summarize.backends.registry import load_model, resolved_revision


class HFGenerator(Generator):
    backend = "transformers"

    @functools.cached_property
    def _device(self) -> str:
        return pick_device(self.device)

    @functools.cached_property
    def _model(self):
        import torch

        if self._device == "cpu":
            torch.set_num_threads(self.threads)
            return load_model(self.ref, "cpu", "float32", None)
        return load_model(self.ref, self._device, "bfloat16", "sdpa")

    def backend_settings(self) -> dict:
        return {"dtype": "float32" if pick_device(self.device) == "cpu" else "bfloat16"}

    def resolved_revision(self) -> str | None:
        if "_model" in self.__dict__:
            return resolved_revision(self._model) or self.ref.revision
        return self.ref.revision

    def versions(self) -> dict:
        import torch
        import transformers

        return {**super().versions(), "transformers": transformers.__version__, "torch": torch.__version__}

    def generate_batch(self, batch: list[list[int]], *, num_beams: int, no_repeat_ngram_size: int, limit: int,
                       min_new_tokens: int, prefix: list[int] | None = None) -> list[Generated]:
        import torch

        tokenizer, model = self.tokenizer, self._model
        pad = tokenizer.pad_token_id
        width = max(len(ids) for ids in batch)
        input_ids = torch.full((len(batch), width), pad, dtype=torch.long)
        attention = torch.zeros((len(batch), width), dtype=torch.long)
        for row, ids in enumerate(batch):
            input_ids[row, : len(ids)] = torch.tensor(ids)
            attention[row, : len(ids)] = 1
        stop = stop_event()
        forced = {}
        if prefix:  # the decoder starts from its start token and the prefix (one input)
            start = model.generation_config.decoder_start_token_id
            forced["decoder_input_ids"] = torch.tensor([[start, *prefix]] * len(batch), device=model.device)
            limit -= len(prefix)
        with torch.inference_mode():
            sequences = model.generate(
                input_ids=input_ids.to(model.device), attention_mask=attention.to(model.device), **forced,
                max_new_tokens=limit, min_new_tokens=min_new_tokens or None, num_beams=num_beams,
                no_repeat_ngram_size=no_repeat_ngram_size or None, do_sample=False,
                stopping_criteria=_stop_criteria(stop),
            )
            check_stop()  # ended by the stop request: the output is unfinished
            # Score the chosen outputs with one teacher-forced pass: the mean log-probability of
            # their tokens. Keeping generate's per-step scores instead costs beams × vocabulary ×
            # steps floats per sentence (gigabytes for a batch of 16 at beam 4).
            labels = sequences[:, 1:]
            logits = model(input_ids=input_ids.to(model.device), attention_mask=attention.to(model.device),
                           decoder_input_ids=sequences[:, :-1]).logits
            token_logprobs = torch.log_softmax(logits.float(), dim=-1).gather(-1, labels.unsqueeze(-1)).squeeze(-1)
        labels, token_logprobs = labels.cpu(), token_logprobs.cpu()
        eos = model.generation_config.eos_token_id
        eos_ids = set(eos if isinstance(eos, list) else [eos])
        results = []
        for row, ids in enumerate(batch):
            tokens = labels[row]
            mask = tokens != pad
            n = int(mask.sum())
            # A forced end-of-sequence (forced_eos_token_id) at the limit is still a cut-off output.
            ended = 0 < n < limit + len(prefix or ()) and int(tokens[n - 1]) in eos_ids
            mean = float(token_logprobs[row][mask].mean()) if n else 0.0
            text = tokenizer.decode(tokens[mask], skip_special_tokens=True).strip()
            results.append(Generated(text=text, score=mean, complete=ended, input_tokens=len(ids)))
        return results

    def score_pairs(self, sources: Sequence[str], targets: Sequence[str], *, batch_size: int = 8) -> list[float | None]:
        import torch

        tokenizer, model = self.tokenizer, self._model
        limit = getattr(model.config, "max_position_embeddings", None) or 512
        src_ids = [tokenizer(s)["input_ids"] for s in sources]
        tgt_ids = [tokenizer(text_target=t)["input_ids"] for t in targets]
        usable = [i for i in range(len(sources)) if len(src_ids[i]) <= limit and len(tgt_ids[i]) <= limit]
        out: list[float | None] = [None] * len(sources)
        for batch in batches_by_tokens([len(src_ids[i]) for i in usable], max_tokens=self.batch_tokens,
                                       max_batch=batch_size):
            rows = [usable[j] for j in batch]
            enc = tokenizer([sources[i] for i in rows], text_target=[targets[i] for i in rows], padding=True,
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
            for row, i in enumerate(rows):
                out[i] = float(picked[row][mask[row]].mean())
        return out



def _stop_criteria(stop):
    """A criterion that ends decoding at the next step once ``stop`` is set (None without one)."""
    if stop is None:
        return None
    import torch
    from transformers import StoppingCriteria, StoppingCriteriaList

    class StopRequested(StoppingCriteria):
        def __call__(self, input_ids, scores, **kwargs):
            return torch.full((input_ids.shape[0],), stop.is_set(), dtype=torch.bool, device=input_ids.device)

    return StoppingCriteriaList([StopRequested()])
