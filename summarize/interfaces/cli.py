"""The ``summarize`` command line: each command parses, calls the library, and formats.

Exit status: 0 success; 1 some input files failed (the others were processed); 2 a usage or
configuration problem (unknown model, model not available offline, bad option).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sqlite3
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from summarize import __version__
from summarize.choices import BACKENDS, DEVICES, ENGINES, EXPORT_FORMATS, STRATEGIES, SUMMARISERS
from summarize.config import Settings
from summarize.errors import ConfigError, InputError, SummarizeError
from summarize.interfaces.options import (
    db_option,
    limit_options,
    model_options,
    quiet_libraries,
    settings_from,
    translator_for,
)
from summarize.paths import project_path

EXIT_OK, EXIT_FAILED_FILES, EXIT_USAGE = 0, 1, 2


# Seconds a run has, after Ctrl-C or SIGTERM, to end the work in flight before it is stopped at once.
STOP_GRACE = 10


class Terminated(KeyboardInterrupt):
    """SIGTERM during a run: handled like Ctrl-C (the run is marked interrupted, stored work kept)."""


# --- commands ----------------------------------------------------------------------------------------

def cmd_run(args: argparse.Namespace) -> int:
    from summarize.engine import Pipeline, run

    settings = settings_from(args)
    if not Path(args.folder).exists():
        raise SummarizeError(f"{args.folder}: no such file or folder")
    fields = dump_fields(args)
    if args.fetch:
        args.folder = str(_fetch_list(Path(args.folder), Path(args.fetch_dir) if args.fetch_dir else None))
    quiet_libraries()
    pipeline = Pipeline.from_settings(settings)
    progress = None
    if sys.stderr.isatty() and not args.json:
        from tqdm import tqdm

        progress = lambda files: tqdm(files, unit="article", file=sys.stderr)  # noqa: E731
    stop = threading.Event()
    received: list[int] = []

    def on_signal(signum, frame):
        # Ctrl-C or SIGTERM (docker stop, systemd, CI): the work in flight ends within a decoding step,
        # what is finished stays stored and the run is marked interrupted. A second signal, or a stop
        # that takes longer than STOP_GRACE seconds, stops at once.
        if stop.is_set():
            raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt
        received.append(signum)
        stop.set()
        signal.alarm(STOP_GRACE)
        print("\nsummarize: stopping (Ctrl-C again to stop at once)…", file=sys.stderr)

    def on_alarm(signum, frame):
        raise Terminated if received == [signal.SIGTERM] else KeyboardInterrupt

    handlers = {sig: signal.signal(sig, handler) for sig, handler in
                ((signal.SIGINT, on_signal), (signal.SIGTERM, on_signal), (signal.SIGALRM, on_alarm))}
    resume = (f"finished articles are stored in {settings.db}; run the same command again to resume "
              "(finished work is not redone).")
    with settings.store() as store:
        try:
            if args.engine == "ray":
                import logging

                from summarize.engine.ray import run_ray

                logging.getLogger("ray").setLevel(logging.WARNING)
                report = run_ray(args.folder, settings=settings, store=store, address=args.address,
                                 workers=args.workers, num_gpus_per_worker=args.num_gpus_per_worker,
                                 progress=progress, stop=stop, recursive=args.recursive, fields=fields)
            else:
                report = run(args.folder, pipeline=pipeline, store=store, progress=progress, limits=settings.limits,
                             stop=stop, window=settings.window, recursive=args.recursive, fields=fields)
        except KeyboardInterrupt as e:
            print(f"summarize: stopped; {resume}", file=sys.stderr)
            return 143 if isinstance(e, Terminated) else 130
        finally:
            signal.alarm(0)
            for sig, handler in handlers.items():
                signal.signal(sig, handler)
    if report.interrupted:
        if args.json:
            print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        print(f"summarize: stopped after {report.articles_processed} article(s); {resume}", file=sys.stderr)
        return 143 if received == [signal.SIGTERM] else 130
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for error in report.errors:
            print(f"error: {error['file']}: {error['error']}", file=sys.stderr)
        for skipped in report.skipped:
            print(f"skipped: {skipped['file']}: {skipped['reason']}", file=sys.stderr)
        print(f"{report.articles_processed} of {report.articles_seen} articles processed "
              f"({report.sentences_translated} sentences translated, {report.sentences_cached} from cache, "
              f"{report.summaries_generated} summaries generated) into {settings.db}; "
              f"{report.lines_removed} {'line' if report.lines_removed == 1 else 'lines'} removed while cleaning "
              "(see export --format html)")
        print(f"files: {report.articles_added} added, {report.articles_changed} changed, {report.articles_renamed} "
              f"renamed, {report.articles_gone} gone since the last run (kept, left out of export and search)")
        print(flag_summary(report.flags))
    if report.articles_seen == 0 and not report.interrupted:
        print(f"summarize: warning: {args.folder} holds no article file (.txt, .html, .htm, .jsonl, .csv): nothing "
              "was processed", file=sys.stderr)
        return EXIT_FAILED_FILES
    return EXIT_FAILED_FILES if report.articles_failed else EXIT_OK


def bounded_int(low: int, high: int):
    """An argparse type: a whole number from ``low`` to ``high``, or a message saying so."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is out of range: give {low} to {high}")
        return value
    return parse


def dump_fields(args: argparse.Namespace):
    """The field names of news dumps given on the command line (the others are found by common names)."""
    from summarize.sources.dumps import Fields, field_names

    return Fields(**{name: getattr(args, f"{name}_field", None) for name in field_names()})


def _fetch_list(path: Path, folder: Path | None) -> Path:
    """Fetch the URLs listed in ``path`` into ``folder`` (default ``out/fetched/LIST``); the folder."""
    from summarize.sources.fetch import fetch, is_url_list, read_url_list

    try:
        urls = read_url_list(path) if path.is_file() else []
    except (OSError, UnicodeDecodeError):
        urls = []
    if not is_url_list(urls):
        raise ConfigError(f"{path}: --fetch needs a text file of URLs, one http(s) URL a line")
    folder = folder or Path("out") / "fetched" / path.stem
    results = fetch(urls, folder)
    for r in results:
        if r.error:
            print(f"error: {r.url}: {r.error}", file=sys.stderr)
    fetched = sum(1 for r in results if r.path)
    print(f"{fetched} of {len(results)} pages fetched into {folder}", file=sys.stderr)
    return folder


def cmd_fetch(args: argparse.Namespace) -> int:
    from summarize.sources.fetch import FetchOptions, fetch, read_url_list

    urls = list(args.urls)
    if args.input:
        urls += read_url_list(Path(args.input))
    if not urls:
        raise ConfigError("give URLs, or a file of URLs with -i")
    options = FetchOptions(timeout=args.timeout, max_bytes=args.max_bytes, concurrency=args.concurrency)
    results = fetch(urls, Path(args.output), options)
    if args.json:
        print(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2))
    for r in results:
        if r.error:
            print(f"error: {r.url}: {r.error}", file=sys.stderr)
    fetched = sum(1 for r in results if r.path)
    print(f"{fetched} of {len(results)} pages fetched into {args.output}; read them with "
          f"`summarize run {args.output}`", file=sys.stderr)
    return EXIT_OK if fetched == len(results) else EXIT_FAILED_FILES


def flag_summary(flags: dict[str, int]) -> str:
    """The flag counts of a run in one line, most frequent first."""
    from summarize.tasks.checks import FLAG_LABELS

    if not flags:
        return "flags: none"
    counts = sorted(flags.items(), key=lambda kv: (-kv[1], kv[0]))
    return "flags: " + ", ".join(f"{n} {FLAG_LABELS.get(name, name)} ({name})" for name, n in counts)


def cmd_translate(args: argparse.Namespace) -> int:
    from summarize.engine import translate_document, translate_sentences
    from summarize.sources.files import load_text, read_article

    settings = settings_from(args)
    if args.file == "-":  # bytes, decoded like a file's: binary input gets the same clear message
        from summarize.text.decode import decode

        data = sys.stdin.buffer.read((settings.max_file_bytes or 0) + 1 if settings.max_file_bytes else -1)
        settings.limits.check_bytes(len(data), "<stdin>")
        doc = load_text(decode(data, "<stdin>")[0], "<stdin>", limits=settings.limits)
    else:
        doc = read_article(args.file, limits=settings.limits)
    quiet_libraries()
    if not args.flags:
        for paragraph in translate_document(doc, translator_for(settings)):
            print(paragraph)
        return EXIT_OK
    from summarize.tasks.checks import FLAG_LABELS

    flagged = 0
    for segment, translation, flags in translate_sentences(doc, translator_for(settings)):
        print(f"[{segment.index}] {translation.text}")
        for flag in flags:
            print(f"    ! {FLAG_LABELS.get(flag.name, flag.name)}: {flag.reason}")
        flagged += bool(flags)
    print(f"{flagged} flagged sentence(s)", file=sys.stderr)
    return EXIT_OK


def _read_lines(path: str, what: str) -> list[str]:
    from summarize.errors import UnreadableInputError

    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise UnreadableInputError(path, f"the {what} file cannot be read as UTF-8 text ({e})") from e
    return text.splitlines()


def cmd_check(args: argparse.Namespace) -> int:
    """Checks on translations or summaries that people bring: one JSON object or one block per line."""
    if not ((args.src and args.hyp) or (args.article and args.summary)):
        raise ConfigError("give --src and --hyp (translations to check), or --article and --summary (a summary to "
                          "check against its article)")
    if args.summary:
        from summarize.tasks.evidence import check_summary

        article = "\n".join(_read_lines(args.article, "article"))
        summary = " ".join(_read_lines(args.summary, "summary"))
        lang = args.lang or ("ar" if arabic_share(article) > 0.5 else "en")
        results = check_summary(article, summary, lang=lang)
        for r in results:
            item = {"sentence": r["sentence"], "evidence": r["evidence"], "flags": r["flags"]}
            print(json.dumps(item, ensure_ascii=False) if args.json else _describe_check(r["sentence"], r["flags"]))
        flagged = sum(bool(r["flags"]) for r in results)
    else:
        from summarize.tasks.checks import check_pairs

        arabic, english = _read_lines(args.src, "Arabic"), _read_lines(args.hyp, "English")
        try:
            results = check_pairs(arabic, english, **_scores(args, arabic, english))
        except ValueError as e:
            raise ConfigError(str(e)) from e
        for r in results:
            print(json.dumps(r, ensure_ascii=False) if args.json else _describe_check(f"line {r['line']}", r["flags"]))
        flagged = sum(bool(r["flags"]) for r in results)
    if not args.json:
        print(f"{flagged} of {len(results)} flagged", file=sys.stderr)
    return EXIT_OK


def arabic_share(text: str) -> float:
    from summarize.text.decode import arabic_ratio

    return arabic_ratio(text)


def _describe_check(head: str, flags: list[dict]) -> str:
    if not flags:
        return f"{head}: ok"
    return head + ":\n" + "\n".join(f"  {f['name']}: {f['reason']}" for f in flags)


def _scores(args: argparse.Namespace, arabic: list[str], english: list[str]) -> dict:
    """Model scores and the low_score threshold, only when a translation model is named."""
    if not args.translation_model:
        return {}
    from summarize.tasks.checks import low_score_threshold, packaged_reference_pairs

    translator = translator_for(settings_from(args))
    pairs = packaged_reference_pairs()
    reference = [s for s in translator.score_pairs([a for a, _ in pairs], [e for _, e in pairs]) if s is not None]
    if not reference:
        return {}
    return {"scores": translator.score_pairs(arabic, english), "low_score": low_score_threshold(reference)}


def cmd_fidelity(args: argparse.Namespace) -> int:
    from summarize.evaluation import fidelity

    try:
        results = fidelity.run(Path(args.corpus))
    except (ValueError, KeyError, OSError) as e:  # json.JSONDecodeError is a ValueError
        raise ConfigError(f"{args.corpus}: not a labelled corpus in the documented format ({e}); "
                          "see eval/fidelity/README.md") from e
    if not results["targets"]:
        raise ConfigError(f"{args.corpus}: no labelled corpus there (articles/, numbers.tsv or summaries/); "
                          "see eval/fidelity/README.md for the format")
    if args.output:
        out = Path(args.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    else:
        print(fidelity.table(results))
        if args.output:
            print(f"\nresults (with every error) written to {args.output}")
    return EXIT_OK if all(t["met"] for t in results["targets"].values()) else EXIT_FAILED_FILES


DEFAULT_EXPORT_TARGETS = {"tmx": "out/summarize.tmx", "moses": "out/summarize", "html": "out/html", "text": "out/text"}


def cmd_export(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    target = Path(args.output or DEFAULT_EXPORT_TARGETS.get(args.format, "-"))
    with _open_existing_db(settings) as store:
        try:
            _export(store.iter_articles(include_gone=args.include_gone), args, target)
        except OSError as e:
            kind = {IsADirectoryError: "it is a folder, and this format writes a file",
                    NotADirectoryError: "a file stands where a folder is needed",
                    FileExistsError: "a file stands where a folder is needed",
                    PermissionError: "permission denied"}.get(type(e), e.strerror or str(e))
            raise SummarizeError(f"{target}: cannot write the export there ({kind}): give another -o") from e
    return EXIT_OK


def _export(articles, args: argparse.Namespace, target: Path) -> None:
    from summarize import export

    if args.format == "jsonl":
        if args.output:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8") as out:
                n = export.write_jsonl(articles, out)
            print(f"{n} articles written to {target}", file=sys.stderr)
        else:
            export.write_jsonl(articles, sys.stdout)
    elif args.format == "tmx":
        n = export.write_tmx(articles, target)
        print(f"{n} translation units written to {target}", file=sys.stderr)
    elif args.format == "moses":
        ar, en, n = export.write_moses(articles, target)
        print(f"{n} lines written to {ar} and {en}", file=sys.stderr)
    elif args.format == "text":
        paths = export.write_text(articles, target)
        print(f"{len(paths)} text file(s) written to {target}", file=sys.stderr)
    else:
        if args.one_page and target.suffix != ".html":
            target = target.with_suffix(".html")
        paths = export.write_html(articles, target, one_page=args.one_page)
        print(f"{len(paths)} page(s) written to {target}", file=sys.stderr)


def cmd_search(args: argparse.Namespace) -> int:
    from summarize.text.decode import arabic_ratio

    settings = settings_from(args)
    if args.lang is None:
        args.lang = "ar" if arabic_ratio(args.query) >= 0.5 else "en"
    with _open_existing_db(settings) as store:
        hits = store.search(args.query, lang=args.lang, limit=args.limit, include_gone=args.include_gone)
    if args.json:
        print(json.dumps(hits, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not hits:
        print("no match", file=sys.stderr)
        return EXIT_OK
    by_article: dict[int, list[dict]] = {}
    for hit in hits:
        by_article.setdefault(hit["article_id"], []).append(hit)
    for article_id, group in by_article.items():
        print(f"{group[0]['source_file']} (article {article_id}): {group[0]['title']}")
        for hit in group:
            print(f"  [{hit['idx']}] {hit['text_ar']}\n       {hit['text_en']}")
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    from summarize.store.review import review_queue

    settings = settings_from(args)
    with _open_existing_db(settings) as store:
        if args.article is not None:
            articles = [_stored_article(store, args.article)]
        else:
            articles = store.iter_articles()
        queue = review_queue(articles, limit=args.limit)
    if _shown_as_json_or_none(args, queue, "nothing to review: no machine-translated sentence has a flag"):
        return EXIT_OK
    for item in queue:
        print(f"article {item.article_id} sentence {item.index} (risk {item.risk:g}, {item.source_file}): "
              + "; ".join(r["label"] for r in item.reasons))
        print(f"  ar: {item.ar}\n  en: {item.en}")
    print(f"{len(queue)} sentence(s); correct one with: summarize correct ARTICLE SENTENCE \"English\"",
          file=sys.stderr)
    return EXIT_OK


def cmd_correct(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    if not args.english.split():
        raise SummarizeError("the corrected English is empty: give the sentence's translation in quotes")
    with _open_existing_db(settings) as store:  # the database must exist; a correction never creates one
        _stored_article(store, args.article)
    with settings.store() as store:
        try:
            sentence = store.add_correction(args.article, args.sentence, args.english, by=args.by or _editor())
        except KeyError:
            n = len(store.article(args.article).sentences)
            raise SummarizeError(f"article {args.article} has no sentence {args.sentence}: it has sentences "
                                 f"0–{n - 1} (see summarize review, or export --format html)") from None
    if args.json:
        print(json.dumps(sentence.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"article {args.article} sentence {args.sentence}: stored the translation by {sentence.corrected_by} "
              f"(the machine translation is kept: {sentence.machine_en})")
    return EXIT_OK


def _shown_as_json_or_none(args: argparse.Namespace, items: list, nothing: str) -> bool:
    """With --json, print ``items`` (each ``as_dict()``) as JSON; without, say ``nothing`` when there
    are none. True when that was all there is to print."""
    if args.json:
        print(json.dumps([item.as_dict() for item in items], ensure_ascii=False, indent=2))
        return True
    if not items:
        print(nothing, file=sys.stderr)
        return True
    return False


def _editor() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "editor"


def _stored_article(store, article_id: int):
    try:
        return store.article(article_id)
    except KeyError:
        raise SummarizeError(f"no article {article_id} in {store.path}: list them with summarize export "
                             "--format jsonl, or summarize review") from None


def cmd_names(args: argparse.Namespace) -> int:
    from summarize.tasks.names import Pair, ledger
    from summarize.text.glossary import append_term

    settings = settings_from(args)
    if args.pin:
        if not settings.glossary:
            raise SummarizeError("--pin needs the glossary file to add the entry to: give --glossary FILE "
                                 "(or set SUMMARIZE_GLOSSARY)")
        pinned = append_term(settings.glossary, *args.pin)
        print(f"{settings.glossary}: {args.pin[0].strip()} → {args.pin[1].strip()} ({len(pinned)} entries); the next "
              "run retranslates the sentences that contain it", file=sys.stderr)
        return EXIT_OK
    glossary = settings.load_glossary()
    with _open_existing_db(settings) as store:
        pairs = [Pair(a.id, s.index, s.ar, s.en) for a in store.iter_articles() for s in a.sentences]
    entries = ledger(pairs, terms=[(t.arabic, t.english) for t in glossary.terms])
    if _shown_as_json_or_none(args, entries, "no names found in the stored translations"):
        return EXIT_OK
    for entry in entries:
        mark = "≠ " if entry.inconsistent else "  "
        pinned = f"  [glossary: {entry.pinned}]" if entry.pinned else ""
        renderings = "; ".join(f"{r.english} ×{r.count}" for r in entry.renderings)
        print(f"{mark}{entry.arabic}: {renderings}{pinned}")
    inconsistent = sum(e.inconsistent for e in entries)
    print(f"{len(entries)} names, {inconsistent} rendered in more than one way (≠); pin one with: summarize names "
          "--glossary FILE --pin ARABIC ENGLISH", file=sys.stderr)
    return EXIT_OK


@contextlib.contextmanager
def _clustered(args: argparse.Namespace):
    """The database, read-only, after clustering the articles no run has clustered yet."""
    from summarize.stories import refresh

    settings = settings_from(args)
    with _open_existing_db(settings):  # the database must exist, and be one this version can read
        pass
    warning = refresh(settings)
    if warning:
        print(f"summarize: warning: {warning}", file=sys.stderr)
    with _open_existing_db(settings) as store:
        yield store


def iso_date(text: str) -> str:
    """An argparse type: a date YYYY-MM-DD."""
    from datetime import date

    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it YYYY-MM-DD") from None


def cmd_stories(args: argparse.Namespace) -> int:
    from summarize.stories import stories

    with _clustered(args) as store:
        views = stories(store, since=args.since)
    if args.json:
        print(json.dumps([v.as_dict() for v in views], ensure_ascii=False, indent=2))
        return EXIT_OK
    for view in views:
        found, updates = view.facts()
        print(f"{view.key}  {len(view.articles)} article(s)  {view.first_date}"
              + (f" to {view.last_date}" if view.last_date != view.first_date else "") + f"  {view.title}")
        for entry in found:
            print(f"    sources disagree on {entry['kind']}: "
                  + "; ".join(f"{v['value']} (article {v['article']})" for v in entry["values"]))
        for entry in updates:
            print(f"    update of {entry['kind']}: {entry['value']} (article {entry['article']})")
    print(f"{len(views)} stories, {sum(len(v.articles) > 1 for v in views)} with more than one article",
          file=sys.stderr)
    return EXIT_OK


def cmd_brief(args: argparse.Namespace) -> int:
    from summarize.stories import stories
    from summarize.stories.brief import brief_html, brief_markdown

    with _clustered(args) as store:
        views = stories(store, since=args.since)
    out = Path(args.output)
    title = "Brief" + (f" since {args.since}" if args.since else "")
    text = brief_markdown(views, title=title) if out.suffix.lower() in (".md", ".markdown") else brief_html(
        views, title=title)
    _write_output(out, text)
    print(f"{out}: {len(views)} stories", file=sys.stderr)
    return EXIT_OK


def cmd_feed(args: argparse.Namespace) -> int:
    from summarize.stories.watch import store_feed

    out = Path(args.output)
    with _clustered(args) as store:
        feed = store_feed(store)
    _write_output(out, feed.decode())
    print(f"{out}: {feed.count(b'<entry>')} entries", file=sys.stderr)
    return EXIT_OK


def _write_output(path: Path, text: str) -> None:
    if path.is_dir():
        raise SummarizeError(f"{path}: is a folder; give a file name (-o brief.html)")
    if not path.parent.exists():
        raise SummarizeError(f"{path.parent}: no such folder; create it first or give another -o")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as e:
        raise SummarizeError(f"{path}: cannot be written ({e.strerror or e})") from None


def cmd_watch(args: argparse.Namespace) -> int:
    from summarize.text.decode import arabic_ratio

    settings = settings_from(args)
    if args.watch_command == "list":
        with _open_existing_db(settings) as store:
            terms = store.watch_terms()
        if args.json:
            print(json.dumps(terms, ensure_ascii=False, indent=2))
        for t in terms if not args.json else ():
            print(f"{t['term']}\t{t['lang']}")
        if not terms and not args.json:
            print("the watchlist is empty: summarize watch add TERM", file=sys.stderr)
        return EXIT_OK
    term = " ".join(args.term.split())
    if not term:
        raise SummarizeError("the term is empty")
    lang = args.lang or ("ar" if arabic_ratio(term) >= 0.5 else "en")
    with settings.store() as store:
        if args.watch_command == "add":
            added = store.add_watch_term(term, lang)
            print(f"{'added' if added else 'already watched'}: {term} ({lang})", file=sys.stderr)
        else:
            removed = store.remove_watch_term(term, args.lang)
            if not removed:
                raise SummarizeError(f"{term!r} is not on the watchlist (see summarize watch list)")
            print(f"removed: {term}", file=sys.stderr)
    return EXIT_OK


def _open_existing_db(settings: Settings):

    return settings.store(readonly=True)  # works while another process writes


def cmd_eval(args: argparse.Namespace) -> int:
    from summarize.evaluation.harness import compare_runs, evaluate_run, render_comparison, results_folder

    settings = settings_from(args)
    with _open_existing_db(settings) as store:
        if args.compare:
            result = compare_runs(store, *args.compare, references_dir=Path(args.references))
            print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else render_comparison(result))
            return EXIT_OK
        scores = evaluate_run(store, args.run, references_dir=Path(args.references), results_dir=Path(args.results))
    if args.json:
        print(json.dumps(scores, ensure_ascii=False, indent=2))
    else:
        folder = results_folder(store, scores["run"]["id"], Path(args.results))
        print((folder / "report.md").read_text(encoding="utf-8"))
        print(f"Results written to {folder}/")
    return EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    from summarize.evaluation.metrics import score_lines

    def lines(path: str) -> list[str]:
        try:
            return Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as e:
            raise SummarizeError(f"{path}: cannot be read ({e.strerror or e})") from e

    which = [m.strip() for m in args.metric.split(",") if m.strip()]
    scores = score_lines(lines(args.hyp), lines(args.ref), lang=args.lang, which=which)
    if args.json:
        print(json.dumps({k: v["score"] for k, v in scores.items()}, indent=2))
    else:
        for name, value in scores.items():
            print(f"{name:<8}{value['score']:>8.2f}  {value['signature']}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from summarize.interfaces.web import api_keys, launch, login

    settings = settings_from(args)
    launch(settings, host=args.host, port=args.port, concurrency=args.concurrency, queue_size=args.queue_size,
           api_keys=api_keys(args), auth=login(args))
    return EXIT_OK


def cmd_models_list(args: argparse.Namespace) -> int:
    from summarize.backends.registry import available_locally, registry

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
    from summarize.backends.registry import pull

    print(f"{args.name} downloaded into {pull(args.name)}")
    return EXIT_OK


def cmd_models_verify(args: argparse.Namespace) -> int:
    from summarize.tasks.verify import verify_translation_model

    settings = settings_from(args)
    quiet_libraries()
    result = verify_translation_model(args.name, device=settings.device, compute_type=args.compute_type)
    with settings.store() as store:
        store.add_model_check(result, package_version=__version__)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return EXIT_OK
    t, c, a = result["transformers"], result["ct2"], result["agreement"]
    print(f"{result['model']} on {result['sentences']} reference sentences ({result['signature']})")
    print(f"  transformers fp32     BLEU {t['bleu']:6.2f}  chrF {t['chrf']:6.2f}")
    print(f"  CTranslate2 {c['compute_type']:<9} BLEU {c['bleu']:6.2f}  chrF {c['chrf']:6.2f}")
    print(f"  agreement: BLEU {a['bleu']:.2f} of CTranslate2 against transformers, {a['identical']:.0%} identical "
          f"sentences (stored in {settings.db})")
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

    p = add("run", cmd_run, "translate, summarise and store every article of a folder (or one file)")
    p.add_argument("folder", metavar="FOLDER",
                   help="a folder of articles (.txt, .html/.htm pages, .jsonl/.csv news dumps), one such file, or "
                        "with --fetch a file of URLs")
    p.add_argument("--recursive", action="store_true", help="read subfolders too (default: only the folder itself)")
    p.add_argument("--fetch", action="store_true",
                   help="FOLDER is a text file of URLs: fetch the pages first (into --fetch-dir), then run on them")
    p.add_argument("--fetch-dir", metavar="DIR", help="where --fetch keeps the pages (default out/fetched/LIST)")
    for role in ("text", "title", "url", "date", "author", "id"):
        p.add_argument(f"--{role}-field", metavar="NAME",
                       help=f"news dumps: the field holding the {role} (default: found by its common names)")
    db_option(p)
    model_options(p)
    p.add_argument("--summariser", choices=SUMMARISERS,
                   help="model (default), or a baseline that needs no model: lead (first 3 sentences) or textrank "
                        "(env SUMMARIZE_SUMMARISER)")
    p.add_argument("--strategy", choices=STRATEGIES,
                   help="how the English summary is made (env SUMMARIZE_STRATEGY; default translate-then-summarise)")
    p.add_argument("--crosslingual-model", metavar="M",
                   help="model of the direct strategy (env SUMMARIZE_CROSSLINGUAL_MODEL; default mt5-crosssum)")
    limit_options(p)
    p.add_argument("--engine", choices=ENGINES, default="local",
                   help="local (default): this process; ray: read, translate and summarise on a Ray cluster "
                        "(needs the ray extra; see docs/scale.md)")
    p.add_argument("--address", metavar="ADDR", help="ray engine: auto, or ray://HOST:PORT (default: a local cluster)")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="ray engine: model actors per stage (default 1)")
    p.add_argument("--num-gpus-per-worker", type=float, default=0, metavar="N",
                   help="ray engine: GPUs per model actor (default 0)")
    p.add_argument("--window", type=int, metavar="N",
                   help="articles translated and summarised together, in shared batches (env SUMMARIZE_WINDOW; "
                        "default 8; 1: one article at a time)")
    p.add_argument("--json", action="store_true", help="print the run report as one JSON object")

    p = add("translate", cmd_translate, "print the English translation of one article (FILE, or - for standard input)")
    p.add_argument("file", metavar="FILE|-")
    p.add_argument("--flags", action="store_true",
                   help="one sentence a line, numbered, each followed by the flags of the checks that fired")
    model_options(p)  # the same options as run (the summary model is not used here)
    limit_options(p)

    p = add("fetch", cmd_fetch, "download web pages by URL into a folder that run reads (pages kept as fetched)")
    p.add_argument("urls", nargs="*", metavar="URL")
    p.add_argument("-i", "--input", metavar="FILE", help="a file of URLs, one a line")
    p.add_argument("-o", "--output", metavar="FOLDER", default="out/fetched", help="default out/fetched")
    p.add_argument("--timeout", type=float, default=20.0, metavar="S", help="seconds per request (default 20)")
    p.add_argument("--max-bytes", type=int, default=5_000_000, metavar="N", help="largest page (default 5000000)")
    p.add_argument("--concurrency", type=int, default=4, metavar="N", help="requests at a time (default 4)")
    p.add_argument("--json", action="store_true", help="one JSON object per URL: url, path, error")

    p = add("export", cmd_export, "export stored articles (JSONL, TMX translation memory, Moses parallel text, HTML)")
    db_option(p)
    p.add_argument("--include-gone", action="store_true",
                   help="also the articles whose file has gone from its folder since they were stored")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl",
                   help="jsonl (default, to standard output), tmx (out/summarize.tmx), moses (out/summarize.ar and "
                        ".en), html (a page per article in out/html/)")
    p.add_argument("-o", "--output", metavar="PATH",
                   help="file (jsonl, tmx), file prefix (moses) or folder (html; a file with --one-page)")
    p.add_argument("--one-page", action="store_true", help="html: all articles in one page")

    p = add("search", cmd_search, "full-text search of stored articles (Arabic with or without diacritics, or English)")
    p.add_argument("query", metavar="QUERY")
    db_option(p)
    p.add_argument("--include-gone", action="store_true", help="also articles whose file has gone from its folder")
    p.add_argument("--lang", choices=["ar", "en"], default=None, help="language of the query (default: guessed)")
    p.add_argument("--limit", type=bounded_int(1, 10_000), default=50, help="most sentences to show (1–10000; default 50)")
    p.add_argument("--json", action="store_true", help="print matches as JSON")

    p = add("review", cmd_review, "list machine-translated sentences to check, most risky first (see README)")
    db_option(p)
    p.add_argument("--article", type=bounded_int(1, 2**63 - 1), metavar="ID", help="only this article")
    p.add_argument("--limit", type=bounded_int(1, 1_000_000), default=None, metavar="N", help="at most N sentences")
    p.add_argument("--json", action="store_true", help="print the queue as JSON")

    p = add("correct", cmd_correct, "store a human translation of one sentence (the machine one is kept; "
                                    "the same Arabic sentence elsewhere reuses it)")
    p.add_argument("article", type=bounded_int(1, 2**63 - 1), metavar="ARTICLE", help="article id")
    p.add_argument("sentence", type=bounded_int(0, 1_000_000), metavar="SENTENCE", help="sentence index (from 0)")
    p.add_argument("english", metavar="ENGLISH", help="the corrected English, in quotes")
    p.add_argument("--by", metavar="NAME", help="who corrected it (default: the user name)")
    db_option(p)
    p.add_argument("--json", action="store_true", help="print the corrected sentence as JSON")

    p = add("names", cmd_names, "the ledger of names: each Arabic name with its English renderings, those "
                                "rendered in more than one way first")
    db_option(p)
    p.add_argument("--glossary", metavar="FILE", help="glossary (env SUMMARIZE_GLOSSARY): its terms are marked, "
                                                      "and --pin adds to it")
    p.add_argument("--pin", nargs=2, metavar=("ARABIC", "ENGLISH"), help="add ARABIC → ENGLISH to the glossary")
    p.add_argument("--json", action="store_true", help="print the ledger as JSON")

    p = add("stories", cmd_stories, "group the stored articles by the event they report, with what the sources "
                                    "disagree on")
    db_option(p)
    p.add_argument("--since", type=iso_date, metavar="DATE", help="stories with an article on or after DATE (YYYY-MM-DD)")
    p.add_argument("--json", action="store_true", help="print the stories as JSON (members, disagreements, updates)")

    p = add("brief", cmd_brief, "write the stories as one page: summaries with citations, disagreements, sources")
    db_option(p)
    p.add_argument("--since", type=iso_date, metavar="DATE", help="stories with an article on or after DATE")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="brief.html (self-contained) or brief.md")

    p = add("feed", cmd_feed, "write an Atom feed of the stored articles and stories, watched articles first")
    db_option(p)
    p.add_argument("--since", type=iso_date, metavar="DATE", help=argparse.SUPPRESS)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="feed.xml")

    p = add("watch", cmd_watch, "the watchlist: terms looked for in every run (run --json reports the hits)")
    watch = p.add_subparsers(dest="watch_command", metavar="ACTION", required=True)
    for action, text in (("add", "watch a term"), ("remove", "stop watching a term"), ("list", "the watched terms")):
        w = watch.add_parser(action, help=text, description=text)
        if action != "list":
            w.add_argument("term", metavar="TERM", help="an Arabic or English word or phrase")
            w.add_argument("--lang", choices=["ar", "en"], help="its language (default: guessed)")
        else:
            w.add_argument("--json", action="store_true", help="print the terms as JSON")
        db_option(w)
        w.set_defaults(handler=cmd_watch)

    p = add("eval", cmd_eval, "score a stored run against the reference notes in eval/references/")
    db_option(p)
    p.add_argument("--run", type=int, metavar="ID", help="run to score (default: the latest)")
    p.add_argument("--compare", type=int, nargs=2, metavar=("RUN_A", "RUN_B"),
                   help="compare run B against run A with paired bootstrap significance")
    p.add_argument("--references", default=str(project_path("eval/references")), metavar="DIR",
                   help="reference files (default: the project's eval/references, whatever the working folder)")
    p.add_argument("--results", default=str(project_path("eval/results")), metavar="DIR",
                   help="where results go, a folder per database and run (default: the project's eval/results)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")

    p = add("check", cmd_check, "check translations or a summary you bring: numbers, untranslated text, loops, "
                                "length; or a summary's evidence, numbers, names and attribution")
    p.add_argument("--src", metavar="AR_FILE", help="Arabic, one sentence per line")
    p.add_argument("--hyp", metavar="EN_FILE", help="English translations, line-aligned with --src")
    p.add_argument("--article", metavar="FILE", help="the article a summary was made from (Arabic or English)")
    p.add_argument("--summary", metavar="FILE", help="the summary to check against --article")
    p.add_argument("--lang", choices=["ar", "en"], help="language of --article and --summary (default: guessed)")
    p.add_argument("--translation-model", metavar="M",
                   help="with --src/--hyp: also score each pair with this model and flag low_score")
    p.add_argument("--backend", choices=BACKENDS, help="backend of --translation-model")
    p.add_argument("--device", choices=DEVICES, help="device of --translation-model")
    p.add_argument("--json", action="store_true",
                   help='one JSON object per line: {"line", "flags"} for pairs, {"sentence", "evidence", "flags"} '
                        "for summaries")

    p = add("fidelity", cmd_fidelity, "measure cleaning, sentence splitting, the number check and the evidence "
                                      "check on a labelled corpus (no model needed)")
    p.add_argument("--corpus", default=str(project_path("eval/fidelity")), metavar="DIR",
                   help="labelled corpus (default eval/fidelity)")
    p.add_argument("-o", "--output", metavar="FILE", help="also write the results as JSON")
    p.add_argument("--json", action="store_true", help="print the results as JSON")

    p = add("score", cmd_score, "score any line-aligned hypothesis file against a reference file")
    p.add_argument("--hyp", required=True, metavar="FILE", help="hypotheses, one per line")
    p.add_argument("--ref", required=True, metavar="FILE", help="references, one per line")
    p.add_argument("--lang", choices=["en", "ar"], default="en", help="language of the texts (default en)")
    p.add_argument("--metric", default="bleu,chrf,ter,rouge", help="comma-separated: bleu,chrf,ter,rouge (default all)")
    p.add_argument("--json", action="store_true", help="print {metric: score} as JSON")

    p = add("serve", cmd_serve, "start the web demo (the same as python app.py)")
    from summarize.interfaces.web import add_arguments

    add_arguments(p)
    db_option(p)
    model_options(p)
    limit_options(p)

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
    m = models.add_parser("verify", help="translate the references with transformers fp32 and with CTranslate2, "
                                         "and compare (what int8 or bf16 costs)",
                          description="translate the reference translations with transformers fp32 and with "
                                      "CTranslate2 at its compute type; store both scores and their agreement")
    m.add_argument("name", metavar="NAME", help="translation model: registry name, hub id or folder")
    m.add_argument("--compute-type", help="CTranslate2 compute type (default: int8 on CPU, bfloat16 on GPU)")
    m.add_argument("--device", choices=DEVICES, help="device for CTranslate2 (default auto)")
    db_option(m)
    m.add_argument("--json", action="store_true", help="print the result as JSON")
    m.set_defaults(handler=cmd_models_verify)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code = _handle(args)
    generation = sys.modules.get("summarize.backends.generation")
    if generation is not None and generation.work_abandoned():
        # A stopped batch still decodes in a library's own threads (CTranslate2 finishes queued work
        # before it unloads): everything is stored and closed, so exit without waiting for it.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _handle(args: argparse.Namespace) -> int:
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
    except sqlite3.Error as e:  # a database problem met mid-command (locked beyond the wait, disk full…)
        from summarize.store.migrations import database_error

        print(f"summarize: error: {database_error(str(getattr(args, 'db', None) or 'the database'), e)}",
              file=sys.stderr)
        return EXIT_USAGE
