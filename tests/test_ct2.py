"""The CTranslate2 backend against the transformers backend, on the tiny models."""

import json

import ctranslate2
import pytest
from conftest import OFFLINE, SEEDS, run_cli

from summarize.sources.files import read_article
from summarize.tasks.summarise import CT2Summariser, HFSummariser
from summarize.tasks.translate import CT2Translator, HFTranslator
from summarize.text.segment import segment_document


@pytest.fixture()
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZE_MODEL_STORE", str(tmp_path / "store"))
    return tmp_path / "store"


def seed_segments(n=12):
    doc = read_article(next(SEEDS.glob("001_*.txt")))
    return [s.text for s in segment_document(doc)][:n]


def test_ct2_and_transformers_translate_identically_in_fp32_greedy(tiny_models, store):
    texts = seed_segments()
    hf = HFTranslator(str(tiny_models.marian), num_beams=1).translate(texts)
    ct2 = CT2Translator(str(tiny_models.marian), num_beams=1, compute_type="float32").translate(texts)
    assert [t.text for t in ct2] == [t.text for t in hf]
    assert [t.complete for t in ct2] == [t.complete for t in hf]
    assert [t.score for t in ct2] == pytest.approx([t.score for t in hf], abs=0.05)


def test_ct2_and_transformers_summarise_identically_in_fp32_greedy(tiny_models, store):
    texts = [" ".join(seed_segments(6))]
    hf = HFSummariser(str(tiny_models.mt5), num_beams=1).summarise(texts, lang="ar")
    ct2 = CT2Summariser(str(tiny_models.mt5), num_beams=1, compute_type="float32").summarise(texts, lang="ar")
    assert ct2 == hf


def test_conversion_is_done_once_and_reused(tiny_models, store, monkeypatch):
    first = CT2Translator(str(tiny_models.marian))
    first.translate(["جملة قصيرة."])
    folder = first._gen.converted_dir()
    assert (folder / "model.bin").exists() and folder.is_relative_to(store)
    assert "int8" in folder.name
    stamp = (folder / "model.bin").stat().st_mtime_ns

    def fail(*args, **kwargs):
        raise AssertionError("converted again")

    monkeypatch.setattr(ctranslate2.converters.TransformersConverter, "convert", fail)
    second = CT2Translator(str(tiny_models.marian))
    assert second.translate(["جملة قصيرة."])[0].text
    assert (folder / "model.bin").stat().st_mtime_ns == stamp
    sig = second.signature()
    assert sig["backend"] == "ctranslate2" and sig["settings"]["compute_type"] == "int8"
    assert sig["settings"]["quantization"] == "int8" and "ctranslate2" in sig["settings"]["converter"]
    assert second._gen.threads >= 1


def test_run_with_ct2_backend_from_the_cli(tiny_models, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    src = next(SEEDS.glob("002_*.txt"))
    (folder / src.name).write_bytes(src.read_bytes())
    env = {**OFFLINE, "SUMMARIZE_MODEL_STORE": str(tmp_path / "store")}
    args = ["run", str(folder), "--db", str(tmp_path / "c.db"), "--backend", "ct2", "--translation-model",
            str(tiny_models.marian), "--summary-model", str(tiny_models.mt5), "--json"]
    result = run_cli(*args, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["articles_processed"] == 1
    exported = json.loads(run_cli("export", "--db", str(tmp_path / "c.db")).stdout.splitlines()[0])
    assert exported["models"]["translation"][0]["backend"] == "ctranslate2"
    again = json.loads(run_cli(*args, env=env).stdout)
    assert again["sentences_translated"] == 0 and again["summaries_generated"] == 0


def test_cuda_without_a_gpu_is_a_clear_error(tiny_models, tmp_path):
    import torch

    from summarize.backends.generation import pick_device

    if torch.cuda.is_available():  # the error path needs a machine without a GPU; here cuda must be accepted
        assert pick_device("cuda") == "cuda"
        return
    for backend in ("transformers", "ct2"):
        result = run_cli("run", str(SEEDS), "--db", str(tmp_path / "g.db"), "--device", "cuda", "--backend", backend,
                         "--translation-model", str(tiny_models.marian), "--summary-model", str(tiny_models.mt5),
                         env=OFFLINE)
        assert result.returncode == 2, result.stderr
        assert "no CUDA GPU" in result.stderr and "Traceback" not in result.stderr


def test_models_verify_compares_both_backends_and_stores_it(tiny_models, tmp_path):
    from conftest import OFFLINE, run_cli

    from summarize.store import Store

    db = tmp_path / "v.db"
    result = run_cli("models", "verify", str(tiny_models.marian), "--db", str(db), "--json",
                     env={**OFFLINE, "SUMMARIZE_MODEL_STORE": str(tmp_path / "store")})
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["sentences"] > 50 and out["ct2"]["compute_type"] == "int8"
    assert out["transformers"]["compute_type"] == "float32" and 0 <= out["agreement"]["identical"] <= 1
    assert 0 <= out["agreement"]["bleu"] <= 100
    with Store(db) as store:
        (stored,) = store.model_checks()
    assert stored["agreement"] == out["agreement"]


def test_a_visitor_never_starts_a_conversion(tiny_models, tmp_path, monkeypatch):
    """The service refuses the CTranslate2 backend for a model that has no converted copy yet."""
    from summarize.config import Settings
    from summarize.engine.service import Options, Service
    from summarize.errors import ModelNotAvailableError

    monkeypatch.setenv("SUMMARIZE_MODEL_STORE", str(tmp_path / "store"))
    service = Service(Settings.resolve(db=str(tmp_path / "s.db"), translation_model=str(tiny_models.marian),
                                       summary_model=str(tiny_models.mt5)))
    with pytest.raises(ModelNotAvailableError, match="no CTranslate2 copy of marian"):
        service.resolve_options(Options(backend="ct2"))
    assert not (tmp_path / "store").exists()  # nothing was converted or written
    assert service.resolve_options(Options(backend="transformers")).translation_model == str(tiny_models.marian)


def test_a_stop_request_discards_the_batch_in_flight(tiny_models, store):
    import threading

    from summarize.backends.generation import Stopped, interruptible

    translator = CT2Translator(str(tiny_models.marian), num_beams=2)
    texts = seed_segments(4)
    assert translator.translate(texts)  # converted and loaded before the request
    stop = threading.Event()
    stop.set()
    with interruptible(stop), pytest.raises(Stopped):
        translator._gen.generate_batch(translator._gen.encode_all(texts), num_beams=2, no_repeat_ngram_size=0,
                                       limit=400, min_new_tokens=400)
    with interruptible(threading.Event()):
        assert [t.text for t in translator.translate(texts)] == [t.text for t in CT2Translator(
            str(tiny_models.marian), num_beams=2).translate(texts)]
