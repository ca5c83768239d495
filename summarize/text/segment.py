"""Segment: Arabic-aware sentence splitting with paragraph index and character offsets.

Sentences end at ``.``, ``!``, ``?`` or ``؟`` followed by whitespace or the end of the paragraph
(closing quotes and brackets stay with their sentence), so numbers such as "13.5" are never split;
not inside «…» quotations, not after abbreviations ("د.", "أ.د.", "ج.م.ع.", "U.S."), not at an
ellipsis, and not at «؛», which joins clauses. A sentence longer than the
translation model's input budget is split at clause boundaries (``،``, ``,``, ``:``, ``;``), then
at spaces, never truncated: the segments of a paragraph, in order, always cover all of its
non-space text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from summarize.text.document import Document

_SENTENCE_END = re.compile(r"(?<!\.)[.!?؟]+[\"'»”’)\]]*(?=\s|$)")
# Abbreviations: a single letter ("د.", "م.", "U."), dotted letter groups ("أ.د.", "ج.م.ع.", "U.S.",
# "ش.م.م."), and common titles.
_ABBREVIATION = re.compile(r"(?:^|[\s(«\"“])(?:\w|(?:\w{1,2}\.)+\w{1,2}|Dr|Mr|Mrs|Ms|Prof|St|No|Jr|Sr|Co|Inc|Ltd|"
                           r"Gen|Col|Lt|Sgt|Gov|Sen|Rep|Mt|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|vs)\.$")
_QUOTES = {"«": "»", "“": "”"}
_CLAUSE_BOUNDARY = re.compile(r"[،,:;؛](?=\s)")
_SPACE = re.compile(r"\s+")

TokenCounter = Callable[[str], int]


@dataclass(frozen=True)
class Segment:
    """One sentence (or clause group) of a document. Offsets refer to ``Document.text``."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str
    terms: str = ""  # the hash of the glossary entries the segment contains (summarize.tasks.terms.term_key)

    @property
    def key(self) -> str:
        """Content address of the segment's translation: the hash of its whitespace-normalised text
        (and of the glossary entries it contains, if any)."""
        return text_key(self.text) if not self.terms else text_key(f"{self.text}\x00glossary:{self.terms}")


def text_key(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _quoted(paragraph: str) -> list[tuple[int, int]]:
    """Spans of «…» and “…” quotations (an unclosed mark opens nothing)."""
    spans, i = [], 0
    while i < len(paragraph):
        close = _QUOTES.get(paragraph[i])
        if close:
            j = paragraph.find(close, i + 1)
            if j != -1:
                spans.append((i, j))
                i = j + 1
                continue
        i += 1
    return spans


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``paragraph``, whitespace excluded.

    A sentence ends at ``.``, ``!``, ``?`` or ``؟`` (with its closing quotes and brackets) before a
    space, except inside a «…» quotation, after an abbreviation ("أ.د.", "ج.م.ع.", "U.S.", "د."),
    and at an ellipsis ("..." or "…", a pause inside a sentence). «؛» joins clauses and never ends
    a sentence.
    """
    quotes = _quoted(paragraph)
    spans, pos = [], 0
    for match in _SENTENCE_END.finditer(paragraph):
        mark = match.start()
        if ".." in match.group() or any(a < mark < b and match.end() <= b for a, b in quotes):
            continue  # an ellipsis, or a full stop inside a quotation that goes on
        if match.group().startswith(".") and _ABBREVIATION.search(paragraph[: mark + 1]):
            continue
        span = _strip_span(paragraph, pos, match.end())
        if span:
            spans.append(span)
        pos = match.end()
    span = _strip_span(paragraph, pos, len(paragraph))
    if span:
        spans.append(span)
    return spans


def _best_cut(text: str, start: int, end: int) -> int:
    """A cut point inside ``text[start:end]``: the clause boundary nearest the middle, else a space."""
    middle = (start + end) / 2
    for pattern in (_CLAUSE_BOUNDARY, _SPACE):
        cuts = [m.end() for m in pattern.finditer(text, start, end) if start < m.end() < end]
        cuts = [c for c in cuts if text[start:c].strip() and text[c:end].strip()]
        if cuts:
            return min(cuts, key=lambda c: abs(c - middle))
    return start + max((end - start) // 2, 1)  # one unbroken token longer than the budget


def fit_to_budget(text: str, start: int, end: int, count_tokens: TokenCounter, max_tokens: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into spans of at most ``max_tokens`` tokens each, in order."""
    if end - start <= 1 or count_tokens(text[start:end]) <= max_tokens:
        return [(start, end)]
    cut = _best_cut(text, start, end)
    spans = []
    for a, b in ((start, cut), (cut, end)):
        stripped = _strip_span(text, a, b)
        if stripped:
            spans.extend(fit_to_budget(text, *stripped, count_tokens, max_tokens))
    return spans


def segment_paragraphs(
    paragraphs: Sequence[str],
    *,
    count_tokens: TokenCounter | None = None,
    max_tokens: int | None = None,
    separator: str = Document.PARAGRAPH_SEPARATOR,
) -> list[Segment]:
    """Segments of ``paragraphs`` (joined by ``separator``), each within ``max_tokens`` if given."""
    segments: list[Segment] = []
    offset = 0
    for p_index, paragraph in enumerate(paragraphs):
        for start, end in sentence_spans(paragraph):
            pieces = (fit_to_budget(paragraph, start, end, count_tokens, max_tokens)
                      if count_tokens and max_tokens else [(start, end)])
            for a, b in pieces:
                segments.append(Segment(len(segments), p_index, offset + a, offset + b, paragraph[a:b]))
        offset += len(paragraph) + len(separator)
    return segments


def segment_document(doc: Document, *, count_tokens: TokenCounter | None = None, max_tokens: int | None = None) -> list[Segment]:
    """Segments of a cleaned document; offsets index ``doc.text``."""
    return segment_paragraphs(doc.paragraphs, count_tokens=count_tokens, max_tokens=max_tokens)
