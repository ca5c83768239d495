"""Numbers and dates read from Arabic and English text, as values rather than strings.

One reader serves the translation check (``number_mismatch``), the summary checks and the evidence
links. It reads:

- digits, Western and Arabic-Indic, with ``.``/``٫`` decimals and ``,``/``٬`` thousands separators,
  multipliers (thousand/ألف, million/مليون, billion/مليار, "1.5bn", "3m") and currencies;
- numbers in words on both sides: Arabic compounds ("ثلاثة آلاف وخمسمائة" = 3,500, "خمسة وعشرون"
  = 25), duals ("مليونان", "ملياري", "ألفي", "عامين"), short forms (خمس، ست، سبع، تسع، عشر),
  hundreds ("ثلاثمائة", "ثلاث مئة"); English compounds ("twenty-five", "two hundred and fifty",
  "half a million");
- ordinals ("الحادي والعشرين" = 21st, "الـ15" = 15th, "للمرة الخامسة" = fifth), fractions (ربع،
  نصف، ثلث، ثلثا، ثلاثة أرباع / quarter, half, third), percentages in every spelling ("10 بالمئة",
  "في المائة", "٪", "percent", "per cent"), vague magnitudes (عشرات = dozens, مئات = hundreds, آلاف
  = thousands), approximate quantities (نحو، حوالي، أكثر من / about, over, nearly) as a qualifier;
- dates, normalised to ``(year, month, day)`` with absent parts ``None``: numeric ("15/1/2024"),
  with month names (MSA/Egyptian, Levantine, Maghrebi and Moroccan, English), Hijri (converted to
  Gregorian with ``hijridate`` when the day is known), weekdays, times of day, year ranges
  ("2020-21" = 2020 to 2021);
- codes such as "COVID-19", "F-16" or "G20" are names, not quantities, and are skipped.

Each :class:`Quantity` carries a set of comparison ``keys``: two quantities agree when their keys
intersect, so a date agrees with the same date written another way, "10%" with "10 percent", and
"a quarter" with "25%". ``strong`` quantities must be matched by the other side; weak ones (the
words for one and two, "first"/"second", English number words under three) are read so that they
can match but are never required, since translations render them freely ("one of the", "the
second time", Arabic duals with no number word).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from summarize.text.normalise import ARABIC_INDIC, normalise_arabic

Key = tuple


@dataclass(frozen=True)
class Quantity:
    """A number, date, time or magnitude found in a text."""

    kind: str  # number | percent | ordinal | fraction | vague | date | hijri | weekday | time | currency
    text: str
    keys: frozenset[Key]
    value: float | None = None
    strong: bool = True
    qualifier: str | None = None  # about | more | less | None
    start: int = 0
    end: int = 0
    parts: tuple[float, ...] = ()  # numbers a date or time decomposes into, for a second matching pass

    def describe(self) -> str:
        return f"{self.label()} («{self.text}»)" if self.label() != self.text else f"«{self.text}»"

    def label(self) -> str:
        if self.kind in ("date", "hijri"):
            key = next(k for k in sorted(self.keys, key=str) if k[0] in ("d", "h"))
            y, m, d = key[1:]
            return "-".join("??" if v is None else f"{v:02d}" for v in (y, m, d)) + (" AH" if key[0] == "h" else "")
        if self.kind == "percent":
            return f"{_fmt(self.value)}%"
        if self.kind == "ordinal":
            return f"#{_fmt(self.value)}"
        if self.kind == "vague":
            return f"~{_fmt(self.value)}s"
        if self.kind in ("weekday", "currency", "time"):
            return self.text
        return _fmt(self.value) if self.value is not None else self.text


def _fmt(value: float | None) -> str:
    if value is None:
        return "?"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6g}"


def _num_key(value: float) -> Key:
    return ("n", round(float(value), 6))


def _quantity(kind: str, text: str, value: float, *, strong: bool = True, qualifier: str | None = None,
              start: int = 0, end: int = 0, extra: Iterable[Key] = ()) -> Quantity:
    keys = {_num_key(value), *extra}
    if kind == "fraction":
        keys.add(("n", round(value * 100, 6)))  # "a quarter" agrees with "25%"
        keys.add(("n", float(round(value * 100))))  # "a third" with "33%"
    if kind == "vague":
        keys = {("v", value), *extra}
    return Quantity(kind, text, frozenset(keys), value, strong, qualifier, start, end)


# --- shared tables ------------------------------------------------------------------------------

EN_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
EN_MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                  "oct": 10, "nov": 11, "dec": 12})
EN_WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split(), 1)}
HIJRI_EN = {"muharram": 1, "safar": 2, "rabi al-awwal": 3, "rabi al-thani": 4, "rabi al-akhir": 4,
            "jumada al-awwal": 5, "jumada al-ula": 5, "jumada al-ulaa": 5, "jumada al-thani": 6,
            "jumada al-akhirah": 6, "jumada al-akhira": 6, "rajab": 7, "shaban": 8, "ramadan": 9, "shawwal": 10,
            "dhu al-qadah": 11, "dhul-qadah": 11, "dhu al-qidah": 11, "dhu al-hijjah": 12, "dhul-hijjah": 12}

# Arabic month names, normalised (normalise_arabic): MSA/Egyptian, Levantine, Maghrebi, Moroccan.
AR_MONTHS = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7,
    "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8,
    "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
    "جانفي": 1, "فيفري": 2, "افريل": 4, "ماي": 5, "جوان": 6, "جويليه": 7, "جويلية": 7, "اوت": 8,
    "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
}
# Month names that are also common words: a month only next to a day or a year, or after "شهر".
AR_AMBIGUOUS_MONTHS = {"اب", "ماي", "مارس"}
AR_HIJRI_MONTHS = {"محرم": 1, "صفر": 2, "ربيع الاول": 3, "ربيع الثاني": 4, "ربيع الاخر": 4, "جمادي الاولي": 5,
                   "جمادي الاول": 5, "جمادي الثانيه": 6, "جمادي الاخره": 6, "جمادي الاخر": 6, "رجب": 7,
                   "شعبان": 8, "رمضان": 9, "شوال": 10, "ذو القعده": 11, "ذي القعده": 11, "ذو الحجه": 12,
                   "ذي الحجه": 12}
AR_WEEKDAYS = {"الاثنين": 1, "الثلاثاء": 2, "الاربعاء": 3, "الخميس": 4, "الجمعه": 5, "السبت": 6, "الاحد": 7}

CURRENCIES_AR = {"دولار": "dollar", "دولارا": "dollar", "دولارات": "dollar", "يورو": "euro", "جنيه": "pound",
                 "جنيها": "pound", "جنيهات": "pound", "ليره": "pound", "ليرات": "pound", "استرليني": "pound",
                 "ريال": "riyal", "ريالا": "riyal", "ريالات": "riyal", "درهم": "dirham", "درهما": "dirham",
                 "دراهم": "dirham", "دينار": "dinar", "دينارا": "dinar", "دنانير": "dinar",
                 "يوان": "yuan", "روبيه": "rupee", "فرنك": "franc", "روبل": "rouble"}
CURRENCIES_EN = {"dollar": "dollar", "dollars": "dollar", "usd": "dollar", "$": "dollar", "euro": "euro",
                 "euros": "euro", "eur": "euro", "€": "euro", "pound": "pound", "pounds": "pound", "£": "pound",
                 "egp": "pound", "lira": "pound", "liras": "pound", "lire": "pound", "lbp": "pound", "syp": "pound",
                 "sterling": "pound", "gbp": "pound", "riyal": "riyal", "riyals": "riyal", "rial": "riyal",
                 "rials": "riyal", "sar": "riyal", "qar": "riyal", "omr": "riyal", "yer": "riyal",
                 "dirham": "dirham", "dirhams": "dirham", "aed": "dirham", "mad": "dirham", "dinar": "dinar",
                 "dinars": "dinar", "kwd": "dinar", "jod": "dinar", "iqd": "dinar", "bhd": "dinar", "tnd": "dinar",
                 "dzd": "dinar", "lyd": "dinar", "yen": "yen", "yuan": "yuan", "rupee": "rupee", "rupees": "rupee",
                 "franc": "franc", "francs": "franc", "rouble": "rouble", "roubles": "rouble", "ruble": "rouble",
                 "rubles": "rouble"}


# Units of what is counted, for the families that translations confuse (weeks for months, miles for
# kilometres): compared as sets, like currencies, when they follow a number.
UNITS_AR = {
    "دقيقه": "minute", "دقائق": "minute", "دقيقتين": "minute", "دقيقتان": "minute",
    "ساعه": "hour", "ساعات": "hour", "ساعتين": "hour", "ساعتان": "hour",
    "يوم": "day", "ايام": "day", "يوما": "day", "يومين": "day", "يومان": "day",
    "اسبوع": "week", "اسابيع": "week", "اسبوعا": "week", "اسبوعين": "week", "اسبوعان": "week",
    "شهر": "month", "اشهر": "month", "شهور": "month", "شهرا": "month", "شهرين": "month", "شهران": "month",
    "سنه": "year", "سنوات": "year", "سنين": "year", "عام": "year", "اعوام": "year", "عاما": "year", "عامين": "year",
    "عامان": "year", "سنتين": "year", "سنتان": "year", "عقد": "decade", "عقود": "decade", "عقدين": "decade",
    "قرن": "century", "قرون": "century", "قرنين": "century",
    "كيلومتر": "km", "كيلومترا": "km", "كيلومترات": "km", "كم": "km", "ميل": "mile", "اميال": "mile", "ميلا": "mile",
    "متر": "metre", "امتار": "metre", "مترا": "metre", "طن": "tonne", "اطنان": "tonne", "طنا": "tonne",
    "كيلوغرام": "kg", "كيلوغراما": "kg", "كغ": "kg", "كجم": "kg", "هكتار": "hectare", "هكتارا": "hectare",
    "هكتارات": "hectare", "فدان": "feddan", "فدانا": "feddan", "افدنه": "feddan", "دونم": "dunam", "دونما": "dunam",
    "برميل": "barrel", "براميل": "barrel", "برميلا": "barrel", "لتر": "litre", "لترا": "litre",
}
UNITS_EN = {"minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute", "hour": "hour", "hours": "hour",
            "hrs": "hour", "day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
            "months": "month", "year": "year", "years": "year", "decade": "decade", "decades": "decade",
            "century": "century", "centuries": "century", "km": "km", "kilometre": "km", "kilometres": "km",
            "kilometer": "km", "kilometers": "km", "mile": "mile", "miles": "mile", "metre": "metre",
            "metres": "metre", "meter": "metre", "meters": "metre", "tonne": "tonne", "tonnes": "tonne",
            "ton": "tonne", "tons": "tonne", "kg": "kg", "kilogram": "kg", "kilograms": "kg", "kilos": "kg",
            "hectare": "hectare", "hectares": "hectare", "feddan": "feddan", "feddans": "feddan", "acre": "acre",
            "acres": "acre", "dunam": "dunam", "dunams": "dunam", "donum": "dunam", "donums": "dunam", "barrel": "barrel", "barrels": "barrel", "litre": "litre",
            "litres": "litre", "liter": "litre", "liters": "litre", "bpd": "barrel"}
_COUNTED = ("number", "fraction", "percent")


def _units(found: list[Quantity], text: str, table: dict[str, str], *, arabic: bool) -> list[Quantity]:
    """A unit quantity for each unit word right after a number ("ثلاثة أسابيع", "240 miles",
    "two-week"), and for Arabic duals of unit nouns ("أسبوعين")."""
    out = []
    word = r"[\u0621-\u064a]+" if arabic else r"[A-Za-z]+"
    for q in found:
        if q.kind not in _COUNTED or q.value is None:
            continue
        own = normalise_arabic(q.text.split()[-1]) if arabic and q.text else ""
        unit = table.get(own) if arabic and own in table and len(q.text.split()) == 1 and not q.text[0].isdigit() else None
        if unit is None:
            m = re.match(rf"[\s\-]*(?:of\s+)?({word})(?:\s+({word}))?", text[q.end:q.end + 40])
            if m:
                for w in (m.group(1), m.group(2)) if not arabic else (m.group(1),):
                    w = (w or "") if arabic else (w or "").lower()
                    unit = table.get(w) or (table.get(w[1:]) if arabic and w[:1] in "وب" else None)
                    if unit:
                        break
        if unit in ("year",) and re.match(r"\s*\S+\s+\d{4}(?!\d)", text[q.end:q.end + 16]):
            continue  # "6.3 مليار عام 2023": the year of the figure, not years
        if unit in DURATION_HOURS:  # a duration: "48 ساعة" agrees with "two days", not "two weeks"
            hours = q.value * DURATION_HOURS[unit]
            key = ("dur", round(hours)) if hours < 24 * 14 else ("dur", round(hours / 24) * 24)
            found = [Quantity(x.kind, x.text, x.keys | {key}, x.value, x.strong, x.qualifier, x.start, x.end, x.parts)
                     if x is q else x for x in found]
            out.append(Quantity("unit", unit, frozenset({("u", unit), key}), None, True, None, q.end, q.end))
        elif unit:
            out.append(Quantity("unit", unit, frozenset({("u", unit)}), None, True, None, q.end, q.end))
    return found + out


DURATION_HOURS = {"minute": 1 / 60, "hour": 1, "day": 24, "week": 24 * 7, "month": 24 * 30.44, "year": 24 * 365.25,
                  "decade": 24 * 3652.5, "century": 24 * 36525}


def _ranked(found: list[Quantity], text: str) -> list[Quantity]:
    """"المركز الثاني", "المرتبة الأولى": a rank, which a translation must keep (even first and second)."""
    out = []
    for q in found:
        if q.kind == "ordinal" and not q.strong and re.search(r"(?:المركز|المرتبه|المركزين|الترتيب)\s*$",
                                                              text[max(0, q.start - 10):q.start]):
            q = Quantity(q.kind, q.text, q.keys, q.value, True, q.qualifier, q.start, q.end, q.parts)
        out.append(q)
    return out


def _centuries(found: list[Quantity], text: str, *, arabic: bool) -> list[Quantity]:
    """An ordinal that names a century compares as a century: "القرن الثامن عشر" = "18th century" =
    "the 1700s"; a Hijri century ("القرن الرابع الهجري") only with a Hijri one."""
    out = []
    for q in found:
        if q.kind == "ordinal" and q.value:
            before, after = text[max(0, q.start - 8):q.start], text[q.end:q.end + 14]
            if (arabic and re.search(r"القرن\s*$", before)) or (not arabic and re.match(r"\s*centur", after, re.I)):
                hijri = bool(re.match(r"\s*(?:الهجري|للهجره|AH\b|of the Hijra)", after, re.I))
                q = Quantity("century", q.text, frozenset({("centH" if hijri else "cent", int(q.value))}), q.value,
                             True, None, q.start, q.end)
        elif q.kind == "decade" and q.parts and q.parts[0] % 100 == 0:
            q = Quantity("century", q.text, frozenset({("cent", int(q.parts[0]) // 100 + 1)}), None, True, None,
                         q.start, q.end)
        out.append(q)
    return out


# --- Arabic ---------------------------------------------------------------------------------------

_AR_UNITS = {
    "واحد": 1, "واحده": 1, "احد": 1, "احدي": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2,
    "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7,
    "ثمان": 8, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10,
    # accusative forms once diacritics are gone ("سبعًا" → "سبعا")
    "ثلاثا": 3, "اربعا": 4, "خمسا": 5, "ستا": 6, "سبعا": 7, "ثمانيا": 8, "تسعا": 9, "عشرا": 10,
}
_AR_TENS = {"عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40, "خمسون": 50,
            "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80,
            "تسعون": 90, "تسعين": 90}
_AR_HUNDREDS = {"مئه": 100, "مائه": 100, "ميه": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200,
                "مئتا": 200, "مائتا": 200, "مئتي": 200, "مائتي": 200}
for _unit, _value in (("ثلاث", 3), ("اربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8), ("ثماني", 8),
                      ("تسع", 9)):
    _AR_HUNDREDS[_unit + "مئه"] = _AR_HUNDREDS[_unit + "مائه"] = _value * 100
# Multipliers: (value, kind) where kind says how the word combines: "sg" singular (ألف = 1,000 alone,
# ×1,000 after 11–99), "dual" (ألفان = 2,000), "pl" (آلاف, after 3–10).
_AR_SCALES = {
    "الف": (1e3, "sg"), "الفا": (1e3, "acc"), "الفان": (1e3, "dual"), "الفين": (1e3, "dual"), "الفي": (1e3, "dual"),
    "الاف": (1e3, "pl"),
    "مليون": (1e6, "sg"), "مليونا": (1e6, "acc"), "مليونان": (1e6, "dual"), "مليونين": (1e6, "dual"),
    "مليوني": (1e6, "dual"), "ملايين": (1e6, "pl"),
    "مليار": (1e9, "sg"), "مليارا": (1e9, "acc"), "ملياران": (1e9, "dual"), "مليارين": (1e9, "dual"),
    "ملياري": (1e9, "dual"), "مليارات": (1e9, "pl"),
    "بليون": (1e9, "sg"), "بليونا": (1e9, "acc"), "بلايين": (1e9, "pl"), "تريليون": (1e12, "sg"),
    "تريليونات": (1e12, "pl"),
}
_AR_VAGUE = {"عشرات": 10.0, "مئات": 100.0, "الاف": 1e3, "ملايين": 1e6, "مليارات": 1e9}
_AR_FRACTIONS = {"نصف": 0.5, "ربع": 0.25, "ثلث": 1 / 3, "ثلثا": 2 / 3, "ثلثي": 2 / 3, "خمس": 0.2}
_AR_FRACTION_PLURALS = {"ارباع": 0.25, "اخماس": 0.2, "اثلاث": 1 / 3}
_AR_ORDINALS = {
    "اول": 1, "اولي": 1, "حادي": 1, "حاديه": 1, "ثاني": 2, "ثانيه": 2, "ثالث": 3, "ثالثه": 3, "رابع": 4,
    "رابعه": 4, "خامس": 5, "خامسه": 5, "سادس": 6, "سادسه": 6, "سابع": 7, "سابعه": 7, "ثامن": 8, "ثامنه": 8,
    "تاسع": 9, "تاسعه": 9, "عاشر": 10, "عاشره": 10,
}
# Nouns whose dual form means "two of them" (عامين = two years).
_AR_DUAL_NOUNS = {"عام": "عامين عامان", "سنه": "سنتين سنتان", "شهر": "شهرين شهران", "يوم": "يومين يومان",
                  "اسبوع": "اسبوعين اسبوعان", "ساعه": "ساعتين ساعتان", "دقيقه": "دقيقتين دقيقتان",
                  "مره": "مرتين مرتان", "دوله": "دولتين دولتان", "طفل": "طفلين طفلان", "شخص": "شخصين شخصان",
                  "جندي": "جنديين جنديان", "قتيل": "قتيلين", "نقطه": "نقطتين", "هدف": "هدفين هدفان",
                  "مرحله": "مرحلتين", "قاعده": "قاعدتين", "عقد": "عقدين", "قرن": "قرنين", "جولة": "جولتين",
                  "مليم": "مليمين"}
_AR_DUALS = {form for forms in _AR_DUAL_NOUNS.values() for form in forms.split()}
_AR_UNIT_NOUNS = {"عام", "سنه", "شهر", "يوم", "اسبوع", "ساعه", "دقيقه"}
_AR_STRONG_DUALS = {form for noun in (*_AR_UNIT_NOUNS, "مره") for form in _AR_DUAL_NOUNS[noun].split()}
_AR_PERIODS = {"صباحا", "مساء", "مساءا", "ظهرا", "عصرا", "ليلا", "فجرا", "ص", "م"}
_AR_APPROX = {"نحو": "about", "حوالي": "about", "قرابه": "about", "زهاء": "about", "تقريبا": "about",
              "يقارب": "about", "يناهز": "about", "قرابة": "about"}
_AR_MORE = ("اكثر من", "ما يزيد علي", "ما يزيد عن", "يزيد علي", "يزيد عن", "اكثر", "ما لا يقل عن", "لا يقل عن",
            "فوق")
_AR_LESS = ("اقل من", "ما لا يزيد علي", "ما دون", "دون", "اقل")
_AR_PREFIXES = ("وبال", "فبال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")

_DIGITS = r"\d+(?:[.,٫٬]\d+)*"
_NUMERIC_DATE = re.compile(r"(?<![\d.,/])(\d{1,4})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{1,4})(?![\d/])")
_PERIOD = r"(?:ص|م|صباحا|مساء|مساءا|ظهرا|عصرا|ليلا|فجرا|am|pm|a\.m\.|p\.m\.)"
_TIME = re.compile(rf"(?<![\d.,:])(\d{{1,2}})(?::(\d{{2}})(?![\d:])(?:\s*({_PERIOD}))?"
                   r"|\.(\d{2})\s*(am|pm|a\.m\.|p\.m\.)|\s?(am|pm|a\.m\.|p\.m\.))(?![\w])", re.IGNORECASE)
_PM = {"م", "مساء", "مساءا", "ظهرا", "عصرا", "ليلا", "pm", "p.m."}


def time_quantity(text: str, h: int, minute: int, period: str | None, start: int, end: int) -> Quantity:
    """A time of day. With a period (a.m., مساء) it is one time; without, either half of the day,
    or the hour itself when it is written on a 24-hour clock."""
    period = period.lower() if period else None
    if period:
        hour = h % 12 + (12 if period in _PM and not (period in ("ظهرا",) and h == 12) else 0)
        keys = {("t", hour, minute)}
    elif h > 12 or h == 0:
        keys = {("t", h % 24, minute)}
    else:
        keys = {("t", h % 12, minute), ("t", h % 12 + 12, minute)}
    parts = (float(h % 12 or 12),) if minute == 0 else (float(h % 12 or 12), float(minute))
    return Quantity("time", text, frozenset(keys), None, True, None, start, end, parts)
_RANGE = re.compile(rf"(?<![\d.,/])({_DIGITS})\s*[-–—/]\s*({_DIGITS})(?![\d/])")


def _digits_value(token: str) -> float | None:
    token = token.replace("٫", ".").replace("٬", ",")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", token):
        token = token.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", token):  # 1.500.000
        token = token.replace(".", "")
    elif token.count(",") == 1 and token.count(".") == 0:
        token = token.replace(",", ".")
    try:
        return float(token)
    except ValueError:
        return None


def _strip_ar(word: str, table) -> str | None:
    """``word`` or ``word`` without its clitic prefix, if either is in ``table``."""
    if word in table:
        return word
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and word[len(prefix):] in table:
            return word[len(prefix):]
    return None


def _hijri_to_gregorian(y: int, m: int, d: int) -> Key | None:
    try:
        from hijridate import Hijri
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        g = Hijri(y, m, d).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return ("d", g.year, g.month, g.day)


def _date(kind: str, text: str, y: int | None, m: int | None, d: int | None, start: int, end: int) -> Quantity:
    keys: set[Key] = {("h" if kind == "hijri" else "d", y, m, d)}
    if kind == "hijri" and y and m and d:
        greg = _hijri_to_gregorian(y, m, d)
        if greg:
            keys.add(greg)
    parts = tuple(float(v) for v in (d, y) if v is not None)
    return Quantity(kind, text, frozenset(keys), None, True, None, start, end, parts)


def _numeric_date(a: str, sep: str, b: str, c: str, *, day_first: bool = False) -> list[tuple[int | None, int | None, int | None]]:
    """Readings of a numeric date: d/m/y (Arabic and European order), m/d/y (US, unless
    ``day_first``), y/m/d."""
    x, y, z = int(a), int(b), int(c)
    out = []
    if len(a) == 4 and 1 <= y <= 12 and 1 <= z <= 31:
        out.append((x, y, z))
    elif len(c) in (2, 4):
        year = z if len(c) == 4 else 2000 + z if z < 50 else 1900 + z
        if 1 <= y <= 12 and 1 <= x <= 31:
            out.append((year, y, x))
        if 1 <= x <= 12 and 1 <= y <= 31 and x != y and not day_first:
            out.append((year, x, y))
    return out


@dataclass
class _Scan:
    """Text being read: what has been consumed is blanked so that later patterns skip it."""

    text: str
    found: list[Quantity] = field(default_factory=list)

    def take(self, start: int, end: int, quantity: Quantity | None) -> None:
        if quantity is not None:
            self.found.append(quantity)
        self.text = self.text[:start] + " " * (end - start) + self.text[end:]


def _qualifier_before(text: str, start: int, more: Sequence[str], less: Sequence[str], approx: dict[str, str]) -> str | None:
    before = text[max(0, start - 24):start].strip().lower()
    for phrase in more:
        if before.endswith(phrase):
            return "more"
    for phrase in less:
        if before.endswith(phrase):
            return "less"
    words = before.split()
    if words and words[-1] in approx:
        return approx[words[-1]]
    if len(words) >= 2 and " ".join(words[-2:]) in approx:
        return approx[" ".join(words[-2:])]
    return None


def _scan_common(scan: _Scan, *, arabic: bool) -> None:
    """Patterns written the same way in both languages: numeric dates, times, year ranges, codes."""
    text = scan.text
    for m in list(_NUMERIC_DATE.finditer(text)):
        readings = _numeric_date(m.group(1), m.group(2), m.group(3), m.group(4), day_first=arabic)
        if not readings:
            continue
        keys = frozenset(("d", *r) for r in readings)
        y, mo, d = readings[0]
        scan.take(m.start(), m.end(), Quantity("date", m.group(0), keys, None, True, None, m.start(), m.end(),
                                               (float(d), float(y))))
    for m in list(_TIME.finditer(scan.text)):
        h, minute = int(m.group(1)), int(m.group(2) or m.group(4) or 0)
        period = m.group(3) or m.group(5) or m.group(6)
        if h > 23 or minute > 59 or (m.group(6) and h > 12):
            continue
        scan.take(m.start(), m.end(), time_quantity(m.group(0).strip(), h, minute, period, m.start(), m.end()))
    # codes: a number glued to letters ("COVID-19", "F-16", "G20", "كوفيد-19", "5G"), not a quantity
    code = (r"(?:(?<![\w-])[A-Z][A-Za-z]*-\d+|(?<![\w])[A-Z]{1,6}\d+[A-Za-z]*|(?<![\w.,])\d+[A-Z]{1,3}\b(?!\s*%))"
            if not arabic else r"(?:[A-Za-z\u0621-\u064a]+-\d+|[A-Za-z]+\d+[A-Za-z]*)")
    for m in list(re.finditer(code, scan.text)):
        digits = re.search(r"\d+", m.group(0))
        scan.take(m.start(), m.end(), _quantity("code", m.group(0), float(digits.group(0)), strong=False,
                                                start=m.start(), end=m.end()))
    # "2020-2021", "2020-21", "5-7": two numbers (the second year completed from the first)
    for m in list(_RANGE.finditer(scan.text)):
        a, b = m.group(1), m.group(2)
        va, vb = _digits_value(a), _digits_value(b)
        if va is None or vb is None:
            continue
        if len(a) == 4 and len(b) == 2 and va >= 1000:
            vb = float(a[:2] + b)
        if vb <= va or (m.group(0).count("/") and not (len(a) == 4 and va >= 1000)):
            continue  # "10-3" is a score or an expression, read each number below
        scan.found.append(_quantity("number", a, va, start=m.start(1), end=m.end(1)))
        scan.found.append(_quantity("number", b, vb, start=m.start(2), end=m.end(2)))
        scan.take(m.start(), m.end(), None)


# Arabic phrases for "percent", rewritten to "%" before reading (so "10 بالمئة" is not read as 100).
_AR_PERCENT = re.compile(r"(?:\b|(?<=\d))(?:في|بال|بـ?ال)\s*ال?(?:مئه|مائه|ميه)(?!\w)|بالمئه|بالمائه|بالميه")


def read_arabic(text: str) -> list[Quantity]:
    """Every quantity of an Arabic text, in order of appearance."""
    norm = normalise_arabic(text).replace("٪", "%")
    norm = _AR_PERCENT.sub(lambda m: "%".ljust(len(m.group(0))), norm)
    norm = re.sub(r"(?<=\d)\s?(?:م|ه|هـ)(?![\u0621-\u064a])", lambda m: " " * len(m.group(0)), norm)  # 2019م, 1445هـ
    scan = _Scan(norm)
    _scan_ar_dates(scan)
    _scan_common(scan, arabic=True)
    _scan_ar_weekdays(scan)
    _scan_ar_multiples(scan)
    _scan_ar_numbers(scan)
    _scan_ar_currencies(scan)
    found = _share_scales(sorted(scan.found, key=lambda q: q.start), norm, r"\s*(?:(?:الي|حتي|-|–)\s*)?")
    found = _centuries(_units(found, norm, UNITS_AR, arabic=True), norm, arabic=True)
    return sorted(_ranked(found, norm), key=lambda q: q.start)


def _scan_ar_dates(scan: _Scan) -> None:
    day_words = "|".join(sorted([*_AR_ORDINALS, "فاتح"], key=len, reverse=True))
    months = sorted({**AR_MONTHS, **{k: v for k, v in AR_HIJRI_MONTHS.items()}}, key=len, reverse=True)
    month_rx = "|".join(re.escape(m) for m in months)
    pattern = re.compile(
        rf"(?:(?P<day>\d{{1,2}})|(?:ال)?(?P<dayword>{day_words})(?:\s+(?:و)?(?:ال)?(?P<daytens>عشر|عشرين|عشره|والعشرين))?)?"
        rf"\s*(?:من\s+)?(?:شهر\s+)?(?P<prefix>[وبل]?(?:ال)?)(?P<month>{month_rx})(?![\u0621-\u064a])"
        rf"(?:\s*\(\s*(?:{month_rx})\s*\))?"  # "سبتمبر (أيلول)": one month, two names
        rf"(?:\s*/\s*(?:{month_rx})(?![\u0621-\u064a]))?"  # "آذار/مارس", as the Levantine press writes it
        rf"(?:\s*[،,]?\s*(?:من\s+)?(?:عام|سنه|العام)?\s*(?P<year>\d{{4}}))?")
    for m in list(pattern.finditer(scan.text)):
        name = m.group("month")
        hijri = name in AR_HIJRI_MONTHS
        day = int(m.group("day")) if m.group("day") else None
        if day is None and m.group("dayword"):
            day = _AR_ORDINALS.get(m.group("dayword"), 1)  # "الفاتح من أفريل": the first
            tens = m.group("daytens")
            if tens:
                day += 10 if "عشر" in tens and "عشرين" not in tens else 20
        year = int(m.group("year")) if m.group("year") else None
        if day is not None and not 1 <= day <= 31:
            continue
        before = scan.text[max(0, m.start("month") - 12):m.start("month")].rstrip() + " "
        after = scan.text[m.end():m.end() + 10]
        if day is None and year is None and "شهر" not in m.group(0) and not (
                (name != "اب" and re.search(r"(?:في|خلال|منذ|حتي|من|الي|مطلع|نهايه|اواخر|اوائل|منتصف|بدايه|اواسط|قبل|بعد)\s*$",
                                            before))
                or re.match(r"\s*(?:الماضي|المقبل|المنصرم|الحالي|الجاري|القادم)", after)):
            continue  # a month name alone may be a name ("لويجي دي مايو") or a verb ("مارس")
        if name in ("صفر", "رجب", "محرم") and day is None and year is None:
            continue  # also "zero", a name, "forbidden"
        month = AR_HIJRI_MONTHS[name] if hijri else AR_MONTHS[name]
        start = m.start("month") if day is None else m.start()
        scan.take(start, m.end(), _date("hijri" if hijri else "date", m.group(0).strip(), year, month, day, start,
                                        m.end()))


_AR_DECADES = {"عشرين": 20, "ثلاثين": 30, "اربعين": 40, "خمسين": 50, "ستين": 60, "سبعين": 70, "ثمانين": 80,
               "تسعين": 90}


def _multiple(text: str, factor: float, start: int, end: int) -> Quantity:
    return Quantity("multiple", text, frozenset({("x", float(factor))}), float(factor), True, None, start, end)


def _decade(text: str, decade: int, start: int, end: int, year: int | None = None) -> Quantity:
    return Quantity("decade", text, frozenset({("dec", decade)}), None, True, None, start, end,
                    (float(year),) if year else ())


def _scan_ar_multiples(scan: _Scan) -> None:
    """"ثلاثة أضعاف" (threefold), "الضعف" (double); decades ("السبعينيات")."""
    for m in list(re.finditer(r"(?<![\u0621-\u064a])(?:[وبل]|ال|بال)?(\S+)\s+(?:ال)?اضعاف(?![\u0621-\u064a])", scan.text)):
        value = _ar_word_value(m.group(1))
        digits = _digits_value(m.group(1)) if m.group(1)[:1].isdigit() else None
        factor = digits if digits is not None else value[1] if value else None
        if factor:
            scan.take(m.start(), m.end(), _multiple(m.group(0), factor, m.start(), m.end()))
    for m in list(re.finditer(r"(?<![\u0621-\u064a])(?:[وبل]|ال|بال|بمقدار ال)?(?:ضعف|ضعفي|ضعفين|ضعفا|الضعف|الضعفين|"
                              r"تضاعف|تضاعفت|يتضاعف|تتضاعف|ضاعف|ضاعفت|يضاعف|مضاعفه)"
                              r"(?![\u0621-\u064a])", scan.text)):
        scan.take(m.start(), m.end(), _multiple(m.group(0), 2, m.start(), m.end()))
    for m in list(re.finditer(r"(?<![\u0621-\u064a])(?:[وبل]|ال|بال)?(عشرين|ثلاثين|اربعين|خمسين|ستين|سبعين|ثمانين|تسعين)"
                              r"(?:يات|ات)(?![\u0621-\u064a])", scan.text)):
        scan.take(m.start(), m.end(), _decade(m.group(0), _AR_DECADES[m.group(1)], m.start(), m.end()))


def _scan_ar_weekdays(scan: _Scan) -> None:
    for m in list(re.finditer(r"(?<![\u0621-\u064a])(?:[وفب]?)(?:(?:يوم|ايام|يومي)\s+)?(ال(?:اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت|احد)"
                              r"|(?<=يوم )(?:اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت|احد))(?![\u0621-\u064a])", scan.text)):
        name = m.group(1) if m.group(1).startswith("ال") else "ال" + m.group(1)
        before = scan.text[max(0, m.start() - 12):m.start()]
        if name == "الاثنين" and re.search(r"(?:الرجلين|الطرفين|البلدين)\s*$", before):
            continue
        scan.take(m.start(), m.end(), Quantity("weekday", name, frozenset({("w", AR_WEEKDAYS[name])}), None,
                                               True, None, m.start(), m.end()))


def _ar_tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in re.finditer(rf"(?:وال|بال|لل|ال|[وبلفك])?{_DIGITS}|%|[\u0621-\u064a]+", text)]


def _scan_ar_numbers(scan: _Scan) -> None:
    text = scan.text
    tokens = _ar_tokens(text)
    i = 0
    while i < len(tokens):
        quantity, used = _read_ar_number(tokens, i, text)
        if quantity is None:
            i += 1
            continue
        scan.found.append(quantity)
        i += used
    scan.text = text


def _ar_word_value(word: str) -> tuple[str, float] | None:
    """The role and value of one (normalised) Arabic word in a number, if it has one."""
    for table, role in ((_AR_HUNDREDS, "hundred"), (_AR_TENS, "tens"), (_AR_UNITS, "unit")):
        base = _strip_ar(word, table)
        if base is not None:
            return role, float(table[base])
    return None


def _read_ar_number(tokens, i: int, text: str) -> tuple[Quantity | None, int]:
    word, start, _ = tokens[i]
    qualifier = _qualifier_before(text, start, _AR_MORE, _AR_LESS, _AR_APPROX)
    # digits, with an ordinal article ("الـ15") or a clitic ("و15") before them
    m = re.fullmatch(rf"(ال|وال|بال|لل|[وبلف])?({_DIGITS})", word)
    if m:
        value = _digits_value(m.group(2))
        if value is None:
            return None, 1
        j = i + 1
        kind = "ordinal" if m.group(1) in ("ال", "وال", "بال", "لل") else "number"
        value, j = _ar_scale_after(tokens, j, value)
        if j < len(tokens) and tokens[j][0] == "%":
            kind, j = "percent", j + 1
        elif i > 0 and tokens[i - 1][0] == "%" and tokens[i - 1][2] <= start:  # "%10"
            kind = "percent"
        end = tokens[j - 1][2]
        return _quantity(kind, text[start:end].strip(), value, qualifier=qualifier, start=start, end=end), j - i
    # vague magnitudes: عشرات، مئات، آلاف (not after a number), "عشرات الآلاف"
    base = _strip_ar(word, _AR_VAGUE)
    if base is not None and not (base in ("الاف", "ملايين", "مليارات") and i > 0 and _is_number_token(tokens[i - 1][0])):
        value = _AR_VAGUE[base]
        j = i + 1
        if j < len(tokens):
            nxt = _strip_ar(tokens[j][0], _AR_VAGUE)
            if nxt in ("الاف", "ملايين", "مليارات") and _AR_VAGUE[nxt] > value:
                value *= _AR_VAGUE[nxt]
                j += 1
        end = tokens[j - 1][2]
        return _quantity("vague", text[start:end], value, start=start, end=end), j - i
    # fractions: ربع، نصف، ثلث، ثلثا، "ثلاثة أرباع"; "نصف مليون"
    base = _strip_ar(word, _AR_FRACTIONS)
    if base is not None and not (base == "خمس" and not (_fraction_context(tokens, i) or _definite_fifth(tokens, i))):
        value = _AR_FRACTIONS[base]
        j = i + 1
        scaled, j2 = _ar_scale_after(tokens, j, value, allow_definite=True)
        if j2 > j:
            end = tokens[j2 - 1][2]
            return _quantity("number", text[start:end], scaled, qualifier=qualifier, start=start, end=end), j2 - i
        return _quantity("fraction", word, value, qualifier=qualifier, start=start, end=tokens[i][2]), 1
    # ordinals: الأول، الخامسة، "الحادي عشر"، "الحادي والعشرين"
    base = _strip_ar(word, _AR_ORDINALS)
    if base is not None and (word != base or base in ("اول", "اولي")):
        value = float(_AR_ORDINALS[base])
        j = i + 1
        if j < len(tokens) and _strip_ar(tokens[j][0], {"عشر": 0, "عشره": 0}) is not None:
            value, j = value + 10, j + 1
        elif j < len(tokens) and tokens[j][0].startswith("و") and _strip_ar(tokens[j][0], _AR_TENS) is not None:
            value, j = value + _AR_TENS[_strip_ar(tokens[j][0], _AR_TENS)], j + 1
        period = tokens[j][0] if j < len(tokens) and tokens[j][0] in _AR_PERIODS else None
        before = text[max(0, start - 8):start]
        if value <= 12 and (period or "الساعه" in before) and not (j < len(tokens) and tokens[j][0] in (
                "والنصف", "والربع", "الا", "والثلث")):
            end = tokens[j][2] if period else tokens[j - 1][2]
            return time_quantity(text[start:end], int(value), 0, period, start, end), j - i + (1 if period else 0)
        if value <= 12 and j < len(tokens) and tokens[j][0] in ("والنصف", "والربع", "الا", "والثلث"):
            minutes = {"والنصف": 30, "والربع": 15, "والثلث": 20}.get(tokens[j][0])
            if minutes is None and j + 1 < len(tokens) and tokens[j + 1][0] in ("ربعا", "ربع"):
                value, minutes, j = value - 1, 45, j + 1
            if minutes is not None:
                end = tokens[j][2]
                k = j + 1
                period = tokens[k][0] if k < len(tokens) and tokens[k][0] in _AR_PERIODS else None
                if period:
                    end, k = tokens[k][2], k + 1
                return time_quantity(text[start:end], int(value), minutes, period, start, end), k - i
        end = tokens[j - 1][2]
        strong = value > 2
        return _quantity("ordinal", text[start:end], value, strong=strong, start=start, end=end), j - i
    # spelled cardinals and scales: "ثلاثة آلاف وخمسمائة", "خمسة وعشرون", "ثلاث مئة", "مليونان"
    value, j = _ar_cardinal(tokens, i)
    if j > i:
        end = tokens[j - 1][2]
        kind = "number"
        if j < len(tokens) and _strip_ar(tokens[j][0], _AR_FRACTION_PLURALS) is not None:  # "ثلاثة أرباع"
            value *= _AR_FRACTION_PLURALS[_strip_ar(tokens[j][0], _AR_FRACTION_PLURALS)]
            kind, j = "fraction", j + 1
            end = tokens[j - 1][2]
        elif j < len(tokens) and tokens[j][0] == "%":
            kind, j = "percent", j + 1
        strong = value > 2 or value != int(value)
        return _quantity(kind, text[start:end], value, strong=strong, qualifier=qualifier, start=start,
                         end=end), j - i
    # duals of counted nouns: عامين = two years (weak: English may write "two" or nothing)
    if _strip_ar(word, _AR_DUALS) is not None:
        value, used = 2.0, 1
        if i + 1 < len(tokens) and tokens[i + 1][0] == "ونصف":
            value, used = 2.5, 2
        strong = _strip_ar(word, _AR_STRONG_DUALS) is not None
        end = tokens[i + used - 1][2]
        return _quantity("number", text[start:end], value, strong=strong, start=start, end=end), used
    if _strip_ar(word, _AR_UNIT_NOUNS) is not None and i + 1 < len(tokens) and tokens[i + 1][0] == "ونصف":
        end = tokens[i + 1][2]
        return _quantity("number", text[start:end], 1.5, start=start, end=end), 2  # "ساعة ونصف"
    return None, 1


def _ar_cardinal(tokens, i: int) -> tuple[float, int]:
    """Read a number in words from ``tokens[i]``; return its value and the index after it (``i``
    when there is none)."""
    total = current = 0.0
    used, last, j = 0, None, i
    while j < len(tokens):
        tok = tokens[j][0]
        if tok[0].isdigit() or tok == "%":
            break
        word, conj = tok, False
        if used and tok.startswith("و") and len(tok) > 2 and (
                _ar_word_value(tok[1:]) is not None or _strip_ar(tok[1:], _AR_SCALES) is not None):
            word, conj = tok[1:], True
        scale = _strip_ar(word, _AR_SCALES)
        info = None if scale is not None else _ar_word_value(word)
        if word in ("لست", "است"):  # "I am not", not six
            break
        if scale is not None:
            mult, form = _AR_SCALES[scale]
            nxt = tokens[j + 1][0] if j + 1 < len(tokens) else ""
            if form == "dual" and not current and not used or (
                    form == "acc" and not current and not used and not nxt.startswith("و")):
                current = 2.0  # "مليونان", "ألفا زائر": two thousand (but "ألفاً ومئتا" is 1,200)
            elif form == "pl" and not current:
                break  # "آلاف" alone is a vague magnitude
            elif used and conj and not current:
                break
            total += (current or 1.0) * mult
            current, last = 0.0, "scale"
            used, j = used + 1, j + 1
            if j < len(tokens) and tokens[j][0] == "ونصف":  # "مليون ونصف (المليون)" = 1.5 million
                total += mult / 2
                j += 1
                same = _strip_ar(tokens[j][0], _AR_SCALES) if j < len(tokens) and tokens[j][0].startswith("ال") else None
                if same is not None and _AR_SCALES[same][0] == mult:
                    j += 1
            continue
        if info is None:
            break
        role, value = info
        if used and not conj:
            if role == "unit" and value == 10 and last == "unit" and current < 10:
                current += 10  # "خمسة عشر"
            elif role == "hundred" and value == 100 and last == "unit" and current < 10:
                current *= 100  # "ثلاث مئة"
            else:
                break
        elif used and conj and (
                (role == "unit" and (last in ("unit", "tens") or current % 10))
                or (role == "tens" and current % 100 >= 10 and last != "unit")
                or (role == "tens" and last == "unit" and current % 100 >= 10)
                or (role == "hundred" and current % 1000 >= 100)):
            break  # "خمسة وستة", "مائتين وثلاثمائة": two numbers, not one
        else:
            current += value
        last = role
        used, j = used + 1, j + 1
    return total + current, j


def _fraction_context(tokens, i: int) -> bool:
    """"خمس" is a fraction (a fifth) only before a definite noun or a scale word; else it is five."""
    if i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1][0]
    return nxt.startswith("ال") and _strip_ar(nxt, _AR_SCALES) is None and not nxt.startswith("الاف")


def _definite_fifth(tokens, i: int) -> bool:
    """"الخمس" / "بمقدار الخمس" (the fifth part), not followed by a counted noun."""
    word = tokens[i][0]
    return word.endswith("الخمس") and (i + 1 >= len(tokens) or not tokens[i + 1][0].startswith("ال"))


def _is_number_token(token: str) -> bool:
    return bool(re.fullmatch(r"[وبلف]?\d[\d.,٫٬]*", token)) or _ar_word_value(token) is not None


def _ar_scale_after(tokens, j: int, value: float, *, allow_definite: bool = False) -> tuple[float, int]:
    """Apply a scale word after a number ("3 آلاف", "1.5 مليار", "نصف المليون")."""
    if j < len(tokens):
        tok = tokens[j][0]
        if allow_definite and tok.startswith("ال"):
            tok = tok[2:]
        scale = _strip_ar(tok, _AR_SCALES) if not tok[0].isdigit() else None
        if scale is not None:
            mult, _ = _AR_SCALES[scale]
            value *= mult
            j += 1
            if j < len(tokens) and tokens[j][0] in ("ونصف",):
                value += mult / 2
                j += 1
    return value, j


def _scan_ar_currencies(scan: _Scan) -> None:
    for m in re.finditer(r"[\u0621-\u064a]+", scan.text):
        base = _strip_ar(m.group(0), CURRENCIES_AR)
        if base is not None:
            family = CURRENCIES_AR[base]
            scan.found.append(Quantity("currency", family, frozenset({("c", family)}), None, True, None,
                                       m.start(), m.end()))


# --- English --------------------------------------------------------------------------------------

_EN_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "ninety": 90}
_EN_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6, "k": 1e3,
              "mn": 1e6, "tn": 1e12}
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
                "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
                "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
                "thousandth": 1000}
_EN_FRACTIONS = {"half": 0.5, "halves": 0.5, "quarter": 0.25, "quarters": 0.25, "third": 1 / 3, "thirds": 1 / 3,
                 "fifth": 0.2, "fifths": 0.2}
_EN_VAGUE = {"dozens": 10.0, "tens": 10.0, "scores": 10.0, "hundreds": 100.0, "thousands": 1e3,
             "millions": 1e6, "billions": 1e9, "multimillion": 1e6, "multibillion": 1e9}
_EN_APPROX = {"about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
              "nearly": "about", "almost": "about", "circa": "about", "approx": "about", "estimated": "about",
              "close to": "about", "up to": "less"}
_EN_MORE = ("more than", "over", "at least", "upwards of", "in excess of", "above", "exceeding", "no fewer than",
            "no less than")
_EN_LESS = ("less than", "fewer than", "under", "below", "up to", "at most", "no more than")
_ROMAN = {"ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10, "xi": 11, "xii": 12}


def read_english(text: str) -> list[Quantity]:
    """Every quantity of an English text, in order of appearance."""
    norm = text.translate(ARABIC_INDIC).replace("٫", ".").replace("٬", ",")
    norm = re.sub(r"\b(?:per\s?cent|percent|pct)\b", lambda m: "%".ljust(len(m.group(0))), norm, flags=re.I)
    norm = re.sub(r"\b(\d+)\s?(?:AH|H|A\.H\.)\b", lambda m: m.group(1).ljust(len(m.group(0))), norm)
    scan = _Scan(norm)
    _scan_en_multiples(scan)
    _scan_en_currencies(scan)
    _scan_en_dates(scan)
    _scan_common(scan, arabic=False)
    _scan_en_roman(scan)
    _scan_en_numbers(scan)
    _scan_en_words(scan)
    found = _share_scales(sorted(scan.found, key=lambda q: q.start), norm, r"\s*(?:and|to|-|–)\s*\$?")
    found = _centuries(_units(found, norm, UNITS_EN, arabic=False), norm, arabic=False)
    return sorted(found, key=lambda q: q.start)


_EN_MONTH_RX = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|" \
               r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_EN_HIJRI_RX = "|".join(sorted(("['’`]?".join(re.escape(ch) if ch not in " -" else "[- ]?" for ch in k)
                                for k in HIJRI_EN), key=len, reverse=True))
_ORD_SUFFIX = r"(?:st|nd|rd|th)?"


def _en_month(name: str) -> int:
    return EN_MONTHS[name.lower().rstrip(".")]


def _scan_en_dates(scan: _Scan) -> None:
    flags = re.IGNORECASE
    day_word = "|".join(sorted(_EN_ORDINALS, key=len, reverse=True))
    patterns = [
        # 15 January 2024, 15th of January, the first of November
        re.compile(rf"\b(?:the\s+)?(?:(?P<d>\d{{1,2}}){_ORD_SUFFIX}|(?P<dw>{day_word}))\s+(?:of\s+)?(?P<m>{_EN_MONTH_RX})"
                   rf"(?![a-z])(?:,?\s+(?P<y>\d{{4}}))?", flags),
        # January 15, 2024; January 2024; January
        re.compile(rf"\b(?P<m>{_EN_MONTH_RX})(?![a-z])(?:\s+(?P<d>\d{{1,2}}){_ORD_SUFFIX}(?!\d))?(?:,?\s+(?P<y>\d{{4}}))?",
                   flags),
    ]
    for pattern in patterns:
        for m in list(pattern.finditer(scan.text)):
            name = m.group("m")
            if not (m.group("d") or m.groupdict().get("dw") or m.group("y")) and name[0].islower():
                continue  # "may" the verb, "march" the noun: a month alone is capitalised
            if name.lower().rstrip(".") in ("may", "march") and not (m.group("d") or m.groupdict().get("dw")
                                                                     or m.group("y")):
                before = scan.text[max(0, m.start() - 8):m.start()].lower()
                if not re.search(r"\b(?:in|of|since|until|by|early|late|mid|last|next|this)\s*-?\s*$", before):
                    continue
            day = int(m.group("d")) if m.group("d") else (_EN_ORDINALS[m.group("dw").lower()]
                                                          if m.groupdict().get("dw") else None)
            if day is not None and not 1 <= day <= 31:
                continue
            year = int(m.group("y")) if m.group("y") else None
            scan.take(m.start(), m.end(), _date("date", m.group(0).strip(), year, _en_month(name), day, m.start(),
                                                m.end()))
    hijri = re.compile(rf"\b(?:(?:the\s+)?(?:(?P<d>\d{{1,2}}){_ORD_SUFFIX}|(?P<dw>{day_word}))\s+(?:of\s+)?)?"
                       rf"(?P<m>{_EN_HIJRI_RX})\b(?:,?\s+(?P<y>\d{{4}}))?", flags)
    for m in list(hijri.finditer(scan.text)):
        key = re.sub(r"['’`]", "", m.group("m").lower()).replace(" ", "-")
        month = next((v for k, v in HIJRI_EN.items() if k.replace(" ", "-") == key or k.replace(" ", "") ==
                      key.replace("-", "")), None)
        if month is None:
            continue
        day = int(m.group("d")) if m.group("d") else (_EN_ORDINALS[m.group("dw").lower()] if m.group("dw") else None)
        year = int(m.group("y")) if m.group("y") else None
        if month in (2, 7) and day is None and year is None:
            continue
        scan.take(m.start(), m.end(), _date("hijri", m.group(0).strip(), year, month, day, m.start(), m.end()))
    for m in list(re.finditer(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", scan.text, flags)):
        scan.take(m.start(), m.end(), Quantity("weekday", m.group(1), frozenset({("w", EN_WEEKDAYS[m.group(1).lower()])}),
                                               None, True, None, m.start(), m.end()))


_EN_MULTIPLES = {"double": 2, "doubled": 2, "doubles": 2, "doubling": 2, "twofold": 2, "triple": 3, "tripled": 3,
                 "triples": 3, "tripling": 3, "treble": 3, "trebled": 3, "threefold": 3, "quadruple": 4,
                 "quadrupled": 4, "fourfold": 4, "fivefold": 5, "tenfold": 10}
_EN_DECADES = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
               "eighties": 80, "nineties": 90}


def _scan_en_multiples(scan: _Scan) -> None:
    for m in list(re.finditer(r"\b(" + "|".join(_EN_MULTIPLES) + r")\b", scan.text, re.I)):
        multiple = _multiple(m.group(0), _EN_MULTIPLES[m.group(1).lower()], m.start(), m.end())
        if m.group(1).lower() in ("double", "triple", "treble", "quadruple"):  # also "a double attack": weak
            multiple = Quantity(multiple.kind, multiple.text, multiple.keys, multiple.value, False, None,
                                multiple.start, multiple.end)
        scan.take(m.start(), m.end(), multiple)
    for m in list(re.finditer(r"\b(?:(\d{2})(\d0)|['’](\d0))s\b", scan.text)):
        decade = int(m.group(2) or m.group(3))
        year = int(m.group(1) + m.group(2)) if m.group(1) else None
        scan.take(m.start(), m.end(), _decade(m.group(0), decade, m.start(), m.end(), year))
    for m in list(re.finditer(r"\b(?:the\s+)?(" + "|".join(_EN_DECADES) + r")\b", scan.text, re.I)):
        scan.take(m.start(), m.end(), _decade(m.group(0), _EN_DECADES[m.group(1).lower()], m.start(), m.end()))
    for m in list(re.finditer(r"\b(\d+|two|three|four|five|ten)\s+times\s+(?=as|more|higher|larger|bigger|the)", scan.text,
                              re.I)):
        word = m.group(1).lower()
        factor = float(word) if word.isdigit() else {"two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}[word]
        scan.take(m.start(), m.end(), _multiple(m.group(0), factor, m.start(), m.end()))


def _scan_en_roman(scan: _Scan) -> None:
    """Regnal and war numbers: "Abdullah II", "Mohammed VI", "World War II"."""
    for m in list(re.finditer(r"(?<=[A-Z][a-z]) (II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)\b", scan.text)):
        value = _ROMAN[m.group(1).lower()]
        scan.take(m.start(1), m.end(1), _quantity("ordinal", m.group(1), value, strong=value > 2, start=m.start(1),
                                                  end=m.end(1)))


def _scan_en_numbers(scan: _Scan) -> None:
    text = scan.text
    rx = re.compile(rf"(?P<pre>[$€£]\s?)?(?P<num>{_DIGITS})(?P<ord>st|nd|rd|th)?"
                    rf"(?P<scale>\s?(?:thousand|million|billion|trillion|bn|mn|tn)\b|[mk]\b)?(?P<pct>\s?%)?", re.I)
    for m in list(rx.finditer(text)):
        if m.start() > 0 and (text[m.start() - 1].isalpha() or text[m.start() - 1] in "#"):
            continue
        value = _digits_value(m.group("num"))
        if value is None:
            continue
        kind = "number"
        if m.group("ord"):
            kind = "ordinal"
        if m.group("scale"):
            value *= _EN_SCALES[m.group("scale").strip().lower()]
        if m.group("pct"):
            kind = "percent"
        qualifier = _qualifier_before(text, m.start(), _EN_MORE, _EN_LESS, _EN_APPROX)
        end = m.end()
        quantity = _quantity(kind, m.group(0).strip(), value, qualifier=qualifier, start=m.start(), end=end)
        scan.take(m.start(), end, quantity)
        if m.group("pre"):
            family = CURRENCIES_EN[m.group("pre").strip()]
            scan.found.append(Quantity("currency", family, frozenset({("c", family)}), None, True, None, m.start(),
                                       m.start() + 1))


def _scan_en_words(scan: _Scan) -> None:
    text = scan.text
    tokens = [(m.group(0).lower(), m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+|%|[$€£]", text)]
    i = 0
    while i < len(tokens):
        word, start, end = tokens[i]
        quantity, used = _read_en_words(tokens, i, text)
        if quantity is None and word in ("both", "twice", "couple", "double", "pair"):
            quantity, used = _quantity("number", word, 2.0, strong=False, start=start, end=end), 1
        if quantity is not None and quantity.value is not None and i + used + 2 < len(tokens) \
                and [t[0] for t in tokens[i + used:i + used + 3]] == ["and", "a", "half"]:
            last = tokens[i + used + 2][2]
            value = quantity.value + 0.5
            used += 3
            if i + used < len(tokens) and tokens[i + used][0] in _EN_BIG:  # "one and a half million"
                value *= _EN_BIG[tokens[i + used][0]]
                last = tokens[i + used][2]
                used += 1
            quantity = _quantity("number", text[start:last], value, start=start, end=last)
        elif quantity is None and word in ("a", "an", "one") and i + 4 < len(tokens) \
                and [t[0] for t in tokens[i + 2:i + 5]] == ["and", "a", "half"]:
            last = tokens[i + 4][2]
            quantity, used = _quantity("number", text[start:last], 1.5, start=start, end=last), 5
        if quantity is not None and quantity.strong and quantity.kind == "number" \
                and re.match(r"-[a-z]", text[quantity.end:quantity.end + 2]):
            quantity = Quantity(quantity.kind, quantity.text, quantity.keys, quantity.value, False,
                                quantity.qualifier, quantity.start, quantity.end)  # "five-year plan"
        if quantity is not None:
            scan.found.append(quantity)
            i += used
        else:
            i += 1


def _scan_en_currencies(scan: _Scan) -> None:
    text = scan.text
    for m in re.finditer(r"[A-Za-z]+", text):
        word = m.group(0).lower()
        if word not in CURRENCIES_EN or (word in ("mad", "sar", "pound", "pounds", "yen") and not (
                _after_number(text, m.start()) or re.match(r"\s?\d", text[m.end():]))):
            continue
        if word.isupper() is False and m.group(0).isupper() and word in ("mad",):
            continue
        family = CURRENCIES_EN[word]
        scan.found.append(Quantity("currency", family, frozenset({("c", family)}), None, True, None, m.start(),
                                   m.end()))


def _share_scales(found: list[Quantity], text: str, joiner: str) -> list[Quantity]:
    """In "بين 200 و300 ألف" / "between 3 and 4 million" the first number shares the second's scale:
    it also reads as 200,000 / 3 million."""
    out = list(found)
    numbers = [q for q in found if q.kind == "number" and q.value is not None]
    for a, b in zip(numbers, numbers[1:]):
        between = text[a.end:b.start]
        if b.text.startswith("و"):
            between += "و"
        if not re.fullmatch(joiner, between.replace("و", "", 1) if "و" in between else between) \
                or a.value >= b.value or a.value >= 1000:
            continue
        for mult in (1e3, 1e6, 1e9):
            base = b.value / mult
            if 1 <= base < 1000 and a.value < base and (base == int(base) or mult > 1e3):
                shared = Quantity(a.kind, a.text, a.keys | {_num_key(a.value * mult)}, a.value, a.strong,
                                  a.qualifier, a.start, a.end, a.parts)
                out[out.index(a)] = shared
                break
    return out


def _after_number(text: str, start: int) -> bool:
    return bool(re.search(r"(?:\d|million|billion|thousand)\s*$", text[max(0, start - 12):start], re.I))


def _read_en_words(tokens, i: int, text: str) -> tuple[Quantity | None, int]:
    word, start, _ = tokens[i]
    qualifier = _qualifier_before(text, start, _EN_MORE, _EN_LESS, _EN_APPROX)
    nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
    nxt2 = tokens[i + 2][0] if i + 2 < len(tokens) else ""
    # vague magnitudes: dozens, hundreds, "tens of thousands"
    if word in _EN_VAGUE and (word != "tens" or nxt == "of") and (word != "scores" or nxt == "of"):
        value, j = _EN_VAGUE[word], i + 1
        if nxt == "of" and nxt2 in _EN_VAGUE and _EN_VAGUE[nxt2] > value:
            value, j = value * _EN_VAGUE[nxt2], i + 3
        end = tokens[j - 1][2]
        return _quantity("vague", text[start:end], value, start=start, end=end), j - i
    # fractions: "a quarter", "two thirds", "half a million", "three quarters"
    if word in ("a", "an", "one", "half") or word in _EN_FRACTIONS:
        frac_word, count, j = None, 1.0, i
        if word in ("a", "an", "one") and nxt in _EN_FRACTIONS:
            frac_word, j = nxt, i + 2
        elif word in _EN_FRACTIONS and word in ("half", "quarter", "halves", "quarters", "thirds", "fifths"):
            frac_word, j = word, i + 1
        if frac_word:
            value = count * _EN_FRACTIONS[frac_word]
            after = tokens[j][0] if j < len(tokens) else ""
            if after in ("a", "an") and j + 1 < len(tokens) and tokens[j + 1][0] in _EN_SCALES:
                value *= _EN_SCALES[tokens[j + 1][0]]
                j += 2
                end = tokens[j - 1][2]
                return _quantity("number", text[start:end], value, qualifier=qualifier, start=start, end=end), j - i
            if after == "of" and j + 2 < len(tokens) and tokens[j + 1][0] in ("a", "an") and tokens[j + 2][0] in _EN_SCALES:
                value *= _EN_SCALES[tokens[j + 2][0]]
                j += 3
                end = tokens[j - 1][2]
                return _quantity("number", text[start:end], value, qualifier=qualifier, start=start, end=end), j - i
            if after in _EN_SCALES and after not in ("m", "k"):
                value *= _EN_SCALES[after]
                j += 1
                end = tokens[j - 1][2]
                return _quantity("number", text[start:end], value, qualifier=qualifier, start=start, end=end), j - i
            end = tokens[j - 1][2]
            extra = {("n", 3.0)} if frac_word == "third" else set()
            return _quantity("fraction", text[start:end], value, qualifier=qualifier, start=start, end=end,
                             extra=extra), j - i
    if word in ("semi",):
        return _quantity("fraction", word, 0.5, strong=False, start=start, end=tokens[i][2]), 1
    # ordinals: "twenty-first", "fifth"
    if word in _EN_TENS and nxt in _EN_ORDINALS and _EN_ORDINALS[nxt] < 10 and text[tokens[i][2]:tokens[i + 1][1]] == "-":
        value = _EN_TENS[word] + _EN_ORDINALS[nxt]
        end = tokens[i + 1][2]
        return _quantity("ordinal", text[start:end], value, start=start, end=end), 2
    if word in _EN_ORDINALS:
        value = _EN_ORDINALS[word]
        extra = {("n", round(1 / 3, 6)), ("n", 33.333333)} if word == "third" else set()
        return _quantity("ordinal", word, value, strong=value > 2, start=start, end=tokens[i][2], extra=extra), 1
    # cardinals: "twenty-five", "two hundred and fifty", "a million", "a dozen", "two thirds"
    value, j = _en_cardinal(tokens, i)
    if j > i:
        end = tokens[j - 1][2]
        kind = "number"
        if j < len(tokens) and tokens[j][0] in ("thirds", "quarters", "fifths", "halves"):
            value *= _EN_FRACTIONS[tokens[j][0]]
            kind, j = "fraction", j + 1
            end = tokens[j - 1][2]
        elif j < len(tokens) and tokens[j][0] == "%":
            kind, j = "percent", j + 1
        return _quantity(kind, text[start:end], value, strong=value > 2 or value != int(value), qualifier=qualifier,
                         start=start, end=end), j - i
    return None, 1


_EN_BIG = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def _en_cardinal(tokens, i: int) -> tuple[float, int]:
    """Read an English number in words from ``tokens[i]``; return its value and the index after it."""
    total = current = 0.0
    used, last, j = 0, None, i
    n = len(tokens)
    while j < n:
        tok = tokens[j][0]
        nxt = tokens[j + 1][0] if j + 1 < n else ""
        if tok in ("a", "an") and not used and nxt in (*_EN_BIG, "hundred", "dozen"):
            current, last, j = 1.0, "a", j + 1
            continue
        if tok in _EN_UNITS:
            if last in ("unit",) or (last == "tens" and _EN_UNITS[tok] >= 10) or last == "a":
                break
            current += _EN_UNITS[tok]
            last = "unit"
        elif tok in _EN_TENS:
            if last in ("unit", "tens", "a"):
                break
            current += _EN_TENS[tok]
            last = "tens"
        elif tok == "hundred":
            if last not in ("unit", "a"):
                break
            current = (current or 1.0) * 100
            last = "hundred"
        elif tok in _EN_BIG:
            if last is None or last == "scale":
                break
            total += (current or 1.0) * _EN_BIG[tok]
            current, last = 0.0, "scale"
        elif tok == "dozen":
            if last not in ("unit", "a", "tens"):
                break
            current = (current or 1.0) * 12
            last = "scale"
        elif tok == "and" and last in ("hundred", "scale") and (nxt in _EN_UNITS or nxt in _EN_TENS):
            j += 1
            continue
        else:
            break
        used, j = used + 1, j + 1
    if not used:
        return 0.0, i
    return total + current, j


# --- comparing --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Comparison:
    """The quantities one side has that the other lacks."""

    missing: tuple[Quantity, ...]  # in the source, not in the target
    extra: tuple[Quantity, ...]  # in the target, not in the source

    @property
    def agree(self) -> bool:
        return not self.missing and not self.extra


def _agrees(a: Quantity, b: Quantity) -> bool:
    return bool(a.keys & b.keys)


def compare(source: Sequence[Quantity], target: Sequence[Quantity]) -> Comparison:
    """What differs between two lists of quantities.

    A strong quantity of either side with no agreeing quantity on the other side is reported. Dates
    and times not matched whole are matched again by their numbers (a day and a year written apart).
    Currencies are compared as sets of families.
    """
    both_units = any(q.kind == "unit" for q in source) and any(q.kind == "unit" for q in target)
    missing = [q for q in source if q.strong and not any(_agrees(q, t) for t in target)
               and (q.kind != "unit" or both_units)]
    extra = [q for q in target if q.strong and not any(_agrees(q, s) for s in source)
             and (q.kind != "unit" or both_units)]
    missing, extra = _second_pass(missing, extra, source, target)
    # "more than 100" is not "fewer than 100": same value, opposite direction
    opposite = {"more": "less", "less": "more"}
    for q in source:
        if q.qualifier in opposite and q not in missing:
            agreeing = [t for t in target if _agrees(q, t)]
            if agreeing and all(t.qualifier == opposite[q.qualifier] for t in agreeing):
                missing.append(q)
                extra.extend(t for t in agreeing if t not in extra)
    return Comparison(tuple(missing), tuple(extra))


def _second_pass(missing, extra, source, target):
    """A date or time unmatched whole agrees with loose numbers giving its day and year ("on the 15th
    … 2024"), and a loose number agrees with the day or year of a date on the other side."""
    def loose(qs):
        return {k for q in qs if not q.parts for k in q.keys if k[0] == "n"}

    def parts(qs):
        return {_num_key(p) for q in qs for p in q.parts}

    def kept(qs, other):
        other_loose, other_parts = loose(other), parts(other)
        return [q for q in qs if not (q.parts and {_num_key(p) for p in q.parts} <= other_loose)
                and not (not q.parts and q.kind in ("number", "ordinal") and q.keys & other_parts)]

    return kept(missing, target), kept(extra, source)


@functools.lru_cache(maxsize=4096)
def read(text: str, lang: str) -> tuple[Quantity, ...]:
    """The quantities of ``text`` in ``lang`` ("ar" or "en"), cached."""
    return tuple(read_arabic(text) if lang == "ar" else read_english(text))


def is_number_word(word: str, lang: str) -> bool:
    """Whether a single word is part of how a number is written ("ثمانية", "ملايين", "forty")."""
    if lang == "ar":
        w = normalise_arabic(word)
        return (_ar_word_value(w) is not None or _strip_ar(w, _AR_SCALES) is not None
                or _strip_ar(w, _AR_VAGUE) is not None)
    w = word.lower()
    return w in _EN_UNITS or w in _EN_TENS or w in _EN_BIG or w in ("hundred", "dozen", "percent")


def describe(quantities: Iterable[Quantity]) -> str:
    return ", ".join(q.describe() for q in quantities)


def supports(claim: Quantity, evidence: Sequence[Quantity]) -> bool:
    """Whether ``evidence`` backs a quantity stated in a summary, allowing the usual rounding: "more
    than 40" is backed by 43, "about 500" by 480–520, "dozens" by 35."""
    if any(_agrees(claim, e) for e in evidence):
        return True
    numbers = {k for e in evidence for k in e.keys if k[0] == "n"} | {_num_key(p) for e in evidence for p in e.parts}
    if claim.value is None:  # a date written another way: its day and year are there
        return bool(claim.parts) and {_num_key(p) for p in claim.parts} <= numbers
    if claim.keys & numbers:
        return True
    values = [e.value for e in evidence if e.value is not None and e.kind != "vague"]
    v = claim.value
    if claim.kind == "vague":
        return any(v <= e < v * 100 for e in values)
    for e in values:
        if claim.qualifier == "more" and e > v:
            return True
        if claim.qualifier == "less" and e < v:
            return True
        if claim.qualifier == "about" and v and abs(e - v) <= 0.1 * abs(v):
            return True
    return False
