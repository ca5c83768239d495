"""The Gradio demo: a thin front end on :class:`summarize.engine.service.Service`.

Three tabs: *Translate & summarise* (paste, upload or pick a seed; aligned view with flags and
evidence; downloads), *Library* (browse and search the store the CLI writes) and *Evaluate*
(score a run against the references, compare two runs). Every handler turns the library's errors
into a message in the page, never a traceback; the page loads no external fonts or scripts.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import tempfile
from pathlib import Path

from summarize.choices import STRATEGIES, SUMMARISERS
from summarize.config import Settings
from summarize.engine.service import Options, Service
from summarize.errors import SummarizeError
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


def model_choices(task: str, current: str) -> list[str]:
    from summarize.backends.registry import registry

    names = [e.name for e in registry().values() if task in e.task]
    return list(dict.fromkeys([current, *names]))


class Handlers:
    """The functions behind the page's events; each calls the service and formats its answer."""

    def __init__(self, service: Service):
        self.service = service

    def _fail(self, error: Exception):
        import gradio as gr

        if isinstance(error, SummarizeError):
            return gr.Error(redact_paths(str(error)), print_exception=False)
        log.exception("unexpected error")
        return gr.Error("Something went wrong on the server; the log has the details.", print_exception=False)

    def load_seed(self, name: str | None) -> str:
        if not name:
            return ""
        path = SEEDS_DIR / Path(name).name  # a seed name, never a path
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    def analyse(self, text, upload, seed, translation_model, summary_model, strategy, summariser, backend,
                progress=None):
        import gradio as gr

        from summarize.export.html import article_html

        progress = progress or gr.Progress()
        try:
            if upload:
                doc = self.service.document_from_file(upload, name=Path(upload).name)
            elif text and text.strip():
                doc = self.service.document_from_text(text)
            elif seed:
                doc = self.service.document_from_text(self.load_seed(seed), source=seed)
            else:
                raise SummarizeError("Paste Arabic text, upload a .txt file or pick a seed article first.")
            options = Options(translation_model=translation_model or None, summary_model=summary_model or None,
                              strategy=strategy or None, summariser=summariser or None, backend=backend or None)
            steps = iter([0.1, 0.2, 0.7, 0.9, 0.95])
            progress(0.02, desc="loading models")
            article = self.service.analyse(doc, options, stage=lambda what: progress(next(steps, 0.95), desc=what))
        except Exception as e:  # noqa: BLE001 - every error becomes a message in the page
            raise self._fail(e) from None
        progress(1.0, desc="done")
        return (article_html(article), article.as_dict(), signature_markdown(article), self.downloads(article))

    def downloads(self, article: ArticleRecord) -> list[str]:
        from summarize import export

        folder = Path(tempfile.mkdtemp(prefix="summarize-export-"))
        stem = Path(article.source_file).stem or "article"
        with open(folder / f"{stem}.jsonl", "w", encoding="utf-8") as out:
            export.write_jsonl([article], out)
        export.write_tmx([article], folder / f"{stem}.tmx")
        export.write_html([article], folder / f"{stem}.html", one_page=True)
        return [str(folder / f"{stem}.{ext}") for ext in ("jsonl", "tmx", "html")]

    def library(self):
        rows = self.service.articles()
        return [[r["id"], r["source_file"], r["title"], r["sentences"], r["updated_at"]] for r in rows]

    def search(self, query: str, lang: str):
        try:
            hits = self.service.search(query, lang=lang) if query and query.strip() else []
        except Exception as e:  # noqa: BLE001
            raise self._fail(e) from None
        return [[h["article_id"], h["source_file"], h["idx"], h["text_ar"], h["text_en"]] for h in hits]

    def open_article(self, article_id):
        from summarize.export.html import article_html

        try:
            if article_id in (None, ""):
                raise SummarizeError("Enter the id of an article from the list.")
            article = self.service.article(int(article_id))
        except (TypeError, ValueError):
            raise self._fail(SummarizeError(f"No article {article_id!r}.")) from None
        except Exception as e:  # noqa: BLE001
            raise self._fail(e) from None
        return article_html(article)

    def run_choices(self):
        import gradio as gr

        choices = [(f"run {r['id']}: {r['input']} · {r['summary_model']} · {r['strategy']}", r["id"])
                   for r in self.service.runs()]
        return gr.update(choices=choices), gr.update(choices=choices), gr.update(choices=choices)

    def evaluate(self, run_id):
        from summarize.evaluation.harness import evaluate_run, render_report

        try:
            if run_id is None:
                raise SummarizeError("Pick a run first.")
            with self.service.store() as store:
                scores = evaluate_run(store, int(run_id), references_dir=REFERENCES_DIR, results_dir=RESULTS_DIR)
        except Exception as e:  # noqa: BLE001
            raise self._fail(e) from None
        return render_report(scores), scores["files"].get("chart")

    def compare(self, run_a, run_b):
        from summarize.evaluation.harness import compare_runs, render_comparison

        try:
            if run_a is None or run_b is None:
                raise SummarizeError("Pick two runs to compare.")
            with self.service.store() as store:
                result = compare_runs(store, int(run_a), int(run_b), references_dir=REFERENCES_DIR)
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
    with gr.Blocks(title="summarize: Arabic news in English", analytics_enabled=False) as demo:
        gr.Markdown("# summarize\nArabic news articles translated sentence by sentence and summarised in Arabic "
                    "and English. Flags mark sentences to check; summary sentences link to their evidence.")
        with gr.Tab("Translate & summarise"):
            with gr.Row():
                with gr.Column(scale=3):
                    text = gr.Textbox(label="Arabic article (first line: title)", lines=8, max_lines=14, rtl=True,
                                      elem_classes=["arabic"], elem_id="article-text",
                                      max_length=settings.max_article_chars or None)
                    with gr.Row():
                        upload = gr.File(label="or upload a .txt file", file_types=[".txt"], type="filepath",
                                         elem_id="article-file")
                        seed = gr.Dropdown(label="or pick a seed article", choices=seed_files(), value=None,
                                           elem_id="seed-choice")
                with gr.Column(scale=2):
                    translation_model = gr.Dropdown(label="Translation model", allow_custom_value=True,
                                                    choices=model_choices("translation", settings.translation_model),
                                                    value=settings.translation_model)
                    summary_model = gr.Dropdown(label="Summary model", allow_custom_value=True,
                                                choices=model_choices("summarisation", settings.summary_model),
                                                value=settings.summary_model)
                    strategy = gr.Radio(label="English summary", choices=list(STRATEGIES), value=settings.strategy)
                    summariser = gr.Radio(label="Summariser", choices=list(SUMMARISERS), value=settings.summariser)
                    backend = gr.Dropdown(label="Backend", choices=available_backends(), value="transformers")
                    go = gr.Button("Translate & summarise", variant="primary", elem_id="run-button")
            aligned = gr.HTML(elem_id="aligned-view")
            signature = gr.Markdown()
            files = gr.File(label="Downloads: JSONL, TMX, HTML", file_count="multiple", interactive=False)
            article_json = gr.JSON(label="Article (JSON)", open=False)
            seed.change(handlers.load_seed, seed, text, api_name=False)
            go.click(handlers.analyse,
                     [text, upload, seed, translation_model, summary_model, strategy, summariser, backend],
                     [aligned, article_json, signature, files], api_name="analyse")
        with gr.Tab("Library"):
            with gr.Row():
                query = gr.Textbox(label="Search (Arabic, with or without diacritics, or English)", scale=4)
                lang = gr.Radio(["ar", "en"], value="ar", label="Language", scale=1)
                search_button = gr.Button("Search", scale=1)
            hits = gr.Dataframe(headers=["article", "file", "sentence", "Arabic", "English"], interactive=False,
                                wrap=True)
            articles = gr.Dataframe(headers=["id", "file", "title", "sentences", "updated"], interactive=False,
                                    wrap=True, label="Stored articles")
            with gr.Row():
                article_id = gr.Number(label="Article id", precision=0)
                open_button = gr.Button("Open")
                refresh = gr.Button("Refresh list")
            library_view = gr.HTML()
            search_button.click(handlers.search, [query, lang], hits, api_name="search")
            query.submit(handlers.search, [query, lang], hits, api_name=False)
            open_button.click(handlers.open_article, article_id, library_view, api_name="article")
            refresh.click(handlers.library, None, articles, api_name=False)
            demo.load(handlers.library, None, articles, api_name=False)
        with gr.Tab("Evaluate"):
            with gr.Row():
                run_pick = gr.Dropdown(label="Run", choices=[])
                score_button = gr.Button("Score against references")
                reload_runs = gr.Button("Refresh runs")
            report = gr.Markdown()
            chart = gr.Image(label="Scores beside the published anchors", type="filepath")
            with gr.Row():
                run_a = gr.Dropdown(label="Run A (baseline)", choices=[])
                run_b = gr.Dropdown(label="Run B", choices=[])
                compare_button = gr.Button("Compare")
            comparison = gr.Markdown()
            score_button.click(handlers.evaluate, run_pick, [report, chart], api_name="evaluate")
            compare_button.click(handlers.compare, [run_a, run_b], comparison, api_name="compare")
            reload_runs.click(handlers.run_choices, None, [run_pick, run_a, run_b], api_name=False)
            demo.load(handlers.run_choices, None, [run_pick, run_a, run_b], api_name=False)
    return demo


def launch(settings: Settings, *, host: str = "127.0.0.1", port: int = 7860, concurrency: int = 2,
           queue_size: int = 20, prevent_thread_lock: bool = False):
    """Build and start the app (loopback only unless ``host`` says otherwise; never shared)."""
    import gradio as gr

    from summarize.export.html import CSS
    from summarize.interfaces.options import quiet_libraries

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    quiet_libraries()
    demo = build_app(Service(settings))
    demo.queue(default_concurrency_limit=concurrency, max_size=queue_size)
    theme = gr.themes.Default(font=["system-ui", "Segoe UI", "Roboto", "sans-serif"],
                              font_mono=["ui-monospace", "SFMono-Regular", "monospace"])
    blocked = [str(Path(settings.db).resolve()), str(ROOT / "models")]
    demo.launch(server_name=host, server_port=port, share=False, show_error=False, max_file_size=settings.max_file_bytes,
                allowed_paths=[], blocked_paths=blocked, theme=theme, css=CSS + APP_CSS, ssr_mode=False,
                prevent_thread_lock=prevent_thread_lock, quiet=True, footer_links=["api"])
    return demo


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=os.environ.get("SUMMARIZE_HOST", "127.0.0.1"),
                        help="address to listen on (env SUMMARIZE_HOST; default 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("SUMMARIZE_PORT", "7860")),
                        help="port (env SUMMARIZE_PORT; default 7860)")
    parser.add_argument("--concurrency", type=int, default=int(os.environ.get("SUMMARIZE_CONCURRENCY", "2")),
                        help="requests worked on at once (env SUMMARIZE_CONCURRENCY; default 2)")
    parser.add_argument("--queue-size", type=int, default=int(os.environ.get("SUMMARIZE_QUEUE_SIZE", "20")),
                        help="requests that may wait; more are told the server is busy (default 20)")


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
    print(f"summarize demo on http://{args.host}:{args.port} (database {settings.db})")
    launch(settings, host=args.host, port=args.port, concurrency=args.concurrency, queue_size=args.queue_size)
    return 0
