"""The watchlist (terms an analyst follows) and the Atom feed of new articles and stories.

An Arabic term is matched as glossary terms are (:mod:`summarize.text.glossary`: diacritics, alef
forms, ة/ه, ى/ي and attached proclitics aside, never inside a longer word); an English term
case-insensitively, as whole words, in the translations (human ones where an editor corrected).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from summarize import __version__
from summarize.store.records import ArticleRecord
from summarize.text.glossary import Glossary, Term

FEED_ENTRIES = 100  # most recent articles in the feed


def hits(articles: Iterable[ArticleRecord], terms: Sequence[dict]) -> list[dict]:
    """Where the watched ``terms`` (``{"term", "lang"}``) occur: ``{"term", "lang", "article",
    "source_file", "title", "sentences": [index, ...]}`` per term and article."""
    arabic = [t["term"] for t in terms if t["lang"] == "ar"]
    english = {t["term"]: re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, t["term"].split())) + r"(?!\w)",
                                     re.IGNORECASE) for t in terms if t["lang"] == "en"}
    glossaries = {term: Glossary.from_terms([Term(term, term)]) for term in arabic}
    found = []
    for article in articles:
        for term, glossary in glossaries.items():
            where = [s.index for s in article.sentences if glossary.find(s.ar)]
            if glossary.find(article.title):
                where = [-1, *where]  # -1: the headline
            if where:
                found.append(_hit(term, "ar", article, where))
        for term, pattern in english.items():
            where = [s.index for s in article.sentences if pattern.search(s.en)]
            if where:
                found.append(_hit(term, "en", article, where))
    return found


def _hit(term: str, lang: str, article: ArticleRecord, where: list[int]) -> dict:
    return {"term": term, "lang": lang, "article": article.id, "source_file": article.source_file,
            "title": article.title, "sentences": where}


def store_feed(store, *, link: str = "http://localhost/") -> bytes:
    """The Atom feed of a database: its newest articles and its stories of more than one article."""
    from summarize.stories import stories

    articles = [store.article(a["id"]) for a in store.list_articles(limit=FEED_ENTRIES)]
    return feed_xml(articles, stories(store, min_size=2), store.watch_terms(), link=link)


def feed_xml(articles: Sequence[ArticleRecord], stories: Sequence, terms: Sequence[dict], *,
             link: str = "http://localhost/") -> bytes:
    """An Atom feed: watched articles first, then the newest articles, then the stories (each with
    its watch terms as categories)."""
    from feedgen.feed import FeedGenerator

    hit_terms: dict[int, list[str]] = {}
    for hit in hits(articles, terms):
        hit_terms.setdefault(hit["article"], []).append(hit["term"])
    feed = FeedGenerator()
    feed.id("urn:summarize:feed")
    feed.title("summarize: Arabic news in English")
    feed.link(href=link, rel="alternate")
    feed.generator("summarize", version=__version__)
    feed.language("en")
    newest = sorted(articles, key=lambda a: (a.updated_at, a.id), reverse=True)[:FEED_ENTRIES]
    ordered = sorted(newest, key=lambda a: a.id not in hit_terms)  # watched first, newest first within
    for article in ordered:
        entry = feed.add_entry(order="append")
        entry.id(f"urn:summarize:article:{article.content_hash or article.id}")
        watched = hit_terms.get(article.id, [])
        entry.title(("[watch: " + ", ".join(watched) + "] " if watched else "") + (article.headline_en or article.title))
        entry.updated(_stamp(article.updated_at))
        entry.link(href=f"{link.rstrip('/')}/api/v1/articles/{article.id}", rel="alternate")
        summary = article.summary_en.text if article.summary_en else ""
        entry.summary(summary or article.title)
        for term in watched:
            entry.category(term=term, label=f"watch: {term}")
    for story in stories:
        entry = feed.add_entry(order="append")
        entry.id(f"urn:summarize:story:{story.key}")
        entry.title(f"Story ({len(story.articles)} articles): {story.title_en or story.title}")
        entry.updated(_stamp(max(a.updated_at for a in story.articles)))
        entry.link(href=f"{link.rstrip('/')}/api/v1/stories", rel="alternate")
        entry.summary(", ".join(a.source_file for a in story.articles))
    if not ordered and not stories:
        feed.updated(_stamp(""))
    return feed.atom_str(pretty=True)


def _stamp(value: str):
    from datetime import datetime, timezone

    try:
        when = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return datetime(1970, 1, 1, tzinfo=timezone.utc)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
