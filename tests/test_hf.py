"""The transformers backends on the tiny models: the same code path as the real ones."""

import math

import pytest
from conftest import SEEDS

from summarize.backends.generation import batches_by_tokens, pick_device
from summarize.engine import translate_document
from summarize.errors import ConfigError, InputTooLongError
from summarize.sources.files import read_article
from summarize.tasks.summarise import HFSummariser
from summarize.tasks.translate import HFTranslator


@pytest.fixture(scope="module")
def translator(tiny_models):
    return HFTranslator(str(tiny_models.marian))


def test_translations_have_text_and_a_mean_log_probability(translator):
    texts = ["وتنشر ألمانيا نحو 250 عسكريا في العراق.", "وتعهد بلينكن بتقديم 436 مليون دولار.", "وتنشر ألمانيا نحو 250 عسكريا في العراق."]
    out = translator.translate(texts)
    assert len(out) == 3
    assert all(t.text for t in out)
    assert all(math.isfinite(t.score) and t.score < 0 for t in out)
    assert out[0] == out[2]


def test_identical_inputs_generate_once(translator, monkeypatch):
    seen = []
    model = translator._gen._model
    original = model.generate

    def spy(**kwargs):
        seen.append(kwargs["input_ids"].shape[0])
        return original(**kwargs)

    monkeypatch.setattr(model, "generate", spy)
    translator.translate(["جملة واحدة."] * 5 + ["جملة أخرى."])
    assert sum(seen) == 2


def test_input_over_budget_is_refused_not_truncated(tiny_models):
    small = HFTranslator(str(tiny_models.marian), max_input_tokens=8)
    with pytest.raises(InputTooLongError):
        small.translate(["وتعهد بلينكن بتقديم 436 مليون دولار إضافي كمساعدات إنسانية أمريكية في المنطقة"])


def test_translate_document_splits_long_sentences_to_fit(tiny_models):
    small = HFTranslator(str(tiny_models.marian), max_input_tokens=24)
    doc = read_article(next(SEEDS.glob("001_*.txt")))
    paragraphs = translate_document(doc, small)
    assert len(paragraphs) == len(doc.paragraphs) and all(paragraphs)


def test_signature_records_model_backend_settings_versions(translator):
    sig = translator.signature()
    assert sig["backend"] == "transformers" and sig["settings"]["num_beams"] == 4
    assert {"summarize", "transformers", "torch"} <= set(sig["versions"])
    assert sig["model"].endswith("marian")


def test_summariser_uses_the_model_card_settings(tiny_models, monkeypatch):
    summariser = HFSummariser(str(tiny_models.mt5))
    model = summariser._gen._model
    calls = []
    original = model.generate

    def spy(**kwargs):
        calls.append(kwargs)
        out = original(**kwargs)
        calls[-1]["new_tokens"] = out.shape[1] - 1
        return out

    monkeypatch.setattr(model, "generate", spy)
    doc = read_article(next(SEEDS.glob("000_*.txt")))
    (summary,) = summariser.summarise(["  " + doc.paragraphs[1] + "\n\n" + doc.paragraphs[2]], lang="ar")
    assert summary
    (call,) = calls
    assert (call["num_beams"], call["no_repeat_ngram_size"], call["max_new_tokens"]) == (4, 2, 84)
    assert call["new_tokens"] <= 84
    width = call["input_ids"].shape[1]  # padded to the input, not to 512
    assert width == summariser.count_tokens(doc.paragraphs[1] + " " + doc.paragraphs[2]) < 512


def test_batches_by_tokens_sorted_and_bounded():
    lengths = [5, 50, 10, 40, 7]
    batches = batches_by_tokens(lengths, max_tokens=100, max_batch=3)
    assert sorted(i for b in batches for i in b) == list(range(5))
    for batch in batches:
        assert lengths[batch[0]] * len(batch) <= 100 or len(batch) == 1
        assert [lengths[i] for i in batch] == sorted((lengths[i] for i in batch), reverse=True)


def test_cuda_without_gpu_is_a_clear_error():
    import torch

    if torch.cuda.is_available():
        assert pick_device("cuda") == "cuda"
    else:
        with pytest.raises(ConfigError, match="no CUDA GPU"):
            pick_device("cuda")


def test_a_stop_request_ends_generation_within_a_decoding_step(tiny_models, monkeypatch):
    import threading

    from summarize.backends.generation import Stopped, interruptible

    summariser = HFSummariser(str(tiny_models.mt5), num_beams=2)
    model = summariser._gen._model
    original, steps, stop, armed = model.forward, [], threading.Event(), [True]

    def step(*args, **kwargs):  # the request arrives while the third decoding step runs
        steps.append(1)
        if len(steps) == 3 and armed:
            stop.set()
        return original(*args, **kwargs)

    monkeypatch.setattr(model, "forward", step)
    text = " ".join(s for s in next(SEEDS.glob("000_*.txt")).read_text().split()[:60])
    with interruptible(stop), pytest.raises(Stopped):
        summariser._gen.generate([text], num_beams=2, max_new_tokens=400, min_new_tokens=400)
    assert len(steps) <= 4  # not the 400 steps the output was forced to
    steps.clear()
    stop.clear()
    armed.clear()
    with interruptible(stop):  # without a request, the same call runs to the end
        (out,) = summariser._gen.generate([text], num_beams=1, max_new_tokens=20, min_new_tokens=20)
    assert out.text and len(steps) >= 20
