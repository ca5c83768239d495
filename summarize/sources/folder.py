"""What a run reads: the article files of a folder (or one file), each of a known kind, and a
report of every other file with the reason it was skipped — nothing is ignored silently.

Kinds: ``.txt`` (plain text, or HTML inside), ``.html``/``.htm`` (web pages, through trafilatura),
``.jsonl``/``.csv`` (news dumps: one article a record). Subfolders are read with ``recursive``
(off by default: a subfolder is reported as skipped).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from summarize.errors import InputError
from summarize.sources.dumps import DUMP_SUFFIXES, Fields, Record, record_name, record_text, records
from summarize.sources.files import SIDECAR, Limits, folder_boilerplate, read_article
from summarize.sources.html import from_html
from summarize.text.clean import clean
from summarize.text.decode import accept
from summarize.text.document import Document

ARTICLE_SUFFIXES = {".txt": "text", ".html": "web page", ".htm": "web page", ".jsonl": "news dump",
                    ".csv": "news dump"}

Item = tuple[str, str, Callable[[], Document]]  # (name, source path, loader)


@dataclass(frozen=True)
class Skipped:
    file: str
    reason: str

    def as_dict(self) -> dict:
        return {"file": self.file, "reason": self.reason}


def scan(path: str | Path, *, recursive: bool = False) -> tuple[list[Path], list[Skipped]]:
    """The article files under ``path`` (sorted) and the files skipped, with why."""
    path = Path(path)
    if not path.is_dir():
        return [path], []
    found: list[Path] = []
    skipped: list[Skipped] = []
    for entry in sorted(path.rglob("*") if recursive else path.iterdir()):
        relative = str(entry.relative_to(path))
        if entry.is_dir():
            if not recursive:
                skipped.append(Skipped(relative + "/", "a folder: read subfolders with --recursive"))
            continue
        if any(part.startswith(".") for part in entry.relative_to(path).parts):
            skipped.append(Skipped(relative, "a hidden file"))
        elif entry.name.endswith(SIDECAR):
            continue  # the fetch record of a page: read with the page
        elif entry.is_symlink() and not entry.exists():
            skipped.append(Skipped(relative, "a broken link: what it points to does not exist"))
        elif not entry.is_file():
            skipped.append(Skipped(relative, "not a regular file (a named pipe, socket or device, or a link to one)"))
        elif entry.suffix.lower() in ARTICLE_SUFFIXES:
            found.append(entry)
        else:
            kind = entry.suffix.lower() or "no extension"
            skipped.append(Skipped(relative, f"not an article file ({kind}): articles are "
                                             + ", ".join(ARTICLE_SUFFIXES)))
    return found, skipped


def items(path: str | Path, *, limits: Limits | None = None, recursive: bool = False,
          fields: Fields = Fields()) -> tuple[Iterator[Item], list[Skipped]]:
    """What a run processes under ``path``, one item an article (a file, or a record of a dump),
    read lazily; and the skipped files."""
    root = Path(path)
    files, skipped = scan(root, recursive=recursive)
    pages = [f for f in files if f.suffix.lower() not in DUMP_SUFFIXES]
    boilerplate = folder_boilerplate(pages, limits=limits)

    def name_of(f: Path) -> str:
        return str(f.relative_to(root)) if root.is_dir() else f.name

    def generate() -> Iterator[Item]:
        for f in files:
            if f.suffix.lower() in DUMP_SUFFIXES:
                yield from dump_items(f, name_of(f), limits=limits, fields=fields)
            else:
                yield (name_of(f), str(f.absolute()),
                       lambda f=f: read_article(f, limits=limits, name=name_of(f), boilerplate=boilerplate))

    return generate(), skipped


def dump_items(path: Path, name: str, *, limits: Limits | None = None, fields: Fields = Fields()) -> Iterator[Item]:
    """One item a record of a news dump; a dump that cannot be read is one failing item."""
    try:
        for record in records(path):
            record_label, key = record_name(path, record, fields)
            label = name + record_label[len(path.name):]
            yield label, key, lambda r=record, label=label: load_record(path, r, label, limits=limits, fields=fields)
    except InputError as error:
        yield name, str(path.absolute()), _raise(error)


def _raise(error: InputError) -> Callable[[], Document]:
    def load() -> Document:
        raise error
    return load


def load_record(path: Path, record: Record, name: str, *, limits: Limits | None = None,
                fields: Fields = Fields()) -> Document:
    """The cleaned article of one dump record (its text may be HTML)."""
    limits = limits or Limits()
    text, metadata = record_text(record, name, fields)
    limits.check_bytes(len(text.encode("utf-8")), name)
    accept(text, "utf-8", name)
    text, warnings, page_metadata = from_html(text, name, url=metadata.get("url"))
    limits.check_chars(len(text), name)
    return clean(text, name, path=str(path), warnings=warnings, metadata={**page_metadata, **metadata})
