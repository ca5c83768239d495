"""The pipeline: files → clean → segment → translate → summarise → store, with caching.

:func:`run` processes a file or folder into a :class:`~summarize.store.Store` and returns a
:class:`RunReport`. A bad file is reported and skipped; the others go on. Work already stored is
reused: an unchanged article makes no model call, a changed one translates only its new segments.
A model that cannot be loaded stops the run (every file would fail the same way).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from summarize import __version__
from summarize.choices import STRATEGIES
from summarize.checks import check_translation, low_score_threshold, packaged_reference_pairs, reference_pairs
from summarize.errors import ConfigError, InputError, InputTooLongError
from summarize.evidence import check_summary
from summarize.evidence import prepare as prepare_evidence
from summarize.extractive import ExtractiveSummariser
from summarize.ingest import Document, Limits, article_files, folder_boilerplate, read_article
from summarize.segment import Segment, segment_document, segment_paragraphs, text_key
from summarize.store import Provenance, Store
from summarize.summarise import Summariser, chunk_by_tokens, normalise_whitespace, summarise_long
from summarize.translate import Translation, Translator

SEGMENTER_VERSION = "1"
# Articles planned and batched together by default (see the folder benchmark in bench/README.md).
DEFAULT_WINDOW = 8
REFERENCES_DIR = Path(__file__).resolve().parent.parent / "eval" / "references"


def signature_key(signature: dict) -> str:
    """Cache key of a translator or summariser: the weights' identity, backend and settings."""
    ident = {k: signature.get(k) for k in ("fingerprint", "model", "backend", "settings")}
    return hashlib.sha256(json.dumps(ident, sort_keys=True).encode()).hexdigest()[:32]


@dataclass
class RunReport:
    run_id: int | None = None
    articles_seen: int = 0
    articles_processed: int = 0
    articles_failed: int = 0
    sentences_translated: int = 0
    sentences_cached: int = 0
    summaries_generated: int = 0
    lines_removed: int = 0  # lines dropped while cleaning the processed articles (not article text)
    flags: dict[str, int] = field(default_factory=dict)  # how many segments of the processed articles raise each flag
    errors: list[dict] = field(default_factory=list)
    interrupted: bool = False  # stopped on request before the last article

    def count_flags(self, counts: Counter) -> None:
        for name, n in counts.items():
            self.flags[name] = self.flags.get(name, 0) + n

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Pipeline:
    """A translator and a summariser (or extractive baseline), with cache keys from their signatures.

    ``strategy`` decides how the English summary is made: ``translate-then-summarise`` (summarise
    the English translation), ``summarise-then-translate`` (translate the Arabic summary) or
    ``direct`` (a cross-lingual model, ``crosslingual``, summarises the Arabic into English). An
    :class:`~summarize.extractive.ExtractiveSummariser` picks Arabic segments and uses their
    translations, whatever the strategy.
    """

    translator: Translator
    summariser: Summariser | ExtractiveSummariser
    strategy: str = "translate-then-summarise"
    crosslingual: Summariser | None = None
    # Reference translations that calibrate the low_score check: "packaged" (shipped with the
    # package, derived from eval/references), a folder of reference files, or None (check off).
    references: Path | str | None = "packaged"
    # summarisers wrapped to serve a window's prefetched summaries (see _prefetch_summaries)
    _batches: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.strategy not in STRATEGIES:
            raise ConfigError(f"unknown strategy {self.strategy!r}: use one of {', '.join(STRATEGIES)}")
        if self.strategy == "direct" and self.crosslingual is None and not self.extractive:
            raise ConfigError("the direct strategy needs a cross-lingual summarisation model (--crosslingual-model)")
        prepare_evidence()
        self.translator_key = signature_key(self.translator.signature())
        self.summariser_key = signature_key(self.summariser.signature())
        self.crosslingual_key = signature_key(self.crosslingual.signature()) if self.crosslingual else ""
        self.key = hashlib.sha256(
            f"{self.translator_key}|{self.summariser_key}|{self.crosslingual_key}|{self.english_strategy}|"
            f"{SEGMENTER_VERSION}".encode()
        ).hexdigest()[:32]

    @classmethod
    def from_settings(cls, settings) -> Pipeline:
        """The pipeline a :class:`~summarize.config.Settings` describes (models are loaded lazily)."""
        from summarize.extractive import BASELINES
        from summarize.summarise import CT2Summariser, HFSummariser
        from summarize.translate import CT2Translator, HFTranslator

        backends = {"transformers": (HFTranslator, HFSummariser), "ct2": (CT2Translator, CT2Summariser)}
        if settings.backend not in backends:
            raise ConfigError(f"unknown backend {settings.backend!r}: use {' or '.join(backends)}")
        translator_class, summariser_class = backends[settings.backend]
        common = {"device": settings.device, "threads": settings.threads or None}
        translator = translator_class(settings.translation_model, **common)
        if settings.summariser in BASELINES:
            summariser = BASELINES[settings.summariser]()
        elif settings.summariser == "model":
            summariser = summariser_class(settings.summary_model, **common)
        else:
            raise ConfigError(f"unknown summariser {settings.summariser!r}: use model, {', '.join(BASELINES)}")
        crosslingual = None
        if settings.strategy == "direct" and settings.summariser == "model":
            crosslingual = summariser_class(settings.crosslingual_model, **common)
        return cls(translator, summariser, strategy=settings.strategy, crosslingual=crosslingual)

    @property
    def extractive(self) -> bool:
        return isinstance(self.summariser, ExtractiveSummariser)

    @property
    def english_strategy(self) -> str:
        return "extractive" if self.extractive else self.strategy

    def settings(self) -> dict:
        settings = {"translation": self.translator.signature(), "summary": self.summariser.signature(),
                    "strategy": self.english_strategy, "segmenter": SEGMENTER_VERSION}
        if self.crosslingual and self.strategy == "direct":
            settings["crosslingual"] = self.crosslingual.signature()
        return settings

    def segment(self, doc: Document) -> list[Segment]:
        return segment_document(doc, count_tokens=self.translator.count_tokens,
                                max_tokens=self.translator.max_input_tokens)

    def translate_segments(self, segments: Sequence[Segment], store: Store, report: RunReport) -> dict[str, int]:
        """Store row ids of the translations of ``segments``, keyed by segment key (cache first)."""
        keys = {s.key: s.text for s in segments}
        cached = store.cached_translations(keys, self.translator_key)
        missing = [k for k in keys if k not in cached]
        report.sentences_translated += len(missing)
        report.sentences_cached += len(segments) - len(missing)
        if missing:
            translations = self.translator.translate([keys[k] for k in missing])
            self.store_translations(store, [(k, keys[k], t) for k, t in zip(missing, translations)])
            cached = store.cached_translations(keys, self.translator_key)
        return {k: cached[k]["id"] for k in keys}

    def store_translations(self, store: Store, produced: Sequence[tuple[str, str, Translation]]) -> None:
        """Check and store new ``(segment key, Arabic, translation)`` triples under this translator."""
        low_score = self.low_score_threshold(store)
        budget = self.translator.max_input_tokens
        store.add_translations(
            [(key, arabic, t, [f.as_dict() for f in check_translation(
                arabic, t.text, score=t.score, complete=t.complete, input_tokens=t.input_tokens,
                max_input_tokens=budget, low_score=low_score)])
             for key, arabic, t in produced],
            self.translator_key, Provenance.from_signature(self.translator.signature()),
        )

    def low_score_threshold(self, store: Store) -> float | None:
        """The translator's low_score threshold: stored, or derived once from the reference translations.

        None (the check is off) when the translator cannot score given translations or there are no
        references.
        """
        if "_low_score" in self.__dict__:
            return self._low_score
        threshold = store.score_threshold(self.translator_key)
        if threshold is None and hasattr(self.translator, "score_pairs") and self.references:
            if self.references == "packaged":
                pairs = packaged_reference_pairs()
            else:
                pairs = reference_pairs(self.references) if Path(self.references).is_dir() else []
            scores = [s for s in self.translator.score_pairs([a for a, _ in pairs], [e for _, e in pairs])
                      if s is not None] if pairs else []
            if scores:
                threshold = low_score_threshold(scores)
                store.set_score_threshold(self.translator_key, threshold, len(scores))
        self._low_score = threshold
        return threshold

    def _summary(self, input_text: str, *, lang: str, strategy: str, key: str, signature: Callable[[], dict],
                 produce: Callable[[], tuple[str, int, int]], store: Store, report: RunReport) -> sqlite3.Row:
        """The stored summary row for this input and producer, produced only when not cached."""
        input_key = text_key(normalise_whitespace(input_text))
        row = store.cached_summary(input_key, key, lang, strategy)
        if row is None:
            text, chunks, rounds = produce()
            report.summaries_generated += 1
            store.add_summary(input_key=input_key, summariser_key=key, lang=lang, strategy=strategy, text=text,
                              chunks=chunks, rounds=rounds, provenance=Provenance.from_signature(signature()))
            row = store.cached_summary(input_key, key, lang, strategy)
        return row

    def _model_summary(self, pieces: Sequence[str], summariser: Summariser, key: str, *, lang: str, strategy: str,
                       store: Store, report: RunReport) -> sqlite3.Row:
        def produce() -> tuple[str, int, int]:
            result = summarise_long(pieces, self._batched(summariser), lang=lang)
            return result.text, result.chunks, result.rounds

        return self._summary(" ".join(pieces), lang=lang, strategy=strategy, key=key, signature=summariser.signature,
                             produce=produce, store=store, report=report)

    def summaries(self, segments: Sequence[Segment], english: Sequence[str], *, store: Store,
                  report: RunReport) -> tuple[sqlite3.Row, sqlite3.Row]:
        """The stored Arabic and English summaries of one article."""
        arabic = [s.text for s in segments]
        common = {"store": store, "report": report}
        if self.extractive:
            picked = self.summariser.select(segments)
            rows = [self._summary(" ".join(texts), lang=lang, strategy="extractive", key=self.summariser_key,
                                  signature=self.summariser.signature,
                                  produce=lambda texts=texts: (" ".join(texts[i] for i in picked), 1, 1), **common)
                    for lang, texts in (("ar", arabic), ("en", list(english)))]
            return rows[0], rows[1]
        summary_ar = self._model_summary(arabic, self.summariser, self.summariser_key, lang="ar",
                                         strategy="monolingual", **common)
        if self.strategy == "translate-then-summarise":
            summary_en = self._model_summary(english, self.summariser, self.summariser_key, lang="en",
                                             strategy=self.strategy, **common)
        elif self.strategy == "direct":
            summary_en = self._model_summary(arabic, self.crosslingual, self.crosslingual_key, lang="en",
                                             strategy=self.strategy, **common)
        else:  # summarise-then-translate
            sentences = segment_paragraphs([summary_ar["text"]], count_tokens=self.translator.count_tokens,
                                           max_tokens=self.translator.max_input_tokens)

            def produce() -> tuple[str, int, int]:
                ids = self.translate_segments(sentences, store, report)
                rows = _rows_by_id(store, [ids[s.key] for s in sentences])
                return " ".join(r["text_en"] for r in rows), summary_ar["chunks"], summary_ar["rounds"]

            def signature() -> dict:
                t = self.translator.signature()
                return {**t, "model": f"{summary_ar['model_id']} + {t['model']}",
                        "settings": {"summary": json.loads(summary_ar["settings"]), "translation": t["settings"]}}

            summary_en = self._summary(summary_ar["text"], lang="en", strategy=self.strategy,
                                       key=f"{self.summariser_key}+{self.translator_key}", signature=signature,
                                       produce=produce, **common)
        return summary_ar, summary_en

    def _batched(self, summariser: Summariser) -> _Batched:
        if id(summariser) not in self._batches:
            self._batches[id(summariser)] = _Batched(summariser)
        return self._batches[id(summariser)]

    def _summary_inputs(self, segments: Sequence[Segment], english: Sequence[str]):
        """The model summaries an article needs: ``(pieces, summariser, key, lang, strategy)``."""
        if self.extractive:
            return []
        arabic = [s.text for s in segments]
        jobs = [(arabic, self.summariser, self.summariser_key, "ar", "monolingual")]
        if self.strategy == "translate-then-summarise":
            jobs.append((list(english), self.summariser, self.summariser_key, "en", self.strategy))
        elif self.strategy == "direct":
            jobs.append((arabic, self.crosslingual, self.crosslingual_key, "en", self.strategy))
        return jobs

    def _prefetch_summaries(self, articles: Sequence[tuple[Sequence[Segment], Sequence[str]]], store: Store) -> None:
        """Summarise the first-round chunks of every uncached summary of a window of articles, one
        ``generate`` call per model and language, so several articles share a batch."""
        wanted: dict[tuple[int, str], list[str]] = {}
        for segments, english in articles:
            for pieces, summariser, key, lang, strategy in self._summary_inputs(segments, english):
                input_key = text_key(normalise_whitespace(" ".join(pieces)))
                if store.cached_summary(input_key, key, lang, strategy) is None:
                    wanted.setdefault((id(summariser), lang), []).extend(chunk_by_tokens(pieces, summariser))
        for summariser in {id(s): s for s in (self.summariser, self.crosslingual) if s is not None}.values():
            for lang in ("ar", "en"):
                chunks = wanted.get((id(summariser), lang))
                if chunks:
                    self._batched(summariser).prefetch(chunks, lang=lang)

    def process(self, doc: Document, *, store: Store, source_path: str, report: RunReport,
                stage: Callable[[str], object] | None = None) -> int:
        """Translate, summarise and store one document; returns its article id."""
        (result,) = self.process_window([(doc, source_path)], store=store, report=report, stage=stage)
        if isinstance(result, Exception):
            raise result
        return result

    def process_window(self, docs: Sequence[tuple[Document, str]], *, store: Store, report: RunReport,
                       stage: Callable[[str], object] | None = None,
                       stop: threading.Event | None = None) -> list[int | Exception | None]:
        """Translate, summarise and store a window of documents together: their new sentences are
        translated in one batched call and their summaries generated in shared batches, then each
        article is checked and stored in its own transaction. Returns, per document, its article id,
        the input error that stopped it (the others go on), or None when ``stop`` was set before it
        was stored.

        ``stage`` is told, in words, what is about to happen (for progress displays).
        """
        stage = stage or (lambda _: None)
        results: list[int | Exception | None] = [None] * len(docs)
        work: list[tuple[int, Document, str, list[Segment]]] = []
        for i, (doc, source_path) in enumerate(docs):
            state = store.article_state(source_path)
            if state is not None and state["content_hash"] == doc.content_hash and state["pipeline_key"] == self.key:
                report.sentences_cached += state["n"]
                report.count_flags(store.flag_counts(state["id"]))
                results[i] = state["id"]
                continue
            try:
                work.append((i, doc, source_path, self.segment(doc)))
            except (InputError, InputTooLongError) as e:
                results[i] = e
        if work:
            every = [s for *_, segments in work for s in segments]
            stage(f"translating {len(every)} sentences" + (f" of {len(work)} articles" if len(work) > 1 else ""))
            try:
                ids = self.translate_segments(every, store, report)
            except InputTooLongError:
                if len(work) == 1:
                    raise
                for i, doc, source_path, _ in work:  # find which article it was; the others go on
                    try:
                        results[i] = self.process(doc, store=store, source_path=source_path, report=report,
                                                  stage=stage)
                    except (InputError, InputTooLongError) as e:
                        results[i] = e
                return results
            english = {i: [row["text_en"] for row in _rows_by_id(store, [ids[s.key] for s in segments])]
                       for i, _, _, segments in work}
            stage("summarising")
            self._prefetch_summaries([(segments, english[i]) for i, _, _, segments in work], store)
            for i, doc, source_path, segments in work:
                if stop is not None and stop.is_set():
                    break
                try:
                    summary_ar, summary_en = self.summaries(segments, english[i], store=store, report=report)
                    stage("storing")
                    evidence = {"ar": check_summary("", summary_ar["text"], segments=[s.text for s in segments],
                                                    lang="ar"),
                                "en": check_summary("", summary_en["text"], segments=english[i], lang="en")}
                    article_id = store.save_article(doc=doc, source_path=source_path, pipeline_key=self.key,
                                                    segments=segments, translation_ids=ids,
                                                    summary_ar_id=summary_ar["id"], summary_en_id=summary_en["id"],
                                                    evidence=evidence)
                except (InputError, InputTooLongError) as e:
                    results[i] = e
                    continue
                report.count_flags(store.flag_counts(article_id))
                results[i] = article_id
            for batched in self._batches.values():
                batched.clear()
        return results


class _Batched:
    """A summariser whose results for some inputs were computed ahead, in one batch with other
    articles' inputs (:meth:`Pipeline._prefetch_summaries`); anything else is computed as asked."""

    def __init__(self, inner: Summariser):
        self.inner = inner
        self.memo: dict[tuple[str, str], str] = {}

    def __getattr__(self, name: str):
        return getattr(self.inner, name)

    def prefetch(self, texts: Sequence[str], *, lang: str) -> None:
        todo = [t for t in dict.fromkeys(texts) if (lang, t) not in self.memo]
        for text, summary in zip(todo, self.inner.summarise(todo, lang=lang) if todo else []):
            self.memo[(lang, text)] = summary

    def summarise(self, texts: Sequence[str], *, lang: str) -> list[str]:
        self.prefetch(texts, lang=lang)
        return [self.memo[(lang, t)] for t in texts]

    def clear(self) -> None:
        self.memo.clear()


def _rows_by_id(store: Store, ids: list[int]) -> list:
    rows = {}
    unique = list(dict.fromkeys(ids))
    for i in range(0, len(unique), 500):
        part = unique[i : i + 500]
        for row in store.db.execute(f"SELECT id, text_en FROM translations WHERE id IN ({','.join('?' * len(part))})", part):
            rows[row["id"]] = row
    return [rows[i] for i in ids]


Item = tuple[str, str, Callable[[], Document]]  # (name, source path, loader)


def run(path: str | Path, *, pipeline: Pipeline, store: Store, progress: Callable | None = None,
        limits: Limits | None = None, stop: threading.Event | None = None, window: int = DEFAULT_WINDOW) -> RunReport:
    """Process a file or a folder of ``.txt`` articles into ``store``.

    ``progress`` wraps the list of items (e.g. ``tqdm``) when given. ``limits`` (file size, article
    length) are checked before any model call. When ``stop`` is set (e.g. on Ctrl-C) the run ends
    after the current article, marked interrupted. Raises the model errors that stop a whole run
    (ModelNotAvailableError, ModelLoadError); per-file problems go in the report.
    """
    files = article_files(path)
    boilerplate = folder_boilerplate(files, limits=limits)
    items = [(f.name, str(f.absolute()), lambda f=f: read_article(f, limits=limits, boilerplate=boilerplate))
             for f in files]
    return run_documents(items, pipeline=pipeline, store=store, input_label=str(path), progress=progress, stop=stop,
                         window=window)


def _prefetched(items: Iterable[Item], lookahead: int = 2) -> Iterator[tuple[Item, Future]]:
    """Each item with its loaded document as a future, loading ahead in a thread while the model
    works. ``items`` may be a stream (the Ray engine's): it is read once, a few items ahead."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="summarize-load") as pool:
        pending: deque[tuple[Item, Future]] = deque()
        for item in items:
            pending.append((item, pool.submit(item[2])))
            if len(pending) > lookahead:
                yield pending.popleft()
        while pending:
            yield pending.popleft()


def run_documents(items: Iterable[Item], *, pipeline: Pipeline, store: Store, input_label: str,
                  progress: Callable | None = None, stage: Callable[[str], object] | None = None,
                  stop: threading.Event | None = None, window: int = DEFAULT_WINDOW) -> RunReport:
    """One run over ``items``: loaded, then processed ``window`` articles at a time (translations and
    summaries batched across them) and stored as each window completes; bad ones reported, not fatal."""
    report = RunReport()
    report.run_id = store.start_run(input=input_label, settings=pipeline.settings(), package_version=__version__)
    status = "failed"
    window = max(1, int(window))
    try:
        pending: list[tuple[str, str, Document]] = []

        def flush() -> None:
            results = pipeline.process_window([(doc, path) for _, path, doc in pending], store=store, report=report,
                                              stage=stage, stop=stop)
            for (name, _, doc), result in zip(pending, results):
                if result is None:  # stopped before this one was stored: the next run does it
                    report.interrupted = True
                    report.articles_seen -= 1
                    continue
                if isinstance(result, Exception):
                    _failed(report, store, name, result)
                    continue
                report.articles_processed += 1
                report.lines_removed += len(doc.dropped)
                store.record_run_article(report.run_id, name, result, "processed")
            pending.clear()

        for (name, source_path, _), loaded in _prefetched(progress(items) if progress else items):
            if stop is not None and stop.is_set():
                report.interrupted = True
                break
            report.articles_seen += 1
            try:
                pending.append((name, source_path, loaded.result()))
            except (InputError, InputTooLongError) as e:
                _failed(report, store, name, e)
                continue
            if len(pending) >= window:
                flush()
        if pending and not report.interrupted:
            flush()
        elif pending:  # interrupted: the loaded but unprocessed articles are not counted as seen
            report.articles_seen -= len(pending)
        status = "interrupted" if report.interrupted else "completed"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        store.finish_run(report.run_id, status=status, report=report.as_dict())
    return report


def _failed(report: RunReport, store: Store, name: str, error: Exception) -> None:
    report.articles_failed += 1
    message = error.problem if isinstance(error, InputError) else str(error)
    report.errors.append({"file": name, "error": message})
    store.record_run_article(report.run_id, name, None, "failed", message)


def translate_document(doc: Document, translator: Translator) -> list[str]:
    """English paragraphs of ``doc`` (no store involved): each the joined translations of its segments."""
    segments = segment_document(doc, count_tokens=translator.count_tokens, max_tokens=translator.max_input_tokens)
    translations = translator.translate([s.text for s in segments])
    paragraphs: dict[int, list[str]] = {}
    for segment, translation in zip(segments, translations):
        paragraphs.setdefault(segment.paragraph, []).append(translation.text)
    return [" ".join(parts) for _, parts in sorted(paragraphs.items())]
