"""Evidence: which source segments each summary sentence rests on.

For every sentence of a summary, the support of a segment is the share of the sentence's content
words (stop words removed; English stemmed, Arabic lightly normalised) that the segment contains,
a ROUGE-1 precision of the sentence against the segment. Segments with support at or above
:data:`SUPPORT_THRESHOLD` are linked, best first (at most :data:`MAX_LINKS`). A sentence that no
segment supports is marked ``unsupported``: a hallucination warning. The English summary is checked
against the English translations of the segments, the Arabic summary against the Arabic segments.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from summarize.metrics import ArabicTokenizer
from summarize.segment import sentence_spans

SUPPORT_THRESHOLD = 0.5
MAX_LINKS = 3

_EN_STOP = set("""a an the of in on at to for from by with and or but is are was were be been being has have had
that this these those it its as not no he she they we you his her their our which who whom whose what when where
will would shall should can could may might must also than then there here into over under about after before
said says says up out so if""".split())
_AR_STOP = set("""في من على الى الي عن مع ان او ثم قد لقد كما التي الذي الذين هذا هذه ذلك تلك هو هي هم كان
كانت وقال قال وقالت قالت بين حتى عند لا لم لن ما و ب ل""".split())


@functools.cache
def _english_tokenizer():
    from rouge_score.tokenizers import DefaultTokenizer

    return DefaultTokenizer(use_stemmer=True)


@functools.cache
def _english_stop() -> frozenset[str]:
    tokenizer = _english_tokenizer()
    return frozenset(t for w in _EN_STOP for t in tokenizer.tokenize(w))


def prepare() -> None:
    """Load the stemmer now rather than during the first article (it takes a noticeable moment)."""
    _english_stop()


def content_words(text: str, lang: str) -> set[str]:
    if lang == "ar":
        return {t for t in ArabicTokenizer().tokenize(text) if t not in _AR_STOP and len(t) > 1}
    stop = _english_stop()
    return {t for t in _english_tokenizer().tokenize(text) if t not in stop}


def summary_sentences(summary: str) -> list[str]:
    return [summary[a:b] for a, b in sentence_spans(summary)]


def link_evidence(summary: str, segments: Sequence[str], *, lang: str, threshold: float = SUPPORT_THRESHOLD,
                  max_links: int = MAX_LINKS) -> list[dict]:
    """``[{"sentence", "segments": [index, ...], "support": [share, ...], "unsupported": bool}, ...]``."""
    seg_words = [content_words(s, lang) for s in segments]
    evidence = []
    for sentence in summary_sentences(summary):
        words = content_words(sentence, lang)
        scored = []
        if words:
            for index, seg in enumerate(seg_words):
                support = len(words & seg) / len(words)
                if support >= threshold:
                    scored.append((support, index))
        scored.sort(key=lambda x: (-x[0], x[1]))
        best = scored[:max_links]
        evidence.append({"sentence": sentence, "segments": [i for _, i in best],
                         "support": [round(s, 3) for s, _ in best], "unsupported": not best})
    return evidence
