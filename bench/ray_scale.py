"""Throughput of `summarize run --engine ray` with 1 and 2 model workers (see docs/scale.md).

    python bench/ray_scale.py

The full-size opus-mt-ar-en architecture (random weights) through CTranslate2 int8, beam 4, on a
synthetic folder of seed sentences; the lead summariser, so the figure is about translation.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402


def main() -> int:
    os.environ.setdefault("SUMMARIZE_MODEL_STORE", str(bench.MODELS / "store"))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from summarize.config import Settings
    from summarize.engine import Pipeline, run
    from summarize.engine.ray import connect, run_ray
    from summarize.store import Store

    paths = bench.ensure_models(mt5=False)
    texts = bench.sentences(64, paths["marian"])
    connect(num_cpus=bench.machine()["cores"])
    settings = Settings(translation_model=str(paths["marian"]), backend="ct2", summariser="lead")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i in range(0, len(texts), 8):
            (folder / f"a{i:03d}.txt").write_text("\n".join(texts[i : i + 8]) + "\n", encoding="utf-8")
        Pipeline.from_settings(settings).translator.translate(texts[:1])  # convert once, outside the timing
        for name, workers in (("local", 0), ("ray_1_worker", 1), ("ray_2_workers", 2)):
            with Store(Path(tmp) / f"{name}.db") as store:
                start = time.perf_counter()
                if workers:
                    report = run_ray(folder, settings=replace(settings, db=Path(tmp) / f"{name}.db"), store=store,
                                     workers=workers)
                else:
                    report = run(folder, pipeline=Pipeline.from_settings(settings), store=store)
                seconds = time.perf_counter() - start
            results[name] = {"seconds": round(seconds, 1), "sentences": report.sentences_translated,
                             "sentences_per_s": round(report.sentences_translated / seconds, 2)}
            print(f"{name:<16}{results[name]['sentences_per_s']:>8.2f} sentences/s  ({seconds:.1f} s)")
    out = bench.RESULTS / "ray-scale.json"
    out.write_text(json.dumps({"machine": bench.machine(), "results": results}, indent=2) + "\n")
    print(f"written to {out.relative_to(bench.ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
