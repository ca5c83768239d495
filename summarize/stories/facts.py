"""Facts an article states, and where the articles of a story disagree.

Facts are read from the Arabic by the number reader of the checks (:mod:`summarize.text.numbers`:
Arabic-Indic digits, numbers in words, ranges, percentages, millions, Gregorian and Hijri dates):

* **counts**: a number and what it counts, by the nearest word of a kind's lexicon within four words
  (deaths: قتلى، مصرع، حتفهم، ضحايا…; injured: جرحى، مصابين، أصيب…; and arrested, missing, displaced);
  a count with a verb of increase before it (ارتفع، ارتفعت حصيلة، بلغت…) is an **update**;
* **dates**: full dates normalised to ISO (a Hijri date converted with the Umm al-Qura calendar),
  and weekdays;
* **people**: the name after a title (اللواء، الوزير، المتحدث…; what the title is of skipped), so a
  story can show who only some of its sources name.

Within a story, a **disagreement** is one kind of fact given different values by different articles
(each article's plainest statement of it — "15 قتيلا" before "عدد القتلى 15" — first first; partitives
such as "ستة من المصابين" are not counts; updates apart): every value comes with its article,
sentence index and text. Dates disagree when two articles share no date at all (a later report that
also gives the day of the event agrees). A count after a verb of increase is an **update** of the
figure, listed with the values it replaces, not as a disagreement.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from summarize.store.records import ArticleRecord
from summarize.text.normalise import match_key, normalise_arabic
from summarize.text.numbers import read_arabic

KINDS = {
    "deaths": "قتيل قتلى قتيلا مقتل قتل قتلت مصرع حتفهم حتفه حتفها وفاه وفيات ضحيه ضحايا موتى توفي لقوا حياه اودي",
    "injured": "جريح جرحى جريحا جرح مصاب مصابين مصابا اصابه اصابات اصيب اصيبوا",
    "arrested": "معتقل معتقلين اعتقال اعتقل اعتقلت موقوف موقوفين توقيف",
    "missing": "مفقود مفقودين مفقودا",
    "displaced": "نازح نازحين نازحا نزح تهجير",
}
_LEXICON = {stem: kind for kind, words in KINDS.items() for stem in match_key(words).split()}
_UPDATE = {match_key(w) for w in "ارتفع ارتفعت ارتفاع صعد صعدت بلغت بلغ زاد زادت وصل وصلت".split()}
_WORD = re.compile(r"\w+")
WINDOW = 4
UPDATE_WINDOW = 16


@dataclass(frozen=True)
class Fact:
    kind: str  # deaths | injured | … | date | weekday
    value: str  # a number as written by the reader (12, 1500), an ISO date, a weekday
    article_id: int
    sentence: int
    text: str  # the Arabic sentence
    update: bool = False
    direct: bool = True  # the count's noun right after the number ("15 قتيلا"), the plainest statement

    def as_dict(self) -> dict:
        return {"kind": self.kind, "value": self.value, "article": self.article_id, "sentence": self.sentence,
                "text": self.text, "update": self.update}


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(match_key(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def _lexicon_kind(word: str) -> str | None:
    """The kind of count a word names, whatever its proclitics and pronoun suffix (مصرعهم)."""
    for prefix in ("", "و", "ف", "ب", "ل", "ال", "وال", "بال", "لل"):
        if not word.startswith(prefix):
            continue
        bare = word[len(prefix):]
        for suffix in ("", "هم", "ه", "ها", "هما"):
            if bare.endswith(suffix) and bare[: len(bare) - len(suffix)] in _LEXICON:
                return _LEXICON[bare[: len(bare) - len(suffix)]]
    return None


def sentence_facts(text: str, article_id: int, index: int) -> list[Fact]:
    """The counts and dates one Arabic sentence states."""
    words = _words(normalise_arabic(text))  # the reader's offsets are in the normalised text
    found = read_arabic(text)
    has_date = any(q.kind in ("date", "hijri") for q in found)
    facts, previous_end = [], 0
    for q in found:
        if q.kind == "number" and q.value is not None:
            before = [i for i, (_, s, e) in enumerate(words) if e <= q.start]
            after = [i for i, (_, s, e) in enumerate(words) if s >= q.end][:WINDOW]
            if after and words[after[0]][0] == "من":
                continue  # partitive: "ستة من المصابين" is six of the injured, not a count of them
            # the nearest word of a lexicon, a word after the number first at equal distance ("30 مصابا")
            near = sorted([(len(before[-WINDOW:]) - j, 1, i) for j, i in enumerate(before[-WINDOW:])]
                          + [(j + 1, 0, i) for j, i in enumerate(after)])
            kind = next((k for *_, i in near if (k := _lexicon_kind(words[i][0]))), None)
            if kind:
                # an increase: a verb of increase since the previous number ("ارتفع عدد القتلى إلى 15")
                since = [i for i in before[-UPDATE_WINDOW:] if words[i][1] >= previous_end]
                update = any(words[i][0] in _UPDATE or words[i][0][1:] in _UPDATE for i in since)
                direct = any(_lexicon_kind(words[i][0]) == kind for i in after[:2])  # "15 قتيلا"
                facts.append(Fact(kind, f"{q.value:g}", article_id, index, text, update, direct))
        elif q.kind in ("date", "hijri"):
            full = next((k for k in sorted(q.keys, key=str) if k[0] == "d" and None not in k[1:]), None)
            if full:
                facts.append(Fact("date", f"{full[1]:04d}-{full[2]:02d}-{full[3]:02d}", article_id, index, text))
        elif q.kind == "weekday" and not has_date:  # a weekday beside a date is part of it
            facts.append(Fact("weekday", q.text, article_id, index, text))
        previous_end = q.end
    return facts


# Titles that come before a person's name in news Arabic ("اللواء طارق منصور", "وزير الخارجية أيمن …").
TITLES = frozenset(match_key("""الرئيس رئيس الوزير وزير وزيرة اللواء العميد العقيد المقدم الفريق المشير الدكتور الدكتورة
السيد السيدة الشيخ المحافظ محافظ النائب النائبة المتحدث الناطق السفير القاضي المدير مدير الأمين أمين""").split())
_NOT_NAME = frozenset(match_key("ان أن إن في من على الى إلى عن مع قد لا ما هو هي الذي التي انه أنه").split())


def person_names(text: str) -> list[str]:
    """People named after a title: the title's qualifiers (الخارجية، الغربية) skipped, then a given
    name and a family name ("محافظ الغربية اللواء طارق منصور" → طارق منصور), normalised."""
    words = [w.lstrip("و") if w.startswith("و") and w[1:] in TITLES else w
             for w in match_key(re.sub(r"[،,.:؛()«»\"]", " | ", text)).split()]
    found = []
    for i, word in enumerate(words):
        if word not in TITLES:
            continue
        j = i + 1
        while j < len(words) and (words[j] in TITLES or words[j].startswith(("ال", "وال"))):
            j += 1  # another title, or what the title is of
        name = words[j : j + 2]
        if len(name) == 2 and "|" not in name and not set(name) & (_NOT_NAME | TITLES) \
                and not name[0].startswith("ال") and len(name[0]) > 2:
            found.append(" ".join(name))
    return list(dict.fromkeys(found))


def named_by_some(articles: Sequence[ArticleRecord]) -> list[dict]:
    """The people some articles of a story name and others do not: ``{"name", "articles": [id, …],
    "sentence", "text"}`` (where it is first named)."""
    if len(articles) < 2:
        return []
    where: dict[str, dict] = {}
    for article in articles:
        for s in article.sentences:
            for name in person_names(s.ar):
                entry = where.setdefault(name, {"name": name, "articles": [], "article": article.id,
                                                "sentence": s.index, "text": s.ar})
                if article.id not in entry["articles"]:
                    entry["articles"].append(article.id)
    return sorted((e for e in where.values() if len(e["articles"]) < len(articles)),
                  key=lambda e: (-len(e["articles"]), e["name"]))


def article_facts(article: ArticleRecord) -> list[Fact]:
    """Every fact the article's sentences state, in order."""
    return [f for s in article.sentences for f in sentence_facts(s.ar, article.id, s.index)]


def disagreements(articles: Sequence[ArticleRecord], days: dict[int, int] | None = None) -> tuple[list[dict], list[dict]]:
    """Where the articles of one story disagree, and the updates of a figure: two lists of
    ``{"kind", "values": [{"value", "article", "sentence", "text"}, ...]}`` (an update also has ``from``)."""
    days = days or {}
    stated: dict[str, dict[int, Fact]] = {}  # kind → article → its plainest first statement
    dates: dict[int, set[str]] = {}
    updates: list[Fact] = []
    for article in articles:
        for fact in article_facts(article):
            if fact.update:
                updates.append(fact)
                continue
            if fact.kind == "date":
                dates.setdefault(article.id, set()).add(fact.value)
            held = stated.setdefault(fact.kind, {}).get(article.id)
            if held is None or (fact.direct and not held.direct):
                stated[fact.kind][article.id] = fact
    found = []
    for kind, by_article in stated.items():
        if len({f.value for f in by_article.values()}) < 2:
            continue
        if kind == "date" and not any(not a & b for a in dates.values() for b in dates.values()):
            continue  # every article shares a date with every other: they agree on when
        found.append({"kind": kind, "values": [_value(f) for f in sorted(
            by_article.values(), key=lambda f: (_number(f.value), f.value, f.article_id))]})
    updated = []
    for fact in updates:
        earlier = [f for f in stated.get(fact.kind, {}).values()
                   if days.get(f.article_id, 0) <= days.get(fact.article_id, 0)]
        updated.append({"kind": fact.kind, **_value(fact),
                        "from": sorted({f.value for f in earlier if f.value != fact.value}, key=_number)})
    return found, updated


def _value(fact: Fact) -> dict:
    return {"value": fact.value, "article": fact.article_id, "sentence": fact.sentence, "text": fact.text}


def _number(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return float("inf")
