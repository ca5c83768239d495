"""Command-line options shared by the interfaces (the CLI and the web app), and how they become
:class:`~summarize.config.Settings`. Interfaces import this; the library does not."""

from __future__ import annotations

import argparse
import os

from summarize.choices import BACKENDS, DEVICES
from summarize.config import Settings


def quiet_libraries() -> None:
    """Keep library chatter (weight-loading bars, advisory warnings) off the user's terminal."""
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def translator_for(settings: Settings):
    from summarize.tasks.translate import CT2Translator, HFTranslator

    translator_class = CT2Translator if settings.backend == "ct2" else HFTranslator
    translator = translator_class(settings.translation_model, device=settings.device)
    glossary = settings.load_glossary()
    if glossary:
        from summarize.tasks.terms import GlossaryTranslator

        return GlossaryTranslator(translator, glossary)
    return translator


def model_options(parser: argparse.ArgumentParser, *, summary: bool = True) -> None:
    parser.add_argument("--translation-model", metavar="M",
                        help="registry name, hub id or folder (env SUMMARIZE_TRANSLATION_MODEL; default opus-mt-ar-en)")
    if summary:
        parser.add_argument("--summary-model", metavar="M",
                            help="registry name, hub id or folder (env SUMMARIZE_SUMMARY_MODEL; default mt5-xlsum)")
    parser.add_argument("--device", choices=DEVICES, help="where models run (env SUMMARIZE_DEVICE; default auto: a visible GPU, else the CPU)")
    parser.add_argument("--backend", choices=BACKENDS,
                        help="transformers, or ct2: CTranslate2, converted once into the model store, int8 on CPU "
                             "(env SUMMARIZE_BACKEND; default transformers)")
    parser.add_argument("--glossary", metavar="FILE",
                        help="names and terms to enforce in translation: UTF-8 lines Arabic<TAB>English[<TAB>note] "
                             "(or CSV, or TBX); see README (env SUMMARIZE_GLOSSARY)")


def limit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-file-bytes", type=int, metavar="N",
                        help="reject larger files (env SUMMARIZE_MAX_FILE_BYTES; default 2000000; 0 for no limit)")
    parser.add_argument("--max-article-chars", type=int, metavar="N",
                        help="reject longer articles (env SUMMARIZE_MAX_ARTICLE_CHARS; default 200000; 0 for no limit)")


def db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", help="SQLite database (env SUMMARIZE_DB; default out/summarize.db)")


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings.resolve(**{k: getattr(args, k, None) for k in Settings.__dataclass_fields__})
