"""The library as a long-lived service: what the web app (and any other front end) calls.

A :class:`Service` holds the settings and the store path, builds each pipeline once and reuses it
(models load lazily, once per process, shared by all requests), and enforces the input limits. It
holds no pipeline logic: it calls :mod:`summarize.engine.pipeline`, :mod:`summarize.store.repository`,
:mod:`summarize.export.formats` and :mod:`summarize.evaluation.harness`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from pathlib import Path

from summarize.config import Settings
from summarize.engine.local import run_documents
from summarize.engine.pipeline import Pipeline
from summarize.errors import InputError
from summarize.sources.files import load_text, read_article
from summarize.store import ArticleRecord, Store
from summarize.text.document import Document


@dataclass(frozen=True)
class Options:
    """Per-request choices; None means the service's default."""

    translation_model: str | None = None
    summary_model: str | None = None
    strategy: str | None = None
    summariser: str | None = None
    backend: str | None = None


class Service:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._pipelines: dict[Settings, Pipeline] = {}
        self._lock = threading.Lock()

    def store(self) -> Store:
        """A connection for the calling thread (SQLite connections are not shared across threads)."""
        return Store(self.settings.db)

    def pipeline(self, options: Options = Options()) -> Pipeline:
        chosen = replace(self.settings, **{k: v for k, v in options.__dict__.items() if v})
        with self._lock:
            if chosen not in self._pipelines:
                self._pipelines[chosen] = Pipeline.from_settings(chosen)
            return self._pipelines[chosen]

    # --- input ---------------------------------------------------------------------------------

    def document_from_text(self, text: str, source: str = "pasted text") -> Document:
        return load_text(text, source, limits=self.settings.limits)

    def document_from_file(self, path: str | Path, name: str | None = None) -> Document:
        """Decode an uploaded file by its content (the extension is not trusted)."""
        return read_article(path, limits=self.settings.limits, name=name)

    # --- work ----------------------------------------------------------------------------------

    def analyse(self, doc: Document, options: Options = Options(), *, source_path: str | None = None,
                stage=None) -> ArticleRecord:
        """Translate, summarise and store one document; return the stored article."""
        pipeline = self.pipeline(options)
        with self.store() as store:
            key = source_path or f"app:{doc.source}:{doc.content_hash[:16]}"
            report = run_documents([(doc.source, key, lambda: doc)], pipeline=pipeline, store=store,
                                   input_label=f"app: {doc.source}", stage=stage)
            if report.errors:
                raise InputError(doc.source, report.errors[0]["error"])
            article_id = store.article_id(key)
            article = store.article(article_id)
        return replace(article, extra={"run_report": report.as_dict()})

    def article(self, article_id: int) -> ArticleRecord:
        with self.store() as store:
            return store.article(article_id)

    def articles(self) -> list[dict]:
        with self.store() as store:
            return store.list_articles()

    def search(self, query: str, lang: str = "ar", limit: int = 50) -> list[dict]:
        with self.store() as store:
            return store.search(query, lang=lang, limit=limit)

    def runs(self) -> list[dict]:
        with self.store() as store:
            return store.list_runs()
