"""Self-contained HTML of stored articles: right-to-left Arabic beside the English, summaries whose
evidence links scroll to their sentence, flags with their reasons, the lines cleaning removed."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from summarize.export.formats import model_signature
from summarize.store.records import ArticleRecord, DroppedLine, SummaryRecord

CSS = """
:root { --hl: #fff3b0; --flag: #b42318; --muted: #667085; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; color: #101828; line-height: 1.55; }
[lang="ar"] { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "Scheherazade New", "Arabic Typesetting",
              "Geeza Pro", "Segoe UI", "Tahoma", sans-serif; font-size: 1.1em; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.meta, .signature { color: var(--muted); font-size: .85rem; }
.pairs { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0 1.5rem; }
.pair { display: grid; grid-template-columns: subgrid; grid-column: 1 / -1; scroll-margin-top: 1rem; }
.pair > div { padding: .35rem .5rem; border-top: 1px solid #eaecf0; overflow-wrap: anywhere; }
.summary p { overflow-wrap: anywhere; }
.pair:hover > div, .pair:target > div, .pair:focus-within > div { background: var(--hl); }
.num { color: var(--muted); font-size: .75rem; text-decoration: none; margin: 0 .3rem; }
.badge { display: inline-block; font-size: .7rem; border-radius: .6rem; padding: 0 .45rem; margin: .1rem .2rem;
         background: #fee4e2; color: var(--flag); border: 1px solid #fecdca; direction: ltr; }
.reason { display: block; color: var(--flag); font-size: .78rem; }
.summary p { margin: .3rem 0; }
.evidence a { font-size: .8rem; margin: 0 .15rem; }
.unsupported { background: #fef0c7; }
nav a { margin-right: 1rem; }
.removed { margin: 1rem 0; padding: .35rem .75rem; border: 1px solid #eaecf0; border-radius: .4rem; }
.removed > summary { cursor: pointer; color: var(--muted); font-size: .9rem; }
.removed[open] > summary { margin-bottom: .4rem; }
.removed table { width: 100%; border-collapse: collapse; font-size: .9rem; margin: 0; }
.removed table, .removed tr, .removed th, .removed td { border: 0; background: none; }
.removed th { color: var(--muted); font-size: .75rem; font-weight: 600; text-align: start; padding: .2rem .5rem; }
.removed td { padding: .3rem .5rem; border-top: 1px solid #eaecf0; vertical-align: top; overflow-wrap: anywhere; }
.removed .line { width: 4.5rem; color: var(--muted); font-variant-numeric: tabular-nums; white-space: nowrap; }
.removed td[lang="ar"], .removed th.text { direction: rtl; text-align: right; }
.removed .why { width: 30%; color: var(--muted); }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  .pair:hover > div { background: none; }
  a { color: inherit; text-decoration: none; }
  .badge { border: 1px solid #000; color: #000; background: none; }
  .reason { color: #000; }
  nav { display: none; }
  .removed { border: none; padding: 0; }
  .pair > div { break-inside: avoid; }
}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _slug(article: ArticleRecord) -> str:
    stem = re.sub(r"[^\w.-]+", "-", Path(article.source_file).stem, flags=re.ASCII).strip("-") or "article"
    return f"{article.id}-{stem}"


def _badges(flags: Sequence[dict]) -> str:
    return "".join(f'<span class="badge" title="{_e(f["reason"])}">{_e(f["name"])}</span>'
                   f'<span class="reason">{_e(f["reason"])}</span>' for f in flags)


def _summary_html(summary: SummaryRecord | None, lang: str, anchor: str) -> str:
    direction = ' dir="rtl"' if lang == "ar" else ""
    if summary is None or not summary.text:
        return f'<p lang="{lang}"{direction}>(no summary)</p>'
    items = summary.evidence or [{"sentence": summary.text, "segments": [], "unsupported": False}]
    parts = []
    for item in items:
        links = "".join(f'<a href="#{anchor}-s{i}">[{i}]</a>' for i in item.get("evidence", item["segments"]))
        if item.get("flags"):
            warn = _badges(item["flags"])
        else:
            warn = ('<span class="badge" title="no source sentence supports this summary sentence: it may be a '
                    'hallucination">unsupported</span>') if item.get("unsupported") else ""
        cls = ' class="unsupported"' if item.get("unsupported") else ""
        parts.append(f'<p lang="{lang}"{direction}{cls}>{_e(item["sentence"])} '
                     f'<span class="evidence" dir="ltr">{links}</span>{warn}</p>')
    return "".join(parts)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def removed_html(dropped: Sequence[DroppedLine]) -> str:
    """The lines cleaning dropped (line number in the original file, Arabic text, reason), collapsed.

    Nothing when no line was dropped.
    """
    if not dropped:
        return ""
    rows = "".join(f'<tr><td class="line">{int(d.line)}</td><td lang="ar" dir="rtl">{_e(d.text)}</td>'
                   f'<td class="why">{_e(d.reason)}</td></tr>' for d in dropped)
    return (f'<details class="removed"><summary>Removed while cleaning ({_plural(len(dropped), "line")})</summary>'
            f'<table><thead><tr><th scope="col">Line</th><th scope="col" class="text">Text</th>'
            f'<th scope="col">Reason</th></tr></thead><tbody>{rows}</tbody></table></details>')


def article_html(article: ArticleRecord) -> str:
    """The body of one article: metadata, the lines removed while cleaning (collapsed), both summaries
    with evidence, then the aligned sentences."""
    anchor = f"a{article.id}"
    rows = []
    for s in article.sentences:
        rows.append(
            f'<div class="pair" id="{anchor}-s{s.index}">'
            f'<div class="ar" lang="ar" dir="rtl">{_e(s.ar)}</div>'
            f'<div class="en" lang="en"><a class="num" href="#{anchor}-s{s.index}">{s.index}</a>'
            f'{_e(s.en)}{_badges(s.flags)}</div></div>'
        )
    dateline = f' · <bdi lang="ar" dir="rtl">{_e(article.dateline)}</bdi>' if article.dateline else ""
    dateline += "".join(f' · <bdi lang="ar" dir="rtl" class="byline">{_e(b)}</bdi>' for b in article.bylines)
    return (
        f'<article id="{anchor}">'
        f'<h1 lang="ar" dir="rtl">{_e(article.title)}</h1>'
        f'<p class="meta">{_e(article.source_file)}{dateline} · {len(article.sentences)} sentences, '
        f'{article.flagged} flagged</p>'
        f'{removed_html(article.dropped)}'
        f'<section class="summary"><h2>English summary</h2>'
        f'{_summary_html(article.summary_en, "en", anchor)}'
        f'<h2>Arabic summary</h2>'
        f'{_summary_html(article.summary_ar, "ar", anchor)}</section>'
        f'<h2>Sentence by sentence</h2><div class="pairs">{"".join(rows)}</div>'
        f'<p class="signature">Translation: {_e(model_signature(article))}</p>'
        f'</article>'
    )


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{_e(title)}</title><style>{CSS}</style></head><body>{body}</body></html>\n')


def write_html(articles: Iterable[ArticleRecord], target: Path, *, one_page: bool = False) -> list[Path]:
    """Self-contained HTML: one page per article plus ``index.html`` in folder ``target``, or one file."""
    articles = list(articles)
    if one_page:
        target.parent.mkdir(parents=True, exist_ok=True)
        nav = "".join(f'<a href="#a{a.id}">{_e(a.source_file)}</a>' for a in articles)
        target.write_text(page("summarize: articles", f"<nav>{nav}</nav>" + "<hr>".join(article_html(a) for a in articles)),
                          encoding="utf-8")
        return [target]
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for article in articles:
        path = target / f"{_slug(article)}.html"
        path.write_text(page(article.title, '<nav><a href="index.html">all articles</a></nav>' + article_html(article)),
                        encoding="utf-8")
        written.append(path)
    items = "".join(f'<li><a href="{_slug(a)}.html" lang="ar" dir="rtl">{_e(a.title)}</a> '
                    f'<span class="meta">{_e(a.source_file)}</span></li>' for a in articles)
    index = target / "index.html"
    index.write_text(page("summarize: articles", f"<h1>Articles</h1><ul>{items}</ul>"), encoding="utf-8")
    return [index, *written]
