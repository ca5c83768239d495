"""News dumps: ``.jsonl`` and ``.csv`` files of one article a record, as scrapers write them.

Fields are found by their common names (``text``/``content``/``body``, ``title``/``headline``,
``url``/``link``, ``date``/``published``, ``author``, ``id``) or named explicitly
(:class:`Fields`). Each record is its own article, named ``FILE#ID`` (or ``FILE#line N`` without an
id); a bad record fails alone, with its line number, and the others go on.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path

from summarize.errors import InputError, UnreadableInputError

DUMP_SUFFIXES = (".jsonl", ".csv")
COMMON_NAMES = {
    "text": ("text", "content", "body", "article", "maintext", "article_text", "full_text"),
    "title": ("title", "headline", "heading"),
    "url": ("url", "link", "source_url", "permalink"),
    "date": ("date", "published", "published_at", "date_publish", "pubdate", "publish_date", "datetime"),
    "author": ("author", "authors", "byline", "writer"),
    "id": ("id", "guid", "uuid", "article_id", "doc_id"),
}


@dataclass(frozen=True)
class Fields:
    """The field of each role when the dump's names are not the common ones (None: look it up)."""

    text: str | None = None
    title: str | None = None
    url: str | None = None
    date: str | None = None
    author: str | None = None
    id: str | None = None

    def find(self, role: str, record: dict) -> str | None:
        """The value of ``role`` in ``record`` (named, else the first common name present), as text."""
        named = getattr(self, role)
        names = (named,) if named else COMMON_NAMES[role]
        lowered = {str(k).strip().lower(): v for k, v in record.items()}
        for name in names:
            value = record.get(name, lowered.get(name.lower()))
            if value is None or value == "":
                continue
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value if v)
            return str(value).strip()
        return None


@dataclass(frozen=True)
class Record:
    """One record of a dump: its line number, its fields (None when the line could not be read),
    and why not."""

    line: int
    data: dict | None
    problem: str | None = None


def records(path: Path) -> Iterator[Record]:
    """The records of a ``.jsonl`` or ``.csv`` dump, one at a time."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as e:
        raise UnreadableInputError(path.name, f"cannot be read ({e.strerror or e})") from e
    with handle:
        try:
            if path.suffix.lower() == ".jsonl":
                yield from _jsonl(handle)
            else:
                yield from _csv(handle)
        except UnicodeDecodeError as e:
            raise UnreadableInputError(path.name, f"is not UTF-8 text ({e.reason} at byte {e.start}): save the dump "
                                                  "as UTF-8") from e


def _jsonl(handle) -> Iterator[Record]:
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as e:
            yield Record(number, None, f"is not valid JSON ({e.msg} at column {e.colno})")
            continue
        if not isinstance(data, dict):
            yield Record(number, None, "is not a JSON object (one article a line, as an object of fields)")
            continue
        yield Record(number, data)


def _csv(handle) -> Iterator[Record]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # articles are long fields
    reader = csv.DictReader(handle)
    if not reader.fieldnames:
        return
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield Record(reader.line_num, None, f"is not valid CSV ({e})")
            return  # the reader cannot resynchronise after a broken quote
        start, line = line + 1, reader.line_num
        if None in row:  # more cells than the header has names
            yield Record(start, None, f"has {len(row) - 1 + len(row[None])} cells; the header names {len(row) - 1}")
            continue
        yield Record(start, row)


def record_name(path: Path, record: Record, fields_: Fields) -> tuple[str, str]:
    """``(name, key)`` of a record: ``FILE#ID`` when it has an id, else ``FILE#line N``; the key is
    what stores it (the file's absolute path and the same suffix), so reruns find it again."""
    ident = fields_.find("id", record.data) if record.data else None
    suffix = f"#{ident}" if ident else f"#line {record.line}"
    return path.name + suffix, str(path.absolute()) + suffix


def record_text(record: Record, name: str, fields_: Fields) -> tuple[str, dict[str, str]]:
    """``(text, metadata)`` of a record: the title on the first line, then the text."""
    if record.data is None:
        raise InputError(name, f"line {record.line} {record.problem}")
    body = fields_.find("text", record.data)
    if not body:
        wanted = f"a field {fields_.text!r}" if fields_.text else "a text field (" + ", ".join(COMMON_NAMES["text"]) + ")"
        raise InputError(name, f"line {record.line} has no article text: the record needs {wanted}; name yours with "
                               "--text-field")
    title = fields_.find("title", record.data)
    metadata = {role: value for role in ("url", "date", "author", "id")
                if (value := fields_.find(role, record.data))}
    metadata["record"] = f"line {record.line}"
    return (f"{title}\n{body}" if title else body), metadata


def field_names() -> list[str]:
    return [f.name for f in fields(Fields)]
