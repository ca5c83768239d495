"""Evidence: which source segments each summary sentence rests on.

For every sentence of a summary, the support of a segment is the share of the sentence's content
words (stop words removed; English stemmed, Arabic lightly normalised) that the segment contains,
a ROUGE-1 precision of the sentence against the segment. Segments with support at or above
:data:`SUPPORT_THRESHOLD` are linked, best first (at most :data:`MAX_LINKS`). A sentence that no
segment supports is marked ``unsupported``: a hallucination warning. The English summary is checked
against the English translations of the segments, the Arabic summary against the Arabic segments.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from summarize.text.normalise import ArabicTokenizer, normalise_arabic
from summarize.text.segment import sentence_spans

SUPPORT_THRESHOLD = 0.5
MAX_LINKS = 3

_EN_STOP = set("""a an the of in on at to for from by with and or but is are was were be been being has have had
that this these those it its as not no he she they we you his her their our which who whom whose what when where
will would shall should can could may might must also than then there here into over under about after before
said says says up out so if""".split())
_AR_STOP = set("""في من على الى الي عن مع ان او ثم قد لقد كما التي الذي الذين هذا هذه ذلك تلك هو هي هم كان
كانت وقال قال وقالت قالت بين حتى عند لا لم لن ما و ب ل""".split())
_AR_STOP |= {normalise_arabic(w) for w in _AR_STOP}


@functools.cache
def _english_tokenizer():
    from rouge_score.tokenizers import DefaultTokenizer

    return DefaultTokenizer(use_stemmer=True)


@functools.cache
def _english_stop() -> frozenset[str]:
    tokenizer = _english_tokenizer()
    return frozenset(t for w in _EN_STOP for t in tokenizer.tokenize(w))


def prepare() -> None:
    """Load the stemmer now rather than during the first article (it takes a noticeable moment)."""
    _english_stop()


def content_words(text: str, lang: str) -> set[str]:
    """Content words (stop words and number words removed), plus one token per number value, so that
    "ثمانية ملايين" and "8 ملايين", or "forty" and "40", count as the same word."""
    from summarize.text import numbers

    values = {f"#{q.value:g}" for q in numbers.read(text, lang) if q.value is not None and q.kind != "unit"}
    if lang == "ar":
        words = {t for t in ArabicTokenizer().tokenize(text) if t not in _AR_STOP and len(t) > 1}
        return {_stem_ar(w) for w in words if not (w.isdigit() or numbers.is_number_word(w, "ar"))} | values
    stop = _english_stop()
    words = {t for t in _english_tokenizer().tokenize(text) if t not in stop}
    return {w for w in words if not (w.isdigit() or numbers.is_number_word(w, "en"))} | values


def summary_sentences(summary: str) -> list[str]:
    return [summary[a:b] for a, b in sentence_spans(summary)]


def link_evidence(summary: str, segments: Sequence[str], *, lang: str, threshold: float = SUPPORT_THRESHOLD,
                  max_links: int = MAX_LINKS) -> list[dict]:
    """``[{"sentence", "segments": [index, ...], "support": [share, ...], "unsupported": bool}, ...]``."""
    seg_words = [content_words(s, lang) for s in segments]
    evidence = []
    for sentence in summary_sentences(summary):
        words = content_words(sentence, lang)
        scored = []
        if words:
            for index, seg in enumerate(seg_words):
                support = len(words & seg) / len(words)
                if support >= threshold:
                    scored.append((support, index))
        scored.sort(key=lambda x: (-x[0], x[1]))
        best = scored[:max_links]
        evidence.append({"sentence": sentence, "segments": [i for _, i in best],
                         "support": [round(s, 3) for s, _ in best], "unsupported": not best})
    return evidence


# --- facts: numbers, names, attribution ---------------------------------------------------------------

REPORTING_EN = re.compile(r"\b(?:said|says|say|told|according|claimed|claims|alleged|alleges|accused|reported|reports|"
                          r"announced|stated|added|noted|warned|estimated|estimates|believes|argued|insisted|denied|"
                          r"confirmed|described|called|urged|expects|expected|predicted|blamed|quoted|cited|saying|disputed|insisting|"
                          r"warning|stressing|noting|adding|calling|arguing|claiming|attributed|attributing|explained|stressed|"
                          r"indicated|revealed|acknowledged|admitted|asserted|maintained|suggested|forecast|hoped|"
                          r"believed|feared|doubted|questioned|pointed out|estimated|estimates)\b",
                          re.IGNORECASE)
REPORTING_AR = re.compile(r"(?:^|\s)(?:[وف]?(?:قال|قالت|يقول|تقول|اكد|اكدت|يؤكد|اعلن|اعلنت|اعتبر|اعتبرت|وصف|وصفت|افاد|افادت|"
                          r"ذكر|ذكرت|اضاف|اضافت|اوضح|اوضحت|زعم|زعمت|ادعي|ادعت|اتهم|اتهمت|حمل|حملت|نفي|نفت|رجح|رجحت|"
                          r"توقع|توقعت|يتوقع|تتوقع|قدر|قدرت|حذر|حذرت|يري|تري|بحسب|وفق|وفقا|حسب|نقل|نقلت|اشار|اشارت|"
                          r"يعتبر|تعتبر|يصف|تصف|انتقد|انتقدت|دعا|دعت|يرجح|ترجح|كشف|كشفت|صرح|صرحت|رات|راي|عزا|عزت|يعزو|تعزو|"
                          r"مشيرا|مؤكدا|معتبرا|محذرا|مضيفا|موضحا|قائلا|شكك|شككت|يشكك|اشتكي|اشتكت|تعتزم|يعتزم|تخطط|يخطط))(?=\s|$)")
_EN_COMMON_CAPS = set("""The A An In On At For From By With And But Or If As It Its He She They We I This That These Those
There Here After Before During Since While When Where Which Who What How Why Meanwhile However Also Both Some Many Most
Officials Authorities Residents Police Minister President Government According Under Over Despite About Among Between
Mr Mrs Ms Dr""".split())


def _stem_ar(word: str) -> str:
    word = normalise_arabic(word)
    for prefix in ("وبال", "وال", "بال", "فال", "لل", "كال", "ال", "و", "ف", "ب", "ل"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            word = word[len(prefix):]
            break
    for suffix in ("يون", "يين", "ية", "يه", "يا", "ين", "ون", "ات", "ان", "ه", "ي", "ا"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _countries(text: str, lang: str) -> set[str]:
    """Countries a text names, by name or nationality ("Egyptian", "المصري", "الأردنية")."""
    from summarize.text import gazetteer

    found = set()
    if lang == "en":
        places = gazetteer.english_places()
        lowered = text.lower()
        for name, country in places.items():
            if re.search(rf"(?<![a-z]){re.escape(name)}(?:s|'s|’s)?(?![a-z])", lowered) and (name not in ("us",) or " US " in f" {text} "):
                found.add(country)
        return found
    countries, nationalities = gazetteer.arabic_countries(), gazetteer.arabic_nationalities()
    stems = {_stem_ar(n): c for n, c in nationalities.items()}
    norm = normalise_arabic(text)
    for name, country in countries.items():
        bare = name[2:] if name.startswith("ال") else name
        if re.search(rf"(?<![\u0621-\u064a])(?:[وبلف]|ال|بال|وال|لل)?{re.escape(bare)}(?![\u0621-\u064a])", norm):
            found.add(country)
    for token in re.findall(r"[\u0621-\u064a]+", norm):
        if not (token.startswith("ال") or token.startswith("وال") or token.startswith("بال")) and not token.endswith(("ي", "يه", "يون", "يين", "يان", "يا")):
            continue
        stem = _stem_ar(token)
        if stem in stems and len(stem) >= 3:
            found.add(stems[stem])
    return found


def _ar_places(text: str) -> set[str]:
    """Place names (countries, provinces, cities) in an Arabic text, normalised."""
    from summarize.text import gazetteer

    norm = " ".join(re.findall(r"[\u0621-\u064a]+", normalise_arabic(text)))
    return {m.group(1) for m in gazetteer.arabic_place_pattern().finditer(norm) if len(m.group(1)) >= 3}


def _ar_places_setting(segments: Sequence[str]) -> set[str]:
    from collections import Counter

    counts = Counter(p for s in segments for p in _ar_places(s))
    return {p for p, n in counts.items() if n >= 2}


def _setting(segments: Sequence[str], lang: str) -> set[str]:
    """Countries named in two sentences of the article or more: where the story happens."""
    from collections import Counter

    counts = Counter(c for s in segments for c in _countries(s, lang))
    return {c for c, n in counts.items() if n >= 2}


_SPEAKER_END_AR = re.compile(r"(?:^|\s)(?:ان|انه|انها|ان|:|،|«|بان|الي|من ان)(?=\s|$)|[:،«\"]")


def _speaker_named(evidence: str, summary: str, lang: str) -> bool:
    """Whether the summary names who the evidence attributes the claim to: the words between the
    reporting verb and what is reported ("قالت المعارضة إن …", "according to the UN, …", "the
    ministry said …")."""
    summary_words = content_words(summary, lang)
    speakers = []
    if lang == "ar":
        text = normalise_arabic(evidence)
        for m in REPORTING_AR.finditer(text):
            rest = text[m.end():m.end() + 80]
            stop = _SPEAKER_END_AR.search(rest)
            speakers.append(rest[:stop.start()] if stop else " ".join(rest.split()[:4]))
    else:
        for m in REPORTING_EN.finditer(evidence):
            before = re.split(r"[,.;:\"“”]", evidence[max(0, m.start() - 80):m.start()].rstrip(" ,"))[-1]
            after = re.split(r"[,.;:\"“”]| that ", evidence[m.end():m.end() + 80])[0]
            use_after = m.group(0).lower() == "according" or not content_words(before, lang)
            speaker = " ".join(after.split()[:5]) if use_after else " ".join(before.split()[-5:])
            names = re.findall(r"\b[A-Z][\w'’-]+", speaker)
            speakers.append(" ".join(names) if names else speaker)  # who, not what they are ("Samir Eid")
    for speaker in speakers:
        words = content_words(speaker, lang)
        if words & summary_words:
            return True
    return False


def _en_names(sentence: str) -> set[str]:
    words = re.findall(r"[A-Za-z][A-Za-z'’\-]*", sentence)
    names = set()
    for i, word in enumerate(words):
        if not word[0].isupper() or word in _EN_COMMON_CAPS:
            continue
        if i == 0 and word.lower() not in _english_placenames():
            continue
        if word.lower().rstrip("'’s") in _english_placenames():
            continue  # compared as countries
        names.add(word.lower().replace("’", "'").removesuffix("'s"))
    return names


def _ar_names(sentence: str, article_sets: Sequence[set[str]]) -> list[str]:
    """Arabic names in a summary sentence: quoted ones («ميدغاز»), appositions between commas after a
    title ("محافظ تعز، عبد الرحمن الشرعبي،"), and runs of two words or more that occur in only one
    sentence of the article."""
    norm = normalise_arabic(sentence)
    spans = [m.group(1) for m in re.finditer(r"«([^«»]{2,40})»", norm) if len(m.group(1).split()) <= 3]
    spans += [m.group(1) for m in re.finditer(r"،\s*((?:[\u0621-\u064a]+\s?){2,4})،", norm)
              if not any(w in _AR_STOP for w in m.group(1).split()) and not REPORTING_AR.search(m.group(1))]
    words = re.findall(r"[\u0621-\u064a]+", norm)
    rare = [len(w) > 2 and w not in _AR_STOP and sum(_stem_ar(w) in s for s in article_sets) == 1 for w in words]
    run: list[str] = []
    for word, is_rare in zip(words + [""], rare + [False]):
        if is_rare:
            run.append(word)
            continue
        if len(run) >= 2:
            spans.append(" ".join(run))
        run = []
    return spans


@functools.cache
def _english_placenames() -> frozenset[str]:
    from summarize.text import gazetteer

    return frozenset(gazetteer.english_places())


def _ar_tokens(text: str) -> set[str]:
    return {_stem_ar(t) for t in re.findall(r"[\u0621-\u064a]+", normalise_arabic(text)) if len(t) > 2}


def check_summary(article: str, summary: str, *, lang: str, segments: Sequence[str] | None = None) -> list[dict]:
    """Evidence and fact checks for each sentence of ``summary`` against ``article`` (same language).

    Returns one ``{"sentence", "evidence": [index, ...], "support": [...], "flags": [{"name",
    "reason"}, ...]}`` per summary sentence, ``evidence`` indexing the article's sentences
    (``segments``, or the article split into sentences). Flags: ``unsupported`` (no article
    sentence shares most of its content words), ``unsupported_number`` (a number, date or quantity
    no evidence sentence gives), ``unsupported_name`` (a person, place, organisation or
    nationality absent from its evidence sentences), ``unsupported_attribution`` (a claim the
    article attributes to someone, stated as fact).
    """
    from summarize.text import numbers

    if segments is None:
        segments = [line[a:b] for line in article.splitlines() for a, b in sentence_spans(line)]
    links = link_evidence(summary, segments, lang=lang)
    seg_words = [content_words(s, lang) for s in segments]
    out = []
    # what the article as a whole offers, computed once for all summary sentences
    everywhere = [q for s in segments for q in numbers.read(s, lang)]
    setting = _setting(segments, lang)
    places_setting = _ar_places_setting(segments) if lang == "ar" else set()
    article_sets = [_ar_tokens(s) for s in segments] if lang == "ar" else []
    for link in links:
        sentence = link["sentence"]
        words = content_words(sentence, lang)
        # evidence for facts: the linked sentences, plus those that add most of the remaining words
        chosen = list(link["segments"])
        covered = set().union(*(seg_words[i] for i in chosen)) if chosen else set()
        for _ in range(3):
            gains = [(len((words - covered) & seg_words[i]), -i) for i in range(len(segments)) if i not in chosen]
            if not gains:
                break
            gain, neg = max(gains)
            if gain == 0 or (words and gain / len(words) < 0.15):
                break
            chosen.append(-neg)
            covered |= seg_words[-neg]
        coverage = len(words & covered) / len(words) if words else 1.0
        evidence_text = " ".join(segments[i] for i in chosen)
        flags = []
        if link["unsupported"] and coverage < 0.5:
            flags.append({"name": "unsupported", "reason": "no sentence of the article shares most of its words: it "
                                                           "may be a hallucination"})
        claims = [q for q in numbers.read(sentence, lang) if q.kind not in ("currency",) and q.strong]
        found = numbers.read(evidence_text, lang) if evidence_text else ()
        absent = [q for q in claims if not numbers.supports(q, everywhere)]
        related = [seg for i, seg in enumerate(segments) if len(words & seg_words[i]) >= max(2, len(words) // 4)]
        nearby = [q for seg in related for q in numbers.read(seg, lang)]
        elsewhere = [q for q in claims if q not in absent and not numbers.supports(q, [*found, *nearby])]
        if absent:
            flags.append({"name": "summary_number_mismatch", "items": [q.text for q in absent],
                          "reason": "the article has no such number: " + numbers.describe(absent)})
        if elsewhere:
            flags.append({"name": "unsupported_number", "items": [q.text for q in elsewhere],
                          "reason": "not in the sentences it rests on: " + numbers.describe(elsewhere)})
        missing_names = sorted(_countries(sentence, lang) - _countries(evidence_text, lang) - setting)
        if lang == "ar":
            places_here = _ar_places(evidence_text) | places_setting
            missing_names += sorted(_ar_places(sentence) - places_here)
        if lang == "en":
            evidence_lower = evidence_text.lower().replace("’", "'")
            article_lower = " ".join(segments).lower()
            missing_names += sorted(n for n in _en_names(sentence) if n not in evidence_lower
                                    and not (n.isalpha() and len(n) <= 5 and n.upper() in sentence and n not in article_lower))
        else:
            evidence_tokens = _ar_tokens(evidence_text)
            missing_names += [name for name in _ar_names(sentence, article_sets)
                              if not _ar_tokens(name) <= evidence_tokens]
        if missing_names:
            flags.append({"name": "unsupported_name", "items": missing_names,
                          "reason": "not in its evidence sentences: " + ", ".join(missing_names)})
        reporting = REPORTING_EN if lang == "en" else REPORTING_AR
        source_side = normalise_arabic(evidence_text) if lang == "ar" else evidence_text
        summary_side = normalise_arabic(sentence) if lang == "ar" else sentence
        if chosen and not flags and reporting.search(source_side) and not reporting.search(summary_side) \
                and not _speaker_named(evidence_text, sentence, lang):
            flags.append({"name": "unsupported_attribution", "reason": "the article attributes this to a source; "
                                                                     "the summary states it as fact"})
        out.append({"sentence": sentence, "evidence": chosen, "segments": link["segments"], "support": link["support"],
                    "unsupported": any(f["name"] in SUMMARY_FLAGS for f in flags), "flags": flags})
    return out


SUMMARY_FLAGS = ("unsupported", "unsupported_number", "summary_number_mismatch", "unsupported_name",
                 "unsupported_attribution")
