"""A cleaned article: what sources produce and every later stage reads."""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple, dataclass, field


@dataclass(frozen=True)
class Dropped:
    """A line of the input that is not article text, and why it was left out."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Document:
    """A cleaned article. ``text`` is the paragraphs joined by blank lines; offsets refer to it."""

    source: str
    paragraphs: tuple[str, ...]
    title: str
    dateline: str | None = None
    encoding: str = "utf-8"
    dropped: tuple[Dropped, ...] = ()
    warnings: tuple[str, ...] = ()
    path: str | None = None
    bylines: tuple[str, ...] = ()
    lines: tuple[int, ...] = ()  # the input line of each paragraph
    # What the source says beyond the text (url, date, author, site, fetched_at, record): strings only.
    metadata: dict[str, str] = field(default_factory=dict)

    PARAGRAPH_SEPARATOR = "\n\n"

    @property
    def text(self) -> str:
        return self.PARAGRAPH_SEPARATOR.join(self.paragraphs)

    @property
    def content_hash(self) -> str:
        """Hash of everything stored about the document: its text and what cleaning decided (title,
        dateline, bylines, dropped lines), so a change in either is stored again."""
        meta = json.dumps([self.title, self.dateline, list(self.bylines), [list(astuple(d)) for d in self.dropped],
                           *([dict(sorted(self.metadata.items()))] if self.metadata else [])], ensure_ascii=False)
        return hashlib.sha256((self.text + "\x00" + meta).encode("utf-8")).hexdigest()

