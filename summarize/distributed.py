"""The Ray engine: the same pipeline, with the model work spread over a Ray cluster.

    summarize run FOLDER --engine ray [--address auto|ray://HOST:PORT] [--workers N] [--num-gpus-per-worker N]

What runs where:

1. **Read and clean** (tasks): every file is decoded and cleaned by ``ray.data`` tasks in
   parallel; bad files come back as errors, as in the local engine.
2. **Plan** (driver): the driver segments each document (it needs only the tokenizer) and asks the
   store what is already done: unchanged articles are skipped, cached translations and summaries
   are reused. Only the missing work is sent out, deduplicated across the whole folder.
3. **Translate** (actor pool): ``map_batches`` with a callable class that loads the translation
   model once per actor (a GPU per actor when asked); each actor batches its rows by tokens.
4. **Summarise** (actor pool): the same for the summaries, each article's summaries made by the
   very function the local engine uses (long articles chunked, never cut).
5. **Store** (driver, single writer): results are written to the same SQLite store, content
   addressed, with the same keys as the local engine; then each article is assembled by the local
   pipeline from the cache (checks, evidence, one transaction per article).

So a Ray run stores exactly what a local run stores, reruns make no model call, and a crash
loses only work in flight. The SQLite writer is the single-node part (see docs/scale.md).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from summarize.config import Settings
from summarize.errors import ConfigError, InputError
from summarize.ingest import Document, Dropped, Limits, article_files, folder_boilerplate, read_article
from summarize.pipeline import Pipeline, RunReport, run_documents
from summarize.segment import text_key
from summarize.store import Provenance, Store
from summarize.summarise import normalise_whitespace
from summarize.translate import Translation



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
        doc = read_article(row["path"], limits=limits, boilerplate=boilerplate)
    except InputError as e:
        return {**row, "error": e.problem, "doc": None}
    return {**row, "error": None, **doc_to_row(doc)}


# --- actors ----------------------------------------------------------------------------------------

def _actor_settings(settings: Settings) -> Settings:
    """The settings with the model's CPU threads set to the CPUs Ray gave this actor (not all cores)."""
    import ray

    cpus = ray.get_runtime_context().get_assigned_resources().get("CPU", 1)
    return dataclasses.replace(settings, threads=max(int(cpus), 1))


class TranslateActor:
    """Loads the translation model once; translates rows {keys, texts}, one article's missing
    segments a row, in one call, exactly as the local engine does (the model batches them by
    tokens), so both engines produce the same translations."""

    def __init__(self, settings: Settings):
        self.translator = Pipeline.from_settings(_actor_settings(settings)).translator

    def __call__(self, batch: dict) -> dict:
        out = {"keys": [], "texts": [], "en": [], "score": [], "complete": [], "input_tokens": []}
        for keys, texts in zip(batch["keys"], batch["texts"]):
            texts = [str(t) for t in texts]
            translations = self.translator.translate(texts)
            out["keys"].append([str(k) for k in keys])
            out["texts"].append(texts)
            out["en"].append([t.text for t in translations])
            out["score"].append([t.score for t in translations])
            out["complete"].append([t.complete for t in translations])
            out["input_tokens"].append([t.input_tokens for t in translations])
        return {k: _objects(v) for k, v in out.items()}


class SummariseActor:
    """Loads the summarisation models once; summarises rows {job, pieces, lang, which}."""

    def __init__(self, settings: Settings):
        pipeline = Pipeline.from_settings(_actor_settings(settings))
        self.models = {"main": pipeline.summariser, "crosslingual": pipeline.crosslingual}

    def __call__(self, batch: dict) -> dict:
        from summarize.summarise import summarise_long

        texts, chunks, rounds = [], [], []
        for pieces, lang, which in zip(batch["pieces"], batch["lang"], batch["which"]):
            result = summarise_long([str(p) for p in pieces], self.models[str(which)], lang=str(lang))
            texts.append(result.text)
            chunks.append(result.chunks)
            rounds.append(result.rounds)
        return {"job": list(batch["job"]), "text": texts, "chunks": chunks, "rounds": rounds}


# --- the run ---------------------------------------------------------------------------------------

def run_ray(path: str | Path, *, settings: Settings, store: Store, address: str | None = None, workers: int = 1,
            num_gpus_per_worker: float = 0, progress: Callable | None = None,
            stop: threading.Event | None = None) -> RunReport:
    """Process a folder like :func:`summarize.pipeline.run`, with the model work on Ray."""
    ray = connect(address)
    pipeline = Pipeline.from_settings(settings)
    files = article_files(path)
    limits = settings.limits
    loaded = ray.data.from_items([{"name": f.name, "path": str(f), "source_path": str(f.absolute())} for f in files])
    boilerplate = folder_boilerplate(files, limits=limits)
    rows = {r["source_path"]: r for r in loaded.map(_load, fn_kwargs={"limits": limits, "boilerplate": boilerplate})
            .take_all()}

    todo = []  # (source_path, document, segments) of the articles that need work
    for f in files:
        row = rows[str(f.absolute())]
        if row["error"] is not None:
            continue
        doc = row_to_doc(row["doc"])
        state = store.article_state(row["source_path"])
        if state is not None and state["content_hash"] == doc.content_hash and state["pipeline_key"] == pipeline.key:
            continue
        todo.append((row["source_path"], doc, pipeline.segment(doc)))

    translated = _translate_missing(ray, pipeline, settings, store, todo, workers, num_gpus_per_worker)
    summarised = _summarise_missing(ray, pipeline, settings, store, todo, workers, num_gpus_per_worker)

    def loader(row: dict) -> Callable[[], Document]:
        def load() -> Document:
            if row["error"] is not None:
                raise InputError(row["name"], row["error"])
            return row_to_doc(row["doc"])
        return load

    items = [(f.name, str(f.absolute()), loader(rows[str(f.absolute())])) for f in files]
    report = run_documents(items, pipeline=pipeline, store=store, input_label=f"{path} (ray)", progress=progress,
                           stop=stop)
    # The assembly found the models' work in the cache: count it where it was done.
    report.sentences_cached -= translated
    report.sentences_translated += translated
    report.summaries_generated += summarised
    store.finish_run(report.run_id, status="interrupted" if report.interrupted else "completed",
                     report=report.as_dict())
    return report


def cpus_per_actor(ray, workers: int) -> int:
    """CPUs for each model actor: the cluster's CPUs shared among the actors, within one node."""
    total = int(ray.cluster_resources().get("CPU", 1))
    largest_node = max((int(n["Resources"].get("CPU", 0)) for n in ray.nodes() if n.get("Alive")), default=total)
    return max(1, min(total // max(workers, 1), largest_node))


def _objects(values: list) -> np.ndarray:
    """A column of Python lists (ragged), as Ray Data's numpy batches carry them."""
    column = np.empty(len(values), dtype=object)
    column[:] = values
    return column


def _translate_missing(ray, pipeline: Pipeline, settings: Settings, store: Store, todo, workers: int,
                       num_gpus: float) -> int:
    # Each article's segments not yet translated, in document order, a segment going to the first
    # article that has it: the same calls the local engine makes, one article after another.
    rows, seen = [], set()
    for _, _, segments in todo:
        keys = {s.key: s.text for s in segments}
        cached = store.cached_translations(keys, pipeline.translator_key)
        missing = [k for k in keys if k not in cached and k not in seen]
        seen.update(missing)
        if missing:
            rows.append({"keys": missing, "texts": [keys[k] for k in missing]})
    if not rows:
        return 0
    results = ray.data.from_items(rows).map_batches(
        TranslateActor, fn_constructor_kwargs={"settings": settings}, batch_size=1,
        compute=ray.data.ActorPoolStrategy(size=workers), num_cpus=cpus_per_actor(ray, workers),
        num_gpus=num_gpus or None, batch_format="numpy").take_all()
    items = [(str(key), str(text), Translation(str(en), float(score), bool(complete), int(tokens)))
             for r in results
             for key, text, en, score, complete, tokens in zip(r["keys"], r["texts"], r["en"], r["score"],
                                                               r["complete"], r["input_tokens"])]
    pipeline.store_translations(store, items)
    return len(items)


def _summarise_missing(ray, pipeline: Pipeline, settings: Settings, store: Store, todo, workers: int,
                       num_gpus: float) -> int:
    """Model summaries not yet stored, made on the actors and stored under the local engine's keys.

    Extractive baselines and the summarise-then-translate step need no summarisation model run
    here: the local assembly makes them.
    """
    if pipeline.extractive or not todo:
        return 0
    jobs: dict[tuple, dict] = {}
    for _, _, segments in todo:
        ids = store.cached_translations([s.key for s in segments], pipeline.translator_key)
        arabic = [s.text for s in segments]
        english = [ids[s.key]["text_en"] for s in segments]
        wanted = [(arabic, "ar", "monolingual", "main", pipeline.summariser_key)]
        if pipeline.strategy == "translate-then-summarise":
            wanted.append((english, "en", pipeline.strategy, "main", pipeline.summariser_key))
        elif pipeline.strategy == "direct":
            wanted.append((arabic, "en", pipeline.strategy, "crosslingual", pipeline.crosslingual_key))
        for pieces, lang, strategy, which, key in wanted:
            input_key = text_key(normalise_whitespace(" ".join(pieces)))
            if store.cached_summary(input_key, key, lang, strategy) is None:
                jobs[(input_key, key, lang, strategy)] = {"pieces": pieces, "lang": lang, "which": which}
    if not jobs:
        return 0
    keys = list(jobs)
    dataset = ray.data.from_items([{"job": i, **jobs[k]} for i, k in enumerate(keys)])
    results = dataset.map_batches(SummariseActor, fn_constructor_kwargs={"settings": settings}, batch_size=1,
                                  compute=ray.data.ActorPoolStrategy(size=workers),
                                  num_cpus=cpus_per_actor(ray, workers), num_gpus=num_gpus or None,
                                  batch_format="numpy").take_all()
    signatures = {"main": pipeline.summariser.signature(),
                  "crosslingual": pipeline.crosslingual.signature() if pipeline.crosslingual else None}
    for r in results:
        input_key, key, lang, strategy = keys[int(r["job"])]
        store.add_summary(input_key=input_key, summariser_key=key, lang=lang, strategy=strategy, text=str(r["text"]),
                          chunks=int(r["chunks"]), rounds=int(r["rounds"]),
                          provenance=Provenance.from_signature(signatures[jobs[keys[int(r["job"])]]["which"]]))
    return len(results)
