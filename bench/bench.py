"""Throughput and memory of each backend on the full-size architectures (random weights).

    python bench/bench.py            # everything (make bench)
    python bench/bench.py --quick    # the translation comparison on fewer sentences (make bench-quick)

Every measurement runs in a fresh process, so its peak resident memory is its own. Output lengths
are forced (40 tokens per translation, 84 per summary), so every backend does the same work:
speed does not depend on the weight values. See bench/README.md for method and caveats.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "bench" / ".models"
RESULTS = ROOT / "bench" / "results"
TRANSLATION_TOKENS = 40
SUMMARY_TOKENS = 84
BATCH = 16
SENTENCE_TOKENS = (30, 40)  # input length window, ~36 tokens as in the published comparisons


# --- models and data -----------------------------------------------------------------------------

def ensure_models(*, mt5: bool) -> dict[str, Path]:
    from summarize.testing import MT5_BASE, OPUS_MT_AR_EN, build_marian, build_mt5

    paths = {"marian": MODELS / "opus-mt-ar-en", "mt5": MODELS / "mt5-base"}
    if not (paths["marian"] / "model.safetensors").exists():
        print("building the full-size opus-mt-ar-en architecture (random weights)…", file=sys.stderr)
        build_marian(paths["marian"], architecture=OPUS_MT_AR_EN)
    if mt5 and not (paths["mt5"] / "config.json").exists():
        print("building the full-size mT5-base architecture (random weights, ~2.3 GB)…", file=sys.stderr)
        build_mt5(paths["mt5"], architecture=MT5_BASE)
    return paths


def sentences(n: int, marian: Path) -> list[str]:
    """``n`` distinct Arabic sentences from the seeds, cut to 30–40 tokens each."""
    from transformers import AutoTokenizer

    from summarize.sources.files import article_files, read_article
    from summarize.text.segment import segment_document

    tokenizer = AutoTokenizer.from_pretrained(marian)
    low, high = SENTENCE_TOKENS
    out: list[str] = []
    for path in article_files(ROOT / "seeds"):
        for seg in segment_document(read_article(path)):
            words = seg.text.split()
            while words and len(tokenizer(" ".join(words))["input_ids"]) > high:
                words.pop()
            text = " ".join(words)
            if len(tokenizer(text)["input_ids"]) >= low and text not in out:
                out.append(text)
    if len(out) < n:  # vary the seeds' sentences to reach n distinct ones
        base = list(out)
        i = 0
        while len(out) < n:
            words = base[i % len(base)].split()
            out.append(" ".join(words[1:] + words[:1]) if i // len(base) % 2 == 0 else " ".join(reversed(words)))
            i += 1
    return out[:n]


def mean_tokens(texts: list[str], model: Path) -> float:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model)
    return sum(len(tokenizer(t)["input_ids"]) for t in texts) / len(texts)


# --- measurements (each in its own process) -------------------------------------------------------

def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _translator(backend: str, model: Path, *, beams: int, batch_tokens: int):
    from summarize.tasks.translate import CT2Translator, HFTranslator

    cls = CT2Translator if backend == "ct2" else HFTranslator
    kwargs = {"compute_type": "int8"} if backend == "ct2" else {}
    return cls(str(model), num_beams=beams, batch_tokens=batch_tokens, force_length=TRANSLATION_TOKENS, **kwargs)


def measure_translation(backend: str, model: str, texts: list[str], beams: int, naive: bool, batch_tokens: int) -> dict:
    translator = _translator(backend, Path(model), beams=beams, batch_tokens=batch_tokens)
    translator.translate(texts[:2])  # load (and convert) outside the timing
    start = time.perf_counter()
    if naive:
        for text in texts:
            translator.translate([text])
    else:
        translator.translate(texts)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "tokens": len(texts) * TRANSLATION_TOKENS, "sentences": len(texts)}


def measure_pipeline(backend: str, model: str, texts: list[str], beams: int, batch_tokens: int, repeats: int = 2) -> dict:
    """The whole ``summarize run`` (ingest, segment, translate, check, store) on a synthetic folder.

    The English summary is the model-free lead baseline, so the figure isolates translation and
    the pipeline's own work. The raw backend is timed in the same process, alternating with the
    pipeline, best of ``repeats`` each: the overhead then compares like with like.
    """
    from summarize.engine import Pipeline, run
    from summarize.store import Store
    from summarize.tasks.extractive import LeadSummariser

    translator = _translator(backend, Path(model), beams=beams, batch_tokens=batch_tokens)
    translator.translate(texts[:2])  # load (and convert) outside the timing, as for the raw figure
    pipeline = Pipeline(translator, LeadSummariser(), references=None)
    per_article = 32
    raw_times, pipeline_times = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i in range(0, len(texts), per_article):
            (folder / f"article-{i // per_article:03d}.txt").write_text("\n".join(texts[i : i + per_article]) + "\n",
                                                                       encoding="utf-8")
        for attempt in range(repeats):
            start = time.perf_counter()
            translator.translate(texts)
            raw_times.append(time.perf_counter() - start)
            with Store(Path(tmp) / f"bench-{attempt}.db") as store:
                start = time.perf_counter()
                report = run(folder, pipeline=pipeline, store=store)
                pipeline_times.append(time.perf_counter() - start)
            assert report.articles_failed == 0, report.errors
    return {"seconds": min(pipeline_times), "raw_seconds": min(raw_times),
            "tokens": report.sentences_translated * TRANSLATION_TOKENS, "sentences": report.sentences_translated}


def measure_summaries(backend: str, model: str, texts: list[str]) -> dict:
    from summarize.tasks.summarise import CT2Summariser, HFSummariser

    cls = CT2Summariser if backend == "ct2" else HFSummariser
    kwargs = {"compute_type": "int8"} if backend == "ct2" else {}
    summariser = cls(model, force_length=SUMMARY_TOKENS, **kwargs)
    summariser.summarise(texts[:1], lang="ar")  # load (and convert) outside the timing
    start = time.perf_counter()
    for text in texts:  # one article at a time, as the pipeline does
        summariser.summarise([text], lang="ar")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "summaries": len(texts), "tokens": len(texts) * SUMMARY_TOKENS}


def _child(queue, fn, args):
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    result = fn(*args)
    result["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    queue.put(result)


def isolated(fn, *args) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(queue, fn, args))
    proc.start()
    result = queue.get()
    proc.join()
    return result


# --- the run -------------------------------------------------------------------------------------

def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import ctranslate2
    import torch
    import transformers

    from summarize.backends.generation import cpu_threads

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpu": cpu, "cores": cpu_threads(), "memory_gib": round(mem, 1), "python": platform.python_version(),
            "torch": torch.__version__, "transformers": transformers.__version__, "ctranslate2": ctranslate2.__version__,
            "torch_threads": torch.get_num_threads(), "device": "cpu"}


def overhead(m: dict) -> float:
    """1 − pipeline throughput / raw backend throughput, both timed in the same process."""
    return round(1 - m["raw_seconds"] / m["seconds"], 3)


def rate(m: dict, key: str = "tokens") -> float:
    return round(m[key] / m["seconds"], 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="translation only, fewer sentences (under 3 minutes)")
    parser.add_argument("--sentences", type=int, help="sentences to translate (default 64, quick 32)")
    parser.add_argument("--summaries", type=int, default=3, help="summaries per backend (default 3)")
    parser.add_argument("--name", help="results file name (default: quick, or the machine's host name)")
    args = parser.parse_args(argv)
    os.environ.setdefault("SUMMARIZE_MODEL_STORE", str(MODELS / "store"))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    n = args.sentences or (32 if args.quick else 64)
    paths = ensure_models(mt5=not args.quick)
    texts = sentences(n, paths["marian"])
    batch_tokens = BATCH * SENTENCE_TOKENS[1]
    marian = str(paths["marian"])
    started = time.time()
    m: dict[str, dict] = {}
    naive_n = max(n // 4, 8) if args.quick else n
    print(f"translation: {n} sentences of ~{mean_tokens(texts, paths['marian']):.0f} tokens, {TRANSLATION_TOKENS} "
          f"output tokens forced, batch {BATCH}", file=sys.stderr)
    m["hf_naive_beam4"] = isolated(measure_translation, "transformers", marian, texts[:naive_n], 4, True, batch_tokens)
    m["hf_batched_beam4"] = isolated(measure_translation, "transformers", marian, texts, 4, False, batch_tokens)
    m["ct2_int8_beam4"] = isolated(measure_translation, "ct2", marian, texts, 4, False, batch_tokens)
    # best of 3 in the short run, where a stray second on this machine weighs more
    m["pipeline_ct2_beam4"] = isolated(measure_pipeline, "ct2", marian, texts, 4, batch_tokens, 3 if args.quick else 2)
    if not args.quick:
        m["hf_batched_greedy"] = isolated(measure_translation, "transformers", marian, texts, 1, False, batch_tokens)
        m["ct2_int8_greedy"] = isolated(measure_translation, "ct2", marian, texts, 1, False, batch_tokens)
        m["pipeline_hf_beam4"] = isolated(measure_pipeline, "transformers", marian, texts, 4, batch_tokens)
        docs = [" ".join(texts[i::args.summaries][:12]) for i in range(args.summaries)]  # ~400-token articles
        print(f"summaries: {args.summaries} articles of ~{mean_tokens(docs, paths['mt5']):.0f} tokens, "
              f"{SUMMARY_TOKENS} output tokens forced, beam 4", file=sys.stderr)
        m["mt5_hf_fp32"] = isolated(measure_summaries, "transformers", str(paths["mt5"]), docs)
        m["mt5_ct2_int8"] = isolated(measure_summaries, "ct2", str(paths["mt5"]), docs)

    figures = {
        "hf_naive_tok_s": rate(m["hf_naive_beam4"]),
        "hf_batched_tok_s": rate(m["hf_batched_beam4"]),
        "ct2_int8_tok_s": rate(m["ct2_int8_beam4"]),
        "pipeline_ct2_tok_s": rate(m["pipeline_ct2_beam4"]),
        "peak_rss_mb_ct2": max(m["ct2_int8_beam4"]["peak_rss_mb"], m["pipeline_ct2_beam4"]["peak_rss_mb"]),
        "peak_rss_mb_hf": m["hf_batched_beam4"]["peak_rss_mb"],
    }
    figures["ct2_vs_hf_batched"] = round(figures["ct2_int8_tok_s"] / figures["hf_batched_tok_s"], 2)
    figures["ct2_vs_hf_naive"] = round(figures["ct2_int8_tok_s"] / figures["hf_naive_tok_s"], 2)
    figures["pipeline_overhead_ct2"] = overhead(m["pipeline_ct2_beam4"])
    targets = {
        "ct2_int8 >= 3x hf_batched": figures["ct2_vs_hf_batched"] >= 3,
        "ct2_int8 >= 12x hf_naive": figures["ct2_vs_hf_naive"] >= 12,
        "pipeline overhead <= 10%": figures["pipeline_overhead_ct2"] <= 0.10,
        "ct2 peak RSS <= 1 GB": figures["peak_rss_mb_ct2"] <= 1024,
    }
    if not args.quick:
        figures.update({
            "hf_batched_greedy_tok_s": rate(m["hf_batched_greedy"]),
            "ct2_int8_greedy_tok_s": rate(m["ct2_int8_greedy"]),
            "pipeline_hf_tok_s": rate(m["pipeline_hf_beam4"]),
            "mt5_hf_summaries_per_min": round(60 * m["mt5_hf_fp32"]["summaries"] / m["mt5_hf_fp32"]["seconds"], 2),
            "mt5_ct2_summaries_per_min": round(60 * m["mt5_ct2_int8"]["summaries"] / m["mt5_ct2_int8"]["seconds"], 2),
            "peak_rss_mb_mt5_hf": m["mt5_hf_fp32"]["peak_rss_mb"],
            "peak_rss_mb_mt5_ct2": m["mt5_ct2_int8"]["peak_rss_mb"],
        })
        figures["pipeline_overhead_hf"] = overhead(m["pipeline_hf_beam4"])
        figures["mt5_ct2_vs_hf"] = round(figures["mt5_ct2_summaries_per_min"] / figures["mt5_hf_summaries_per_min"], 2)
        targets["mt5 ct2_int8 >= 2x hf fp32"] = figures["mt5_ct2_vs_hf"] >= 2

    result = {"machine": machine(), "quick": args.quick, "sentences": n, "naive_sentences": naive_n,
              "output_tokens": TRANSLATION_TOKENS, "batch": BATCH, "figures": figures, "targets_met": targets,
              "measurements": m, "seconds": round(time.time() - started, 1)}
    print_table(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = args.name or ("quick" if args.quick else platform.node() or "machine")
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwritten to {path.relative_to(ROOT)}")
    return 0


def print_table(result: dict) -> None:
    m = result["measurements"]
    rows = [("naive transformers fp32, 1 at a time, beam 4", "hf_naive_beam4"),
            ("batched transformers fp32, beam 4", "hf_batched_beam4"),
            ("batched transformers fp32, greedy", "hf_batched_greedy"),
            ("CTranslate2 int8, beam 4", "ct2_int8_beam4"),
            ("CTranslate2 int8, greedy", "ct2_int8_greedy"),
            ("summarize run, transformers, beam 4", "pipeline_hf_beam4"),
            ("summarize run, CTranslate2 int8, beam 4", "pipeline_ct2_beam4")]
    base = rate(m["hf_batched_beam4"])
    mach = result["machine"]
    print(f"\n{mach['cpu']} ({mach['cores']} cores, {mach['memory_gib']} GiB); torch {mach['torch']}, "
          f"ctranslate2 {mach['ctranslate2']}")
    print(f"\n{'translation (opus-mt-ar-en architecture)':<46}{'tok/s':>9}{'sent/s':>9}{'peak MB':>10}{'× batched':>11}")
    for label, key in rows:
        if key in m:
            print(f"{label:<46}{rate(m[key]):>9.1f}{rate(m[key], 'sentences'):>9.2f}{m[key]['peak_rss_mb']:>10.0f}"
                  f"{rate(m[key]) / base:>11.2f}")
    f = result["figures"]
    if "mt5_hf_summaries_per_min" in f:
        print(f"\n{'summaries (mT5-base architecture, beam 4)':<46}{'per min':>9}{'peak MB':>19}")
        print(f"{'transformers fp32':<46}{f['mt5_hf_summaries_per_min']:>9.2f}{f['peak_rss_mb_mt5_hf']:>19.0f}")
        print(f"{'CTranslate2 int8':<46}{f['mt5_ct2_summaries_per_min']:>9.2f}{f['peak_rss_mb_mt5_ct2']:>19.0f}")
    print(f"\npipeline overhead (CTranslate2): {f['pipeline_overhead_ct2']:.1%}"
          + (f"; (transformers): {f['pipeline_overhead_hf']:.1%}" if "pipeline_overhead_hf" in f else ""))
    for target, met in result["targets_met"].items():
        print(f"  [{'met' if met else 'MISSED'}] {target}")


if __name__ == "__main__":
    raise SystemExit(main())
