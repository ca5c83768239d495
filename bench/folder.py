"""The folder benchmark: `summarize run` over a synthetic folder, a window of articles at a time
against one article at a time, with the full-size architectures (random weights, forced lengths,
CTranslate2 int8, the model summariser).

    python bench/folder.py                 # 16 articles, windows 1 and the default (make bench)
    python bench/folder.py --articles 8    # quicker

Each window size runs in a fresh process (its peak memory is its own), one after the other in the
same invocation, so the ratio compares like with like. Models are converted once, in a process of
its own, before any measured run.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import RESULTS, SUMMARY_TOKENS, TRANSLATION_TOKENS, ensure_models, isolated, machine  # noqa: E402

ARTICLE_TOKENS = (400, 500)


def make_folder(folder: Path, n: int, marian: Path) -> list[int]:
    """``n`` articles of 400–500 tokens, each a title and paragraphs of seed sentences in a new
    order (every article's text differs, so nothing is served from the cache)."""
    from transformers import AutoTokenizer

    from summarize.sources.files import article_files, read_article
    from summarize.text.segment import segment_document

    tokenizer = AutoTokenizer.from_pretrained(marian)
    pool = [s.text for path in article_files(Path(__file__).resolve().parent.parent / "seeds")
            for s in segment_document(read_article(path)) if 12 <= len(s.text.split()) <= 60]
    sizes = []
    for i in range(n):
        picked, tokens, j = [], 0, i * 7
        while tokens < ARTICLE_TOKENS[0]:
            sentence = pool[j % len(pool)]
            j += 3
            length = len(tokenizer(sentence).input_ids)
            if tokens + length > ARTICLE_TOKENS[1]:
                continue
            picked.append(sentence)
            tokens += length
        sizes.append(tokens)
        paragraphs = [" ".join(picked[k:k + 3]) for k in range(0, len(picked), 3)]
        (folder / f"article-{i:03d}.txt").write_text(f"مقال تجريبي رقم {i + 1} عن التحالف الدولي\n" + "\n".join(paragraphs)
                                                     + "\n", encoding="utf-8")
    return sizes


def convert(marian: str, mt5: str) -> dict:
    """Convert both models to CTranslate2 int8 (once; later runs find them in the model store), in a
    process of its own so that no measured run's peak memory includes a conversion."""
    from summarize.tasks.summarise import CT2Summariser
    from summarize.tasks.translate import CT2Translator

    CT2Translator(marian, compute_type="int8")._gen.convert()
    CT2Summariser(mt5, compute_type="int8")._gen.convert()
    return {}


def measure(marian: str, mt5: str, folder: str, window: int) -> dict:
    from summarize.engine import Pipeline, run
    from summarize.store import Store
    from summarize.tasks.summarise import CT2Summariser
    from summarize.tasks.translate import CT2Translator

    translator = CT2Translator(marian, compute_type="int8", force_length=TRANSLATION_TOKENS)
    summariser = CT2Summariser(mt5, compute_type="int8", force_length=SUMMARY_TOKENS)
    translator.translate(["اختبار"])  # load (and convert) outside the timing
    summariser.summarise(["اختبار"], lang="ar")
    pipeline = Pipeline(translator, summariser, references=None)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        start = time.perf_counter()
        report = run(Path(folder), pipeline=pipeline, store=store, window=window)
        seconds = time.perf_counter() - start
    assert report.articles_failed == 0, report.errors
    return {"window": window, "seconds": round(seconds, 1), "articles": report.articles_processed,
            "articles_per_minute": round(report.articles_processed / seconds * 60, 2),
            "summaries": report.summaries_generated, "sentences": report.sentences_translated}


def main(argv: list[str] | None = None) -> int:
    from summarize.engine import DEFAULT_WINDOW

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=16, help="articles in the synthetic folder (default 16)")
    parser.add_argument("--window", type=int, default=DEFAULT_WINDOW, help=f"window to compare (default {DEFAULT_WINDOW})")
    parser.add_argument("--name", default="folder-cpu-2core", help="results file name in bench/results/")
    args = parser.parse_args(argv)
    paths = ensure_models(mt5=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        sizes = make_folder(folder, args.articles, paths["marian"])
        print(f"{args.articles} articles of {min(sizes)}–{max(sizes)} tokens; CTranslate2 int8, beam 4, "
              f"{TRANSLATION_TOKENS} tokens a sentence, {SUMMARY_TOKENS} a summary", file=sys.stderr)
        isolated(convert, str(paths["marian"]), str(paths["mt5"]))
        runs = [isolated(measure, str(paths["marian"]), str(paths["mt5"]), str(folder), w) for w in (1, args.window)]
    one, many = runs
    ratio = many["articles_per_minute"] / one["articles_per_minute"]
    result = {"machine": machine(), "articles": args.articles, "article_tokens": [min(sizes), max(sizes)],
              "runs": runs, "speedup": round(ratio, 2),
              "targets": {"speedup >= 2.5": ratio >= 2.5, "peak memory <= 2 GB": many["peak_rss_mb"] <= 2048}}
    print(f"{'window':>8} {'articles/min':>14} {'seconds':>9} {'peak MB':>9}")
    for r in runs:
        print(f"{r['window']:>8} {r['articles_per_minute']:>14} {r['seconds']:>9} {r['peak_rss_mb']:>9}")
    print(f"speed-up at window {args.window}: {ratio:.2f}× (target 2.5×); "
          f"peak memory {many['peak_rss_mb']:.0f} MB (target 2,048)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
