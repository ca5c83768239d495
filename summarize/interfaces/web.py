"""The Gradio demo: a thin front end on :class:`summarize.engine.service.Service`.

Three tabs: *Translate & summarise* (paste, upload or pick a seed; aligned view with flags and
evidence; downloads), *Library* (browse and search the store the CLI writes) and *Evaluate*
(score a run against the references, compare two runs). Every handler turns the library's errors
into a message in the page, never a traceback; the page loads no external fonts or scripts.
"""

from __future__ import annotations

import argparse
import html
import logging
import os
import re
import sys
import tempfile
from pathlib import Path

from summarize.choices import SUMMARISERS
from summarize.config import Settings
from summarize.engine.service import Options, Service
from summarize.errors import ConfigError, SummarizeError
from summarize.paths import SOURCE_ROOT
from summarize.store.records import ArticleRecord

log = logging.getLogger("summarize.interfaces.web")
ROOT = SOURCE_ROOT
SEEDS_DIR = ROOT / "seeds"
REFERENCES_DIR = ROOT / "eval" / "references"
RESULTS_DIR = ROOT / "eval" / "results"

ARABIC_FONTS = ('"Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "Scheherazade New", "Arabic Typesetting", '
                '"Geeza Pro", "Segoe UI", Tahoma, sans-serif')
APP_CSS = f"""
[lang="ar"], .arabic textarea, .arabic input {{ font-family: {ARABIC_FONTS}; font-size: 1.05rem; }}
.arabic textarea {{ direction: rtl; text-align: right; }}
#library-table [role=gridcell][data-col="2"], #search-hits [role=gridcell][data-col="3"] {{ direction: rtl;
  text-align: right; }}
#library-table [role=gridcell][data-col="2"] *, #search-hits [role=gridcell][data-col="3"] * {{
  font-family: {ARABIC_FONTS}; text-align: right; }}
#library-table [role=gridcell], #search-hits [role=gridcell] {{ cursor: pointer; }}
#search-hits mark {{ background: #fff3b0; padding: 0 .1em; }}
#char-count p {{ margin: 0; font-size: .85rem; color: #667085; }}
#status p {{ margin: .2rem 0; }}
"""


def available_backends() -> list[str]:
    backends = ["transformers"]
    try:
        import ctranslate2  # noqa: F401
    except ImportError:
        pass
    else:
        backends.append("ct2")
    return backends


def seed_files() -> list[str]:
    return sorted(p.name for p in SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []


INPUTS = ("Paste text", "Upload a file", "Seed article")  # one explicit input source at a time
LIBRARY_PAGE = 20
REVIEW_LIMIT = 200  # sentences of the review queue the app shows at once (the most risky)
READS_AT_ONCE = 8  # searches and article views served at once, beside (not behind) the analyses
SEARCH_LIMIT = 50


def model_choices(offers) -> list[tuple[str, str]]:
    """Dropdown choices: each offered model by its key, marked when it must be pulled first."""
    return [(offer.key if offer.installed else f"{offer.key} (not installed: summarize models pull {offer.key})",
             offer.key) for offer in offers]


def counter_text(n: int, limit: int | None) -> str:
    if not limit:
        return f"{n:,} characters"
    if n > limit:
        return (f"**{n:,} characters: over the limit of {limit:,}.** This article will be refused: shorten it, "
                "or ask the operator to raise SUMMARIZE_MAX_ARTICLE_CHARS.")
    return f"{n:,} / {limit:,} characters"


DOWNLOADS = Path(tempfile.gettempdir()) / f"summarize-downloads-{os.getuid() if hasattr(os, 'getuid') else 0}"
KEEP_DOWNLOADS = 50  # folders of downloads kept; older ones are removed


def downloads_folder(article: ArticleRecord) -> Path:
    """The downloads of one article's current version: the same folder for a repeated request, and
    only the newest :data:`KEEP_DOWNLOADS` folders kept, so temp space stays bounded."""
    import shutil

    folder = DOWNLOADS / f"{article.id}-{article.content_hash[:12]}-{article.updated_at.replace(':', '')}"
    folder.mkdir(parents=True, exist_ok=True)
    folder.touch()
    for old in sorted(DOWNLOADS.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP_DOWNLOADS:]:
        shutil.rmtree(old, ignore_errors=True)
    return folder


def describe_input(source: str, text: str | None, upload: str | None, seed: str | None) -> str:
    """Which input the next analysis uses, by name."""
    if source == INPUTS[1]:
        return f"Using the uploaded file **{Path(upload).name}**." if upload else "Upload a file to use it."
    if source == INPUTS[2]:
        return f"Using the seed article **{seed}**." if seed else "Pick a seed article to use it."
    n = len(text or "")
    return f"Using the pasted text ({n:,} characters)." if n else "Paste an Arabic article to use it."


def highlight(text: str, words: list[str], lang: str) -> str:
    """``text`` as HTML with the search words marked (matched as search matches them)."""
    if not words:
        return html.escape(text)
    from summarize.text.normalise import loose_pattern

    pattern = re.compile("|".join(f"(?:{loose_pattern(w, lang)})" for w in words), re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(text):
        out += [html.escape(text[last:m.start()]), f"<mark>{html.escape(m.group(0))}</mark>"]
        last = m.end()
    return "".join(out) + html.escape(text[last:])


def article_number(value) -> int:
    """An id (of an article or a run) from a visitor: a whole number in range, or a message saying
    what is wrong."""
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text.isascii() or not text.isdigit() or not 0 < int(text) < 2**63:
        raise SummarizeError(f"An id is a whole number from 1 (not {str(value)[:20]!r}).")
    return int(text)


class Handlers:
    """The functions behind the page's events; each calls the service and formats its answer."""

    def __init__(self, service: Service):
        self.service = service

    def _fail(self, error: Exception):
        import gradio as gr

        if isinstance(error, SummarizeError):
            message = redact_paths(str(error))
        else:
            log.exception("unexpected error")
            message = "Something went wrong on the server; the log has the details."
        return gr.Error(message, duration=None, title="Not done", print_exception=False)  # stays until closed

    def load_seed(self, name: str | None) -> str:
        if not name:
            return ""
        path = SEEDS_DIR / Path(name).name  # a seed name, never a path
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    def document(self, source: str, text: str | None, upload: str | None, seed: str | None):
        """The document of the chosen input, and only that one."""
        if source == INPUTS[1]:
            if not upload:
                raise SummarizeError("Upload a .txt file first (or choose another input).")
            return self.service.document_from_file(upload, name=Path(upload).name)
        if source == INPUTS[2]:
            path = SEEDS_DIR / Path(seed or "").name
            if not seed or not path.is_file():
                raise SummarizeError("Pick a seed article first (or choose another input).")
            return self.service.document_from_file(path, name=path.name)  # stored under its file name
        if not text or not text.strip():
            raise SummarizeError("Paste Arabic text first (or upload a .txt file, or pick a seed article).")
        return self.service.document_from_text(text)

    def analyse(self, source, text, upload, seed, translation_model, summary_model, strategy, summariser, backend,
                progress=None):
        import gradio as gr

        from summarize.export.html import article_html

        progress = progress or gr.Progress()
        try:
            options = Options(translation_model=translation_model or None, summary_model=summary_model or None,
                              strategy=strategy or None, summariser=summariser or None, backend=backend or None)
            doc = self.document(source, text, upload, seed)
            steps = iter([0.1, 0.2, 0.7, 0.9, 0.95])
            # The service checks the models before any work: a refused model shows no progress at all.
            article = self.service.analyse(doc, options, stage=lambda what: progress(next(steps, 0.95), desc=what))
        except Exception as e:  # noqa: BLE001 - every error becomes a message in the page
            raise self._fail(e) from None
        progress(1.0, desc="done")
        return (article_html(article), article.as_dict(), signature_markdown(article), self.downloads(article),
                f"Stored as article {article.id} ({article.source_file}).")

    def downloads(self, article: ArticleRecord) -> list[str]:
        from summarize import export

        folder = downloads_folder(article)
        stem = Path(article.source_file).stem or "article"
        with open(folder / f"{stem}.jsonl", "w", encoding="utf-8") as out:
            export.write_jsonl([article], out)
        export.write_tmx([article], folder / f"{stem}.tmx")
        export.write_html([article], folder / f"{stem}.html", one_page=True)
        (folder / f"{stem}.txt").write_text(export.article_text(article), encoding="utf-8")
        return [str(folder / f"{stem}.{ext}") for ext in ("txt", "html", "jsonl", "tmx")]

    def library(self, page: int = 0):
        """One page of the stored articles, its "N–M of T" line, and the page number."""
        page = max(int(page or 0), 0)
        rows, total = self.service.articles(limit=LIBRARY_PAGE, offset=page * LIBRARY_PAGE)
        pages = max(1, -(-total // LIBRARY_PAGE))
        if page >= pages:  # past the last page (articles were removed meanwhile): show the last one
            page = pages - 1
            rows, total = self.service.articles(limit=LIBRARY_PAGE, offset=page * LIBRARY_PAGE)
        first = page * LIBRARY_PAGE + 1
        info = (f"Articles {first}–{first + len(rows) - 1} of {total} (page {page + 1} of {pages}); click a row to "
                "open it." if rows else "No article is stored yet: analyse one, or run `summarize run FOLDER`.")
        return [[r["id"], r["source_file"], r["title"], r["sentences"], r["updated_at"]] for r in rows], info, page

    def search(self, query: str, lang: str):
        from summarize.store.repository import search_words
        from summarize.text.decode import arabic_ratio

        try:
            if not query or not query.strip():
                return [], "Type a word or phrase to search."
            hits, total = self.service.search(query, lang=lang, limit=SEARCH_LIMIT)
        except Exception as e:  # noqa: BLE001
            raise self._fail(e) from None
        words = search_words(query, lang)
        rows = [[h["article_id"], h["source_file"], h["idx"], highlight(h["text_ar"], words if lang == "ar" else [], "ar"),
                 highlight(h["text_en"], words if lang == "en" else [], "en")] for h in hits]
        if not hits:
            other = "en" if lang == "ar" else "ar"
            looks = arabic_ratio(query) < 0.5 if lang == "ar" else arabic_ratio(query) >= 0.5
            hint = f" The query looks {'English' if other == 'en' else 'Arabic'}: search in {other}." if looks else ""
            return rows, f"No sentence matches «{html.escape(query.strip())}» in {lang}.{hint}"
        shown = f"the best {len(hits)} of {total}" if total > len(hits) else f"{total}"
        return rows, f"{shown} matching sentences; click a row to open its article."

    def open_article(self, article_id: float | int | str | None) -> str:
        from summarize.export.html import article_html

        try:
            if article_id in (None, ""):
                raise SummarizeError("Pick an article from the list.")
            article = self.service.article(article_number(article_id))
        except KeyError:
            raise self._fail(SummarizeError(f"No article {article_id!r}.")) from None
        except Exception as e:  # noqa: BLE001
            raise self._fail(e) from None
        return article_html(article)

    def open_row(self, evt) -> str:
        """The article of a clicked table row (its first cell is the article id)."""
        row = getattr(evt, "row_value", None) or []
        return self.open_article(row[0] if row else None)

    def sentence_english(self, article_id, index) -> str:
        """The English of one sentence of the open article (to correct it), or nothing."""
        try:
            sentences = self.service.article(article_number(article_id)).sentences
            return sentences[int(index)].en if 0 <= int(index) < len(sentences) else ""
        except (KeyError, TypeError, ValueError, SummarizeError):
            return ""

    def correct_in_view(self, article_id, index, english: str, editor: str) -> tuple[str, str]:
        """Store the editor's English for a sentence of the open article; the article again, and a line."""
        from summarize.export.html import article_html

        try:
            if article_id in (None, ""):
                raise SummarizeError("Open an article first (click a row of the library).")
            if not (editor or "").strip():
                raise SummarizeError("Type your name in 'Editor' first: each correction records who made it.")
            number = article_number(article_id)
            self.service.correct(number, int(index or 0), english or "", by=editor.strip())
            return (article_html(self.service.article(number)),
                    f"Stored your English for sentence {int(index or 0)} of article {number}.")
        except KeyError:
            raise self._fail(SummarizeError(f"Article {article_id} has no sentence {index}.")) from None
        except Exception as e:  # noqa: BLE001
            raise self._fail(e) from None

    # --- review: walk the queue, correct in place (Enter saves and moves on) ------------------------

    def review_load(self):
        """The review queue (most risky first), its table, and the first sentence in the editor."""
        try:
            items = self.service.review(limit=REVIEW_LIMIT)
        except Exception as e:  # noqa: BLE001
            raise self._fail(e) from None
        return (items, 0, *self._review_view(items, 0))

    def review_pick(self, items: list[dict], evt) -> tuple:
        row = getattr(evt, "index", None) or [0]
        position = int(row[0]) if isinstance(row, (list, tuple)) else int(row)
        return (position, *self._review_view(items, position))

    def review_skip(self, items: list[dict], position: int) -> tuple:
        position = (position + 1) % len(items) if items else 0
        return (position, *self._review_view(items, position))

    def review_save(self, items: list[dict], position: int, english: str, editor: str) -> tuple:
        """Store the editor's English for the sentence in the editor, then show the next one."""
        if not items:
            raise self._fail(SummarizeError("Nothing to review: load the queue first."))
        if not (editor or "").strip():
            raise self._fail(SummarizeError("Type your name in 'Editor' first: each correction records who made it."))
        item = items[min(position, len(items) - 1)]
        try:
            self.service.correct(item["article"], item["sentence"], english or "", by=editor.strip())
        except Exception as e:  # noqa: BLE001
            raise self._fail(e) from None
        items = [i for i in items if i is not item]
        position = min(position, max(len(items) - 1, 0))
        return (items, position, *self._review_view(items, position),
                f"Saved article {item['article']} sentence {item['sentence']}; {len(items)} left.")

    @staticmethod
    def _review_view(items: list[dict], position: int) -> tuple:
        rows = [[i["risk"], i["article"], i["sentence"], ", ".join(r["label"] for r in i["reasons"]), i["en"]]
                for i in items]
        if not items:
            return rows, "", "", "Nothing to review: no machine-translated sentence has a flag."
        item = items[position]
        arabic = f'<div dir="rtl" lang="ar">{html.escape(item["ar"])}</div>'
        why = "; ".join(f"**{r['label']}**: {html.escape(r['reason'])}" for r in item["reasons"])
        return (rows, arabic, item["en"], f"Sentence {position + 1} of {len(items)} (article {item['article']}, "
                f"{html.escape(item['source_file'])}, sentence {item['sentence']}, risk {item['risk']:g}). {why}")

    def stories(self) -> str:
        """The brief of the stored stories (the same page as summarize brief)."""
        from summarize.stories.brief import brief_html

        try:
            return brief_html(self.service.stories(), title="Stories", fragment=True)
        except Exception as e:  # noqa: BLE001
            raise self._fail(e) from None

    def run_choices(self, include_web: bool = False):
        import gradio as gr

        runs = [r for r in self.service.runs() if include_web or not str(r["input"]).startswith("app: ")]
        choices = [(f"run {r['id']}: {r['input']} · {r['summary_model']} · {r['strategy']}", r["id"]) for r in runs]
        return gr.update(choices=choices), gr.update(choices=choices), gr.update(choices=choices)

    def evaluate(self, run_id):
        from summarize.evaluation.harness import evaluate_run, render_report

        try:
            if run_id is None:
                raise SummarizeError("Pick a run first.")
            with self.service.store() as store:
                scores = evaluate_run(store, article_number(run_id), references_dir=REFERENCES_DIR,
                                      results_dir=RESULTS_DIR)
        except Exception as e:  # noqa: BLE001
            raise self._fail(e) from None
        return render_report(scores), scores["files"].get("chart")

    def compare(self, run_a, run_b):
        from summarize.evaluation.harness import compare_runs, render_comparison

        try:
            if run_a is None or run_b is None:
                raise SummarizeError("Pick two runs to compare.")
            if run_a == run_b:
                raise SummarizeError("Pick two different runs to compare.")
            with self.service.store() as store:
                result = compare_runs(store, article_number(run_a), article_number(run_b),
                                      references_dir=REFERENCES_DIR)
        except Exception as e:  # noqa: BLE001
            raise self._fail(e) from None
        return "```\n" + render_comparison(result) + "\n```"


_ABSOLUTE_PATH = re.compile(r"(?<![\w.])/(?:[\w.@+-]+/)+[\w.@+-]*")


def redact_paths(message: str) -> str:
    """A message fit for a web page: this machine's paths replaced (project-relative where possible)."""
    message = message.replace(str(ROOT) + "/", "").replace(str(ROOT), ".")
    return _ABSOLUTE_PATH.sub("[path]", message)


def signature_markdown(article: ArticleRecord) -> str:
    lines = ["**Produced by**"]
    for m in article.translation_models:
        lines.append(f"- translation: `{m.model}` revision `{m.revision or 'local'}`, backend `{m.backend}`, "
                     f"settings `{m.settings}`")
    for lang in ("ar", "en"):
        summary = article.summary(lang)
        if summary:
            m = summary.model
            lines.append(f"- {lang} summary: `{m.model}` ({m.strategy}), backend `{m.backend}`, settings `{m.settings}`")
    if article.dropped:
        n = len(article.dropped)
        lines.append(f"- cleaning: {n} {'line' if n == 1 else 'lines'} removed, listed under "
                     "*Removed while cleaning* above the summaries")
    return "\n".join(lines)


def build_app(service: Service):
    """The Gradio Blocks of the demo."""
    import gradio as gr

    handlers = Handlers(service)
    settings = service.settings
    limit = settings.max_article_chars or None

    def open_row(evt):
        return handlers.open_row(evt)

    open_row.__annotations__ = {"evt": gr.SelectData, "return": str}  # Gradio passes the click by this type

    def row_article(evt):
        row = getattr(evt, "row_value", None) or []
        return row[0] if row else None

    row_article.__annotations__ = {"evt": gr.SelectData}

    def review_pick(items, evt):
        return handlers.review_pick(items, evt)

    review_pick.__annotations__ = {"evt": gr.SelectData}
    with gr.Blocks(title="summarize: Arabic news in English", analytics_enabled=False,
                   delete_cache=(3600, 3600)) as demo:  # Gradio's copies of downloads: removed after an hour
        gr.Markdown("# summarize\nArabic news articles translated sentence by sentence and summarised in Arabic "
                    "and English. Flags mark sentences to check; summary sentences link to their evidence. "
                    "Everything here is machine output: check before you quote.")
        with gr.Tab("Translate & summarise"):
            with gr.Row():
                with gr.Column(scale=3):
                    source = gr.Radio(list(INPUTS), value=INPUTS[0], label="Input", elem_id="input-source")
                    # No max_length: a browser-side cap would cut the text silently. The counter says
                    # where the limit is, and the service refuses longer articles in words.
                    text = gr.Textbox(label="Arabic article (first line: title)", lines=8, max_lines=14, rtl=True,
                                      elem_classes=["arabic"], elem_id="article-text")
                    counter = gr.Markdown(counter_text(0, limit), elem_id="char-count")
                    with gr.Row():
                        upload = gr.File(label="Upload a .txt file", file_types=[".txt"], type="filepath",
                                         elem_id="article-file")
                        seed = gr.Dropdown(label="Seed article", choices=seed_files(), value=None,
                                           elem_id="seed-choice")
                    using = gr.Markdown(describe_input(INPUTS[0], "", None, None), elem_id="input-using")
                with gr.Column(scale=2):
                    # Values are offered keys, checked by the service (allow_custom_value only keeps
                    # Gradio from answering a wrong value with the list of values).
                    offers = {task: service.offered_models(task) for task in ("translation", "summary")}
                    translation_model = gr.Dropdown(label="Translation model", allow_custom_value=True,
                                                    choices=model_choices(offers["translation"]),
                                                    value=offers["translation"][0].key, elem_id="translation-model")
                    summary_model = gr.Dropdown(label="Summary model", allow_custom_value=True,
                                                choices=model_choices(offers["summary"]),
                                                value=offers["summary"][0].key, elem_id="summary-model")
                    strategies = service.strategies()  # direct only when its model is installed
                    strategy = gr.Radio(label="English summary", choices=strategies,
                                        value=settings.strategy if settings.strategy in strategies else strategies[0],
                                        info="summarise the English translation; translate the Arabic summary; "
                                             "or a cross-lingual model")
                    summariser = gr.Radio(label="Summariser", choices=list(SUMMARISERS), value=settings.summariser,
                                          info="the model, or a baseline that copies sentences (lead: the first "
                                               "ones; textrank: the most central)")
                    backend = gr.Dropdown(label="Backend", choices=available_backends(), value="transformers")
                    with gr.Row():
                        go = gr.Button("Translate & summarise", variant="primary", elem_id="run-button")
                        cancel = gr.Button("Cancel", visible=False, elem_id="cancel-button")
            status = gr.Markdown(elem_id="status")
            aligned = gr.HTML(elem_id="aligned-view")
            signature = gr.Markdown()
            files = gr.File(label="Downloads: plain text, HTML, JSONL, TMX", file_count="multiple", interactive=False)
            article_json = gr.JSON(label="Article (JSON)", open=False)
            inputs_now = [source, text, upload, seed]
            text.input(lambda t: (INPUTS[0], counter_text(len(t or ""), limit)), text, [source, counter],
                       api_name=False, show_progress="hidden")
            upload.upload(lambda _: INPUTS[1], upload, source, api_name=False, show_progress="hidden")
            seed.input(lambda name: (INPUTS[2], handlers.load_seed(name)), seed, [source, text], api_name=False)
            text.change(lambda t: counter_text(len(t or ""), limit), text, counter, api_name=False,
                        show_progress="hidden")
            for component in inputs_now:
                component.change(describe_input, inputs_now, using, api_name=False, show_progress="hidden")
        with gr.Tab("Library") as library_tab:
            with gr.Row():
                query = gr.Textbox(label="Search (Arabic, with or without diacritics, or English)", scale=4,
                                   elem_id="search-query")
                lang = gr.Radio(["ar", "en"], value="ar", label="Language", scale=1)
                search_button = gr.Button("Search", scale=1, elem_id="search-button")
            search_info = gr.Markdown(elem_id="search-info")
            hits = gr.Dataframe(headers=["article", "file", "sentence", "Arabic", "English"],
                                datatype=["number", "str", "number", "html", "html"], interactive=False, wrap=True,
                                elem_id="search-hits", column_widths=["8%", "14%", "8%", "35%", "35%"])
            library_info = gr.Markdown(elem_id="library-info")
            articles = gr.Dataframe(headers=["id", "file", "title", "sentences", "updated"], interactive=False,
                                    wrap=True, label="Stored articles", elem_id="library-table",
                                    column_widths=["7%", "20%", "47%", "10%", "16%"])
            page = gr.State(0)
            with gr.Row():
                previous_page = gr.Button("‹ Previous", size="sm")
                next_page = gr.Button("Next ›", size="sm")
            library_view = gr.HTML(elem_id="library-article")
            # Reading is quick and never waits behind analyses: its own concurrency group.
            reads = {"concurrency_id": "reads", "concurrency_limit": READS_AT_ONCE}
            search_button.click(handlers.search, [query, lang], [hits, search_info], api_name="search", **reads)
            query.submit(handlers.search, [query, lang], [hits, search_info], api_name=False, **reads)
            current_article = gr.State(None)
            with gr.Row():
                fix_index = gr.Number(label="Correct sentence", precision=0, minimum=0, scale=1, elem_id="fix-index")
                fix_english = gr.Textbox(label="Its English (Enter stores it as your correction)", scale=4,
                                         elem_id="fix-english")
                fix_editor = gr.Textbox(label="Editor", placeholder="your name", scale=1, elem_id="fix-editor")
            fix_status = gr.Markdown(elem_id="fix-status")
            for table in (articles, hits):
                table.select(open_row, None, library_view, api_name=False, **reads)
                table.select(row_article, None, current_article, api_name=False, **reads)
            fix_index.change(handlers.sentence_english, [current_article, fix_index], fix_english, api_name=False,
                             **reads)
            fix_english.submit(handlers.correct_in_view, [current_article, fix_index, fix_english, fix_editor],
                               [library_view, fix_status], api_name=False, **reads)
            previous_page.click(lambda p: handlers.library(p - 1), page, [articles, library_info, page],
                                api_name=False, **reads)
            next_page.click(lambda p: handlers.library(p + 1), page, [articles, library_info, page], api_name=False,
                            **reads)
            library_tab.select(handlers.library, page, [articles, library_info, page], api_name=False, **reads)
            demo.load(handlers.library, None, [articles, library_info, page], api_name=False, **reads)
            gr.api(handlers.open_article, api_name="article", **reads)
        with gr.Tab("Review") as review_tab:
            gr.Markdown("Sentences to check, most risky first. Edit the English and press **Enter** to save it "
                        "and move to the next; the machine translation is kept, and the same Arabic sentence in "
                        "any article reuses yours.")
            review_items, review_pos = gr.State([]), gr.State(0)
            review_table = gr.Dataframe(headers=["risk", "article", "sentence", "why", "English"], interactive=False,
                                        wrap=True, elem_id="review-table",
                                        column_widths=["7%", "8%", "8%", "27%", "50%"])
            review_info = gr.Markdown(elem_id="review-info")
            review_arabic = gr.HTML(elem_id="review-arabic")
            review_english = gr.Textbox(label="English (Enter saves and moves on)", lines=1, elem_id="review-english")
            with gr.Row():
                editor = gr.Textbox(label="Editor", placeholder="your name", scale=2, elem_id="review-editor")
                save = gr.Button("Save and next", variant="primary", scale=1, elem_id="review-save")
                skip = gr.Button("Skip", scale=1, elem_id="review-skip")
            review_status = gr.Markdown(elem_id="review-status")
            view = [review_table, review_arabic, review_english, review_info]
            review_tab.select(handlers.review_load, None, [review_items, review_pos, *view], api_name=False, **reads)
            review_table.select(review_pick, review_items, [review_pos, *view], api_name=False, **reads)
            skip.click(handlers.review_skip, [review_items, review_pos], [review_pos, *view], api_name=False, **reads)
            for trigger in (save.click, review_english.submit):
                trigger(handlers.review_save, [review_items, review_pos, review_english, editor],
                        [review_items, review_pos, *view, review_status], api_name=False, **reads)
        with gr.Tab("Stories") as stories_tab:
            gr.Markdown("Articles grouped by the event they report, largest and most recent first: each story's "
                        "summary links to the sentences it rests on, and the facts its sources disagree on are "
                        "shown with their sentences (the same page as `summarize brief`).")
            stories_view = gr.HTML(elem_id="stories-view")
            stories_tab.select(handlers.stories, None, stories_view, api_name="stories", **reads)
        with gr.Tab("Evaluate"):
            with gr.Row():
                # run ids are checked by the handlers, so the API can name any run (not only listed ones)
                run_pick = gr.Dropdown(label="Run", choices=[], allow_custom_value=True)
                score_button = gr.Button("Score against references")
                include_web = gr.Checkbox(label="include analyses made in this app", value=False)
            report = gr.Markdown()
            chart = gr.Image(label="Scores beside the published anchors", type="filepath")
            with gr.Row():
                run_a = gr.Dropdown(label="Run A (baseline)", choices=[], allow_custom_value=True)
                run_b = gr.Dropdown(label="Run B", choices=[], allow_custom_value=True)
                compare_button = gr.Button("Compare")
            comparison = gr.Markdown()
            score_button.click(handlers.evaluate, run_pick, [report, chart], api_name="evaluate")
            compare_button.click(handlers.compare, [run_a, run_b], comparison, api_name="compare")
            include_web.change(handlers.run_choices, include_web, [run_pick, run_a, run_b], api_name=False)
            demo.load(handlers.run_choices, include_web, [run_pick, run_a, run_b], api_name=False)
        # The run button is disabled while its analysis runs; Cancel stops waiting for it.
        started = go.click(lambda: (gr.update(interactive=False), gr.update(visible=True), "Working…"), None,
                           [go, cancel, status], api_name=False, queue=False)
        work = started.then(handlers.analyse, [*inputs_now, translation_model, summary_model, strategy, summariser,
                                               backend], [aligned, article_json, signature, files, status],
                            api_name="analyse")
        finished = work.then(lambda: (gr.update(interactive=True), gr.update(visible=False)), None, [go, cancel],
                             api_name=False, queue=False)
        finished.then(handlers.library, page, [articles, library_info, page], api_name=False)
        work.failure(lambda: "", None, status, api_name=False, queue=False)
        cancel.click(lambda: (gr.update(interactive=True), gr.update(visible=False), "Cancelled."), None,
                     [go, cancel, status], cancels=[work], api_name=False, queue=False)
    return demo


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def launch(settings: Settings, *, host: str = "127.0.0.1", port: int = 7860, concurrency: int = 2,
           queue_size: int = 20, api_keys: frozenset[str] = frozenset(), auth: tuple[str, str] | None = None):
    """Serve the web app and, beside it, the REST API (``/api/v1``) on one port: loopback only unless
    ``host`` says otherwise, and then only with API keys; never shared through a public link."""
    import gradio as gr
    import uvicorn

    from summarize.export.html import CSS
    from summarize.interfaces.api import create_api
    from summarize.interfaces.options import quiet_libraries

    if host not in LOOPBACK and not (api_keys and auth):
        raise ConfigError(f"serving beyond this machine (--host {host}) needs a password for the web app "
                          "(--auth USER:PASSWORD or SUMMARIZE_AUTH) and keys for the REST API (--api-key KEY or "
                          "SUMMARIZE_API_KEYS=KEY1,KEY2); or serve on 127.0.0.1")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    quiet_libraries()
    service = Service(settings)
    demo = build_app(service)
    demo.queue(default_concurrency_limit=concurrency, max_size=queue_size)
    theme = gr.themes.Default(font=["system-ui", "Segoe UI", "Roboto", "sans-serif"],
                              font_mono=["ui-monospace", "SFMono-Regular", "monospace"])
    blocked = [str(Path(settings.db).resolve()), str(ROOT / "models")]
    api = create_api(service, api_keys=api_keys, concurrency=concurrency, queue_size=queue_size)
    app = gr.mount_gradio_app(api, demo, path="/", auth=auth, max_file_size=settings.max_file_bytes, allowed_paths=[],
                              blocked_paths=blocked, show_error=False, ssr_mode=False, theme=theme, css=CSS + APP_CSS,
                              footer_links=["api"])
    print(f"summarize demo on http://{host}:{port} (REST API at /api/v1, database {settings.db})", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=os.environ.get("SUMMARIZE_HOST", "127.0.0.1"),
                        help="address to listen on (env SUMMARIZE_HOST; default 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("SUMMARIZE_PORT", "7860")),
                        help="port (env SUMMARIZE_PORT; default 7860)")
    parser.add_argument("--concurrency", type=int, default=int(os.environ.get("SUMMARIZE_CONCURRENCY", "2")),
                        help="requests worked on at once (env SUMMARIZE_CONCURRENCY; default 2)")
    parser.add_argument("--queue-size", type=int, default=int(os.environ.get("SUMMARIZE_QUEUE_SIZE", "20")),
                        help="requests that may wait; more are told the server is busy (default 20)")
    parser.add_argument("--api-key", action="append", metavar="KEY",
                        help="a key the REST API accepts (repeatable; env SUMMARIZE_API_KEYS, comma-separated); "
                             "required to serve beyond 127.0.0.1")
    parser.add_argument("--auth", metavar="USER:PASSWORD", default=os.environ.get("SUMMARIZE_AUTH"),
                        help="a login for the web app (env SUMMARIZE_AUTH); required to serve beyond 127.0.0.1")


def main(argv: list[str] | None = None) -> int:
    from summarize.interfaces.options import db_option as _db_option
    from summarize.interfaces.options import limit_options as _limit_options
    from summarize.interfaces.options import model_options as _model_options
    from summarize.interfaces.options import settings_from as _settings

    parser = argparse.ArgumentParser(prog="app.py", description="The summarize web demo.")
    add_arguments(parser)
    _db_option(parser)
    _model_options(parser)
    _limit_options(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = _settings(args)
    try:
        launch(settings, host=args.host, port=args.port, concurrency=args.concurrency, queue_size=args.queue_size,
               api_keys=api_keys(args), auth=login(args))
    except SummarizeError as e:
        print(f"app.py: error: {e}", file=sys.stderr)
        return 2
    return 0


def login(args: argparse.Namespace) -> tuple[str, str] | None:
    """``--auth USER:PASSWORD`` as Gradio takes it; None without one."""
    if not args.auth:
        return None
    user, _, password = args.auth.partition(":")
    if not user or not password:
        raise ConfigError("--auth takes USER:PASSWORD (both parts)")
    return user, password


def api_keys(args: argparse.Namespace) -> frozenset[str]:
    from summarize.interfaces.api import keys_from

    return keys_from(args.api_key, os.environ.get("SUMMARIZE_API_KEYS"))
