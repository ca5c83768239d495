"""Bytes into text: the encoding of an article file, and whether the text is an Arabic article.

Decoding tries, in order: a byte-order mark (UTF-8, UTF-16, UTF-32); strict UTF-8; UTF-16 without
a BOM (only when the bytes hold NULs); Windows-1256 and ISO-8859-6. A candidate is accepted only if
most of its letters are Arabic, which is what decides between the legacy code pages;
charset-normalizer is the last resort. Empty, binary and non-Arabic input raise an
:class:`~summarize.errors.InputError` naming the file.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from summarize.errors import BinaryInputError, EmptyInputError, EncodingError, NotArabicError
from summarize.text.normalise import is_arabic_letter

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


def arabic_ratio(text: str) -> float:
    """Share of Arabic letters among all letters of ``text`` (0 when it has no letters)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(map(is_arabic_letter, letters)) / len(letters)


def _control_ratio(text: str) -> float:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
    return controls / max(len(text), 1)



_HTML_START = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text)) or len(re.findall(r"</?(?:p|div|span|a|script|br)\b", text[:5000], re.I)) >= 5


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
            return accept(text, encoding, source)
    for magic, kind in MAGIC_NUMBERS.items():
        if data.startswith(magic):
            raise BinaryInputError(source, f"this is a binary file ({kind}), not a text article")

    has_nul = b"\x00" in data
    if has_nul:
        best = _best_arabic(_decodings(data, ("utf-16-le", "utf-16-be")))
        if best is None:
            raise BinaryInputError(source, "the file contains NUL bytes: it is binary, not a text article")
        return accept(*best, source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return accept(text, "utf-8", source)
    mixed = _decode_lines(data)
    if mixed is not None and arabic_ratio(mixed[0]) >= MIN_ARABIC_RATIO and plausibility(mixed[0]) > 0.2:
        return accept(*mixed, source)
    repaired = mostly_utf8(data)
    if repaired is not None:
        return accept(repaired[0], f"utf-8 ({repaired[1]})", source)
    best = _best_arabic(_decodings(data, LEGACY_ENCODINGS))
    if best is not None:
        return accept(*best, source)
    return accept(*_charset_normalizer_guess(data, source), source)


def mostly_utf8(data: bytes, *, max_share: float = 0.01) -> tuple[str, str] | None:
    """UTF-8 damaged in a few places: ``(text with U+FFFD for each invalid byte, what was replaced)``
    when invalid bytes are at most ``max_share`` of the non-ASCII characters (and at most one in ten
    of them), so that a few bad bytes never make a whole file read as a legacy code page; None when
    the bytes are not mostly UTF-8."""
    text = data.decode("utf-8", errors="surrogateescape")  # each invalid byte becomes U+DC80..U+DCFF
    bad = [i for i, ch in enumerate(text) if "\udc80" <= ch <= "\udcff"]
    valid = sum(1 for ch in text if ord(ch) > 0x7F) - len(bad)
    if not bad or valid < 10 * len(bad) or len(bad) > max(3, max_share * valid):
        return None
    offsets = [len(text[:i].encode("utf-8", errors="surrogateescape")) for i in bad[:5]]
    where = ", ".join(map(str, offsets)) + (" …" if len(bad) > 5 else "")
    repaired = "".join("\ufffd" if "\udc80" <= ch <= "\udcff" else ch for ch in text)
    return repaired, f"{len(bad)} invalid byte{'s' if len(bad) != 1 else ''} replaced at offset {where}"


_COMMON_ARABIC = re.compile(r"(?<!\S)(?:[وفبل]?ال\w+|في|من|على|إلى|الى|أن|ان|عن|مع|التي|الذي)(?!\S)")


def plausibility(text: str) -> float:
    """Share of words that are common Arabic words or carry the article "ال": high for a right
    decoding, low for a wrong code page that still maps bytes to Arabic letters (ISO-8859-6 read as
    Windows-1256 or the reverse)."""
    words = text.split()
    return len(_COMMON_ARABIC.findall(text)) / len(words) if words else 0.0


def _decodings(data: bytes, encodings) -> list[tuple[str, str]]:
    """``(text, encoding)`` for each of ``encodings`` that decodes ``data`` without error."""
    found = []
    for encoding in encodings:
        try:
            found.append((data.decode(encoding), encoding))
        except UnicodeDecodeError:
            continue
    return found


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
    lines, legacy, used = [], [], set()
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
        best = _best_arabic(_decodings(raw, LEGACY_ENCODINGS))
        if best is None:
            return None
        lines.append(best[0])
        legacy.append(best[0])
        used.add(best[1])
    if len(used) < 2 or plausibility("\n".join(legacy)) <= 0.2:  # code-page lines must read as Arabic, not
        return None                                                 # as damaged UTF-8 seen through a code page
    return "\n".join(lines), "mixed (" + " + ".join(sorted(used)) + ")"


def _charset_normalizer_guess(data: bytes, source: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None:
        raise EncodingError(source, "the text encoding could not be recognised; save the file as UTF-8")
    return str(match), f"{match.encoding} (guessed)"


def accept(text: str, encoding: str, source: str) -> tuple[str, str]:
    """``(text, encoding)`` when ``text`` can be an Arabic article (HTML is judged once extracted);
    otherwise the :class:`~summarize.errors.InputError` that says why not."""
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

