"""The brief: one page of the stories, largest and most recent first, each with a short English
summary whose sentences link to the article sentences they rest on (the trust layer's evidence), the
facts its sources disagree on, and its articles with outlet and date. Self-contained HTML (right to
left where Arabic, printable) or Markdown."""

from __future__ import annotations

import html
from collections.abc import Sequence

from summarize import __version__
from summarize.store.records import ArticleRecord
from summarize.stories import StoryView, outlet
from summarize.stories.cluster import day_iso
from summarize.stories.facts import named_by_some

KIND_LABELS = {"deaths": "Deaths", "injured": "Injured", "arrested": "Arrested", "missing": "Missing",
               "displaced": "Displaced", "date": "Date", "weekday": "Day of the week"}

CSS = """
.brief { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 1rem auto; padding: 0 1rem; color: #101828; }
.brief h1 { font-size: 1.5rem; }
.brief h2 { font-size: 1.2rem; margin-top: 2rem; border-top: 2px solid #d0d5dd; padding-top: .8rem; }
.brief .meta, .brief .muted { color: #667085; font-size: .85rem; }
.brief .summary p { margin: .3rem 0; } .brief .cite { font-size: .75rem; margin-left: .2rem; }
.brief .disagree { background: #fef0c7; padding: .4rem .6rem; border-radius: .3rem; margin: .4rem 0; }
.brief .update, .brief .named { background: #d1e9ff; padding: .4rem .6rem; border-radius: .3rem; margin: .4rem 0; }
.brief table { border-collapse: collapse; width: 100%; font-size: .9rem; }
.brief td, .brief th { border-top: 1px solid #eaecf0; padding: .25rem .4rem; text-align: left; vertical-align: top; }
.brief .src { margin: .3rem 0; padding: .3rem .5rem; border-left: 3px solid #d0d5dd; }
.brief .src:target { background: #fff3b0; } .brief [dir=rtl] { text-align: right; }
@media print { .brief a { color: inherit; text-decoration: none; } .brief .src { break-inside: avoid; } }
"""


def anchor(story: StoryView, article_id: int, index: int) -> str:
    return f"{story.key}-a{article_id}-s{index}"


def _lead(story: StoryView) -> ArticleRecord:
    """The article whose English summary speaks for the story: the first with one."""
    return next((a for a in story.articles if a.summary_en and a.summary_en.text), story.articles[0])


def _cited(story: StoryView, found: list[dict], updates: list[dict], named: list[dict] = ()) -> dict[tuple[int, int], str]:
    """Every sentence the page links to: (article id, sentence index) → why."""
    lead = _lead(story)
    cited: dict[tuple[int, int], str] = {}
    for item in (lead.summary_en.evidence if lead.summary_en else ()):
        for i in item.get("evidence", item.get("segments", [])):
            cited.setdefault((lead.id, i), "summary")
    for entry in [*found, *updates, *named]:
        for value in entry.get("values", [entry]):
            cited.setdefault((value["article"], value["sentence"]), "fact")
    return cited


def brief_html(stories: Sequence[StoryView], *, title: str = "Brief", fragment: bool = False) -> str:
    """The brief as one self-contained HTML page (``fragment``: as a block to put in another page)."""
    e = html.escape
    head = (f'<div class="brief"><style>{CSS}</style>' if fragment else
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{e(title)}</title><style>{CSS}</style></head>'
            '<body class="brief">')
    parts = [head,
             f"<h1>{e(title)}</h1><p class=muted>{len(stories)} stories from "
             f"{sum(len(s.articles) for s in stories)} articles; machine-translated from Arabic by summarize "
             f"{__version__} — check the linked sentences before relying on a figure.</p>"]
    for story in stories:
        found, updates = story.facts()
        by_id = {a.id: a for a in story.articles}
        lead = _lead(story)
        heading = e(story.title_en or "") + (" — " if story.title_en else "")
        parts.append(f'<section id="{e(story.key)}"><h2>{heading}<bdi lang="ar" dir="rtl">{e(story.title)}</bdi></h2>'
                     f'<p class="meta">{len(story.articles)} article(s), {e(story.first_date)}'
                     + (f" to {e(story.last_date)}" if story.last_date != story.first_date else "") + "</p>")
        summary = lead.summary_en
        if summary and summary.text:
            items = summary.evidence or [{"sentence": summary.text}]
            parts.append('<div class="summary">' + "".join(
                f'<p>{e(item["sentence"])}' + "".join(
                    f'<a class="cite" href="#{anchor(story, lead.id, i)}">[{i}]</a>'
                    for i in item.get("evidence", item.get("segments", []))) + "</p>" for item in items)
                + f'<p class="muted">Summary of {e(lead.source_file)} ({e(outlet(lead) or "outlet unknown")}).</p></div>')
        for entry in found:
            values = "; ".join(
                f'<a href="#{anchor(story, v["article"], v["sentence"])}">{e(v["value"])}</a> '
                f'({e(outlet(by_id[v["article"]]) or by_id[v["article"]].source_file)})' for v in entry["values"])
            parts.append(f'<div class="disagree"><b>Sources disagree — {e(KIND_LABELS.get(entry["kind"], entry["kind"]))}'
                         f":</b> {values}</div>")
        for entry in updates:
            was = f' (was {e(", ".join(entry["from"]))})' if entry["from"] else ""
            parts.append(f'<div class="update"><b>Update — {e(KIND_LABELS.get(entry["kind"], entry["kind"]))}:</b> '
                         f'<a href="#{anchor(story, entry["article"], entry["sentence"])}">{e(entry["value"])}</a>{was}, '
                         f'{e(outlet(by_id[entry["article"]]) or by_id[entry["article"]].source_file)}</div>')
        named = named_by_some(story.articles)
        if named:
            parts.append('<div class="named"><b>Named by only some sources:</b> ' + "; ".join(
                f'<a href="#{anchor(story, n["article"], n["sentence"])}"><bdi lang="ar" dir="rtl">{e(n["name"])}</bdi></a> ('
                + ", ".join(e(outlet(by_id[a]) or by_id[a].source_file) for a in n["articles"]) + ")" for n in named)
                + "</div>")
        parts.append("<table><tr><th>outlet</th><th>date</th><th>article</th></tr>" + "".join(
            f'<tr><td>{e(outlet(a))}</td><td>{e(_date(story, a))}</td><td><bdi lang="ar" dir="rtl">{e(a.title)}</bdi>'
            f' <span class="muted">{e(a.source_file)}, article {a.id}</span></td></tr>' for a in story.articles)
                     + "</table>")
        cited = _cited(story, found, updates, named)
        if cited:
            parts.append('<details open><summary class="muted">Sentences cited</summary>')
            for (article_id, index) in sorted(cited):
                article = by_id.get(article_id)
                if article is None or index >= len(article.sentences):
                    continue
                s = article.sentences[index]
                parts.append(f'<div class="src" id="{anchor(story, article_id, index)}"><span class="muted">'
                             f'{e(article.source_file)} [{index}]</span><div lang="ar" dir="rtl">{e(s.ar)}</div>'
                             f'<div lang="en">{e(s.en)}</div></div>')
            parts.append("</details>")
        parts.append("</section>")
    parts.append("</div>" if fragment else "</body></html>")
    return "".join(parts)


def _date(story: StoryView, article: ArticleRecord) -> str:
    day = story.days.get(article.id)
    return day_iso(day) if day is not None else ""


def brief_markdown(stories: Sequence[StoryView], *, title: str = "Brief") -> str:
    """The brief as Markdown (citations as article and sentence numbers)."""
    lines = [f"# {title}", "", f"{len(stories)} stories; machine-translated from Arabic by summarize {__version__}.", ""]
    for story in stories:
        found, updates = story.facts()
        by_id = {a.id: a for a in story.articles}
        lines += [f"## {story.title_en or story.title}", "", f"{story.title}", "",
                  f"{len(story.articles)} article(s), {story.first_date}"
                  + (f" to {story.last_date}" if story.last_date != story.first_date else ""), ""]
        lead = _lead(story)
        if lead.summary_en and lead.summary_en.text:
            for item in lead.summary_en.evidence or [{"sentence": lead.summary_en.text}]:
                refs = ", ".join(f"{lead.id}:{i}" for i in item.get("evidence", item.get("segments", [])))
                lines.append(f"- {item['sentence']}" + (f" [{refs}]" if refs else ""))
            lines.append("")
        for entry in found:
            values = "; ".join(f"{v['value']} ({outlet(by_id[v['article']]) or by_id[v['article']].source_file}, "
                               f"{v['article']}:{v['sentence']})" for v in entry["values"])
            lines.append(f"**Sources disagree — {KIND_LABELS.get(entry['kind'], entry['kind'])}:** {values}  ")
        for entry in updates:
            was = f" (was {', '.join(entry['from'])})" if entry["from"] else ""
            lines.append(f"**Update — {KIND_LABELS.get(entry['kind'], entry['kind'])}:** {entry['value']}{was}, "
                         f"{entry['article']}:{entry['sentence']}  ")
        for n in named_by_some(story.articles):
            lines.append(f"**Named by only some sources:** {n['name']} ("
                         + ", ".join(outlet(by_id[a]) or by_id[a].source_file for a in n["articles"]) + ")  ")
        lines += ["", "| outlet | date | article |", "|---|---|---|"]
        lines += [f"| {outlet(a)} | {_date(story, a)} | {a.title} ({a.source_file}, {a.id}) |" for a in story.articles]
        lines.append("")
    return "\n".join(lines)
