"""The Ray engine: the same engine as the local one, with the model work on a Ray cluster.

    summarize run FOLDER --engine ray [--address auto|ray://HOST:PORT] [--workers N] [--num-gpus-per-worker N]

What runs where:

1. **Read and clean** (Ray Data tasks, streaming): files are decoded and cleaned in parallel and
   reach the driver as a stream (``iter_rows``), never all at once: the driver holds one window of
   articles, whatever the size of the folder.
2. **Plan, assemble, store** (driver): the very :meth:`Pipeline.process_window` of the local engine
   — cache lookups, one translation call for the window's new sentences, summary batches across
   the window, checks, evidence, one transaction per article — so both engines store the same
   results for the same window. Each window is stored as soon as it completes: a crash or Ctrl-C
   loses only the window in flight.
3. **Models** (actors): ``workers`` long-lived actors, each loading the models once (a GPU each
   when asked). The driver's pipeline holds proxies whose ``translate``, ``summarise`` and
   ``score_pairs`` run on the actors; the driver itself loads no model weights (only tokenizers,
   to segment), and the ``low_score`` calibration is one ``score_pairs`` call on an actor. With
   several workers, a window's translations and summaries are split between the actors.

The SQLite writer is the single-node part (see docs/scale.md).
"""

from __future__ import annotations

import dataclasses
import math
import threading
from collections.abc import Callable
from pathlib import Path

from summarize.config import Settings
from summarize.engine.local import gone_tracker, run_documents
from summarize.engine.pipeline import Pipeline
from summarize.engine.report import RunReport
from summarize.errors import ConfigError, InputError
from summarize.sources.dumps import DUMP_SUFFIXES, Fields
from summarize.sources.files import Limits, folder_boilerplate, read_article
from summarize.sources.folder import dump_items, scan
from summarize.store import Store
from summarize.tasks.translate import Translation
from summarize.text.document import Document, Dropped


def require_ray():
    try:
        import ray
    except ImportError as e:
        raise ConfigError("the ray engine needs Ray: pip install 'summarize[ray]' (or use the default local engine)") from e
    return ray


def connect(address: str | None = None, *, num_cpus: int | None = None):
    """Join a Ray cluster (``auto``, ``ray://HOST:PORT``), or start a local one; reuse one already joined."""
    ray = require_ray()
    if not ray.is_initialized():
        kwargs = {"include_dashboard": False, "log_to_driver": False, "ignore_reinit_error": True}
        if address:
            kwargs["address"] = address
        elif num_cpus:
            kwargs["num_cpus"] = num_cpus
        ray.init(**kwargs)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # the CLI shows its own progress
    return ray


# --- documents across processes ------------------------------------------------------------------

def doc_to_row(doc: Document) -> dict:
    return {"doc": dataclasses.asdict(doc)}


def row_to_doc(data: dict) -> Document:
    fields = dict(data)
    fields["paragraphs"] = tuple(fields["paragraphs"])
    fields["dropped"] = tuple(Dropped(**d) for d in fields["dropped"])
    fields["warnings"] = tuple(fields["warnings"])
    fields["bylines"] = tuple(fields.get("bylines") or ())
    fields["lines"] = tuple(fields.get("lines") or ())
    return Document(**fields)


def _load(row: dict, limits: Limits, boilerplate: frozenset[str] = frozenset()) -> dict:
    try:
        doc = read_article(row["path"], limits=limits, boilerplate=boilerplate, name=row["name"])
    except InputError as e:
        return {**row, "error": e.problem, "doc": None}
    return {**row, "error": None, **doc_to_row(doc)}


# --- actors ----------------------------------------------------------------------------------------

def _actor_settings(settings: Settings) -> Settings:
    """The settings with the model's CPU threads set to the CPUs Ray gave this actor (not all cores)."""
    import ray

    cpus = ray.get_runtime_context().get_assigned_resources().get("CPU", 1)
    return dataclasses.replace(settings, threads=max(math.ceil(cpus), 1))


class ModelActor:
    """The models of one worker, loaded once (lazily, on first use)."""

    def __init__(self, settings: Settings):
        self.pipeline = Pipeline.from_settings(_actor_settings(settings))

    def translate(self, texts: list[str]) -> list[Translation]:
        return list(self.pipeline.translator.translate(texts))  # with the glossary terms of each, if any

    def score_pairs(self, sources: list[str], targets: list[str]) -> list[float | None]:
        return self.pipeline.translator.score_pairs(sources, targets)

    def summarise(self, which: str, texts: list[str], lang: str) -> list[str]:
        model = self.pipeline.crosslingual if which == "crosslingual" else self.pipeline.summariser
        return model.summarise(texts, lang=lang)


def _split(items: list, parts: int) -> list[list]:
    """``items`` in ``parts`` contiguous, nearly equal slices (order kept)."""
    size = -(-len(items) // max(parts, 1))
    return [items[i:i + size] for i in range(0, len(items), size)] if items else []


class _Remote:
    """A model of the driver's pipeline whose work runs on the actors: tokenizer, budget and
    signature come from the local (never loaded) model object, so cache keys are the same."""

    def __init__(self, local, actors: list):
        self.local = local
        self.actors = actors

    def __getattr__(self, name: str):
        return getattr(self.local, name)

    def _map(self, method: str, items: list, *args) -> list:
        import ray

        chunks = _split(items, len(self.actors))
        futures = [getattr(actor, method).remote(*args, chunk) if args else getattr(actor, method).remote(chunk)
                   for actor, chunk in zip(self.actors, chunks)]
        return [x for part in ray.get(futures) for x in part]


class RemoteTranslator(_Remote):
    def translate(self, texts) -> list[Translation]:
        return list(self._map("translate", list(texts)))

    def score_pairs(self, sources, targets) -> list[float | None]:
        import ray

        return ray.get(self.actors[0].score_pairs.remote(list(sources), list(targets)))


class RemoteSummariser(_Remote):
    def __init__(self, local, actors: list, which: str):
        super().__init__(local, actors)
        self.which = which

    def summarise(self, texts, *, lang: str) -> list[str]:
        import ray

        chunks = _split(list(texts), len(self.actors))
        futures = [actor.summarise.remote(self.which, chunk, lang) for actor, chunk in zip(self.actors, chunks)]
        return [x for part in ray.get(futures) for x in part]


# --- the run ---------------------------------------------------------------------------------------

def run_ray(path: str | Path, *, settings: Settings, store: Store, address: str | None = None, workers: int = 1,
            num_gpus_per_worker: float = 0, progress: Callable | None = None,
            stop: threading.Event | None = None, recursive: bool = False, fields: Fields = Fields()) -> RunReport:
    """Process a folder like :func:`summarize.engine.local.run`, with reading on Ray Data tasks and the
    model work on Ray actors; results are stored window by window."""
    ray = connect(address)
    local = Pipeline.from_settings(settings)  # models are lazy: nothing is loaded here
    workers = max(1, workers)
    actor_class = ray.remote(ModelActor).options(num_cpus=cpus_per_actor(ray, workers),
                                                 num_gpus=num_gpus_per_worker or 0)
    actors = [actor_class.remote(settings) for _ in range(workers)]
    crosslingual = RemoteSummariser(local.crosslingual, actors, "crosslingual") if local.crosslingual else None
    summariser = local.summariser if local.extractive else RemoteSummariser(local.summariser, actors, "main")
    pipeline = Pipeline(RemoteTranslator(local.translator, actors), summariser, strategy=settings.strategy,
                        crosslingual=crosslingual)
    root = Path(path)
    files, skipped = scan(root, recursive=recursive)
    pages = [f for f in files if f.suffix.lower() not in DUMP_SUFFIXES]
    dumps = [f for f in files if f.suffix.lower() in DUMP_SUFFIXES]
    limits = settings.limits
    boilerplate = folder_boilerplate(pages, limits=limits)

    def name_of(f: Path) -> str:
        return str(f.relative_to(root)) if root.is_dir() else f.name

    rows = ray.data.from_items([{"name": name_of(f), "path": str(f), "source_path": str(f.absolute())}
                                for f in pages])
    stream = rows.map(_load, fn_kwargs={"limits": limits, "boilerplate": boilerplate},
                      num_cpus=READ_CPUS).iter_rows() if pages else iter(())

    def items():
        for row in stream:
            yield row["name"], row["source_path"], _loader(row)
        for f in dumps:  # records of news dumps: read on the driver, one at a time
            yield from dump_items(f, name_of(f), limits=limits, fields=fields)

    try:
        note, mark_gone = gone_tracker(path, store, recursive=recursive)
        return run_documents(note(items()), pipeline=pipeline, store=store, input_label=f"{path} (ray)",
                             progress=progress, stop=stop, window=settings.window, skipped=skipped,
                             on_complete=mark_gone)
    finally:
        for actor in actors:
            ray.kill(actor)


def _loader(row: dict) -> Callable[[], Document]:
    def load() -> Document:
        if row["error"] is not None:
            raise InputError(row["name"], row["error"])
        return row_to_doc(row["doc"])
    return load


# CPU share of a reading task: light work, which must find room beside the model actors.
READ_CPUS = 0.25


def cpus_per_actor(ray, workers: int) -> float:
    """CPUs for each model actor: the cluster's CPUs shared among the actors, within one node, less
    a share left for the reading tasks that feed them (else they would wait for each other)."""
    total = float(ray.cluster_resources().get("CPU", 1))
    largest_node = max((float(n["Resources"].get("CPU", 0)) for n in ray.nodes() if n.get("Alive")), default=total)
    share = min((total - READ_CPUS) / max(workers, 1), largest_node - READ_CPUS)
    return max(0.5, round(share, 2))
