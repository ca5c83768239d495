"""Planning is pure: documents and the store's state in, work out; no model and no database."""

import pytest

from summarize.engine.plan import plan_window, summary_jobs
from summarize.errors import InputTooLongError
from summarize.text.clean import clean
from summarize.text.segment import segment_document

ARTICLE = "عنوان الخبر\nقال الوزير إن الاجتماع عقد في الرياض. وأضاف أن الوفد سيعود غدا.\nوتابع أن الاتفاق سيوقع قريبا."


def doc(text=ARTICLE, name="a.txt"):
    return clean(text, name)


def plan(docs, states=None, stored=(), key="k1", segment=segment_document, errors=()):
    return plan_window(docs, states=states or {}, key=key, segment=segment,
                       translated=lambda keys: {k for k in keys if k in set(stored)}, errors=errors)


def test_a_new_article_is_planned_with_every_sentence_to_translate():
    d = doc()
    p = plan([(d, "/in/a.txt")])
    assert [a.source_path for a in p.articles] == ["/in/a.txt"]
    assert list(p.to_translate.values()) == [s.text for s in segment_document(d)]
    assert p.cached == 0 and not p.unchanged and not p.failed


def test_an_unchanged_article_is_skipped_and_a_changed_one_planned():
    d = doc()
    state = {"content_hash": d.content_hash, "pipeline_key": "k1", "id": 7}
    assert plan([(d, "/in/a.txt")], states={"/in/a.txt": state}).unchanged == {0: 7}
    other_models = plan([(d, "/in/a.txt")], states={"/in/a.txt": {**state, "pipeline_key": "k2"}})
    assert not other_models.unchanged and len(other_models.articles) == 1
    edited = doc(ARTICLE + "\nوأكد أن المفاوضات ستستمر.")
    assert len(plan([(edited, "/in/a.txt")], states={"/in/a.txt": state}).articles) == 1


def test_only_sentences_without_a_stored_translation_are_translated():
    d = doc()
    segments = segment_document(d)
    p = plan([(d, "a")], stored=[segments[0].key])
    assert segments[0].key not in p.to_translate and len(p.to_translate) == len(segments) - 1
    assert p.cached == 1


def test_a_sentence_shared_by_two_articles_of_a_window_is_translated_once():
    a, b = doc(name="a.txt"), doc(ARTICLE.replace("غدا", "الأحد"), name="b.txt")
    p = plan([(a, "a"), (b, "b")])
    assert len(p.segments) == 2 * len(segment_document(a))
    assert len(p.to_translate) == len(set(s.key for s in p.segments)) < len(p.segments)


def test_a_segmentation_error_fails_that_article_only():
    def segment(d):
        if d.source == "bad.txt":
            raise InputTooLongError("bad.txt", "too long")
        return segment_document(d)

    p = plan([(doc(name="bad.txt"), "bad"), (doc(name="good.txt"), "good")], segment=segment,
             errors=(InputTooLongError,))
    assert list(p.failed) == [0] and [a.index for a in p.articles] == [1]
    with pytest.raises(InputTooLongError):
        plan([(doc(name="bad.txt"), "bad")], segment=segment)


@pytest.mark.parametrize("strategy, wanted", [
    ("translate-then-summarise", [("ar", "ar", "summary"), ("en", "en", "summary")]),
    ("direct", [("ar", "ar", "summary"), ("ar", "en", "crosslingual")]),
    ("summarise-then-translate", [("ar", "ar", "summary")]),  # English: the Arabic summary translated
])
def test_summary_jobs_follow_the_strategy(strategy, wanted):
    assert [(j.source, j.lang, j.model) for j in summary_jobs(strategy, extractive=False)] == wanted
    assert summary_jobs(strategy, extractive=True) == ()
