"""Typed records of what the store holds: the one contract that exports, the app and the API read.

An :class:`ArticleRecord` is an article as stored: its metadata, its sentence pairs with their
flags, both summaries with their evidence, the lines cleaning removed and the models that produced
each part. :meth:`ArticleRecord.as_dict` is the JSON Lines shape of an article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Provenance:
    """What produced a stored row: taken from a translator's or summariser's ``signature()``."""

    model_id: str
    revision: str | None
    backend: str
    settings: dict
    versions: dict

    @classmethod
    def from_signature(cls, sig: dict) -> Provenance:
        return cls(sig["model"], sig.get("revision"), sig["backend"], sig.get("settings", {}), sig.get("versions", {}))


@dataclass(frozen=True)
class ModelInfo:
    """A model as it produced part of an article; summaries add how they were made."""

    model: str
    revision: str | None
    backend: str
    settings: dict
    versions: dict
    strategy: str | None = None  # summaries: monolingual, translate-then-summarise, direct, extractive …
    chunks: int | None = None  # summaries: input chunks summarised
    rounds: int | None = None  # summaries: rounds of summarising the chunk summaries

    @classmethod
    def from_dict(cls, data: dict) -> ModelInfo:
        return cls(model=data["model"], revision=data.get("revision"), backend=data["backend"],
                   settings=data.get("settings") or {}, versions=data.get("versions") or {},
                   strategy=data.get("strategy"), chunks=data.get("chunks"), rounds=data.get("rounds"))

    def as_dict(self) -> dict:
        out = {"model": self.model, "revision": self.revision, "backend": self.backend, "settings": self.settings,
               "versions": self.versions}
        if self.strategy is not None:
            out.update(strategy=self.strategy, chunks=self.chunks, rounds=self.rounds)
        return out


@dataclass(frozen=True)
class SentenceRecord:
    """One Arabic sentence and its English translation, with the flags of the checks that fired."""

    index: int
    paragraph: int
    start: int  # character offsets in the article text (paragraphs joined by blank lines)
    end: int
    ar: str
    en: str
    score: float
    complete: bool
    flags: tuple[dict[str, Any], ...] = ()  # {"name", "reason"}: see summarize.tasks.checks
    # Where ``en`` comes from: "machine" (the model), "human" (a correction of this sentence) or
    # "memory" (a correction of the same Arabic sentence in another article).
    en_source: str = "machine"
    machine_en: str | None = None  # the model's translation, when ``en`` is a human one
    corrected_by: str | None = None
    corrected_at: str | None = None
    correction_id: int | None = None

    @property
    def corrected(self) -> bool:
        return self.en_source != "machine"

    def as_dict(self) -> dict:
        out = {"index": self.index, "paragraph": self.paragraph, "start": self.start, "end": self.end,
               "ar": self.ar, "en": self.en, "score": self.score, "complete": self.complete,
               "flags": list(self.flags), "en_source": self.en_source}
        if self.corrected:
            out.update(machine_en=self.machine_en, corrected_by=self.corrected_by, corrected_at=self.corrected_at,
                       correction_id=self.correction_id)
        return out


@dataclass(frozen=True)
class SummaryRecord:
    """A summary, each of its sentences linked to the article sentences that support it."""

    lang: str
    text: str
    model: ModelInfo
    evidence: tuple[dict[str, Any], ...] = ()  # one per summary sentence: see summarize.tasks.evidence

    @property
    def extractive(self) -> bool:
        return self.model.strategy == "extractive"


@dataclass(frozen=True)
class DroppedLine:
    """A line of the input that cleaning left out, and why."""

    line: int
    text: str
    reason: str

    def as_dict(self) -> dict:
        return {"line": self.line, "text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class ArticleRecord:
    """An article as stored."""

    id: int
    source_file: str
    source_path: str
    title: str
    dateline: str | None
    bylines: tuple[str, ...]
    encoding: str
    content_hash: str
    sentences: tuple[SentenceRecord, ...]
    summary_ar: SummaryRecord | None
    summary_en: SummaryRecord | None
    dropped: tuple[DroppedLine, ...]
    warnings: tuple[str, ...]
    translation_models: tuple[ModelInfo, ...]
    updated_at: str
    metadata: dict = field(default_factory=dict)  # from the source: url, date, author, site, fetched_at, record
    extra: dict = field(default_factory=dict, compare=False)  # what a caller attaches (e.g. the run report)

    def summary(self, lang: str) -> SummaryRecord | None:
        return {"ar": self.summary_ar, "en": self.summary_en}[lang]

    @property
    def flagged(self) -> int:
        """How many machine-translated sentences raise at least one flag (a human translation is reviewed)."""
        return sum(1 for s in self.sentences if s.flags and not s.corrected)

    @property
    def headline_en(self) -> str | None:
        """The English of the headline: the translation of the title's sentences (paragraph 0), when
        the title is the article's first paragraph; None otherwise."""
        first = [s for s in self.sentences if s.paragraph == 0]
        if first and " ".join(" ".join(s.ar for s in first).split()) == " ".join(self.title.split()):
            return " ".join(s.en for s in first)
        return None

    def flag_counts(self) -> dict[str, int]:
        """How many sentences raise each flag, most frequent first."""
        counts: dict[str, int] = {}
        for s in self.sentences:
            for name in dict.fromkeys(f["name"] for f in s.flags):
                counts[name] = counts.get(name, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def as_dict(self) -> dict:
        """The article's JSON Lines object."""
        out = {
            "id": self.id, "source_file": self.source_file, "source_path": self.source_path, "title": self.title,
            "dateline": self.dateline, "bylines": list(self.bylines), "encoding": self.encoding,
            "content_hash": self.content_hash, "sentences": [s.as_dict() for s in self.sentences],
            "summary_ar": self.summary_ar.text if self.summary_ar else None,
            "summary_en": self.summary_en.text if self.summary_en else None,
            "summary_ar_evidence": list(self.summary_ar.evidence) if self.summary_ar else [],
            "summary_en_evidence": list(self.summary_en.evidence) if self.summary_en else [],
            "dropped": [d.as_dict() for d in self.dropped],
            "warnings": list(self.warnings),
            "models": {
                "translation": [m.as_dict() for m in self.translation_models],
                "summary_ar": self.summary_ar.model.as_dict() if self.summary_ar else None,
                "summary_en": self.summary_en.model.as_dict() if self.summary_en else None,
            },
            "updated_at": self.updated_at,
            "metadata": dict(self.metadata),
        }
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, data: dict) -> ArticleRecord:
        """An article from its JSON Lines object (:meth:`as_dict`)."""
        models = data.get("models") or {}

        def summary(lang: str) -> SummaryRecord | None:
            if data.get(f"summary_{lang}") is None:
                return None
            model = models.get(f"summary_{lang}") or {"model": "", "backend": ""}
            return SummaryRecord(lang=lang, text=data[f"summary_{lang}"], model=ModelInfo.from_dict(model),
                                 evidence=tuple(data.get(f"summary_{lang}_evidence") or ()))

        return cls(
            id=data["id"], source_file=data["source_file"], source_path=data.get("source_path", data["source_file"]),
            title=data["title"], dateline=data.get("dateline"), bylines=tuple(data.get("bylines") or ()),
            encoding=data.get("encoding", "utf-8"), content_hash=data.get("content_hash", ""),
            sentences=tuple(SentenceRecord(index=s["index"], paragraph=s["paragraph"], start=s.get("start", 0),
                                           end=s.get("end", 0), ar=s["ar"], en=s["en"], score=s.get("score", 0.0),
                                           complete=s.get("complete", True), flags=tuple(s.get("flags") or ()),
                                           en_source=s.get("en_source", "machine"), machine_en=s.get("machine_en"),
                                           corrected_by=s.get("corrected_by"), corrected_at=s.get("corrected_at"),
                                           correction_id=s.get("correction_id"))
                            for s in data["sentences"]),
            summary_ar=summary("ar"), summary_en=summary("en"),
            dropped=tuple(DroppedLine(**d) for d in data.get("dropped") or ()),
            warnings=tuple(data.get("warnings") or ()),
            translation_models=tuple(ModelInfo.from_dict(m) for m in models.get("translation") or ()),
            updated_at=data.get("updated_at", ""), metadata=dict(data.get("metadata") or {}),
        )
