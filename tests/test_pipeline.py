import shutil

from conftest import SEEDS, FakeSummariser, FakeTranslator, store_articles

from summarize.engine import Pipeline, run
from summarize.store import Store
from summarize.tasks.summarise import chunk_by_tokens, summarise_long


def make(tmp_path, names=("000", "001")):
    folder = tmp_path / "in"
    folder.mkdir()
    for prefix in names:
        src = next(SEEDS.glob(f"{prefix}_*.txt"))
        shutil.copy(src, folder / src.name)
    return folder


def test_rerun_of_unchanged_folder_makes_no_model_call(tmp_path):
    folder = make(tmp_path)
    store = Store(tmp_path / "db.sqlite")
    translator, summariser = FakeTranslator(), FakeSummariser()
    first = run(folder, pipeline=Pipeline(translator, summariser), store=store)
    assert first.articles_processed == 2 and first.sentences_translated > 0 and first.summaries_generated == 4
    calls = (len(translator.calls), len(summariser.calls))
    second = run(folder, pipeline=Pipeline(translator, summariser), store=store)
    assert (len(translator.calls), len(summariser.calls)) == calls
    assert second.sentences_translated == 0 and second.summaries_generated == 0
    assert second.sentences_cached == first.sentences_translated + first.sentences_cached


def test_changed_article_retranslates_only_new_segments(tmp_path):
    folder = make(tmp_path, ["000"])
    store = Store()
    translator = FakeTranslator()
    run(folder, pipeline=Pipeline(translator, FakeSummariser()), store=store)
    path = next(folder.glob("*.txt"))
    path.write_text(path.read_text(encoding="utf-8") + "\nوهذه جملة جديدة تماما أضيفت إلى المقال.", encoding="utf-8")
    translator.calls.clear()
    report = run(folder, pipeline=Pipeline(translator, FakeSummariser()), store=store)
    assert translator.calls == [["وهذه جملة جديدة تماما أضيفت إلى المقال."]]
    assert report.sentences_translated == 1
    (article,) = list(store_articles(store))
    assert article["sentences"][-1]["ar"] == "وهذه جملة جديدة تماما أضيفت إلى المقال."


def test_two_files_with_same_text_are_two_articles_sharing_translations(tmp_path):
    folder = make(tmp_path, ["002"])
    src = next(folder.glob("*.txt"))
    shutil.copy(src, folder / "copy of 002.txt")
    store = Store()
    translator = FakeTranslator()
    report = run(folder, pipeline=Pipeline(translator, FakeSummariser()), store=store)
    articles = list(store_articles(store))
    assert sorted(a["source_file"] for a in articles) == sorted([src.name, "copy of 002.txt"])
    assert report.sentences_cached == report.sentences_translated  # the copy came from the cache
    assert sum(len(c) for c in translator.calls) == report.sentences_translated
    ids = [[s["en"] for s in a["sentences"]] for a in articles]
    assert ids[0] == ids[1]


def test_identical_segments_translated_once(tmp_path):
    folder = make(tmp_path, ["003"])
    translator = FakeTranslator()
    run(folder, pipeline=Pipeline(translator, FakeSummariser()), store=Store())
    texts = [t for call in translator.calls for t in call]
    assert len(texts) == len(set(texts))


def test_bad_file_is_reported_and_the_rest_goes_on(tmp_path):
    folder = make(tmp_path, ["000"])
    (folder / "empty.txt").write_bytes(b"")
    store = Store()
    report = run(folder, pipeline=Pipeline(FakeTranslator(), FakeSummariser()), store=store)
    assert (report.articles_seen, report.articles_processed, report.articles_failed) == (2, 1, 1)
    assert report.errors == [{"file": "empty.txt", "error": "the file is empty"}]


def test_long_input_is_summarised_in_chunks_then_again():
    summariser = FakeSummariser(max_input_tokens=12)
    pieces = [f"جملة رقم {i} فيها كلمات كثيرة" for i in range(10)]  # 6 tokens each
    chunks = chunk_by_tokens(pieces, summariser)
    assert len(chunks) > 1 and all(summariser.count_tokens(c) <= 12 for c in chunks)
    assert " ".join(chunks).split() == " ".join(pieces).split()  # every word kept, in order
    result = summarise_long(pieces, summariser, lang="ar")
    assert result.chunks == len(chunks) > 1
    assert result.rounds >= 2
    first_round_inputs = summariser.calls[0][1]
    assert first_round_inputs == chunks


def test_short_input_is_summarised_once():
    summariser = FakeSummariser()
    result = summarise_long(["جملة قصيرة.", "وأخرى."], summariser, lang="ar")
    assert (result.chunks, result.rounds) == (1, 1)
    assert summariser.calls == [("ar", ["جملة قصيرة. وأخرى."])]


def _one_article(tmp_path, pipeline):
    store = Store()
    run(make(tmp_path, ["002"]), pipeline=pipeline, store=store)
    (article,) = list(store_articles(store))
    return article, store


def test_summarise_then_translate_translates_the_arabic_summary(tmp_path):
    translator = FakeTranslator()
    article, _ = _one_article(tmp_path, Pipeline(translator, FakeSummariser(), strategy="summarise-then-translate"))
    assert translator.calls[-1] == [article["summary_ar"]]
    assert article["summary_en"] == translator.translate([article["summary_ar"]])[0].text
    assert article["models"]["summary_en"]["strategy"] == "summarise-then-translate"
    assert "fake-translator" in article["models"]["summary_en"]["model"]


def test_direct_strategy_uses_the_crosslingual_model(tmp_path):
    cross = FakeSummariser()
    article, _ = _one_article(tmp_path, Pipeline(FakeTranslator(), FakeSummariser(), strategy="direct", crosslingual=cross))
    ((lang, inputs),) = cross.calls
    assert lang == "en" and inputs[0].startswith("اجتماع جديد")  # Arabic in, English summary out
    assert article["models"]["summary_en"]["strategy"] == "direct"


def test_direct_strategy_without_a_crosslingual_model_is_a_config_error():
    import pytest

    from summarize.errors import ConfigError

    with pytest.raises(ConfigError, match="cross-lingual"):
        Pipeline(FakeTranslator(), FakeSummariser(), strategy="direct")


def test_extractive_baseline_pairs_arabic_segments_with_their_translations(tmp_path):
    from summarize.tasks.extractive import LeadSummariser

    article, _ = _one_article(tmp_path, Pipeline(FakeTranslator(), LeadSummariser(k=2)))
    body = [s for s in article["sentences"] if s["paragraph"] > 0][:2]
    assert article["summary_ar"] == " ".join(s["ar"] for s in body)
    assert article["summary_en"] == " ".join(s["en"] for s in body)
    assert article["models"]["summary_ar"]["backend"] == "extractive"


def test_each_run_keeps_its_own_outputs(tmp_path):
    from summarize.tasks.extractive import LeadSummariser

    folder = make(tmp_path, ["002"])
    store = Store()
    first = run(folder, pipeline=Pipeline(FakeTranslator(), FakeSummariser()), store=store)
    second = run(folder, pipeline=Pipeline(FakeTranslator(), LeadSummariser()), store=store)
    (a,), (b,) = store.run_outputs(first.run_id), store.run_outputs(second.run_id)
    assert a["sentences"] == b["sentences"]
    assert a["summary_en"] != b["summary_en"]
    assert b["summary_en"] == store_articles(store)[0]["summary_en"]


def test_new_boilerplate_is_stored_without_a_model_call(tmp_path):
    folder = make(tmp_path, ["000"])
    store = Store()
    translator, summariser = FakeTranslator(), FakeSummariser()
    run(folder, pipeline=Pipeline(translator, summariser), store=store)
    path = next(folder.glob("*.txt"))
    title, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(f"{title}\nشارك على فيسبوك\n{rest}\nجميع الحقوق محفوظة © 2024", encoding="utf-8")
    translator.calls.clear(), summariser.calls.clear()
    report = run(folder, pipeline=Pipeline(translator, summariser), store=store)
    assert translator.calls == [] and summariser.calls == [] and report.articles_processed == 1
    (article,) = list(store_articles(store))
    assert [d["text"] for d in article["dropped"]] == ["شارك على فيسبوك", "جميع الحقوق محفوظة © 2024"]


def stored(store):
    return [([s["en"] for s in a["sentences"]], a["summary_ar"], a["summary_en"]) for a in
            sorted(store_articles(store), key=lambda a: a["source_file"])]


def test_window_batches_across_articles_with_the_same_results(tiny_models, tmp_path):
    """Eight articles at a time store exactly what one at a time stores: the real tiny mT5 summarises
    several articles in one generate call, and each window's new sentences go to the translator in
    one call. (The translator is a fake here: the random tiny Marian is so unsure of every token that
    padding a sentence with others in a batch can change it; see README, Performance.)"""
    from summarize.tasks.summarise import HFSummariser

    folder = make(tmp_path, ["000", "001", "002", "003", "004"])
    summariser = HFSummariser(str(tiny_models.mt5), num_beams=1, max_new_tokens=12)
    calls = []
    summarise = summariser.summarise
    summariser.summarise = lambda texts, *, lang: (calls.append(len(texts)), summarise(texts, lang=lang))[1]
    stores, batch_sizes, translate_calls = {}, {}, {}
    for window in (1, 8):
        calls.clear()
        translator = FakeTranslator()
        stores[window] = Store(tmp_path / f"w{window}.db")
        report = run(folder, pipeline=Pipeline(translator, summariser), store=stores[window], window=window)
        assert report.articles_processed == 5 and report.summaries_generated == 10
        batch_sizes[window], translate_calls[window] = list(calls), len(translator.calls)
    assert max(batch_sizes[8]) > max(batch_sizes[1])  # several articles' summaries in one generate call
    assert len(batch_sizes[8]) < len(batch_sizes[1]) and translate_calls == {1: 5, 8: 1}
    assert stored(stores[1]) == stored(stores[8])


def test_renamed_and_deleted_files_between_runs(tmp_path):
    """A renamed file with the same text is the same article under its new name; a deleted file's
    article is kept but left out of export and search; the run says what happened."""
    folder = make(tmp_path, ["000", "001", "002"])
    store = Store(tmp_path / "db.sqlite")
    translator = FakeTranslator()
    first = run(folder, pipeline=Pipeline(translator, FakeSummariser()), store=store)
    assert first.articles_added == 3
    (a, b, c) = sorted(folder.glob("*.txt"))
    a.rename(folder / "renamed.txt")
    b.unlink()
    calls = len(translator.calls)
    second = run(folder, pipeline=Pipeline(translator, FakeSummariser()), store=store)
    assert (second.articles_renamed, second.articles_gone, second.articles_added) == (1, 1, 0)
    assert len(translator.calls) == calls  # nothing translated again
    names = sorted(x.source_file for x in store.iter_articles())
    assert names == sorted(["renamed.txt", c.name])  # each file once; the deleted one left out
    assert sorted(x.source_file for x in store.iter_articles(include_gone=True)) == sorted(["renamed.txt", b.name, c.name])
    word = next(w for w in store.article(store.article_id(str(b.absolute()))).sentences[1].ar.split() if len(w) > 4)
    assert all(h["source_file"] != b.name for h in store.search(word, lang="ar"))
    assert any(h["source_file"] == b.name for h in store.search(word, lang="ar", include_gone=True))
    shutil.copy(next(SEEDS.glob("001_*.txt")), b)  # the file comes back: so does its article
    third = run(folder, pipeline=Pipeline(translator, FakeSummariser()), store=store)
    assert third.articles_gone == 0 and len(list(store.iter_articles())) == 3


def test_a_stop_request_is_honoured_between_translation_chunks(tmp_path, monkeypatch):
    """Ctrl-C during a window's translation stops after the chunk in flight: what was translated is
    stored (the rerun reuses it), no article is stored half-done, the run is marked interrupted."""
    import threading

    from summarize.engine import pipeline as engine_pipeline

    monkeypatch.setattr(engine_pipeline, "TRANSLATION_CHUNK", 5)
    folder = make(tmp_path, ["000", "001"])
    stop = threading.Event()

    class StopsAfterOneCall(FakeTranslator):
        def translate(self, texts):
            stop.set()  # the user presses Ctrl-C while the first chunk is translated
            return super().translate(texts)

    translator = StopsAfterOneCall()
    store = Store(tmp_path / "db.sqlite")
    report = run(folder, pipeline=Pipeline(translator, FakeSummariser()), store=store, stop=stop)
    assert report.interrupted and report.articles_processed == 0 and len(translator.calls) == 1
    assert report.sentences_translated == 5 and store.list_articles() == []
    rerun = run(folder, pipeline=Pipeline(FakeTranslator(), FakeSummariser()), store=store)
    assert rerun.articles_processed == 2 and rerun.sentences_cached >= 5  # the first chunk was kept


def test_a_stop_request_during_a_summary_ends_the_window_at_once(tmp_path):
    """Ctrl-C while a summary is generated: the backend ends the call within a decoding step (it
    raises ``Stopped``, as the real backends do); the window stores no half-done article and keeps its
    translations; the rerun completes."""
    import threading

    from summarize.backends.generation import check_stop

    folder = make(tmp_path, ["000", "001"])
    stop = threading.Event()

    class Interrupted(FakeSummariser):
        def summarise(self, texts, *, lang):
            stop.set()  # the user presses Ctrl-C while this call decodes
            check_stop()
            raise AssertionError("the backend should have stopped")

    store = Store(tmp_path / "db.sqlite")
    report = run(folder, pipeline=Pipeline(FakeTranslator(), Interrupted()), store=store, stop=stop, window=2)
    assert report.interrupted and report.articles_processed == 0 and store.list_articles() == []
    assert store.run()["status"] == "interrupted"
    rerun = run(folder, pipeline=Pipeline(FakeTranslator(), FakeSummariser()), store=store)
    assert rerun.articles_processed == 2 and rerun.sentences_translated == 0  # every translation was kept
