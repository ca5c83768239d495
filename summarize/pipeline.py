"""The pipeline: files → clean → segment → translate → summarise → store, with caching.

:func:`run` processes a file or folder into a :class:`~summarize.store.Store` and returns a
:class:`RunReport`. A bad file is reported and skipped; the others go on. Work already stored is
reused: an unchanged article makes no model call, a changed one translates only its new segments.
A model that cannot be loaded stops the run (every file would fail the same way).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from summarize import __version__
from summarize.errors import InputError, InputTooLongError
from summarize.ingest import Document, article_files, read_article
from summarize.segment import Segment, segment_document, text_key
from summarize.store import Provenance, Store
from summarize.summarise import Summariser, normalise_whitespace, summarise_long
from summarize.translate import Translation, Translator

STRATEGIES = ("translate-then-summarise",)
SEGMENTER_VERSION = "1"


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
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Pipeline:
    """A translator and a summariser, with the cache keys derived from their signatures."""

    translator: Translator
    summariser: Summariser
    strategy: str = "translate-then-summarise"

    def __post_init__(self) -> None:
        self.translator_key = signature_key(self.translator.signature())
        self.summariser_key = signature_key(self.summariser.signature())
        self.key = hashlib.sha256(
            f"{self.translator_key}|{self.summariser_key}|{self.strategy}|{SEGMENTER_VERSION}".encode()
        ).hexdigest()[:32]

    def settings(self) -> dict:
        return {"translation": self.translator.signature(), "summary": self.summariser.signature(),
                "strategy": self.strategy, "segmenter": SEGMENTER_VERSION}

    def segment(self, doc: Document) -> list[Segment]:
        return segment_document(doc, count_tokens=self.translator.count_tokens,
                                max_tokens=self.translator.max_input_tokens)

    def translate_segments(self, segments: Sequence[Segment], store: Store | None, report: RunReport) -> dict[str, int | Translation]:
        """Translations of ``segments`` keyed by segment key: store row ids (with a store) or values."""
        keys = {s.key: s.text for s in segments}
        cached = store.cached_translations(keys, self.translator_key) if store else {}
        missing = [k for k in keys if k not in cached]
        report.sentences_cached += sum(1 for s in segments if s.key in cached)
        report.sentences_translated += len(missing)
        produced = dict(zip(missing, self.translator.translate([keys[k] for k in missing]))) if missing else {}
        if store is None:
            return produced
        if produced:
            store.add_translations(
                [(k, keys[k], t.text, t.score, t.complete) for k, t in produced.items()],
                self.translator_key, Provenance.from_signature(self.translator.signature()),
            )
            cached = store.cached_translations(keys, self.translator_key)
        return {k: cached[k]["id"] for k in keys}

    def summary(self, pieces: Sequence[str], *, lang: str, store: Store, report: RunReport) -> int:
        """Id of the stored summary of ``pieces`` (generated only when not cached)."""
        input_key = text_key(normalise_whitespace(" ".join(pieces)))
        row = store.cached_summary(input_key, self.summariser_key, lang, self.strategy)
        if row is not None:
            return row["id"]
        result = summarise_long(pieces, self.summariser, lang=lang)
        report.summaries_generated += 1
        return store.add_summary(
            input_key=input_key, summariser_key=self.summariser_key, lang=lang, strategy=self.strategy,
            text=result.text, chunks=result.chunks, rounds=result.rounds,
            provenance=Provenance.from_signature(self.summariser.signature()),
        )

    def process(self, doc: Document, *, store: Store, source_path: str, report: RunReport) -> int:
        """Translate, summarise and store one document; returns its article id."""
        state = store.article_state(source_path)
        if state is not None and state["content_hash"] == doc.content_hash and state["pipeline_key"] == self.key:
            report.sentences_cached += state["n"]
            return state["id"]
        segments = self.segment(doc)
        ids = self.translate_segments(segments, store, report)
        english = [row["text_en"] for row in _rows_by_id(store, [ids[s.key] for s in segments])]
        summary_ar = self.summary([s.text for s in segments], lang="ar", store=store, report=report)
        summary_en = self.summary(english, lang="en", store=store, report=report)
        return store.save_article(doc=doc, source_path=source_path, pipeline_key=self.key, segments=segments,
                                  translation_ids=ids, summary_ar_id=summary_ar, summary_en_id=summary_en)


def _rows_by_id(store: Store, ids: list[int]) -> list:
    rows = {}
    unique = list(dict.fromkeys(ids))
    for i in range(0, len(unique), 500):
        part = unique[i : i + 500]
        for row in store.db.execute(f"SELECT id, text_en FROM translations WHERE id IN ({','.join('?' * len(part))})", part):
            rows[row["id"]] = row
    return [rows[i] for i in ids]


def run(path: str | Path, *, pipeline: Pipeline, store: Store,
        progress: Callable[[Sequence[Path]], object] | None = None) -> RunReport:
    """Process a file or a folder of ``.txt`` articles into ``store``.

    ``progress`` wraps the list of files (e.g. ``tqdm``) when given. Raises the model errors that
    stop a whole run (ModelNotAvailableError, ModelLoadError); per-file problems go in the report.
    """
    files = article_files(path)
    report = RunReport()
    report.run_id = store.start_run(input=str(path), settings=pipeline.settings(), package_version=__version__)
    status = "failed"
    try:
        for file in (progress(files) if progress else files):
            report.articles_seen += 1
            try:
                doc = read_article(file)
                article_id = pipeline.process(doc, store=store, source_path=str(file.resolve()), report=report)
            except (InputError, InputTooLongError) as e:
                report.articles_failed += 1
                message = e.problem if isinstance(e, InputError) else str(e)
                report.errors.append({"file": file.name, "error": message})
                store.record_run_article(report.run_id, file.name, None, "failed", message)
                continue
            report.articles_processed += 1
            store.record_run_article(report.run_id, file.name, article_id, "processed")
        status = "completed"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        store.finish_run(report.run_id, status=status, report=report.as_dict())
    return report


def translate_document(doc: Document, translator: Translator) -> list[str]:
    """English paragraphs of ``doc`` (no store involved): each the joined translations of its segments."""
    segments = segment_document(doc, count_tokens=translator.count_tokens, max_tokens=translator.max_input_tokens)
    translations = translator.translate([s.text for s in segments])
    paragraphs: dict[int, list[str]] = {}
    for segment, translation in zip(segments, translations):
        paragraphs.setdefault(segment.paragraph, []).append(translation.text)
    return [" ".join(parts) for _, parts in sorted(paragraphs.items())]
