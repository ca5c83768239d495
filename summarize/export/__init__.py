"""Exports of stored articles: JSON Lines, TMX, Moses parallel text (:mod:`~summarize.export.formats`)
and the reading views: self-contained HTML and plain text (:mod:`~summarize.export.html`)."""

from summarize.export.formats import write_jsonl, write_moses, write_tmx
from summarize.export.html import article_html, article_text, write_html, write_text

__all__ = ["article_html", "article_text", "write_html", "write_jsonl", "write_moses", "write_text", "write_tmx"]
