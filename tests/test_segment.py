import re

from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.sources.files import read_article
from summarize.text.segment import fit_to_budget, segment_document, segment_paragraphs, sentence_spans


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_no_split_inside_numbers():
    paragraph = "ترتفع المساعدات إلى 13.5 مليار دولار. وقرار مجلس الأمن رقم 2254 مهم."
    sentences = [paragraph[a:b] for a, b in sentence_spans(paragraph)]
    assert sentences == ["ترتفع المساعدات إلى 13.5 مليار دولار.", "وقرار مجلس الأمن رقم 2254 مهم."]


def test_arabic_question_mark_and_closing_quotes():
    paragraph = "قال: «هل انتهى الأمر؟» ثم غادر. وبعد ذلك عاد!"
    assert [paragraph[a:b] for a, b in sentence_spans(paragraph)] == ["قال: «هل انتهى الأمر؟»", "ثم غادر.", "وبعد ذلك عاد!"]


def test_long_sentence_split_at_clause_boundaries_never_truncated():
    sentence = "، ".join(f"الجزء رقم {i} من الجملة الطويلة" for i in range(12)) + "."
    segments = segment_paragraphs([sentence], count_tokens=lambda s: len(s.split()), max_tokens=12)
    assert len(segments) > 1
    assert all(len(s.text.split()) <= 12 for s in segments)
    assert all(s.text.endswith("،") or s is segments[-1] for s in segments)
    assert squash("".join(s.text for s in segments)) == squash(sentence)


def test_unbroken_text_over_budget_is_split_not_cut():
    text = "ا" * 500
    spans = fit_to_budget(text, 0, len(text), lambda s: len(s) // 10 + 1, 8)
    assert "".join(text[a:b] for a, b in spans) == text


def test_seed_segments_cover_paragraphs_and_offsets_round_trip():
    for path in sorted(SEEDS.glob("*.txt")):
        doc = read_article(path)
        segments = segment_document(doc, count_tokens=lambda s: len(s.split()), max_tokens=20)
        for segment in segments:
            assert doc.text[segment.start : segment.end] == segment.text
        for p, paragraph in enumerate(doc.paragraphs):
            mine = [s.text for s in segments if s.paragraph == p]
            assert squash("".join(mine)) == squash(paragraph)
        assert [s.index for s in segments] == list(range(len(segments)))


text_strategy = st.text(alphabet=st.sampled_from(list("ابتثجح دذر.،,؟!:؛ 0123456789«»\"\n")), max_size=300)


@settings(max_examples=300, deadline=None)
@given(paragraphs=st.lists(text_strategy.map(str.strip).filter(bool), min_size=1, max_size=4),
       budget=st.integers(min_value=1, max_value=15))
def test_property_segments_cover_all_non_space_text(paragraphs, budget):
    segments = segment_paragraphs(paragraphs, count_tokens=lambda s: len(s.split()), max_tokens=budget)
    joined = "\n\n".join(paragraphs)
    for p, paragraph in enumerate(paragraphs):
        mine = [s for s in segments if s.paragraph == p]
        assert squash("".join(s.text for s in mine)) == squash(paragraph)
        for s in mine:
            assert joined[s.start : s.end] == s.text
            assert s.text == s.text.strip() and s.text
            assert len(s.text.split()) <= budget
