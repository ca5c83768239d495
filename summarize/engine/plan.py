"""Planning (pure): which articles of a window need work, which sentences need translating, and
which summaries each article needs — decided from the documents and what the store already has,
before any model runs. The executors (:mod:`summarize.engine.pipeline` locally, on Ray through
:mod:`summarize.engine.ray`) carry the plan out; this is the only place that knows the strategies.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from summarize.text.document import Document
from summarize.text.segment import Segment

SEGMENTER_VERSION = "1"


def signature_key(signature: dict) -> str:
    """Cache key of a translator or summariser: the weights' identity, backend and settings."""
    ident = {k: signature.get(k) for k in ("fingerprint", "model", "backend", "settings")}
    return hashlib.sha256(json.dumps(ident, sort_keys=True).encode()).hexdigest()[:32]


def pipeline_key(translator_key: str, summariser_key: str, crosslingual_key: str, english_strategy: str,
                 glossary: str = "") -> str:
    """What an article's stored outputs depend on, besides its text: a change re-processes it (only
    its sentences whose translation changed are translated again). ``glossary``: the glossary's hash."""
    return hashlib.sha256(f"{translator_key}|{summariser_key}|{crosslingual_key}|{english_strategy}|"
                          f"{SEGMENTER_VERSION}{'|' + glossary if glossary else ''}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class SummaryJob:
    """A model summary an article needs: of its Arabic or English sentences (``source``), in
    ``lang``, by the monolingual or the cross-lingual model, stored under ``strategy``."""

    source: str  # "ar" (the article) or "en" (its translation)
    lang: str
    model: str  # "summary" or "crosslingual"
    strategy: str


def summary_jobs(strategy: str, *, extractive: bool) -> tuple[SummaryJob, ...]:
    """The model summaries of one article under ``strategy``. The English summary of
    ``summarise-then-translate`` is a translation of the Arabic one, not a summary job; an
    extractive baseline needs no model summary at all."""
    if extractive:
        return ()
    jobs = [SummaryJob("ar", "ar", "summary", "monolingual")]
    if strategy == "translate-then-summarise":
        jobs.append(SummaryJob("en", "en", "summary", strategy))
    elif strategy == "direct":
        jobs.append(SummaryJob("ar", "en", "crosslingual", strategy))
    return tuple(jobs)


@dataclass(frozen=True)
class PlannedArticle:
    index: int  # position in the window
    doc: Document
    source_path: str
    segments: tuple[Segment, ...]


@dataclass
class WindowPlan:
    """A window of documents planned: the unchanged ones (their stored article ids), the ones to
    process with their segments, those that failed to segment, and the sentences to translate."""

    unchanged: dict[int, int] = field(default_factory=dict)
    articles: list[PlannedArticle] = field(default_factory=list)
    failed: dict[int, Exception] = field(default_factory=dict)
    to_translate: dict[str, str] = field(default_factory=dict)  # segment key → Arabic text, new ones only
    cached: int = 0  # sentences of the planned articles that need no new translation

    @property
    def segments(self) -> list[Segment]:
        return [s for a in self.articles for s in a.segments]


def plan_window(docs: Sequence[tuple[Document, str]], *, states: Mapping[str, Mapping | None], key: str,
                segment: Callable[[Document], list[Segment]], translated: Callable[[list[str]], set[str]],
                errors: tuple[type[Exception], ...] = ()) -> WindowPlan:
    """Plan a window of ``(document, source path)``.

    ``states``: the stored state of each source path (``content_hash``, ``pipeline_key``, ``id``),
    None when new; ``key``: the pipeline's key; ``segment``: a document into segments;
    ``translated``: which of some segment keys already have a stored translation; ``errors``: the
    exceptions of ``segment`` that fail one article rather than the run.
    """
    plan = WindowPlan()
    for i, (doc, source_path) in enumerate(docs):
        state = states.get(source_path)
        if state is not None and state["content_hash"] == doc.content_hash and state["pipeline_key"] == key:
            plan.unchanged[i] = state["id"]
            continue
        try:
            plan.articles.append(PlannedArticle(i, doc, source_path, tuple(segment(doc))))
        except errors as e:
            plan.failed[i] = e
    wanted = {s.key: s.text for s in plan.segments}
    done = translated(list(wanted))
    plan.to_translate = {k: text for k, text in wanted.items() if k not in done}
    plan.cached = len(plan.segments) - len(plan.to_translate)  # a repeated sentence is translated once
    return plan
