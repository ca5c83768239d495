"""Light text normalisation shared by cleaning, matching, metrics, checks and search."""

from __future__ import annotations

import re

ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
TATWEEL = "\u0640"
ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ALEF_FORMS = re.compile("[إأآٱ]")


def normalise_arabic(text: str) -> str:
    """Lower-cased; diacritics and tatweel removed; alef forms unified; ى→ي, ة→ه; digits ASCII."""
    text = ARABIC_DIACRITICS.sub("", text.lower()).replace(TATWEEL, "").translate(ARABIC_INDIC)
    return _ALEF_FORMS.sub("ا", text).replace("ى", "ي").replace("ة", "ه")


def is_arabic_letter(ch: str) -> bool:
    code = ord(ch)
    return (0x0620 <= code <= 0x064A or 0x066E <= code <= 0x06D3 or 0x06FA <= code <= 0x06FF
            or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFC)
