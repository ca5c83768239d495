"""Exports of stored articles: JSON Lines, TMX, Moses parallel text (:mod:`~summarize.export.formats`)
and self-contained HTML (:mod:`~summarize.export.html`)."""

from summarize.export.formats import write_jsonl, write_moses, write_tmx
from summarize.export.html import article_html, write_html

__all__ = ["article_html", "write_html", "write_jsonl", "write_moses", "write_tmx"]
