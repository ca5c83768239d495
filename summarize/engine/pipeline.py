"""The executor's core: a translator and a summariser carrying out a window's plan.

:meth:`Pipeline.process_window` plans a window of documents (:mod:`summarize.engine.plan`),
translates every new sentence of the window in one batched call, generates the window's summaries
in shared batches, then assembles and stores each article in its own transaction
(:mod:`summarize.engine.assemble`). The local run loop (:mod:`summarize.engine.local`) and the Ray
engine (:mod:`summarize.engine.ray`) both call it, so both store the same results.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summarize.backends.generation import Stopped, check_stop, interruptible, stop_event
from summarize.choices import STRATEGIES
from summarize.engine.assemble import assemble
from summarize.engine.plan import SEGMENTER_VERSION, pipeline_key, plan_window, signature_key, summary_jobs
from summarize.engine.report import RunReport
from summarize.errors import ConfigError, InputError, InputTooLongError
from summarize.store import Provenance, Store
from summarize.tasks.checks import check_translation, low_score_threshold, packaged_reference_pairs, reference_pairs
from summarize.tasks.evidence import prepare as prepare_evidence
from summarize.tasks.extractive import ExtractiveSummariser
from summarize.tasks.summarise import Summariser, chunk_by_tokens, normalise_whitespace, summarise_long
from summarize.tasks.terms import GlossaryTranslator, term_key, with_terms
from summarize.tasks.translate import Translation, Translator
from summarize.text.document import Document
from summarize.text.glossary import Glossary
from summarize.text.segment import Segment, segment_document, segment_paragraphs, text_key

# Sentences translated a call: each chunk is stored as soon as it is done, so that a stop request
# (Ctrl-C, SIGTERM), which ends the call in flight within a decoding step, loses little work.
TRANSLATION_CHUNK = 128


@dataclass
class Pipeline:
    """A translator and a summariser (or extractive baseline), with cache keys from their signatures.

    ``strategy`` decides how the English summary is made: ``translate-then-summarise`` (summarise
    the English translation), ``summarise-then-translate`` (translate the Arabic summary) or
    ``direct`` (a cross-lingual model, ``crosslingual``, summarises the Arabic into English). An
    :class:`~summarize.tasks.extractive.ExtractiveSummariser` picks Arabic segments and uses their
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
        self.key = pipeline_key(self.translator_key, self.summariser_key, self.crosslingual_key,
                                self.english_strategy, self.glossary.content_hash if self.glossary else "")

    @classmethod
    def from_settings(cls, settings) -> Pipeline:
        """The pipeline a :class:`~summarize.config.Settings` describes (models are loaded lazily)."""
        from summarize.tasks.extractive import BASELINES
        from summarize.tasks.summarise import CT2Summariser, HFSummariser
        from summarize.tasks.translate import CT2Translator, HFTranslator

        backends = {"transformers": (HFTranslator, HFSummariser), "ct2": (CT2Translator, CT2Summariser)}
        if settings.backend not in backends:
            raise ConfigError(f"unknown backend {settings.backend!r}: use {' or '.join(backends)}")
        translator_class, summariser_class = backends[settings.backend]
        common = {"device": settings.device, "threads": settings.threads or None}
        translator = translator_class(settings.translation_model, **common)
        glossary = settings.load_glossary()
        if glossary:
            translator = GlossaryTranslator(translator, glossary)
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
    def glossary(self) -> Glossary:
        """The glossary the translator enforces (empty without one)."""
        return getattr(self.translator, "glossary", None) or Glossary()

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
        if self.glossary:
            settings["glossary"] = {"hash": self.glossary.content_hash, "entries": len(self.glossary),
                                    "file": self.glossary.source}
        return settings

    def segment(self, doc: Document) -> list[Segment]:
        """The segments of ``doc``, keyed by their text and the glossary entries they contain."""
        return self._with_terms(segment_document(doc, count_tokens=self.translator.count_tokens,
                                                 max_tokens=self.translator.max_input_tokens))

    def _with_terms(self, segments: list[Segment]) -> list[Segment]:
        """``segments`` keyed by the glossary entries each contains too."""
        glossary = self.glossary
        return [dataclasses.replace(s, terms=term_key(glossary, s.text)) for s in segments] if glossary else segments

    def translate_segments(self, segments: Sequence[Segment], store: Store, report: RunReport) -> dict[str, int]:
        """Store row ids of the translations of ``segments``, keyed by segment key (cache first)."""
        keys = {s.key: s.text for s in segments}
        cached = self._translated(store)(list(keys))
        missing = {k: text for k, text in keys.items() if k not in cached}
        report.sentences_cached += len(segments) - len(missing)
        return self._translate(missing, list(keys), store, report)

    def _translated(self, store: Store) -> Callable[[list[str]], set[str]]:
        return lambda keys: set(store.cached_translations(keys, self.translator_key))

    def _translate(self, missing: dict[str, str], keys: list[str], store: Store, report: RunReport) -> dict[str, int]:
        """Translate and store ``missing`` (segment key → Arabic), :data:`TRANSLATION_CHUNK` sentences
        a call, each chunk stored as it is done; the stored row ids of ``keys``. Raises
        :class:`Stopped` when a stop is requested (what was translated before stays stored)."""
        items = list(missing.items())
        for start in range(0, len(items), TRANSLATION_CHUNK):
            check_stop()
            chunk = items[start : start + TRANSLATION_CHUNK]
            translations = self.translator.translate([text for _, text in chunk])
            self.store_translations(store, [(k, text, t) for (k, text), t in zip(chunk, translations)])
            report.sentences_translated += len(chunk)
        cached = store.cached_translations(keys, self.translator_key)
        return {k: cached[k]["id"] for k in keys}

    def store_translations(self, store: Store, produced: Sequence[tuple[str, str, Translation]]) -> None:
        """Check and store new ``(segment key, Arabic, translation)`` triples under this translator."""
        low_score = self.low_score_threshold(store)
        budget = self.translator.max_input_tokens
        store.add_translations(
            [(key, arabic, t, [f.as_dict() for f in check_translation(
                arabic, t.text, score=t.score, complete=t.complete, input_tokens=t.input_tokens,
                max_input_tokens=budget, low_score=low_score, missed_terms=with_terms(t)[1])])
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
            sentences = self._with_terms(segment_paragraphs([summary_ar["text"]],
                                                            count_tokens=self.translator.count_tokens,
                                                            max_tokens=self.translator.max_input_tokens))

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
        """The model summaries an article needs (:func:`~summarize.engine.plan.summary_jobs`) as
        ``(pieces, summariser, key, lang, strategy)``."""
        texts = {"ar": [s.text for s in segments], "en": list(english)}
        models = {"summary": (self.summariser, self.summariser_key),
                  "crosslingual": (self.crosslingual, self.crosslingual_key)}
        return [(texts[job.source], *models[job.model], job.lang, job.strategy)
                for job in summary_jobs(self.strategy, extractive=self.extractive)]

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
        results: list[int | Exception | None] = [None] * len(docs)
        with interruptible(stop if stop is not None else stop_event()):  # a nested call keeps the caller's
            try:
                self._process_window(docs, results, store=store, report=report, stage=stage or (lambda _: None))
            except Stopped:  # on request, within a decoding step: the translations made so far are stored
                pass
        return results

    def _process_window(self, docs: Sequence[tuple[Document, str]], results: list[int | Exception | None], *,
                        store: Store, report: RunReport, stage: Callable[[str], object]) -> None:
        states = {path: store.article_state(path) for _, path in docs}
        for doc, path in docs:  # a renamed or moved file with the same text is the same article
            if states[path] is None and (moved := store.moved_article(doc.content_hash, self.key, os.path.exists)):
                store.move_article(moved["id"], source_path=path, source_file=doc.source)
                report.articles_renamed += 1
                states[path] = store.article_state(path)
        plan = plan_window(docs, states=states, key=self.key, segment=self.segment,
                           translated=self._translated(store), errors=(InputError, InputTooLongError))
        for i, article_id in plan.unchanged.items():
            report.sentences_cached += states[docs[i][1]]["n"]
            report.count_flags(store.flag_counts(article_id))
            results[i] = article_id
        for i, error in plan.failed.items():
            results[i] = error
        if not plan.articles:
            return
        stage(f"translating {len(plan.to_translate)} sentences"
              + (f" of {len(plan.articles)} articles" if len(plan.articles) > 1 else ""))
        report.sentences_cached += plan.cached
        try:
            ids = self._translate(plan.to_translate, [s.key for s in plan.segments], store, report)
        except InputTooLongError:
            if len(plan.articles) == 1:
                raise
            for article in plan.articles:  # find which article it was; the others go on
                try:
                    results[article.index] = self.process(article.doc, store=store, source_path=article.source_path,
                                                          report=report, stage=stage)
                except (InputError, InputTooLongError) as e:
                    results[article.index] = e
            return
        english = {a.index: [row["text_en"] for row in _rows_by_id(store, [ids[s.key] for s in a.segments])]
                   for a in plan.articles}
        jobs = len(summary_jobs(self.strategy, extractive=self.extractive)) * len(plan.articles)
        stage(f"summarising ({jobs} model summaries)" if jobs else "picking summary sentences")
        check_stop()
        self._prefetch_summaries([(a.segments, english[a.index]) for a in plan.articles], store)
        try:
            for article in plan.articles:
                check_stop()
                try:
                    summary_ar, summary_en = self.summaries(article.segments, english[article.index], store=store,
                                                            report=report)
                    stage("storing")
                    article_id = assemble(store, article, pipeline_key=self.key, translation_ids=ids,
                                          english=english[article.index], summary_ar=summary_ar,
                                          summary_en=summary_en)
                except (InputError, InputTooLongError) as e:
                    results[article.index] = e
                    continue
                report.count_flags(store.flag_counts(article_id))
                if states[article.source_path] is None:
                    report.articles_added += 1
                else:
                    report.articles_changed += 1
                results[article.index] = article_id
        finally:
            for batched in self._batches.values():
                batched.clear()


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


def translate_sentences(doc: Document, translator: Translator) -> list[tuple[Segment, Translation, list]]:
    """Each sentence of ``doc`` with its translation and the flags of the per-sentence checks (no
    store involved; the low_score check needs a calibrated store and is left out)."""
    segments = segment_document(doc, count_tokens=translator.count_tokens, max_tokens=translator.max_input_tokens)
    translations = translator.translate([s.text for s in segments])
    return [(s, t, check_translation(s.text, t.text, score=t.score, complete=t.complete, input_tokens=t.input_tokens,
                                     max_input_tokens=translator.max_input_tokens, low_score=None,
                                     missed_terms=with_terms(t)[1]))
            for s, t in zip(segments, translations)]


def translate_document(doc: Document, translator: Translator) -> list[str]:
    """English paragraphs of ``doc`` (no store involved): each the joined translations of its segments."""
    paragraphs: dict[int, list[str]] = {}
    for segment, translation, _ in translate_sentences(doc, translator):
        paragraphs.setdefault(segment.paragraph, []).append(translation.text)
    return [" ".join(parts) for _, parts in sorted(paragraphs.items())]
