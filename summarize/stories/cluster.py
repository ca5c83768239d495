"""Stories: stored articles that report the same event, grouped on their Arabic text.

The method is single-pass clustering in date order (what news-monitoring systems do, since an
archive grows one run at a time):

* an article's **features** are the words of its normalised Arabic (:func:`features`: diacritics,
  alef forms and the definite article and proclitics stripped, function words left out), places
  named in it counted three times (names are strong evidence of the same event), its date the date
  of the article (metadata, else the first full date in its text, else when it was stored);
* **candidates** come from MinHash LSH (datasketch) over the feature sets, indexed by period
  (:data:`BUCKET_DAYS`), so an article is compared with a handful of earlier ones of nearby dates,
  not with the whole archive: the cost of an article does not grow with the archive;
* the article joins the candidate story whose TF-IDF centroid is most similar (cosine at least
  :data:`JOIN_AT` when both name the same city, :data:`JOIN_AT_UNPLACED` when one names none; never
  when both name cities and none is shared) and whose dates are within :data:`MAX_GAP_DAYS` of its
  own (two fires two years apart are two stories); otherwise it starts a story.

Assignments are stored (:class:`~summarize.store.repository.Store` ``stories``): a later run adds
only its new articles, never redoing the archive. The order (date, then id) makes the result
deterministic. A story's id is stable: the hash of its first article's content.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from summarize.text.gazetteer import COUNTRIES, arabic_place_pattern
from summarize.text.normalise import match_key, normalise_arabic
from summarize.text.numbers import read_arabic

JOIN_AT = 0.15  # cosine of an article to a story's centroid, to join it when both name the same city
JOIN_AT_UNPLACED = 0.25  # … when one of them names no city (the strongest evidence is missing)
BUCKET_DAYS = 30  # the LSH index is kept per period, so that a query sees only articles of nearby dates
MAX_GAP_DAYS = 4  # an article joins a story only within this many days of the story's dates
PLACE_WEIGHT = 3
NUM_PERM = 64  # MinHash permutations
LSH_THRESHOLD = 0.08  # Jaccard of feature sets at which LSH proposes a candidate

# Function words and reporting verbs of news Arabic, normalised (no alef forms, ة→ه, ى→ي): they say
# nothing about which event an article reports.
STOPWORDS = frozenset(match_key("""
في من على الى إلى عن مع ان أن إن او أو ثم كما لكن بل قد لقد وقد كان كانت يكون تكون هذا هذه ذلك تلك هناك هنا
التي الذي الذين اللذين اللتين ما ماذا لا لم لن ليس غير بعد قبل خلال حيث عند بين منذ حتى إذ اذا إذا كل بعض
قال قالت يقول تقول اضاف أضاف اضافت أضافت اكد أكد اكدت أكدت اوضح أوضح اشار أشار اعلن أعلن اعلنت أعلنت ذكر ذكرت
وفق وفقا بحسب حسب نحو أكثر اكثر اقل أقل عدد يوم اليوم امس أمس غدا اليوم الماضي المقبل العام عام سنه
هو هي هم هما نحن انه أنه انها أنها الى عليه عليها فيه فيها منه منها له لها لهم به بها عنه عنها
""").split())
_PROCLITIC = re.compile(r"^(?:وال|فال|بال|كال|لل|ال|[وفبلك](?=\w{4,}))")
DAY = 86_400


@dataclass
class Item:
    """An article as clustering sees it."""

    article_id: int
    content_hash: str
    day: int  # days since 1970-01-01
    weights: Counter  # feature → count


@dataclass
class Story:
    key: str
    first_day: int
    last_day: int
    members: list[int] = field(default_factory=list)
    centroid: Counter = field(default_factory=Counter)  # sum of members' (unnormalised) TF-IDF vectors


def stem(word: str) -> str:
    """A word without its definite article and proclitics (والمصنع → مصنع)."""
    return _PROCLITIC.sub("", word)


def features(text: str, lead_chars: int = 400) -> Counter:
    """The clustering features of an Arabic text: content words (stemmed), and the places its lead
    (headline and first lines: where the event is) names, weighted (``@`` a city or region, ``#`` a
    country)."""
    words = Counter(w for w in (stem(w) for w in match_key(text).split())
                    if len(w) >= 3 and w not in STOPWORDS and not w.isdigit())
    countries = _countries()
    for m in arabic_place_pattern().finditer(normalise_arabic(text[:lead_chars])):
        name = m.group(1)
        if len(name) >= 4 or name in countries:
            words[("#" if name in countries else "@") + name.replace(" ", "_")] += PLACE_WEIGHT
    return words


@functools.cache
def _countries() -> frozenset[str]:
    keys = (normalise_arabic(c[0]) for c in COUNTRIES)
    return frozenset(k[2:] if k.startswith("ال") and len(k) > 4 else k for k in keys)


def _cities(weights) -> set[str]:
    return {f for f in weights if f.startswith("@")}


def article_day(metadata: dict, text: str, stored_at: str) -> int:
    """The article's date in days: its metadata date, else the first full date in its text, else
    when it was stored."""
    for value in (metadata.get("date"), metadata.get("published")):
        parsed = _iso_day(str(value)) if value else None
        if parsed is not None:
            return parsed
    for q in read_arabic(text[:3000]):
        for key in sorted(q.keys, key=str):
            if key[0] == "d" and None not in key[1:]:
                try:
                    return date(*key[1:]).toordinal() - _EPOCH
                except ValueError:
                    continue
    return _iso_day(stored_at) or 0


_EPOCH = date(1970, 1, 1).toordinal()


def _iso_day(value: str) -> int | None:
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not m:
        return None
    try:
        return date(*map(int, m.groups())).toordinal() - _EPOCH
    except ValueError:
        return None


def day_iso(day: int) -> str:
    return date.fromordinal(day + _EPOCH).isoformat()


def story_key(content_hash: str) -> str:
    return "s" + hashlib.sha256(content_hash.encode()).hexdigest()[:10]


class Clusterer:
    """Assigns items to stories, one at a time, in the order given (date, then id)."""

    def __init__(self):
        self.stories: dict[str, Story] = {}
        self.story_of: dict[int, str] = {}
        self.df: Counter = Counter()
        self.n = 0
        self.buckets: dict = {}  # period → MinHashLSH of its articles

    def _minhash(self, item: Item):
        from datasketch import MinHash

        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch([f.encode() for f in sorted(item.weights)])
        return m

    def _index(self, item: Item, signature=None) -> None:
        from datasketch import MinHashLSH

        self.df.update(item.weights.keys())
        self.n += 1
        if item.weights:
            bucket = item.day // BUCKET_DAYS
            if bucket not in self.buckets:
                self.buckets[bucket] = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
            self.buckets[bucket].insert(item.article_id, signature or self._minhash(item))

    def _candidates(self, item: Item, signature) -> set[int]:
        """Articles of dates near ``item``'s whose feature sets (``signature``) LSH finds similar."""
        found = set()
        for b in range((item.day - MAX_GAP_DAYS) // BUCKET_DAYS, (item.day + MAX_GAP_DAYS) // BUCKET_DAYS + 1):
            if b in self.buckets:
                found.update(self.buckets[b].query(signature))
        return found

    def _vector(self, weights: Counter) -> dict[str, float]:
        n = self.n + 1
        return {f: (1 + math.log(c)) * math.log((n + 1) / (self.df.get(f, 0) + 1)) for f, c in weights.items()}

    def replay(self, item: Item, key: str) -> None:
        """Put ``item`` back in story ``key``, as stored (the archive's state, without new decisions)."""
        if key not in self.stories:
            self.stories[key] = Story(key, item.day, item.day)
        self._join(self.stories[key], item, self._vector(item.weights))

    def _join(self, story: Story, item: Item, vector: dict[str, float], signature=None) -> None:
        story.members.append(item.article_id)
        story.first_day, story.last_day = min(story.first_day, item.day), max(story.last_day, item.day)
        story.centroid.update(vector)
        self.story_of[item.article_id] = story.key
        self._index(item, signature)

    def add(self, item: Item) -> tuple[str, float]:
        """Put ``item`` in a story (an existing one, or a new one); its key and similarity."""
        vector = self._vector(item.weights)
        best, best_score, signature = None, 0.0, None
        cities = _cities(item.weights)
        if item.weights:
            signature = self._minhash(item)
            candidates = {self.story_of[a] for a in self._candidates(item, signature) if a in self.story_of}
            for key in sorted(candidates):
                story = self.stories[key]
                if item.day < story.first_day - MAX_GAP_DAYS or item.day > story.last_day + MAX_GAP_DAYS:
                    continue
                places = _cities(story.centroid)
                if cities and places and not cities & places:
                    continue  # both name cities, none in common: another place, another event
                score = _cosine(vector, story.centroid)
                if score >= (JOIN_AT if cities & places else JOIN_AT_UNPLACED) and score > best_score:
                    best, best_score = story, score
        if best is None:
            best = Story(story_key(item.content_hash), item.day, item.day)
            self.stories[best.key] = best
            best_score = 1.0
        self._join(best, item, vector, signature)
        return best.key, round(best_score, 4)


def _cosine(a: dict[str, float], b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(w * b.get(f, 0.0) for f, w in a.items())
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def cluster(items: Iterable[Item]) -> dict[str, list[int]]:
    """Stories of ``items`` from scratch (for tests and benchmarks): story key → article ids."""
    clusterer = Clusterer()
    for item in sorted(items, key=lambda i: (i.day, i.article_id)):
        clusterer.add(item)
    return {k: s.members for k, s in clusterer.stories.items()}
