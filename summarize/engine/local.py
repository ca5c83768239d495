"""The local executor's run loop: items streamed in, loaded a few ahead in a thread, processed a
window at a time by :meth:`~summarize.engine.pipeline.Pipeline.process_window` and stored as each
window completes; a bad article is reported, the others go on; Ctrl-C stops after the window."""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from summarize import __version__
from summarize.engine.pipeline import Pipeline
from summarize.engine.report import RunReport
from summarize.errors import InputError, InputTooLongError
from summarize.sources.dumps import Fields
from summarize.sources.files import Limits
from summarize.sources.folder import Item, Skipped
from summarize.sources.folder import items as folder_items
from summarize.store import Store
from summarize.text.document import Document

# Articles planned and batched together by default (see the folder benchmark in bench/README.md).
DEFAULT_WINDOW = 8

def run(path: str | Path, *, pipeline: Pipeline, store: Store, progress: Callable | None = None,
        limits: Limits | None = None, stop: threading.Event | None = None, window: int = DEFAULT_WINDOW,
        recursive: bool = False, fields: Fields = Fields()) -> RunReport:
    """Process a file or a folder of articles into ``store``: text files, web pages and the records of
    news dumps (:mod:`summarize.sources.folder`); other files are reported as skipped.

    ``progress`` wraps the list of items (e.g. ``tqdm``) when given. ``limits`` (file size, article
    length) are checked before any model call. When ``stop`` is set (e.g. on Ctrl-C) the run ends
    after the current article, marked interrupted. Raises the model errors that stop a whole run
    (ModelNotAvailableError, ModelLoadError); per-file problems go in the report.
    """
    found, skipped = folder_items(path, limits=limits, recursive=recursive, fields=fields)
    noted, mark_gone = gone_tracker(path, store, recursive=recursive)
    return run_documents(noted(found), pipeline=pipeline, store=store, input_label=str(path), progress=progress,
                         stop=stop, window=window, skipped=skipped, on_complete=mark_gone)


def gone_tracker(path: str | Path, store: Store, *, recursive: bool = False):
    """``(note, mark_gone)``: ``note`` passes a run's items through, remembering them; ``mark_gone``
    (at the end of a completed run) marks the articles of the folder's files that were not seen and
    no longer exist, and counts them in the report. A run over one file marks nothing."""
    seen: set[str] = set()

    def note(items: Iterable[Item]) -> Iterator[Item]:
        for item in items:
            seen.add(item[1])
            yield item

    def mark_gone(report: RunReport) -> None:
        if Path(path).is_dir():
            report.articles_gone = len(store.mark_gone(str(Path(path).absolute()), seen=seen, exists=os.path.exists,
                                                       recursive=recursive))
        stories_and_watch(store, report)

    return note, mark_gone


def stories_and_watch(store: Store, report: RunReport) -> None:
    """At the end of a completed run: its new articles join stories (the archive is not redone), and
    the watchlist's terms are looked for in the articles it processed."""
    from summarize.stories import update_stories
    from summarize.stories.watch import hits

    assigned = update_stories(store)
    report.stories_joined = sum(1 for _, key in assigned if store.story_size(key) > 1)
    terms = store.watch_terms()
    if terms and report.run_id is not None:
        report.watch_hits = hits((store.article(a) for a in store.run_article_ids(report.run_id)), terms)


def _prefetched(items: Iterable[Item], lookahead: int = 2) -> Iterator[tuple[Item, Future]]:
    """Each item with its loaded document as a future, loading ahead in a thread while the model
    works. ``items`` may be a stream (the Ray engine's): it is read once, a few items ahead."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="summarize-load") as pool:
        pending: deque[tuple[Item, Future]] = deque()
        for item in items:
            pending.append((item, pool.submit(item[2])))
            if len(pending) > lookahead:
                yield pending.popleft()
        while pending:
            yield pending.popleft()


def run_documents(items: Iterable[Item], *, pipeline: Pipeline, store: Store, input_label: str,
                  progress: Callable | None = None, stage: Callable[[str], object] | None = None,
                  stop: threading.Event | None = None, window: int = DEFAULT_WINDOW,
                  skipped: Iterable[Skipped] = (), on_complete: Callable[[RunReport], None] | None = None) -> RunReport:
    """One run over ``items``: loaded, then processed ``window`` articles at a time (translations and
    summaries batched across them) and stored as each window completes; bad ones reported, not fatal;
    ``skipped``: the files that are not articles, reported as such."""
    report = RunReport(skipped=[s.as_dict() for s in skipped])
    report.run_id = store.start_run(input=input_label, settings=pipeline.settings(), package_version=__version__)
    status = "failed"
    window = max(1, int(window))
    try:
        pending: list[tuple[str, str, Document]] = []

        def flush() -> None:
            results = pipeline.process_window([(doc, path) for _, path, doc in pending], store=store, report=report,
                                              stage=stage, stop=stop)
            for (name, _, doc), result in zip(pending, results):
                if result is None:  # stopped before this one was stored: the next run does it
                    report.interrupted = True
                    report.articles_seen -= 1
                    continue
                if isinstance(result, Exception):
                    _failed(report, store, name, result)
                    continue
                report.articles_processed += 1
                report.lines_removed += len(doc.dropped)
                store.record_run_article(report.run_id, name, result, "processed")
            pending.clear()

        for (name, source_path, _), loaded in _prefetched(progress(items) if progress else items):
            if stop is not None and stop.is_set():
                report.interrupted = True
                break
            report.articles_seen += 1
            try:
                pending.append((name, source_path, loaded.result()))
            except (InputError, InputTooLongError) as e:
                _failed(report, store, name, e)
                continue
            if len(pending) >= window:
                flush()
        if pending and not report.interrupted:
            flush()
        elif pending:  # interrupted: the loaded but unprocessed articles are not counted as seen
            report.articles_seen -= len(pending)
        if not report.interrupted and on_complete is not None:
            on_complete(report)
        status = "interrupted" if report.interrupted else "completed"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        store.finish_run(report.run_id, status=status, report=report.as_dict())
    return report


def _failed(report: RunReport, store: Store, name: str, error: Exception) -> None:
    report.articles_failed += 1
    message = error.problem if isinstance(error, InputError) else str(error)
    report.errors.append({"file": name, "error": message})
    store.record_run_article(report.run_id, name, None, "failed", message)
