"""Cleaning: which lines of a scraped or pasted article are article text, and which are not.

Conservative by design: a line is dropped only when several signals agree, never for one keyword
somewhere in it. The signals, in the manner of jusText:

- **zone**: the *header* (lines before the first paragraph that reads like article text), the
  *body*, and the *footer* (after the last such paragraph). The headline, the dateline and bylines
  are looked for in the header only; blocks of links are trusted more in the footer;
- **shape**: length in words, final punctuation, separators (``>``, ``/``, ``|``), digits;
- **lexicon**: phrases that make up a whole cruft line or its label ("آخر تحديث:", "اقرأ أيضا:",
  "جميع الحقوق محفوظة", share-bar words, "الأكثر قراءة" …);
- **context**: the lines under a block heading ("أخبار ذات صلة", "الأكثر قراءة", "التعليقات") that
  look like link titles; lines that repeat inside the article's header or footer (running headers
  of a PDF); lines that repeat across several articles of the same folder (site boilerplate).

A line that may be content is kept: subheadings, list items (even repeated ones), short lines after
a block of links, sentences that merely contain "ذات صلة" or start with "طباعة" or hold a dash.

Every dropped line is returned with its reason. The dateline (from the header zone only) and the
bylines are kept as metadata.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from summarize.errors import EmptyInputError, NotArabicError
from summarize.text.decode import MIN_ARABIC_RATIO, arabic_ratio
from summarize.text.document import Document, Dropped
from summarize.text.normalise import ARABIC_DIACRITICS, PRESENTATION_FORMS, normalise_arabic, normalise_line

# --- lexicon ----------------------------------------------------------------------------------------
# Each pattern is matched against a line with diacritics removed and alef/ya/ta marbuta normalised
# (normalise_arabic), anchored at its start; "whole" patterns must cover the whole line.


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


_END = r"\s*[:：.،,]?\s*$"
_LABEL = r"\s*[:：\-–—]\s*"  # "المصدر: …", "كتب - …"

TIMESTAMP = _rx(r"^(?:اخر|آخر) تحديث", r"^تم التحديث", r"^(?:تاريخ )?التحديث" + _LABEL, r"^محدث" + _LABEL,
                r"^منذ \d+ (?:ثانيه|ثوان|دقيقه|دقائق|دقيقتين|ساعه|ساعات|ساعتين|يوم|ايام|يومين|اسبوع)" + _END,
                r"^منذ (?:ساعه|ساعتين|دقيقه|دقيقتين|يوم|يومين)" + _END,
                r"^(?:مده |وقت )?القراءه" + _LABEL + r"?\d*", r"^(?:قراءه )?\d+ (?:دقائق|دقيقه|دقيقتان)(?: للقراءه| قراءه)?" + _END,
                r"^قراءه \d+ (?:دقائق|دقيقه)" + _END, r"^قراءه\s*:?\s*\d+\s*(?:دقائق|دقيقه)" + _END,
                r"^(?:نشر|نشرت|تم النشر)?\s*منذ \d*\s*(?:ثانيه|ثوان|دقيقه|دقائق|دقيقتين|ساعه|ساعات|ساعتين|يوم|ايام|يومين)" + _END,
                r"^(?:ال)?تحديث (?:ال)?تلقائي", r"^(?:يتم|سيتم|يجري) تحديث (?:هذه الصفحه|الصفحه|التغطيه|هذا الخبر)", r"^(?:updated|last updated)\b")
DATELINE_LABEL = _rx(r"^(?:تاريخ النشر|نشر في|نشر بتاريخ|تاريخ|التاريخ|نشر)" + _LABEL, r"^published\b")
BYLINE_LABEL = _rx(r"^\(?\s*(?:من مراسلنا|من مراسلتنا|مراسلتنا|كتب|كتبت|كتبه|بقلم|تقرير|اعداد|متابعه|حوار|حاوره|حاورته|حاورها|اجري الحوار|تحرير|بواسطه|رصد|"
                   r"ترجمه|المحرر|الكاتب|مراسل|مراسلنا|فريق التغطيه|فريق العمل)"
                   r"(?:\s*[:：\-–—/]\s*|\s+)(?=\S)", r"^by\s+[A-Z]")
CREDIT = _rx(r"^المصدر" + _LABEL, r"^مصدر الخبر" + _LABEL, r"^\(?\s*(?:ا ف ب|أ ف ب|رويترز|الاناضول|وام|واس|بترا|كونا|قنا|"
             r"سبا|ومع|واج|وات|سانا|ا ش ا|أ ش أ|د ب ا|afp|reuters|ap)\s*\)?" + _END,
             r"^[/(\s]*انتهي[/)\s]*" + _END, r"^[-—–\s]*انتهي[-—–\s]*$", r"^للاستفسارات", r"^للتواصل", r"^هاتف\s*:",
             r"^للنشر الفوري" + _END)
CAPTION = _rx(r"^(?:صوره|الصوره|صور|تصوير|فيديو|بالفيديو|شاهد بالفيديو|انفوجراف|فوتو)" + _LABEL,
              r"^صوره (?:ارشيفيه|من الارشيف)", r"^(?:صوره|الصوره)\s*\(", r"^(?:صوره|photo)\s*$",
              r"(?:^|\s)[-–—]\s*(?:صوره ارشيفيه|ارشيفيه|ارشيف)\s*$", r"\((?:صوره|تصوير|ارشيفيه|ارشيف|photo)[^)]{0,40}\)\s*$",
              r"^\((?:صوره|ارشيفيه|ارشيف)[^)]*\)$", r"[-–—]\s*(?:صوره (?:من الارشيف|ارشيفيه|تعبيريه)|تصوير\s*:.*)$",
              r"\((?:خاص|ارشيف|ارشيفيه|رويترز|ا ف ب|فرانس برس|الاناضول|وكالات|getty|afp|reuters|ap|epa)\)\s*$")
CAPTION_START = re.compile(r"^(?:صوره|الصوره|صور|لقطه|مشهد) (?:من|ل|تظهر|توضح|تعبيريه|ارشيفيه|جويه|متداوله)")
INITIALS = re.compile(r"^(?:[\u0621-\u064a]\.?\s*){1,5}(?:/\s*(?:[\u0621-\u064a]\.?\s*){1,5})*$")
SOCIAL = _rx(r"^(?:https?://|www\.|pic\.twitter\.com/)\S+$", r"^[—–-]\s.{0,60}\(@\w+\)", r"^(?:تابعونا|تابعوا|تابعنا|انضم|انضموا|اشترك في قناتنا|اشتركوا في قناتنا|لمتابعه اخر الاخبار|"
             r"لمتابعه اخبارنا|follow us)")
PROMO_LIST = _rx(r"^(?:الاكثر قراءه|الاكثر مشاهده|الاكثر تداولا|الاكثر تعليقا|الاكثر شعبيه|الاكثر قراءه اليوم|"
                 r"شاهد ايضا|شاهد كذلك|فيديوهات|اخترنا لك|قد يعجبك ايضا|قد يهمك|قد يهمك ايضا|ننصحك بقراءه|"
                 r"مقترحات|الاكثر زياره|عرض المزيد|المزيد من الاخبار|تحميل المزيد|اخر الاخبار|اهم الاخبار|"
                 r"most read|trending)" + _END)
PROMO_WHOLE = _rx(r"^(?:اعلان|اعلانات|عاجل|مباشر|بث مباشر|بث حي|حصري|خاص|advertisement|ads?|sponsored|محتوي مدعوم)"
                  + _END, PROMO_LIST.pattern)
PROMO = _rx(r"^(?:شاهد ايضا|شاهد كذلك|شاهد)" + _LABEL, r"^الاكثر (?:قراءه|مشاهده|تداولا)" + _LABEL, r"^(?:اشترك|اشتركوا|سجل) (?:في|ب)?\s*(?:النشره|نشرتنا|القائمه|نشره)",
            r"^النشره (?:البريديه|الاخباريه)", r"^(?:حمل|حمّل|نزل|حملوا) (?:ال)?تطبيق", r"^(?:سجل|اشترك) الان",
            r"^للاشتراك", r"^اشترك (?:في|ب) (?:خدمه|النشره|الخدمه)")
COPYRIGHT = _rx(r"جميع الحقوق محفوظه", r"©", r"حقوق (?:النشر|الطبع) محفوظه", r"all rights reserved",
                r"^copyright\b", r"^يمنع (?:النسخ|نسخ|اعاده النشر)", r"^غير مسموح بنسخ")
TAGS = _rx(r"^(?:الكلمات المفتاحيه|كلمات مفتاحيه|كلمات دلاليه|الكلمات الداله|كلمات داله|الوسوم|وسوم|تاغ|تاج|tags|المواضيع|مواضيع)" + _LABEL,
           r"^(?:الكلمات المفتاحيه|كلمات مفتاحيه|كلمات دلاليه|الوسوم|وسوم|tags)" + _END, r"^(?:#[\w_]+\s*)+$")
RELATED_LABEL = _rx(r"^(?:اقرا|إقرأ|اقرأ) (?:ايضا|كذلك|المزيد)" + _LABEL, r"^(?:read also|read more|see also)" + _LABEL,
                    r"^(?:ذو|ذات) صله" + _LABEL, r"^المزيد" + _LABEL, r"^مواضيع متعلقه" + _LABEL)
RELATED_HEAD = _rx(r"^(?:اقرا|إقرأ|اقرأ) (?:ايضا|كذلك|المزيد|ايضا هذه الاخبار)" + _END,
                   r"^(?:اخبار|مقالات|مواضيع|موضوعات|قصص|تقارير|روابط)? ?(?:ذات|ذو) صله" + _END,
                   r"^(?:اخبار|مقالات|مواضيع|موضوعات|قصص) (?:متعلقه|مشابهه|ذات علاقه|اخري|اخري للكاتب)" + _END,
                   r"^مقالات (?:اخري|سابقه) (?:للكاتب|للكاتبه|لنفس الكاتب)" + _END, r"^المزيد من .{0,30}$",
                   r"^(?:related|read more|read also|more from)\b.{0,30}$", r"^اخبار متعلقه" + _END,
                   r"^(?:في|من) نفس (?:القسم|التصنيف)" + _END, r"^اقرا المزيد" + _END, r"^اقرأ المزيد" + _END)
COMMENTS_HEAD = _rx(r"^(?:التعليقات|تعليقات القراء|تعليقات|اراء القراء|\d+ (?:تعليق|تعليقات|تعليقا))\s*(?:\(\d+\))?" + _END,
                    r"^comments?\s*(?:\(\d+\))?$")
COMMENT_FORM = _rx(r"^(?:اضف|أضف|اكتب|اترك) (?:تعليق|تعليقا|تعليقك|ردا|رد)" + _END,
                   r"لن يتم نشر (?:عنوان )?بريدك", r"الحقول (?:الالزاميه|المطلوبه) (?:مشار|عليها)",
                   r"^(?:الاسم|البريد الالكتروني|الموقع الالكتروني|ارسال|التعليق|نص التعليق|اسمك|بريدك الالكتروني)\s*\*?" + _END,
                   r"^(?:leave a (?:comment|reply)|post comment|submit)$", r"^رد$", r"^ابلاغ$", r"^(?:اعجبني|لا يعجبني)$",
                   r"^(?:ال)?تعليقات (?:مغلقه|متوقفه)", r"^لا توجد تعليقات", r"^كن (?:اول|اولى) من يعلق",
                   r"^comments? (?:are )?closed")
PAGINATION = _rx(r"^(?:ال)?صفحه \d+\s*(?:من|/)\s*\d+$", r"^(?:[«»]?\s*السابق\s*\|\s*)?(?:ال)?صفحه \d+\s*(?:من|/)\s*\d+"
                 r"(?:\s*\|\s*التالي\s*[«»]?)?$", r"^[-–—\s]*\d{1,3}[-–—\s]*$", r"^page \d+ (?:of|/) \d+$",
                 r"^\d+\s*/\s*\d+$")
OTHER = _rx(r"^المقال (?:يعبر|لا يعبر)", r"^(?:الاراء|المقالات) (?:الوارده|المنشوره)", r"^الاراء المنشوره",
            r"^(?:\(\s*)?توقيع(?: وختم)?(?:\s*\))?$", r"^نسخه منه (?:الي|الى)" + _END, r"^(?:العدد|الرقم|المرجع|رقم الكتاب)" + _LABEL,
            r"^\*\s*(?:كاتب|كاتبه|استاذ|استاذه|باحث|باحثه|صحفي|صحفيه|اكاديمي|محلل|رئيس|مدير|خبير)")
NAV_HEAD = _rx(r"^(?:الرئيسيه|الصفحه الرئيسيه|home)\b")
SHARE_WORDS = {"شارك", "شاركها", "مشاركه", "المشاركه", "شارك الخبر", "فيسبوك", "فيس", "بوك", "تويتر", "واتساب", "واتس",
               "اب", "تيليجرام", "تلغرام", "تليجرام", "لينكدان", "لينكد", "ان", "انستغرام", "انستجرام", "x", "اكس",
               "نسخ", "الرابط", "رابط", "طباعه", "اطبع", "حفظ", "احفظ", "ارسل", "ارسال", "البريد", "بريد", "لصديق",
               "المقال", "الخبر", "على", "علي", "عبر", "تكبير", "تصغير", "الخط", "حجم", "a", "a+", "a-", "+", "-", "|",
               "share", "tweet", "print", "email", "facebook", "twitter", "whatsapp", "telegram", "linkedin",
               "copy", "link", "save", "pinterest", "messenger", "ماسنجر", "سناب", "شات", "snapchat", "reddit",
               "المفضله", "الي", "اضف", "اضافه", "مشاركات", "شارك على", "·", "•", "/"}
_FUNCTION_WORDS = set("""في من علي على الي الى عن مع هذه هذا ذلك تلك تم يتم التي الذي الذين هو هي كل بعد قبل
حول ضد بين عند لدى لدي او ثم قد لا لم لن ما ماذا كيف متى اين هل اليوم غدا امس الان""".split())
_SENTENCE_END = re.compile(r"[.!?؟:]\s*[\"'»”’)\]]*\s*$|\.\.\s*$|…\s*$")
_BREADCRUMB_SEP = re.compile(r"\s(?:>|›|»|/|\||::|←|→|‹|<)\s|\s>\s?|\s?>\s")


# --- places, for bylines and datelines ----------------------------------------------------------------

def _places() -> frozenset[str]:
    from summarize.text.gazetteer import arabic_places

    return arabic_places()


# --- the classifier ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the input
    text: str  # normalised (whitespace, tatweel, invisible marks)


@dataclass
class Cleaned:
    """What cleaning decided: kept lines (the title first), metadata, dropped lines with reasons."""

    kept: list[Line] = field(default_factory=list)
    title: Line | None = None
    dateline: Line | None = None
    bylines: list[Line] = field(default_factory=list)
    dropped: list[tuple[Line, str]] = field(default_factory=list)


def _key(text: str) -> str:
    key = normalise_arabic(ARABIC_DIACRITICS.sub("", text)).strip(" .:!-–—|*•·")
    return re.sub(r"^[^\w(«\"#@©]+", "", key)  # leading emoji and symbols ("📩 اشترك …")


def _words(text: str) -> int:
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w))


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def is_anchor(text: str) -> bool:
    """A line that reads like article text: a long one, or a sentence of some length."""
    words = _words(text)
    return words >= 25 or (words >= 8 and ends_sentence(text)) or (words >= 14 and "،" in text)


def is_share_bar(key: str) -> bool:
    tokens = [t for t in re.split(r"[\s|/·•,،]+", key.lower()) if t]
    return bool(tokens) and len(tokens) <= 14 and all(t in SHARE_WORDS or re.fullmatch(r"[a-z]?[+\-]?", t)
                                                      for t in tokens) and any(len(t) > 1 for t in tokens)


def is_breadcrumb(text: str, key: str) -> bool:
    if NAV_HEAD.match(key) and _words(text) <= 12 and not ends_sentence(text):
        return True
    parts = [p for p in _BREADCRUMB_SEP.split(text) if p.strip()]
    if len(parts) >= 2 and all(_words(p) <= 4 for p in parts) and not ends_sentence(text) and \
            (len(parts) >= 3 or re.search(r"\s(?:>|›|»|\||←|→)\s", text)):
        return True
    dash_parts = [p for p in re.split(r"\s[-–—]\s", text) if p.strip()]
    return len(dash_parts) >= 3 and all(_words(p) <= 3 for p in dash_parts) and not any(ch.isdigit() for ch in text)


# (pattern, most words, reason): a line matching the pattern and no longer is cruft for that reason.
_LABELLED = [(TIMESTAMP, 14, "timestamp"), (COPYRIGHT, 20, "copyright notice"), (SOCIAL, 16, "social-media prompt"),
             (PROMO, 20, "promotion or advertisement")]
_LABELLED_LATER = [(RELATED_LABEL, 30, "link to another article"), (TAGS, 30, "tags"), (COMMENT_FORM, 25, "comment form"),
                   (CREDIT, 14, "source or agency credit")]


def lexicon_reason(text: str, key: str) -> str | None:
    """Why a line is cruft by what it says, or None. Only whole-line forms and labelled lines."""
    words = _words(text)
    for pattern, most, reason in _LABELLED:
        if pattern.search(key) and words <= most:
            return reason
    if PROMO_WHOLE.search(key):
        return "promotion or advertisement"
    if (re.search(r"\(@\w+\)|pic\.twitter\.com/|\bt\.co/", text) and words <= 30) \
            or (re.search(r"(?:^|\s)@\w{2,}", text) and words <= 8) \
            or ("·" in text and words <= 8 and re.search(r"\d", text)):
        return "embedded social-media post"
    if LOAD_MORE.search(key) and words <= 6:
        return "page furniture (load more)"
    if is_share_bar(key) or (re.match(r"^(?:شارك|شاركوا|شاركي)\b", key) and words <= 4 and not ends_sentence(text)):
        return "share or print buttons"
    if re.fullmatch(r"\([^()]{1,50}\)", text.strip()) and words <= 6 and not BYLINE_LABEL.search(key):
        return "photo caption or credit"
    for pattern, most, reason in _LABELLED_LATER:
        if pattern.search(key) and words <= most:
            return reason
    if CAPTION.search(key) and words <= 30 and not (words > 12 and ends_sentence(text) and not key.endswith(")")):
        return "photo caption or credit"
    if words <= 18 and re.search(r"\S\s*\((?:[^()\d\s]+\s?){1,3}\)\s*$", text) and not ends_sentence(text.rstrip(" )")) \
            and not re.match(r"^\s*(?:[-•*–]|\d+\s*[-.)])\s", text) and ":" not in text \
            and _words(re.sub(r"\([^()]*\)\s*$", "", text)) >= 4:
        return "photo caption or credit"
    if PAGINATION.search(key):
        return "page number or running header"
    if CAPTION_START.search(key) and words <= 15 and not ends_sentence(text):
        return "photo caption or credit"
    if INITIALS.match(key) and len(key.replace(" ", "").replace("/", "")) <= 10 and words >= 2:
        return "editors' initials"
    if OTHER.search(key) and words <= 30:
        return "note outside the article (disclaimer, letterhead, signature)"
    return None


def _date_line(text: str) -> bool:
    """A short line that is mostly a date: "القاهرة - الخميس 3 أغسطس 2023", "تاريخ النشر: …"."""
    from summarize.text import numbers

    if _words(text) > 14 or ends_sentence(text.rstrip(")")) and _words(text) > 8:
        return False
    quantities = numbers.read(text, "ar")
    kinds = {q.kind for q in quantities}
    if not (kinds & {"date", "hijri"} or ("weekday" in kinds and "time" in kinds)):
        return False
    rest = re.sub(r"[\d٠-٩:/.\-–—|،,()]+", " ", normalise_arabic(text))
    rest = DATELINE_LABEL.sub(" ", rest)
    filler = {"ص", "م", "صباحا", "مساء", "بتوقيت", "غرينتش", "الساعه", "هـ", "ه", "يوم", "الموافق", "نشر", "في",
              "تاريخ", "النشر", "التاريخ", "تحديث", "بتاريخ", "عام", "من", "و"}
    dates = [q for q in quantities if q.kind in ("date", "hijri", "weekday")]
    date_words = sum(_words(q.text) for q in dates)
    leftover = [w for w in rest.split() if w not in filler]
    return len(leftover) - date_words <= 4


def _byline_shape(text: str, key: str, places: frozenset[str]) -> bool:
    """A short "name – place" or "name | outlet" line, or a bare name (2–5 words, no article)."""
    if any(ch.isdigit() for ch in text) or re.search(r"[.!?؟:«»\"،,]", text) or _words(text) > 8:
        return False
    parts = [p.strip() for p in re.split(r"\s[-–—|/]\s", key) if p.strip()]
    if len(parts) == 3 and sum(p in places for p in parts) == 1 and all(_words(p) <= 5 for p in parts):
        return True  # "مسقط - مدار - سالم بن خلفان الحوسني": place, agency, name
    if len(parts) == 2:
        if all(p in places for p in parts):
            return False  # "غزة - رام الله": places, not a person
        return 1 <= _words(parts[0]) <= 4 and 1 <= _words(parts[1]) <= 4 and parts[0] not in places
    if len(parts) == 1 and 2 <= _words(text) <= 4 and key.split():
        words = key.split()
        return (not words[0].startswith("ال") and key not in places and not any(w in places for w in words)
                and not any(w in _FUNCTION_WORDS for w in words))
    return False


def _link_title(text: str, *, in_body: bool) -> bool:
    """A line that may be the title of a linked article: short, no final full stop."""
    words = _words(text)
    if re.match(r"^\s*(?:[-•*–]|\d+\s*[-.)])\s", text) and in_body:
        return False  # a list item of the article
    if in_body:
        return 6 <= words <= 22 and not re.search(r"[.!؟?:]\s*$", text)
    return 1 <= words <= 24 and not re.search(r"[.!]\s*$", text) or (words <= 24 and text.endswith(".."))


NAV = "navigation or breadcrumbs"
LOAD_MORE = _rx(r"^(?:تحميل|عرض|اظهار|مشاهده) (?:المزيد|التحديثات|الاحداث|كل|جميع|التعليقات)", r"^(?:load|show) more\b",
                r"^التالي\s*»?$", r"^«?\s*السابق$")
_DATE_START = re.compile(r"^(?:\d|(?:ال)?(?:سبت|احد|اثنين|ثلاثاء|اربعاء|خميس|جمعه)\b)")


def _starts_with_date(text: str) -> bool:
    return bool(_DATE_START.match(normalise_arabic(text)))


_SLASHED = re.compile(r"^[^/]{1,40}\s/\s[^/]{1,40}$")


DISTRIBUTION = "distribution list of an official letter"
DISTRIBUTION_HEAD = _rx(r"^نسخه (?:منه )?(?:الي|الى)" + _END)


def _link_block_lines(nonblank: Sequence[Line], keys) -> set[int]:
    """Lines under a block heading that may be titles of linked articles (not article paragraphs,
    whatever their punctuation): used to find where the article's text ends."""
    out: set[int] = set()
    in_block = False
    for ln in nonblank:
        key = keys[ln.number]
        if RELATED_HEAD.search(key) or PROMO_WHOLE.search(key) or COMMENTS_HEAD.search(key) or DISTRIBUTION_HEAD.search(key):
            in_block = True
            continue
        if in_block and 1 <= _words(ln.text) <= 24 and not re.search(r"[.!]\s*$", ln.text) \
                and not re.match(r"^\s*(?:[-•*–]|\d+\s*[-.)])\s", ln.text):
            out.add(ln.number)
        else:
            in_block = False
    return out


def _is_short_item(text: str) -> bool:
    return (_words(text) <= 5 and not ends_sentence(text) and not any(ch.isdigit() for ch in text)
            and not re.match(r"^\s*(?:[-•*–]|\d+\s*[-.)])\s", text))


def _short_run(nonblank: Sequence[Line], ln: Line, keys, reasons, last_anchor: int) -> bool:
    """Whether ``ln``, after the article's last paragraph, is one of a run of two or more short
    items (tags, menu entries)."""
    after = [o for o in nonblank if o.number > last_anchor]
    index = next(i for i, o in enumerate(after) if o.number == ln.number)
    if not _is_short_item(ln.text):
        return False
    before = index > 0 and after[index - 1].number not in reasons and _is_short_item(after[index - 1].text)
    following = index + 1 < len(after) and after[index + 1].number not in reasons and _is_short_item(after[index + 1].text)
    return before or following


def classify(lines: Sequence[str], *, boilerplate: frozenset[str] = frozenset()) -> Cleaned:
    """Decide, for each normalised line of an article (blank lines included, to keep numbering),
    whether it is the title, the dateline, a byline, article text or cruft (with a reason).

    ``boilerplate`` holds the keys (:func:`line_key`) of lines that repeat across several articles
    of the same folder.
    """
    places = _places()
    items = [Line(i, text) for i, text in enumerate(lines, start=1)]
    nonblank = [ln for ln in items if ln.text]
    keys = {ln.number: _key(ln.text) for ln in nonblank}
    reasons: dict[int, str] = {}
    for ln in nonblank:
        reason = lexicon_reason(ln.text, keys[ln.number])
        if reason is None and is_breadcrumb(ln.text, keys[ln.number]) and not is_anchor(ln.text) \
                and not _date_line(ln.text):
            reason = NAV
        if reason:
            reasons[ln.number] = reason

    # comment threads run from their heading to the end, apart from lines with their own reason
    comments_from = next((ln.number for ln in nonblank if COMMENTS_HEAD.search(keys[ln.number])
                          and any(is_anchor(o.text) for o in nonblank if o.number < ln.number)), None)

    # the headline: the first line of four words or more that is not cruft; else the first line left
    candidates = [ln for ln in nonblank if ln.number not in reasons and not _date_line(ln.text)
                  and not BYLINE_LABEL.search(keys[ln.number]) and (comments_from is None or ln.number < comments_from)]
    counts = Counter(keys[ln.number] for ln in nonblank)
    titles = [ln for ln in candidates if counts[keys[ln.number]] == 1 and not _SLASHED.search(ln.text)]
    # a letterhead or kicker may come first ("وزارة الصحة"), but never a paragraph of the article
    first_paragraph = next((ln.number for ln in candidates if is_anchor(ln.text)), None)
    title = next((ln for ln in titles if _words(ln.text) >= 4 and not re.search(r"[.!]\s*$", ln.text)
                  and (first_paragraph is None or ln.number <= first_paragraph)),
                 titles[0] if titles else candidates[0] if candidates else None)
    if title is None:
        return Cleaned(dropped=[(ln, reasons.get(ln.number, "not article text")) for ln in nonblank])

    body_lines = [ln for ln in nonblank if ln.number > title.number and ln.number not in reasons
                  and (comments_from is None or ln.number < comments_from)]
    in_blocks = _link_block_lines(nonblank, keys)
    anchors = [ln for ln in body_lines if is_anchor(ln.text) and ln.number not in in_blocks
               and not ln.text.lstrip().startswith("*")]
    first_anchor = anchors[0].number if anchors else (max(ln.number for ln in nonblank) + 1)
    last_anchor = anchors[-1].number if anchors else title.number

    result = Cleaned(title=title)
    neighbours = {}
    for a, b in zip(nonblank, nonblank[1:]):
        neighbours.setdefault(a.number, []).append(b.number)
        neighbours.setdefault(b.number, []).append(a.number)
    block: str | None = None  # the kind of link block we are in
    position = {ln.number: i for i, ln in enumerate(nonblank)}
    for ln in nonblank:
        text, key, n = ln.text, keys[ln.number], ln.number
        zone = "header" if n < first_anchor else "footer" if n > last_anchor else "body"
        reason = reasons.get(n)
        if n == title.number:
            result.kept.append(ln)
            continue
        if comments_from is not None and n >= comments_from:
            result.dropped.append((ln, reason or "reader comments"))
            continue
        if reason == NAV and zone == "body":
            reason = None  # a table row or a "X | Y" line inside the article
        # a standfirst may come between the headline and its dateline or byline
        near_title = 0 < position[n] - position[title.number] <= 4
        meta_zone = zone if zone != "body" or not near_title or ends_sentence(text) else "header"
        # metadata: the dateline and the bylines, outside the body
        if reason is None and meta_zone != "body" and _date_line(text):
            if re.search(r"تحديث|updated", key):
                reason = "update time"
            elif result.dateline is None and (meta_zone == "header" or DATELINE_LABEL.search(key)
                                              or _starts_with_date(text)):
                result.dateline = ln
                continue
            else:
                reason = "another date (publication or update time)"
        if reason is None and BYLINE_LABEL.search(key) and _words(text) <= (12 if meta_zone != "body" else 6):
            result.bylines.append(ln)
            continue
        if (reason is None or (reason == NAV and n > title.number)) and zone == "header" and len(result.bylines) < 2 \
                and 0 < n - title.number <= 6 and _byline_shape(text, key, places):
            result.bylines.append(ln)
            continue
        if reason is None and zone == "footer" and len(result.bylines) < 2 and _byline_shape(text, key, places) \
                and re.search(r"\s[-–—|]\s", text):
            result.bylines.append(ln)
            continue
        if n < title.number:
            if reason is None and not is_anchor(text):
                reason = "before the headline (navigation, section or letterhead)"
            if reason is None:  # a paragraph before anything that looks like a headline: keep it
                result.kept.append(ln)
                continue
        # link blocks: a heading, then the titles of the linked articles
        if reason is None and block == DISTRIBUTION and re.match(r"^\s*[-•*–]", text):
            reason = block
        elif reason is None and block and block != DISTRIBUTION and _link_title(text, in_body=zone == "body"):
            reason = block
        elif reason is None:
            block = None
        if RELATED_HEAD.search(key) or PROMO_LIST.search(key):
            block = "link to another article" if RELATED_HEAD.search(key) else "promotion or advertisement"
            reason = reason or block
        elif TAGS.search(key) and _words(text) <= 3:
            block = "tags"
        elif DISTRIBUTION_HEAD.search(key):
            block = DISTRIBUTION
        if reason is None and zone == "header" and not ends_sentence(text) and _words(text) <= 12 \
                and key.split() and key.split()[0] in SHARE_WORDS and len(key.split()[0]) > 2:
            reason = "share or print buttons"  # "طباعة  وسط تزايد المخاوف أميرة الشريف": page furniture
        if reason is None and counts[key] > 1 and not is_anchor(text) and _words(text) <= 20 and not ends_sentence(text) \
                and (zone != "body" or any(reasons.get(m) == "page number or running header" for m in neighbours.get(n, ()))):
            reason = "running header or footer (repeated in this article)"
        if reason is None and zone == "footer" and text.lstrip().startswith("*") and _words(text) <= 40:
            reason = "note about the author"
        if reason is None and zone == "footer" and not ends_sentence(text) and len(re.split(r"[،,]", text)) >= 3 \
                and all(1 <= _words(p) <= 4 for p in re.split(r"[،,]", text)):
            reason = "tags"
        if reason is None and zone == "footer" and _short_run(nonblank, ln, keys, reasons, last_anchor):
            reason = "list of links or tags after the article"
        if reason is None and key in boilerplate and not ends_sentence(text) and _words(text) <= 15:
            reason = "site boilerplate (repeated across articles of this folder)"
        if reason is None and key == keys[title.number] and zone == "header":
            reason = "headline repeated"
        if reason:
            result.dropped.append((ln, reason))
        else:
            result.kept.append(ln)
    # repeated paragraphs (a scraper's double): the second copy of a long one goes
    # (short repeated lines are kept, as lists repeat items, unless they sit in a repeated run)
    seen: dict[str, int] = {}
    kept = []
    in_run = False
    for ln in result.kept:
        key = keys[ln.number]
        if key in seen and (_words(ln.text) >= 12 or in_run):
            result.dropped.append((ln, f"duplicate of line {seen[key]}"))
            in_run = True
            continue
        in_run = False
        seen.setdefault(key, ln.number)
        kept.append(ln)
    result.kept = kept
    result.dropped.sort(key=lambda d: d[0].number)
    return result


def line_key(text: str) -> str:
    """The key under which a line is compared across articles."""
    return _key(text)


def repeated_lines(texts: Iterable[str], *, min_articles: int = 3, edge: int = 15) -> frozenset[str]:
    """Keys of short lines found near the top or bottom of at least ``min_articles`` of ``texts``
    (site boilerplate: menus, footers, newsletter prompts)."""
    counts: Counter = Counter()
    for text in texts:
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        edges = lines[:edge] + lines[-edge:]
        counts.update({_key(ln) for ln in edges if _words(ln) <= 15})
    return frozenset(k for k, c in counts.items() if c >= min_articles and k)


def clean(text: str, source: str = "<input>", *, encoding: str = "utf-8", path: str | None = None,
          warnings: tuple[str, ...] = (), boilerplate: frozenset[str] = frozenset(),
          metadata: dict[str, str] | None = None) -> Document:
    """Clean decoded article text into a :class:`Document` (see :mod:`summarize.text.clean`).

    ``boilerplate``: keys of lines repeated across the articles of a folder
    (:func:`summarize.text.clean.repeated_lines`), dropped as site boilerplate.
    """
    raw_lines = text.splitlines()
    lines = [normalise_line(raw) for raw in raw_lines]
    if any(PRESENTATION_FORMS.search(raw) for raw in raw_lines):
        warnings = (*warnings, "Arabic presentation forms (as in text copied from a PDF) were replaced by the letters "
                               "they show")
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
                    bylines=tuple(ln.text for ln in result.bylines), lines=tuple(ln.number for ln in result.kept),
                    metadata=dict(metadata or {}))

