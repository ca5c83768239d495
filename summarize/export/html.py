"""Self-contained HTML of stored articles: right-to-left Arabic beside the English, summaries whose
evidence links scroll to their sentence, flags with their reasons, the lines cleaning removed."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from summarize.store.records import ArticleRecord, DroppedLine, SummaryRecord
from summarize.tasks.checks import FLAG_LABELS

CSS = """
:root { --hl: #fff3b0; --flag: #b42318; --muted: #667085; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; color: #101828; line-height: 1.55; }
[lang="ar"] { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "Scheherazade New", "Arabic Typesetting",
              "Geeza Pro", "Segoe UI", "Tahoma", sans-serif; font-size: 1.1em; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
article, nav { overflow-wrap: anywhere; }  /* a long word or URL wraps instead of widening the page */
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
.badge.human { background: #d1fadf; color: #05603a; border-color: #a6f4c5; }
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
header .headline-ar { margin: .2rem 0 .5rem; color: #344054; font-size: 1.2rem; }
.notice { background: #f2f4f7; border-left: 3px solid #98a2b3; padding: .4rem .7rem; font-size: .85rem; }
.kind { display: block; color: var(--muted); font-size: .8rem; font-weight: normal; }
.summary p:target, .summary p.cited-target { background: var(--hl); }
.cited { display: block; color: var(--muted); font-size: .75rem; }
.cited a { margin: 0 .2rem; }
.legend ul { list-style: none; padding: 0; margin: .3rem 0; display: flex; flex-wrap: wrap; gap: .3rem 1rem; }
.legend .count { color: var(--muted); font-size: .85rem; }
.legend label { font-size: .9rem; cursor: pointer; }
.reading:has(.only-flagged:checked) .pair:not(.flagged) { display: none; }
@media (max-width: 700px) {
  body { margin: 1rem auto; padding: 0 .6rem; }
  .pairs { grid-template-columns: minmax(0, 1fr); }
  .pair > .en { border-top: 0; padding-top: 0; }
  .pair > .ar { border-top: 1px solid #d0d5dd; }
  .removed table, .removed tbody, .removed tr, .removed td { display: block; width: auto; }
  .removed thead { display: none; }
  .removed .why { width: auto; }
}
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


def flag_label(name: str) -> str:
    """A flag's name in plain words."""
    return FLAG_LABELS.get(name, name.replace("_", " ").capitalize())


def _badges(flags: Sequence[dict]) -> str:
    return "".join(f'<span class="badge" title="{_e(f.get("reason", ""))}" data-flag="{_e(f["name"])}">'
                   f'{_e(flag_label(f["name"]))}</span>'
                   + (f'<span class="reason">{_e(f["reason"])}</span>' if f.get("reason") else "") for f in flags)


def _human_badge(s) -> str:
    """The mark of a human translation: who and when, and the machine's in the tooltip."""
    kind = "Corrected" if s.en_source == "human" else "From translation memory"
    return (f'<span class="badge human" data-source="{_e(s.en_source)}" title="machine translation: '
            f'{_e(s.machine_en or "")}">{kind} by {_e(s.corrected_by or "")}, {_e((s.corrected_at or "")[:10])}</span>')


# What each kind of summary is, by the strategy that produced it.
SUMMARY_KINDS = {
    "extractive": "Extractive baseline: sentences picked from the article, not a written summary",
    "monolingual": "Model summary of the Arabic article",
    "translate-then-summarise": "Model summary of the English translation",
    "summarise-then-translate": "The Arabic model summary, machine-translated",
    "direct": "Cross-lingual model summary of the Arabic article",
}
NOTICE = ("Machine translation and machine summaries: check flagged sentences, and anything you quote, "
          "against the Arabic.")


def summary_kind(summary: SummaryRecord | None) -> str:
    if summary is None:
        return ""
    return SUMMARY_KINDS.get(summary.model.strategy or "", f"Summary ({summary.model.strategy})")


def _cited_segments(item: dict) -> list[int]:
    return list(item.get("evidence", item.get("segments", [])))


def _summary_html(summary: SummaryRecord | None, lang: str, anchor: str) -> str:
    direction = ' dir="rtl"' if lang == "ar" else ""
    if summary is None or not summary.text:
        return f'<p lang="{lang}"{direction}>(no summary)</p>'
    items = summary.evidence or [{"sentence": summary.text, "segments": [], "unsupported": False}]
    parts = []
    for j, item in enumerate(items, 1):
        links = "".join(f'<a href="#{anchor}-s{i}">[{i}]</a>' for i in _cited_segments(item))
        if item.get("flags"):
            warn = _badges(item["flags"])
        else:
            warn = ('<span class="badge" title="no source sentence supports this summary sentence: it may be a '
                    'hallucination">Not supported by the article</span>') if item.get("unsupported") else ""
        cls = ' class="unsupported"' if item.get("unsupported") else ""
        parts.append(f'<p id="{anchor}-{lang}{j}" lang="{lang}"{direction}{cls}>{_e(item["sentence"])} '
                     f'<span class="evidence" dir="ltr">{links}</span>{warn}</p>')
    return "".join(parts)


def _citations(article: ArticleRecord) -> dict[int, list[tuple[str, int]]]:
    """For each sentence index, the summary sentences that cite it: ``(lang, position)``."""
    cited: dict[int, list[tuple[str, int]]] = {}
    for lang in ("en", "ar"):
        summary = article.summary(lang)
        for j, item in enumerate(summary.evidence if summary else (), 1):
            for i in dict.fromkeys(_cited_segments(item)):
                cited.setdefault(i, []).append((lang, j))
    return cited


def _legend(article: ArticleRecord) -> str:
    counts = article.flag_counts()
    if not counts:
        return '<section class="legend"><h2>Flags</h2><p class="meta">No sentence is flagged.</p></section>'
    items = "".join(f'<li><span class="badge" data-flag="{_e(name)}">{_e(flag_label(name))}</span> '
                    f'<span class="count">{_plural(n, "sentence")}</span></li>' for name, n in counts.items())
    return (f'<section class="legend"><h2>Flags</h2><ul>{items}</ul>'
            f'<label><input type="checkbox" class="only-flagged"> Show flagged sentences only '
            f'({article.flagged} of {len(article.sentences)})</label></section>')


def models_line(article: ArticleRecord) -> str:
    """Which models produced the article, in one line."""
    parts = [f"translation {m.model}" + (f"@{m.revision}" if m.revision else "") + f" ({m.backend})"
             for m in article.translation_models]
    for lang, name in (("en", "English summary"), ("ar", "Arabic summary")):
        summary = article.summary(lang)
        if summary:
            parts.append(f"{name} {summary.model.model} ({summary.model.backend}, {summary.model.strategy})")
    return "; ".join(parts)


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
    """The reading view of one article: English headline over the Arabic, source, dateline and
    bylines, a machine-translation notice, the lines removed while cleaning (collapsed), both
    summaries labelled by kind with evidence links, a flag legend with a "flagged only" filter,
    then the aligned sentences, each linking back to the summary sentences that cite it."""
    anchor = f"a{article.id}"
    cited = _citations(article)
    rows = []
    for s in article.sentences:
        backlinks = "".join(f'<a href="#{anchor}-{lang}{j}">{lang.upper()} summary {j}</a>'
                            for lang, j in cited.get(s.index, []))
        rows.append(
            f'<div class="pair{" flagged" if s.flags and not s.corrected else ""}" id="{anchor}-s{s.index}">'
            f'<div class="ar" lang="ar" dir="rtl">{_e(s.ar)}</div>'
            f'<div class="en" lang="en"><a class="num" href="#{anchor}-s{s.index}">{s.index}</a>'
            f'{_e(s.en)}{_human_badge(s) if s.corrected else _badges(s.flags)}'
            + (f'<span class="cited">cited by {backlinks}</span>' if backlinks else "") + '</div></div>'
        )
    meta = [_e(article.source_file)]
    if article.dateline:
        meta.append(f'<bdi lang="ar" dir="rtl">{_e(article.dateline)}</bdi>')
    meta += [f'<bdi lang="ar" dir="rtl" class="byline">{_e(b)}</bdi>' for b in article.bylines]
    meta.append(f"{_plural(len(article.sentences), 'sentence')}, {article.flagged} flagged")
    headline = article.headline_en
    title = (f'<h1 lang="en" class="headline-en">{_e(headline)}</h1>'
             f'<p class="headline-ar" lang="ar" dir="rtl">{_e(article.title)}</p>' if headline
             else f'<h1 lang="ar" dir="rtl">{_e(article.title)}</h1>')
    return (
        f'<article id="{anchor}" class="reading"><header>{title}'
        f'<p class="meta">{" · ".join(meta)}</p>'
        f'<p class="notice" role="note">{_e(NOTICE)}</p></header>'
        f'{removed_html(article.dropped)}'
        f'<section class="summary"><h2>English summary<span class="kind">{_e(summary_kind(article.summary_en))}</span></h2>'
        f'{_summary_html(article.summary_en, "en", anchor)}'
        f'<h2>Arabic summary<span class="kind">{_e(summary_kind(article.summary_ar))}</span></h2>'
        f'{_summary_html(article.summary_ar, "ar", anchor)}</section>'
        f'{_legend(article)}'
        f'<h2>Sentence by sentence</h2><div class="pairs">{"".join(rows)}</div>'
        f'<p class="signature">Produced by: {_e(models_line(article))}</p>'
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


def article_text(article: ArticleRecord) -> str:
    """The article as plain English text: headline, source, notice, both summaries (labelled), then
    the translation paragraph by paragraph, with each flagged sentence's flags in brackets."""
    lines = [article.headline_en or article.title, article.title if article.headline_en else "",
             " · ".join([article.source_file, *([article.dateline] if article.dateline else []), *article.bylines]),
             NOTICE, ""]
    for lang, name in (("en", "English summary"), ("ar", "Arabic summary")):
        summary = article.summary(lang)
        if summary and summary.text:
            lines += [f"{name} ({summary_kind(summary)}):", summary.text, ""]
    lines.append("Translation:")
    paragraphs: dict[int, list[str]] = {}
    for s in article.sentences:
        flags = (f"corrected by {s.corrected_by}" if s.corrected
                 else ", ".join(flag_label(f["name"]) for f in s.flags))
        paragraphs.setdefault(s.paragraph, []).append(s.en + (f" [{flags}]" if flags else ""))
    lines += [" ".join(parts) + "\n" for _, parts in sorted(paragraphs.items())]
    return "\n".join(line for line in lines if line is not None).strip() + "\n"


def write_text(articles: Iterable[ArticleRecord], target: Path) -> list[Path]:
    """Plain English text, one ``.txt`` file per article in folder ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for article in articles:
        path = target / f"{_slug(article)}.txt"
        path.write_text(article_text(article), encoding="utf-8")
        written.append(path)
    return written
