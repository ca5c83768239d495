"""The ``summarize`` command line: each command parses, calls the library, and formats.

Exit status: 0 success; 1 some input files failed (the others were processed); 2 a usage or
configuration problem (unknown model, model not available offline, bad option).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from summarize import __version__
from summarize.config import Settings
from summarize.errors import InputError, SummarizeError

EXIT_OK, EXIT_FAILED_FILES, EXIT_USAGE = 0, 1, 2


def _quiet_libraries() -> None:
    """Keep library chatter (weight-loading bars, advisory warnings) off the user's terminal."""
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def _translator(settings: Settings):
    from summarize.translate import HFTranslator

    return HFTranslator(settings.translation_model, device=settings.device)


def _summariser(settings: Settings):
    from summarize.summarise import HFSummariser

    return HFSummariser(settings.summary_model, device=settings.device)


def _model_options(parser: argparse.ArgumentParser, *, summary: bool = True) -> None:
    parser.add_argument("--translation-model", metavar="M",
                        help="registry name, hub id or folder (env SUMMARIZE_TRANSLATION_MODEL; default opus-mt-ar-en)")
    if summary:
        parser.add_argument("--summary-model", metavar="M",
                            help="registry name, hub id or folder (env SUMMARIZE_SUMMARY_MODEL; default mt5-xlsum)")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], help="where models run (env SUMMARIZE_DEVICE; default cpu)")


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", help="SQLite database (env SUMMARIZE_DB; default out/summarize.db)")


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.resolve(**{k: getattr(args, k, None) for k in ("db", "translation_model", "summary_model", "device")})


# --- commands ----------------------------------------------------------------------------------------

def cmd_run(args: argparse.Namespace) -> int:
    from summarize.pipeline import Pipeline, run
    from summarize.store import Store

    settings = _settings(args)
    if not Path(args.folder).exists():
        raise SummarizeError(f"{args.folder}: no such file or folder")
    _quiet_libraries()
    pipeline = Pipeline(_translator(settings), _summariser(settings))
    progress = None
    if sys.stderr.isatty() and not args.json:
        from tqdm import tqdm

        progress = lambda files: tqdm(files, unit="article", file=sys.stderr)  # noqa: E731
    with Store(settings.db) as store:
        try:
            report = run(args.folder, pipeline=pipeline, store=store, progress=progress)
        except KeyboardInterrupt:
            print("summarize: interrupted; finished articles are stored. Run the same command again to resume.",
                  file=sys.stderr)
            return 130
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for error in report.errors:
            print(f"error: {error['file']}: {error['error']}", file=sys.stderr)
        print(f"{report.articles_processed} of {report.articles_seen} articles processed "
              f"({report.sentences_translated} sentences translated, {report.sentences_cached} from cache, "
              f"{report.summaries_generated} summaries generated) into {settings.db}")
    return EXIT_FAILED_FILES if report.articles_failed else EXIT_OK


def cmd_translate(args: argparse.Namespace) -> int:
    from summarize.ingest import load_text, read_article
    from summarize.pipeline import translate_document

    settings = _settings(args)
    if args.file == "-":
        doc = load_text(sys.stdin.read(), "<stdin>")
    else:
        doc = read_article(args.file)
    _quiet_libraries()
    for paragraph in translate_document(doc, _translator(settings)):
        print(paragraph)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from summarize.export import write_jsonl
    from summarize.store import Store

    settings = _settings(args)
    if not settings.db.exists():
        raise SummarizeError(f"{settings.db}: no database here; run `summarize run FOLDER` first or pass --db")
    with Store(settings.db) as store:
        if args.output:
            with open(args.output, "w", encoding="utf-8") as out:
                n = write_jsonl(store.iter_articles(), out)
            print(f"{n} articles written to {args.output}", file=sys.stderr)
        else:
            write_jsonl(store.iter_articles(), sys.stdout)
    return EXIT_OK


def cmd_models_list(args: argparse.Namespace) -> int:
    from summarize.models import available_locally, registry

    entries = registry()
    if args.json:
        print(json.dumps([{**e.__dict__, "languages": list(e.languages), "local": available_locally(e)}
                          for e in entries.values()], indent=2))
        return EXIT_OK
    for e in entries.values():
        where = "in local store" if available_locally(e) else "not downloaded"
        default = " (default)" if e.default else ""
        print(f"{e.name}{default}\n  {e.hub_id}@{e.revision}  {e.task}  {e.size}  {where}\n  licence: {e.licence}")
    return EXIT_OK


def cmd_models_pull(args: argparse.Namespace) -> int:
    from summarize.models import pull

    print(f"{args.name} downloaded into {pull(args.name)}")
    return EXIT_OK


# --- parser ------------------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="summarize", description="Translate and summarise Arabic news articles into English.")
    parser.add_argument("--version", action="version", version=f"summarize {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name: str, handler: Callable[[argparse.Namespace], int], help: str, **kw) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help, **kw)
        sub.set_defaults(handler=handler)
        return sub

    p = add("run", cmd_run, "translate, summarise and store every .txt article of a folder (or one file)")
    p.add_argument("folder", metavar="FOLDER", help="a folder of .txt articles, or one file")
    _db_option(p)
    _model_options(p)
    p.add_argument("--json", action="store_true", help="print the run report as one JSON object")

    p = add("translate", cmd_translate, "print the English translation of one article (FILE, or - for standard input)")
    p.add_argument("file", metavar="FILE|-")
    _model_options(p, summary=False)

    p = add("export", cmd_export, "export stored articles")
    _db_option(p)
    p.add_argument("--format", choices=["jsonl"], default="jsonl", help="output format (default jsonl)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")

    p = add("models", None, "list the known models or download one into the local store")
    models = p.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    m = models.add_parser("list", help="list registry models and whether they are downloaded",
                          description="list registry models and whether they are downloaded")
    m.add_argument("--json", action="store_true", help="machine-readable output")
    m.set_defaults(handler=cmd_models_list)
    m = models.add_parser("pull", help="download a model into the local store (needs internet access)",
                          description="download a model into the local store (needs internet access)")
    m.add_argument("name", metavar="NAME", help="registry name or hub id")
    m.set_defaults(handler=cmd_models_pull)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except InputError as e:
        print(f"summarize: error: {e}", file=sys.stderr)
        return EXIT_FAILED_FILES
    except SummarizeError as e:
        print(f"summarize: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
