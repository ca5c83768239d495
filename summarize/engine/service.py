"""The library as a long-lived service: what the web app (and any other front end) calls.

A :class:`Service` holds the settings and the store path, builds each pipeline once and reuses it
(models load lazily, once per process, shared by all requests), and enforces the input limits. It
holds no pipeline logic: it calls :mod:`summarize.engine`, :mod:`summarize.store` and
:mod:`summarize.backends.registry` (which models it offers, and whether they are installed).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path

from summarize.config import Settings
from summarize.engine.local import run_documents
from summarize.engine.pipeline import Pipeline
from summarize.errors import ConfigError, InputError
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


@dataclass(frozen=True)
class ModelOffer:
    """A model the service offers for a task. Visitors see and send its ``key`` (a registry name or a
    folder's name), never the server path behind it (``spec``)."""

    key: str
    spec: str
    installed: bool


PIPELINES_KEPT = 4  # pipelines (and through them, models) a long-lived service keeps for reuse
TASKS = {"translation": "translation", "summary": "summarisation", "crosslingual": "summarisation"}


class Service:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._pipelines: OrderedDict[Settings, Pipeline] = OrderedDict()  # the most recent few, reused
        self._lock = threading.Lock()

    def store(self) -> Store:
        """A connection for the calling thread (SQLite connections are not shared across threads)."""
        return self.settings.store()

    def pipeline(self, options: Options = Options()) -> Pipeline:
        chosen = replace(self.settings, **{k: v for k, v in options.__dict__.items() if v})
        with self._lock:
            if chosen not in self._pipelines:
                self._pipelines[chosen] = Pipeline.from_settings(chosen)
                while len(self._pipelines) > PIPELINES_KEPT:
                    self._pipelines.popitem(last=False)
            self._pipelines.move_to_end(chosen)
            return self._pipelines[chosen]

    # --- models --------------------------------------------------------------------------------

    def offered_models(self, task: str) -> list[ModelOffer]:
        """The models a visitor may choose for ``task`` (translation, summary, crosslingual): the
        one the operator configured, the registry's models for the task, and the folders of the
        local model store. Never an arbitrary path."""
        from summarize.backends.registry import installed, registry, store_dir

        configured = {"translation": self.settings.translation_model, "summary": self.settings.summary_model,
                      "crosslingual": self.settings.crosslingual_model}[task]
        entries = registry()
        specs = [configured, *(e.name for e in entries.values() if TASKS[task] in e.task)]
        store = store_dir()
        if store.is_dir():
            specs += sorted(str(p) for p in store.iterdir() if (p / "config.json").is_file())
        offers: list[ModelOffer] = []
        for spec in dict.fromkeys(specs):
            key = spec if spec in entries or not Path(spec).is_dir() else Path(spec).name
            while any(o.key == key for o in offers):
                key += "+"
            offers.append(ModelOffer(key, spec, installed(spec)))
        return offers

    def resolve_options(self, options: Options) -> Options:
        """``options`` with each model given by its offered key (or spec) replaced by the spec, before
        any work: a model this service does not offer, has not installed, or (with the CTranslate2
        backend) has not converted is refused — a visitor never starts a download or a conversion."""
        from summarize.errors import ModelNotAvailableError

        model_summaries = (options.summariser or self.settings.summariser) == "model"
        chosen = {"translation": options.translation_model or self.settings.translation_model,
                  "summary": options.summary_model or self.settings.summary_model}
        resolved = {}
        for task, value in chosen.items():
            offer = next((o for o in self.offered_models(task) if value in (o.key, o.spec)), None)
            if offer is None:
                raise ConfigError(f"this server does not offer that {task} model: choose one from the list")
            if task == "summary" and not model_summaries:
                continue  # a baseline summariser needs no model
            if not offer.installed:
                raise ModelNotAvailableError(f"model {offer.key} is not installed on this server: run "
                                             f"`summarize models pull {offer.key}` on the server, then reload")
            if (options.backend or self.settings.backend) == "ct2" and not self._converted(offer.spec):
                raise ModelNotAvailableError(f"this server has no CTranslate2 copy of {offer.key}: convert it once on "
                                             "the server (`summarize run FOLDER --backend ct2` does), or choose the "
                                             "transformers backend")
            resolved[f"{task}_model"] = offer.spec
        direct = (options.strategy or self.settings.strategy) == "direct"
        if direct and model_summaries and not self.direct_available():
            raise ModelNotAvailableError("the direct strategy needs its cross-lingual model, which is not installed "
                                         f"on this server: run `summarize models pull {self.settings.crosslingual_model}`"
                                         " on the server, or choose another strategy")
        return replace(options, **resolved)

    def _converted(self, spec: str) -> bool:
        from summarize.backends.ct2 import CT2Generator

        return (CT2Generator(spec, device=self.settings.device).converted_dir() / "model.bin").exists()

    def direct_available(self) -> bool:
        """Whether the cross-lingual model of the direct strategy is installed."""
        from summarize.backends.registry import installed

        return installed(self.settings.crosslingual_model)

    def strategies(self) -> list[str]:
        """The strategies this service can carry out (direct only with its model installed)."""
        from summarize.choices import STRATEGIES

        return [s for s in STRATEGIES if s != "direct" or self.direct_available()]

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
        options = self.resolve_options(options)
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

    def translate(self, *, text: str | None = None, sentences: list[str] | None = None,
                  options: Options = Options()) -> list[dict]:
        """Translations of an Arabic ``text`` (split into sentences) or of ``sentences`` as given, each
        with its score and the flags of the checks; nothing is stored."""
        from summarize.tasks.checks import check_translation
        from summarize.tasks.terms import with_terms

        pipeline = self.pipeline(options)
        translator = pipeline.translator
        if text is not None:
            arabic = [s.text for s in pipeline.segment(self.document_from_text(text, source="api text"))]
        else:
            arabic = [s.strip() for s in sentences or []]
            empty = [i for i, s in enumerate(arabic) if not s]
            if empty:
                raise InputError("sentences", f"sentence {empty[0]} is empty")
            self.settings.limits.check_chars(sum(map(len, arabic)), "sentences")
        translations = translator.translate(arabic)
        with self.store() as store:
            low_score = pipeline.low_score_threshold(store)
        return [{"index": i, "ar": ar, "en": t.text, "score": round(t.score, 4), "complete": t.complete,
                 "flags": [f.as_dict() for f in check_translation(
                     ar, t.text, score=t.score, complete=t.complete, input_tokens=t.input_tokens,
                     max_input_tokens=translator.max_input_tokens, low_score=low_score,
                     missed_terms=with_terms(t)[1])]}
                for i, (ar, t) in enumerate(zip(arabic, translations))]

    def article(self, article_id: int) -> ArticleRecord:
        with self.store() as store:
            return store.article(article_id)

    def correct(self, article_id: int, index: int, english: str, *, by: str) -> dict:
        """Store a human translation of one sentence (KeyError: no such article or sentence)."""
        if not english.split():
            raise InputError("correction", "the corrected English is empty")
        with self.store() as store:
            return store.add_correction(article_id, index, english, by=by).as_dict()

    def stories(self, *, since: str | None = None) -> list:
        """The stories of the stored articles (clustering the ones no run has clustered yet)."""
        from summarize.stories import refresh, stories

        refresh(self.settings)
        with self.settings.store(readonly=True) as store:
            return stories(store, since=since)

    def feed(self, *, link: str) -> bytes:
        """The Atom feed: newest articles (watched ones first) and stories of more than one article."""
        from summarize.stories import refresh
        from summarize.stories.watch import store_feed

        refresh(self.settings)
        with self.settings.store(readonly=True) as store:
            return store_feed(store, link=link)

    def review(self, *, article_id: int | None = None, limit: int | None = None) -> list[dict]:
        """The review queue (:mod:`summarize.store.review`), of one article or of all."""
        from summarize.store.review import review_queue

        with self.store() as store:
            articles = [store.article(article_id)] if article_id is not None else store.iter_articles()
            return [item.as_dict() for item in review_queue(articles, limit=limit)]

    def articles(self, *, limit: int | None = None, offset: int = 0) -> tuple[list[dict], int]:
        """A page of the stored articles, newest first, and how many there are in all."""
        with self.store() as store:
            return store.list_articles(limit=limit, offset=offset), store.count_articles()

    def search(self, query: str, lang: str = "ar", limit: int = 50) -> tuple[list[dict], int]:
        """The best ``limit`` matching sentences, and how many match in all."""
        with self.store() as store:
            return store.search(query, lang=lang, limit=limit), store.count_matches(query, lang=lang)

    def runs(self) -> list[dict]:
        with self.store() as store:
            return store.list_runs()
