"""Light text normalisation shared by cleaning, matching, metrics, checks and search."""

from __future__ import annotations

import re
import unicodedata

ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
TATWEEL = "\u0640"
ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ALEF_FORMS = re.compile("[إأآٱ]")


# Arabic presentation forms (letters in their contextual shapes, ligatures such as ﻻ and ﷲ), as text
# copied from PDFs often is: the same words, in characters that search and the models do not know.
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")


def plain_letters(text: str) -> str:
    """``text`` with Arabic presentation forms replaced by the letters they show (NFKC on those
    ranges only: nothing else of the text changes)."""
    return PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def normalise_arabic(text: str) -> str:
    """Lower-cased; presentation forms, diacritics and tatweel removed; alef forms unified; ى→ي,
    ة→ه; digits ASCII."""
    text = ARABIC_DIACRITICS.sub("", plain_letters(text).lower()).replace(TATWEEL, "").translate(ARABIC_INDIC)
    return _ALEF_FORMS.sub("ا", text).replace("ى", "ي").replace("ة", "ه")


def is_arabic_letter(ch: str) -> bool:
    code = ord(ch)
    return (0x0620 <= code <= 0x064A or 0x066E <= code <= 0x06D3 or 0x06FA <= code <= 0x06FF
            or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFC)


# Invisible characters that carry no text: direction marks and embeddings, zero-width characters.
INVISIBLE = dict.fromkeys(
    [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF, 0x2060, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
_SPACES = re.compile(r"[^\S\n]+")


def normalise_line(line: str) -> str:
    """Whitespace collapsed, tatweel and invisible marks removed, NFC."""
    line = unicodedata.normalize("NFC", plain_letters(line)).translate(INVISIBLE).replace(TATWEEL, "")
    return _SPACES.sub(" ", line).strip()


def match_key(text: str) -> str:
    """A key for comparing Arabic text loosely: no diacritics, unified alef forms, no punctuation."""
    return " ".join(re.findall(r"\w+", normalise_arabic(normalise_line(text))))



_LOOSE = {"ا": "[اأإآٱ]", "ي": "[يى]", "ه": "[هة]"}
_MARKS = "[\u0610-\u061a\u064b-\u065f\u0670\u0640]*"  # diacritics and tatweel, skipped between letters


def loose_pattern(word: str, lang: str = "ar") -> str:
    """A regular expression finding ``word`` in original text as search matches it: for Arabic,
    whatever the diacritics, tatweel, alef forms, ى/ي and ة/ه; for English, any ending (stemming)."""
    if lang != "ar":
        return rf"\b{re.escape(word)}\w*"
    return _MARKS.join(_LOOSE.get(ch, re.escape(ch)) for ch in normalise_arabic(word))


_AR_TOKEN = re.compile(r"[\u0621-\u064a\u0660-\u0669\u066e-\u06d3a-z0-9]+")


class ArabicTokenizer:
    """rouge-score tokenizer that keeps Arabic letters (rouge-score's default drops them)."""

    name = "ar-light(diacritics,tatweel,alef,yaa,taa-marbuta)"

    def tokenize(self, text: str) -> list[str]:
        return _AR_TOKEN.findall(normalise_arabic(text))
