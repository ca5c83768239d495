"""Stories across outlets: stored articles grouped by the event they report
(:mod:`~summarize.stories.cluster`), the facts they disagree on (:mod:`~summarize.stories.facts`), a
brief (:mod:`~summarize.stories.brief`), and the watchlist and feed (:mod:`~summarize.stories.watch`)."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from summarize.errors import StoreError
from summarize.store import Store
from summarize.store.records import ArticleRecord
from summarize.stories.cluster import Clusterer, Item, Story, article_day, day_iso, features
from summarize.stories.facts import disagreements, named_by_some


def refresh(settings) -> str | None:
    """Cluster the articles of ``settings``' database that no run has clustered yet. When the database
    cannot be written (read-only, busy beyond the wait) the stories are read as stored: the warning
    that says so is returned instead."""
    try:
        with settings.store() as store:
            update_stories(store)
    except (StoreError, sqlite3.OperationalError) as e:
        return f"{e}; showing the stories as stored"
    return None


def update_stories(store: Store) -> list[tuple[int, str]]:
    """Put every article not yet in a story into one (an existing story or a new one), in date order;
    the archive already clustered is replayed, not redone. Returns ``(article id, story key)``."""
    clusterer = Clusterer()
    for row in store.story_rows():  # the stored assignments, replayed in their order
        clusterer.replay(Item(row["article_id"], row["content_hash"], row["day"], Counter(json.loads(row["features"]))),
                         row["story_key"])
    new = [Item(r["id"], r["content_hash"], article_day(json.loads(r["metadata"] or "{}"), r["cleaned_text"],
                                                        r["created_at"]),
                features(f"{r['title']}\n{r['cleaned_text']}")) for r in store.unclustered()]
    assigned = []
    for item in sorted(new, key=lambda i: (i.day, i.article_id)):
        key, score = clusterer.add(item)
        assigned.append((item.article_id, key, score, item.day, dict(item.weights)))
    if assigned:
        store.add_story_members(assigned)
    return [(a, k) for a, k, *_ in assigned]


@dataclass
class StoryView:
    key: str
    first_date: str
    last_date: str
    articles: list[ArticleRecord]
    days: dict[int, int] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.articles[0].title

    @property
    def title_en(self) -> str | None:
        return self.articles[0].headline_en

    def facts(self) -> tuple[list[dict], list[dict]]:
        return disagreements(self.articles, self.days)

    def as_dict(self) -> dict:
        found, updates = self.facts()
        return {"id": self.key, "title": self.title, "title_en": self.title_en, "first_date": self.first_date,
                "last_date": self.last_date, "size": len(self.articles),
                "members": [member(a, self.days.get(a.id)) for a in self.articles],
                "disagreements": found, "updates": updates, "named_by_some": named_by_some(self.articles)}


def outlet(article: ArticleRecord) -> str:
    """Who published the article: its metadata's site, else what follows the place in its dateline or
    byline line ("المحلة الكبرى - وكالة الأنباء" → "وكالة الأنباء"), else its byline."""
    site = article.metadata.get("site") or article.metadata.get("sitename")
    if site:
        return str(site)
    for line in (article.dateline, *article.bylines):
        if line and re.search(r"\s[-–—]\s", line):
            return re.split(r"\s[-–—]\s", line, maxsplit=1)[1].strip()
    return article.bylines[0] if article.bylines else ""


def member(article: ArticleRecord, day: int | None) -> dict:
    return {"article": article.id, "source_file": article.source_file, "title": article.title,
            "title_en": article.headline_en, "outlet": outlet(article),
            "date": day_iso(day) if day is not None else None}


def stories(store: Store, *, since: str | None = None, min_size: int = 1) -> list[StoryView]:
    """The stories of the stored articles (present ones), largest and most recent first; ``since``:
    stories with an article on or after that ISO date."""
    groups: dict[str, list[tuple[int, int]]] = {}
    for row in store.story_rows():
        if row["gone_at"] is None:
            groups.setdefault(row["story_key"], []).append((row["day"], row["article_id"]))
    views = []
    for key, members in groups.items():
        members.sort()
        first, last = day_iso(members[0][0]), day_iso(members[-1][0])
        if (since and last < since) or len(members) < min_size:
            continue
        views.append(StoryView(key, first, last, [store.article(a) for _, a in members], {a: d for d, a in members}))
    views.sort(key=lambda v: (v.last_date, v.key), reverse=True)  # most recent first…
    views.sort(key=lambda v: -len(v.articles))  # …within the largest first (a stable sort)
    return views


__all__ = ["Story", "StoryView", "outlet", "refresh", "stories", "update_stories"]
