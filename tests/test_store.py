import json
import sqlite3

import pytest

from summarize.store import Provenance, Store
from summarize.store.migrations import MIGRATIONS, migrate
from summarize.tasks.translate import Translation
from summarize.text.clean import clean
from summarize.text.segment import segment_document

PROV = Provenance("m", "rev1", "fake", {"num_beams": 4}, {"summarize": "0"})


def tables(db):
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_migrations_create_schema_once():
    db = sqlite3.connect(":memory:", isolation_level=None)
    assert migrate(db) == [m.__name__ for m in MIGRATIONS]
    assert {"articles", "segments", "translations", "summaries", "runs", "run_articles"} <= tables(db)
    assert migrate(db) == []


def test_failed_migration_leaves_nothing_behind(monkeypatch):
    def m002_broken(db):
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    monkeypatch.setattr("summarize.store.migrations.MIGRATIONS", [*MIGRATIONS, m002_broken])
    db = sqlite3.connect(":memory:", isolation_level=None)
    with pytest.raises(RuntimeError):
        migrate(db)
    assert "half_done" not in tables(db)
    assert [r[0] for r in db.execute("SELECT name FROM _migrations")] == [m.__name__ for m in MIGRATIONS]


def test_translation_cache_and_provenance():
    store = Store()
    flags = [{"name": "untranslated", "reason": "r"}]
    store.add_translations([("k1", "نص", Translation("text", -0.25, True, 3), flags)], "T", PROV)
    store.add_translations([("k1", "نص", Translation("other", -0.9), [])], "T", PROV)  # existing key kept
    cached = store.cached_translations(["k1", "k2"], "T")
    assert list(cached) == ["k1"]
    row = cached["k1"]
    assert (row["text_en"], row["model_id"], row["revision"], row["backend"]) == ("text", "m", "rev1", "fake")
    assert '"num_beams": 4' in row["settings"]
    assert json.loads(row["flags"]) == flags and row["input_tokens"] == 3
    assert store.cached_translations(["k1"], "other-translator") == {}


def _save(store, doc, ids, path="a.txt"):
    segments = segment_document(doc)
    return store.save_article(doc=doc, source_path=path, pipeline_key="P", segments=segments,
                              translation_ids=ids, summary_ar_id=None, summary_en_id=None), segments


def test_save_article_is_atomic():
    store = Store()
    doc = clean("العنوان\nالجملة الأولى. الجملة الثانية.")
    segments = segment_document(doc)
    store.add_translations([(s.key, s.text, Translation("en", -1.0), []) for s in segments], "T", PROV)
    ids = {k: r["id"] for k, r in store.cached_translations([s.key for s in segments], "T").items()}
    article_id, _ = _save(store, doc, ids)
    changed = clean("العنوان\nالجملة الأولى. جملة جديدة.")
    with pytest.raises(KeyError):  # the new segment has no translation: nothing may change
        _save(store, changed, ids)
    stored = store.article(article_id).as_dict()
    assert [s["ar"] for s in stored["sentences"]] == ["العنوان", "الجملة الأولى.", "الجملة الثانية."]
    assert stored["content_hash"] == doc.content_hash


def test_short_arabic_words_are_found(tmp_path):
    """One- and two-letter words (في، من، لا), which a trigram index cannot hold, are still matched."""
    from conftest import FakeSummariser, FakeTranslator

    from summarize.engine import Pipeline, run

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("خبر قصير\nقال الوزير إنه لا يعرف شيئا عن الاجتماع.\nوعقد الاجتماع في روما.",
                                  encoding="utf-8")
    store = Store()
    run(folder, pipeline=Pipeline(FakeTranslator(), FakeSummariser()), store=store)
    assert [h["idx"] for h in store.search("في", lang="ar")] == [2]
    assert [h["idx"] for h in store.search("لا يعرف", lang="ar")] == [1]
    assert [h["idx"] for h in store.search("الاجتماع في", lang="ar")] == [2]
    assert store.count_matches("في", lang="ar") == 1 and store.search("من", lang="ar") == []
