"""Ingest: bytes of an article file into a cleaned :class:`Document`.

Decoding tries, in order: a byte-order mark (UTF-8, UTF-16, UTF-32); strict UTF-8; UTF-16 without
a BOM (only when the bytes hold NULs); Windows-1256 and ISO-8859-6. A candidate is accepted only if
most of its letters are Arabic, which is what decides between the legacy code pages;
charset-normalizer is the last resort. Empty, binary and non-Arabic input raise an
:class:`~summarize.errors.InputError` naming the file.

Cleaning keeps every line of article text and drops, recording each with its reason, the lines a
scraper brings along: share / print buttons, comment forms and their required-field notes,
"read more" and "related articles" blocks, bylines of the form "name – outlet", the dateline (kept
as metadata) and exact duplicate paragraphs. Whitespace is normalised, tatweel and invisible
direction marks are removed. The first line is the title (kept as metadata and as paragraph 0).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from dataclasses import astuple, dataclass
from pathlib import Path

from summarize.errors import (BinaryInputError, EmptyInputError, EncodingError, InputError, InputTooLargeError,
                              NotArabicError, UnreadableInputError)
from summarize.textnorm import TATWEEL, is_arabic_letter, normalise_arabic

# File signatures of formats people save by mistake into a folder of articles.
MAGIC_NUMBERS: dict[bytes, str] = {
    b"\x89PNG\r\n\x1a\n": "PNG image",
    b"%PDF-": "PDF document",
    b"PK\x03\x04": "ZIP archive (or DOCX/XLSX)",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF87a": "GIF image",
    b"GIF89a": "GIF image",
    b"\x1f\x8b": "gzip archive",
    b"\x7fELF": "executable (ELF)",
    b"MZ": "executable (Windows)",
    b"\xd0\xcf\x11\xe0": "Microsoft Office document",
    b"SQLite format 3\x00": "SQLite database",
    b"Rar!": "RAR archive",
    b"7z\xbc\xaf\x27\x1c": "7-Zip archive",
}
BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
LEGACY_ENCODINGS = ("cp1256", "iso-8859-6")
MIN_ARABIC_RATIO = 0.5

# Invisible characters that carry no text: direction marks and embeddings, zero-width characters.
INVISIBLE = dict.fromkeys(
    [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF, 0x2060, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
_SPACES = re.compile(r"[^\S\n]+")


def arabic_ratio(text: str) -> float:
    """Share of Arabic letters among all letters of ``text`` (0 when it has no letters)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(map(is_arabic_letter, letters)) / len(letters)


def _control_ratio(text: str) -> float:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
    return controls / max(len(text), 1)


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

    PARAGRAPH_SEPARATOR = "\n\n"

    @property
    def text(self) -> str:
        return self.PARAGRAPH_SEPARATOR.join(self.paragraphs)

    @property
    def content_hash(self) -> str:
        """Hash of everything stored about the document: its text and what cleaning decided (title,
        dateline, bylines, dropped lines), so a change in either is stored again."""
        meta = json.dumps([self.title, self.dateline, list(self.bylines), [list(astuple(d)) for d in self.dropped]],
                          ensure_ascii=False)
        return hashlib.sha256((self.text + "\x00" + meta).encode("utf-8")).hexdigest()


def decode(data: bytes, source: str = "<input>") -> tuple[str, str]:
    """Decode the bytes of an article; return ``(text, encoding)``.

    Raises EmptyInputError, BinaryInputError, NotArabicError or EncodingError.
    """
    if not data.strip(b" \t\r\n\x0b\x0c"):
        raise EmptyInputError(source, "the file is empty")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as e:
                raise EncodingError(source, f"starts with a {encoding} byte-order mark but is not valid {encoding}") from e
            return _accept(text, encoding, source)
    for magic, kind in MAGIC_NUMBERS.items():
        if data.startswith(magic):
            raise BinaryInputError(source, f"this is a binary file ({kind}), not a text article")

    candidates: list[tuple[str, str]] = []
    has_nul = b"\x00" in data
    if has_nul:
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                candidates.append((data.decode(encoding), encoding))
            except UnicodeDecodeError:
                continue
        best = _best_arabic(candidates)
        if best is None:
            raise BinaryInputError(source, "the file contains NUL bytes: it is binary, not a text article")
        return _accept(*best, source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _accept(text, "utf-8", source)
    mixed = _decode_lines(data)
    if mixed is not None and arabic_ratio(mixed[0]) >= MIN_ARABIC_RATIO and plausibility(mixed[0]) > 0.2:
        return _accept(*mixed, source)
    for encoding in LEGACY_ENCODINGS:
        try:
            candidates.append((data.decode(encoding), encoding))
        except UnicodeDecodeError:
            continue
    best = _best_arabic(candidates)
    if best is not None:
        return _accept(*best, source)
    return _accept(*_charset_normalizer_guess(data, source), source)


_COMMON_ARABIC = re.compile(r"(?<!\S)(?:[وفبل]?ال\w+|في|من|على|إلى|الى|أن|ان|عن|مع|التي|الذي)(?!\S)")


def plausibility(text: str) -> float:
    """Share of words that are common Arabic words or carry the article "ال": high for a right
    decoding, low for a wrong code page that still maps bytes to Arabic letters (ISO-8859-6 read as
    Windows-1256 or the reverse)."""
    words = text.split()
    return len(_COMMON_ARABIC.findall(text)) / len(words) if words else 0.0


def _best_arabic(candidates: list[tuple[str, str]]) -> tuple[str, str] | None:
    scored = [(plausibility(text), arabic_ratio(text), -i, text, enc) for i, (text, enc) in enumerate(candidates)
              if _control_ratio(text) < 0.01]
    scored = [s for s in scored if s[1] >= MIN_ARABIC_RATIO]
    if not scored:
        return None
    *_, text, encoding = max(scored)
    return text, encoding


def _decode_lines(data: bytes) -> tuple[str, str] | None:
    """Files with lines in different encodings: each line as UTF-8 if it is, else its best code page."""
    lines, used = [], set()
    for raw in data.split(b"\n"):
        if raw.isascii():
            lines.append(raw.decode("ascii"))
            continue
        try:
            lines.append(raw.decode("utf-8"))
            used.add("utf-8")
            continue
        except UnicodeDecodeError:
            pass
        options = []
        for encoding in LEGACY_ENCODINGS:
            try:
                options.append((raw.decode(encoding), encoding))
            except UnicodeDecodeError:
                continue
        best = _best_arabic(options) or (options[0] if options else None)
        if best is None:
            return None
        lines.append(best[0])
        used.add(best[1])
    if len(used) < 2:
        return None
    return "\n".join(lines), "mixed (" + " + ".join(sorted(used)) + ")"


def _charset_normalizer_guess(data: bytes, source: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None:
        raise EncodingError(source, "the text encoding could not be recognised; save the file as UTF-8")
    return str(match), f"{match.encoding} (guessed)"


def _accept(text: str, encoding: str, source: str) -> tuple[str, str]:
    if not text.strip():
        raise EmptyInputError(source, "the file holds only whitespace")
    if _control_ratio(text) >= 0.01:
        raise BinaryInputError(source, "the file holds control characters: it is binary, not a text article")
    if looks_like_html(text):
        return text, encoding  # judged once its article text is extracted (read_article, load_text)
    ratio = arabic_ratio(text)
    if ratio < MIN_ARABIC_RATIO:
        raise NotArabicError(
            source, f"the text is not Arabic (only {ratio:.0%} of its letters are Arabic); this tool translates Arabic articles"
        )
    check_language(text, source)
    return text, encoding


ARABIC_SCRIPT_LANGUAGES = {"ar": "Arabic", "fa": "Persian", "ur": "Urdu", "ps": "Pashto", "ku": "Kurdish",
                           "ug": "Uyghur"}


@functools.cache
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(ARABIC_SCRIPT_LANGUAGES))
    return identifier


def check_language(text: str, source: str, *, min_words: int = 8, min_confidence: float = 0.9) -> None:
    """Reject Persian, Urdu and other languages written in Arabic script (offline, py3langid).

    Too short a text (under ``min_words`` words) is not judged.
    """
    sample = " ".join(text.split()[:400])
    if len(sample.split()) < min_words:
        return
    language, confidence = _language_identifier().classify(sample)
    if language != "ar" and confidence >= min_confidence:
        name = ARABIC_SCRIPT_LANGUAGES[language]
        raise NotArabicError(source, f"the text is {name} ({language}), written in Arabic script but not Arabic; "
                                     "this tool translates Arabic articles")


def normalise_line(line: str) -> str:
    """Whitespace collapsed, tatweel and invisible marks removed, NFC."""
    line = unicodedata.normalize("NFC", line).translate(INVISIBLE).replace(TATWEEL, "")
    return _SPACES.sub(" ", line).strip()


def match_key(text: str) -> str:
    """A key for comparing Arabic text loosely: no diacritics, unified alef forms, no punctuation."""
    return " ".join(re.findall(r"\w+", normalise_arabic(normalise_line(text))))


# --- cleaning --------------------------------------------------------------------------------------

def clean(text: str, source: str = "<input>", *, encoding: str = "utf-8", path: str | None = None,
          warnings: tuple[str, ...] = (), boilerplate: frozenset[str] = frozenset()) -> Document:
    """Clean decoded article text into a :class:`Document` (see :mod:`summarize.cleaning`).

    ``boilerplate``: keys of lines repeated across the articles of a folder
    (:func:`summarize.cleaning.repeated_lines`), dropped as site boilerplate.
    """
    from summarize.cleaning import classify

    lines = [normalise_line(raw) for raw in text.splitlines()]
    result = classify(lines, boilerplate=boilerplate)
    paragraphs = tuple(ln.text for ln in result.kept)
    if not paragraphs:
        raise EmptyInputError(source, "no article text is left after removing boilerplate")
    if arabic_ratio(" ".join(paragraphs)) < MIN_ARABIC_RATIO:
        raise NotArabicError(source, "the article text is not Arabic; this tool translates Arabic articles")
    dropped = [Dropped(ln.number, ln.text, reason) for ln, reason in result.dropped]
    if result.dateline:
        dropped.append(Dropped(result.dateline.number, result.dateline.text, "dateline (kept as metadata)"))
    dropped += [Dropped(ln.number, ln.text, "byline (kept as metadata)") for ln in result.bylines]
    dropped.sort(key=lambda d: d.line)
    return Document(source=source, paragraphs=paragraphs, title=result.title.text if result.title else paragraphs[0],
                    dateline=result.dateline.text if result.dateline else None, encoding=encoding,
                    dropped=tuple(dropped), warnings=tuple(warnings), path=path,
                    bylines=tuple(ln.text for ln in result.bylines), lines=tuple(ln.number for ln in result.kept))


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


_HTML_START = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)
_HTML_SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button", "select",
              "svg", "iframe", "menu"}
_HTML_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "section", "article",
                "br", "tr", "figcaption", "title", "dd", "dt"}


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text)) or len(re.findall(r"</?(?:p|div|span|a|script|br)\b", text[:5000], re.I)) >= 5


def html_to_text(page: str) -> str:
    """The readable text of an HTML page, one block a line: scripts, styles, navigation, header,
    footer, asides and forms dropped; an ``<article>`` element, when there is one, preferred."""
    from html.parser import HTMLParser

    class Extractor(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.skip = 0
            self.parts: list[str] = []
            self.article: list[str] | None = None
            self.in_article = 0
            self.title = ""
            self.in_title = False

        def handle_starttag(self, tag, attrs):
            if tag in _HTML_SKIP:
                self.skip += 1
            if tag == "article":
                self.in_article += 1
                self.article = self.article or []
            if tag == "title":
                self.in_title = True
            if tag in _HTML_BLOCKS:
                self._add("\n")

        def handle_endtag(self, tag):
            if tag in _HTML_SKIP and self.skip:
                self.skip -= 1
            if tag == "article" and self.in_article:
                self.in_article -= 1
            if tag == "title":
                self.in_title = False
            if tag in _HTML_BLOCKS:
                self._add("\n")

        def handle_data(self, data):
            if self.in_title:
                self.title += data
            elif not self.skip:
                self._add(data)

        def _add(self, text):
            self.parts.append(text)
            if self.in_article and self.article is not None:
                self.article.append(text)

    extractor = Extractor()
    extractor.feed(page)
    extractor.close()
    body = "".join(extractor.article if extractor.article else extractor.parts)
    lines = [" ".join(line.split()) for line in body.splitlines()]
    lines = [line for line in lines if line]
    title = " ".join(extractor.title.split())
    if title and (not lines or title not in lines[0]):
        lines.insert(0, title)
    return "\n".join(lines)


def _from_html(text: str, source: str) -> tuple[str, tuple[str, ...]]:
    if not looks_like_html(text):
        return text, ()
    extracted = html_to_text(text)
    if not extracted.strip():
        raise EmptyInputError(source, "an HTML page with no article text")
    _accept(extracted, "html", source)
    return extracted, ("an HTML page: its article text was extracted (scripts, navigation, header and footer dropped)",)


def read_article(path: str | Path, *, limits: Limits | None = None, name: str | None = None,
                 boilerplate: frozenset[str] = frozenset()) -> Document:
    """Read, decode and clean one article file (``name`` replaces the file name in messages;
    ``boilerplate``: lines repeated across its folder, see :func:`folder_boilerplate`)."""
    path = Path(path)
    name = name or path.name
    limits = limits or Limits()
    try:
        limits.check_bytes(path.stat().st_size, name)
        data = path.read_bytes()
    except OSError as e:
        raise UnreadableInputError(name, f"cannot be read ({e.strerror or e})") from e
    text, encoding = decode(data, name)
    text, warnings = _from_html(text, name)
    limits.check_chars(len(text), name)
    if encoding.startswith("mixed"):
        warnings += (f"lines in different encodings, decoded line by line: {encoding}",)
    return clean(text, name, encoding=encoding, path=str(path), warnings=warnings, boilerplate=boilerplate)


def load_text(text: str, source: str = "<text>", *, limits: Limits | None = None) -> Document:
    """Clean text that is already decoded (pasted, or read from standard input)."""
    limits = limits or Limits()
    limits.check_bytes(len(text.encode("utf-8")), source)
    limits.check_chars(len(text), source)
    _accept(text, "utf-8", source)
    text, warnings = _from_html(text, source)
    return clean(text, source, warnings=warnings)


def folder_boilerplate(files: list[Path], *, limits: Limits | None = None, min_articles: int = 3) -> frozenset[str]:
    """Keys of the short lines that open or close at least ``min_articles`` of ``files``: the site's
    menus, footers and prompts (:func:`summarize.cleaning.repeated_lines`). Unreadable files are
    skipped here; reading them again reports the problem."""
    from summarize.cleaning import repeated_lines

    if len(files) < min_articles:
        return frozenset()
    limits = limits or Limits()
    texts = []
    for f in files:
        try:
            limits.check_bytes(f.stat().st_size, f.name)
            text, _ = decode(f.read_bytes(), f.name)
        except (InputError, OSError):
            continue
        texts.append(text)
    return repeated_lines(texts, min_articles=min_articles)


def article_files(path: str | Path) -> list[Path]:
    """The article files of ``path``: the file itself, or the ``.txt`` files of a folder, sorted."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix.lower() == ".txt" and not p.name.startswith("."))
    return [path]

