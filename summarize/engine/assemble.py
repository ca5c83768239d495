"""Assembly: one planned article, its translations and summaries checked for evidence and stored in
one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

from summarize.engine.plan import PlannedArticle
from summarize.store import Store
from summarize.tasks.evidence import check_summary


def assemble(store: Store, article: PlannedArticle, *, pipeline_key: str, translation_ids: Mapping[str, int],
             english: Sequence[str], summary_ar: sqlite3.Row, summary_en: sqlite3.Row) -> int:
    """Link each summary sentence to the sentences that support it, flag what none supports, and
    store the article with its segments; returns the article id."""
    evidence = {"ar": check_summary("", summary_ar["text"], segments=[s.text for s in article.segments], lang="ar"),
                "en": check_summary("", summary_en["text"], segments=list(english), lang="en")}
    return store.save_article(doc=article.doc, source_path=article.source_path, pipeline_key=pipeline_key,
                              segments=article.segments, translation_ids=translation_ids,
                              summary_ar_id=summary_ar["id"], summary_en_id=summary_en["id"], evidence=evidence)
