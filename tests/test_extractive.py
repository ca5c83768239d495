from summarize.tasks.extractive import LeadSummariser, TextRankSummariser
from summarize.text.segment import segment_paragraphs

PARAGRAPHS = [
    "العنوان الرئيسي للخبر",
    "اجتمع وزراء خارجية التحالف الدولي في روما. وناقش وزراء خارجية التحالف خطر التنظيم في أفريقيا.",
    "الطقس اليوم مشمس وجميل.",
    "وأكد وزراء خارجية التحالف الدولي عزمهم على هزيمة التنظيم. وقال وزراء التحالف إن الخطر في أفريقيا يتزايد.",
]


def test_lead_takes_the_first_sentences_after_the_title():
    segments = segment_paragraphs(PARAGRAPHS)
    assert LeadSummariser(k=2).select(segments) == [1, 2]


def test_textrank_prefers_central_sentences_and_keeps_document_order():
    segments = segment_paragraphs(PARAGRAPHS)
    picked = TextRankSummariser(k=3).select(segments)
    assert picked == sorted(picked)
    assert 3 not in picked  # the weather sentence shares no words with the rest
    assert 0 not in picked  # the title is not a candidate


def test_short_documents_return_everything():
    segments = segment_paragraphs(["عنوان", "جملة واحدة."])
    assert TextRankSummariser(k=3).select(segments) == [1]
