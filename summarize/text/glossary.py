"""A newsroom's glossary: how names and terms are written in English, and where they occur in Arabic.

A glossary file is UTF-8 text, one entry a line: ``Arabic<TAB>English[<TAB>note]`` (or the same
separated by commas, as CSV with quoting); ``#`` starts a comment, blank lines are skipped and a
first line ``arabic<TAB>english…`` is taken as a header. TBX files (``.tbx``) are read too: each
``termEntry`` with an Arabic and an English term gives one entry.

Matching is Arabic-aware: diacritics, tatweel, the alef forms (أ إ آ ٱ), ى/ي and ة/ه do not matter;
an occurrence may carry the attached proclitics و ف (and) and ب ك ل (by, like, for), alone or
combined (وب، فل، وك…), and ل before ال is written لل (للأمم المتحدة); a term never matches inside a
longer word (مصنع النور does not match مصنع النورس), nor a longer word ending in it.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from summarize.errors import ConfigError
from summarize.text.normalise import _MARKS, is_arabic_letter, loose_pattern, match_key

_HEADER = re.compile(r"^\W*(arabic|ar|source)\W*$", re.IGNORECASE)
# Proclitics attached to a word: a conjunction (و ف), then a preposition (ب ك ل), each optional.
_PROCLITICS = f"(?:[وف]{_MARKS})?(?:[بكل]{_MARKS})?"
_WORD_BEFORE = r"(?<![\w\u0610-\u061a\u064b-\u065f\u0670\u0640])"
_WORD_AFTER = r"(?![\w\u0610-\u061a\u064b-\u065f\u0670])"


class GlossaryError(ConfigError):
    """A glossary file cannot be used: the message names the file, the line and the problem."""


@dataclass(frozen=True)
class Term:
    arabic: str
    english: str
    note: str = ""
    line: int = 0

    @property
    def key(self) -> str:
        return match_key(self.arabic)


@dataclass(frozen=True)
class Match:
    """An occurrence of ``term`` in a text: ``start``–``end`` cover it with the proclitics attached
    to it, ``proclitics`` (و، وب، ل… as written; ل for لل).``"""

    term: Term
    start: int
    end: int
    proclitics: str = ""


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    source: str = ""

    @classmethod
    def load(cls, path: str | Path) -> Glossary:
        """Read a glossary file (TSV, CSV or TBX); a problem is a :class:`GlossaryError` naming the line."""
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as e:
            raise GlossaryError(f"glossary {path}: cannot be read ({e.strerror or e}); give --glossary a UTF-8 "
                                "text file of Arabic<TAB>English lines") from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise GlossaryError(f"glossary {path}: not UTF-8 (byte {e.start}); save it as UTF-8") from None
        if path.suffix.lower() == ".tbx" or text.lstrip().startswith("<?xml"):
            terms = _tbx_terms(text, path)
        else:
            terms = _table_terms(text, path)
        return cls.from_terms(terms, source=str(path))

    @classmethod
    def from_terms(cls, terms: Iterable[Term | tuple[str, ...]], *, source: str = "") -> Glossary:
        """A glossary of ``terms``; a later entry for the same Arabic (after normalisation) replaces an
        earlier one, as a style sheet's last word wins."""
        by_key: dict[str, Term] = {}
        for term in terms:
            term = term if isinstance(term, Term) else Term(*term)
            if not any(is_arabic_letter(ch) for ch in term.arabic):
                raise GlossaryError(f"glossary {source} line {term.line}: {term.arabic!r} has no Arabic letters (the "
                                    "first column is the Arabic, the second the English)")
            by_key.pop(term.key, None)
            by_key[term.key] = term
        return cls(tuple(by_key.values()), source)

    def __len__(self) -> int:
        return len(self.terms)

    def __bool__(self) -> bool:
        return bool(self.terms)

    @functools.cached_property
    def content_hash(self) -> str:
        """A hash of the entries (not the file's layout, comments or order)."""
        return entries_hash(self.terms)

    @functools.cached_property
    def _pattern(self) -> re.Pattern | None:
        if not self.terms:
            return None
        # longest first, so that a longer term wins over a term it contains
        ordered = sorted(range(len(self.terms)), key=lambda i: -len(self.terms[i].key))
        return re.compile("|".join(f"(?P<t{i}>{_term_pattern(i, self.terms[i].arabic)})" for i in ordered))

    def find(self, text: str) -> list[Match]:
        """The occurrences of the glossary's terms in ``text``, in order, never overlapping."""
        if self._pattern is None:
            return []
        found = []
        for m in self._pattern.finditer(text):
            i = int(m.lastgroup[1:])
            if m.groupdict().get(f"t{i}l") is not None:  # ل + ال written لل: the second ل belongs to the term
                proclitics = re.sub(f"ل{_MARKS}$", "", m.group(f"t{i}l"))
            else:
                proclitics = m.group(f"t{i}p") or ""
            found.append(Match(self.terms[i], m.start(), m.end(), proclitics))
        return found


def entries_hash(terms: Iterable[Term]) -> str:
    """A short hash of ``terms`` (Arabic key and English), whatever their order."""
    content = sorted({(t.key, t.english.strip()) for t in terms})
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()[:16]


def _term_pattern(i: int, arabic: str) -> str:
    """The regular expression of term ``i``: its words in order, whatever the spelling variants, any
    proclitics before it (group ``t<i>p``, or ``t<i>l`` for ل + ال written لل), nothing attached after."""
    words = match_key(arabic).split()
    gap = _MARKS + r"\s+" + _MARKS
    body = gap.join(loose_pattern(w) for w in words)
    alternatives = [f"(?P<t{i}p>{_PROCLITICS}){body}"]
    if words[0].startswith("ال") and len(words[0]) > 2:
        rest = gap.join([loose_pattern(words[0][2:]), *(loose_pattern(w) for w in words[1:])])
        alternatives.append(f"(?P<t{i}l>(?:[وف]{_MARKS})?ل{_MARKS}ل{_MARKS}){rest}")
    return f"{_WORD_BEFORE}(?:{'|'.join(alternatives)}){_MARKS}{_WORD_AFTER}"


def _table_terms(text: str, path: Path) -> list[Term]:
    terms: list[Term] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        delimiter = "\t" if "\t" in line else ","
        fields = [f.strip() for f in next(csv.reader(io.StringIO(line), delimiter=delimiter))]
        if not terms and _HEADER.match(fields[0]):
            continue
        if len(fields) < 2 or not fields[0] or not fields[1]:
            raise GlossaryError(f"glossary {path} line {number}: expected Arabic<TAB>English[<TAB>note], "
                                f"got {line.strip()[:60]!r}")
        if len(fields) > 3:
            fields = [fields[0], fields[1], delimiter.join(fields[2:])]
        terms.append(Term(*fields, line=number))
    return terms


def _tbx_terms(text: str, path: Path) -> list[Term]:
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(text)
    except ET.ParseError as e:
        raise GlossaryError(f"glossary {path}: not a readable TBX file ({e})") from None
    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    terms = []
    for entry in root.iter():
        if entry.tag.split("}")[-1] not in ("termEntry", "conceptEntry"):
            continue
        by_lang: dict[str, str] = {}
        for lang_set in entry.iter():
            if lang_set.tag.split("}")[-1] == "langSet":
                lang = (lang_set.get(lang_attr) or lang_set.get("lang") or "").lower().split("-")[0]
                term = next((t.text for t in lang_set.iter() if t.tag.split("}")[-1] == "term" and t.text), None)
                if term and lang not in by_lang:
                    by_lang[lang] = term.strip()
        if "ar" in by_lang and "en" in by_lang:
            terms.append(Term(by_lang["ar"], by_lang["en"]))
    return terms


def append_term(path: str | Path, arabic: str, english: str) -> Glossary:
    """Add ``arabic → english`` to the glossary file at ``path`` (created if missing), after checking
    both; the glossary as it now reads."""
    path = Path(path)
    arabic, english = (" ".join(x.split()) for x in (arabic, english))
    if not english:
        raise GlossaryError(f"glossary {path}: the English of {arabic!r} is empty")
    glossary = Glossary.load(path) if path.exists() else Glossary(source=str(path))
    Glossary.from_terms([*glossary.terms, Term(arabic, english)], source=str(path))  # refuses what it cannot use
    try:
        ends_open = path.exists() and path.stat().st_size and not path.read_bytes().endswith(b"\n")
        with path.open("a", encoding="utf-8") as f:
            f.write(("\n" if ends_open else "") + f"{arabic}\t{english}\n")
    except OSError as e:
        raise GlossaryError(f"glossary {path}: cannot be written ({e.strerror or e})") from None
    return Glossary.load(path)


def load_glossary(path: str | Path | None) -> Glossary:
    """The glossary at ``path``, or an empty one when no path is given."""
    return Glossary.load(path) if path else Glossary()


def matched_terms(matches: Sequence[Match]) -> list[Term]:
    """The distinct terms of ``matches``, in order of first occurrence."""
    return list({m.term.key: m.term for m in matches}.values())
