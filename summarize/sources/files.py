"""Article files into cleaned :class:`~summarize.text.document.Document` objects: size limits,
decoding, HTML extraction, folder-wide boilerplate, and which files of a folder are articles."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from summarize.errors import InputError, InputTooLargeError, UnreadableInputError
from summarize.sources.html import from_html
from summarize.text.clean import clean, repeated_lines
from summarize.text.decode import accept, decode
from summarize.text.document import Document


@dataclass(frozen=True)
class Limits:
    """Input limits, checked before any model call. None means no limit."""

    max_file_bytes: int | None = None
    max_article_chars: int | None = None

    def check_bytes(self, size: int, source: str) -> None:
        if self.max_file_bytes is not None and size > self.max_file_bytes:
            raise InputTooLargeError(source, f"the file is {_human(size)}, over the limit of {_human(self.max_file_bytes)} "
                                             "(raise it with --max-file-bytes or SUMMARIZE_MAX_FILE_BYTES)")

    def check_chars(self, chars: int, source: str) -> None:
        if self.max_article_chars is not None and chars > self.max_article_chars:
            raise InputTooLargeError(source, f"the article has {chars:,} characters, over the limit of "
                                             f"{self.max_article_chars:,} (raise it with --max-article-chars or "
                                             "SUMMARIZE_MAX_ARTICLE_CHARS)")


def _human(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} bytes"

def read_bytes(path: Path, name: str, limits: Limits) -> bytes:
    """The bytes of a regular file, at most the size limit: opened without blocking (a named pipe
    never hangs a run) and checked after opening, so a pipe, socket or device — or a link to one —
    is refused by name; the cap holds whatever ``stat`` said."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise UnreadableInputError(name, f"cannot be read ({e.strerror or e})") from e
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableInputError(name, f"cannot be read: it is {_file_kind(info.st_mode)}, not a regular file")
        limits.check_bytes(info.st_size, name)
        cap = limits.max_file_bytes
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(cap + 1 if cap is not None else -1)
    except OSError as e:
        raise UnreadableInputError(name, f"cannot be read ({e.strerror or e})") from e
    finally:
        os.close(fd)
    limits.check_bytes(len(data), name)  # the file grew, or its size was not what stat said
    return data


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
    return next((kind for test, kind in kinds if test(mode)), "a special file")


def read_article(path: str | Path, *, limits: Limits | None = None, name: str | None = None,
                 boilerplate: frozenset[str] = frozenset()) -> Document:
    """Read, decode and clean one article file (``name`` replaces the file name in messages;
    ``boilerplate``: lines repeated across its folder, see :func:`folder_boilerplate`)."""
    path = Path(path)
    name = name or path.name
    limits = limits or Limits()
    data = read_bytes(path, name, limits)
    text, encoding = decode(data, name)
    sidecar = fetched_metadata(path)
    text, warnings, metadata = from_html(text, name, url=sidecar.get("url"))
    limits.check_chars(len(text), name)
    if encoding.startswith("mixed"):
        warnings += (f"lines in different encodings, decoded line by line: {encoding}",)
    elif encoding.startswith("utf-8 ("):
        warnings += (f"damaged UTF-8: {encoding[7:-1]} (shown as �)",)
    return clean(text, name, encoding=encoding, path=str(path), warnings=warnings, boilerplate=boilerplate,
                 metadata={**metadata, **sidecar})


SIDECAR = ".meta.json"  # beside a fetched page: where and when it was fetched (see summarize.sources.fetch)


def fetched_metadata(path: Path) -> dict[str, str]:
    """The metadata a fetch recorded beside ``path`` (``PAGE.meta.json``): url, final url, fetch time."""
    sidecar = path.with_name(path.name + SIDECAR)
    if not sidecar.is_file():
        return {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: str(v) for k, v in data.items() if k in ("url", "final_url", "fetched_at") and v}


def load_text(text: str, source: str = "<text>", *, limits: Limits | None = None) -> Document:
    """Clean text that is already decoded (pasted, or read from standard input)."""
    limits = limits or Limits()
    limits.check_bytes(len(text.encode("utf-8")), source)
    limits.check_chars(len(text), source)
    accept(text, "utf-8", source)
    text, warnings, metadata = from_html(text, source)
    return clean(text, source, warnings=warnings, metadata=metadata)


def folder_boilerplate(files: list[Path], *, limits: Limits | None = None, min_articles: int = 3) -> frozenset[str]:
    """Keys of the short lines that open or close at least ``min_articles`` of ``files``: the site's
    menus, footers and prompts (:func:`summarize.text.clean.repeated_lines`). Unreadable files are
    skipped here; reading them again reports the problem."""

    if len(files) < min_articles:
        return frozenset()
    limits = limits or Limits()
    texts = []
    for f in files:
        try:
            text, _ = decode(read_bytes(f, f.name, limits), f.name)
        except (InputError, OSError):
            continue
        texts.append(text)
    return repeated_lines(texts, min_articles=min_articles)


def article_files(path: str | Path, *, recursive: bool = False) -> list[Path]:
    """The article files of ``path``: the file itself, or those of a folder, sorted (see
    :func:`summarize.sources.folder.scan` for the skipped ones)."""
    from summarize.sources.folder import scan

    return scan(path, recursive=recursive)[0]
