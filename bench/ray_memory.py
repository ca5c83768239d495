"""The Ray engine streams: the driver's peak memory for 2,000 articles against 200, and a SIGKILL of
the driver mid-run followed by a rerun that translates only what was not stored.

    python bench/ray_memory.py              # 200 and 2,000 tiny articles (a few minutes)

Tiny models (built here, no download) and the lead summariser: the figures are about the driver,
not the models. Each run is a fresh `summarize run --engine ray` process; its peak resident memory
(VmHWM) is read from /proc while it runs. Writes bench/results/ray-memory.json.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SENTENCES = [
    "أعلنت الحكومة اليوم خطة جديدة لتطوير شبكة النقل العام في العاصمة بتكلفة {n} مليون دولار.",
    "وقال الوزير إن المشروع سيوفر نحو {m} فرصة عمل خلال السنوات الثلاث المقبلة.",
    "وتشمل المرحلة الأولى إنشاء {k} محطات جديدة وتحديث الحافلات القديمة.",
]


def make_folder(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = " ".join(s.format(n=100 + i, m=2000 + i, k=3 + i % 7) for s in SENTENCES)
        (folder / f"a{i:05d}.txt").write_text(f"خطة النقل رقم {i}\n{body}\n", encoding="utf-8")


def peak_of(proc: subprocess.Popen) -> float:
    """Peak resident memory of ``proc`` (MB), sampled until it exits."""
    peak = 0.0
    while proc.poll() is None:
        try:
            for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
        except OSError:
            pass
        time.sleep(0.2)
    return peak


def command(folder: Path, db: Path, marian: Path) -> list[str]:
    return [sys.executable, "-m", "summarize", "run", str(folder), "--db", str(db), "--engine", "ray", "--workers",
            "1", "--translation-model", str(marian), "--summariser", "lead", "--json"]


def env() -> dict:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "RAY_DEDUP_LOGS": "0"}


def stored(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as con:
        return (con.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
                con.execute("SELECT COUNT(*) FROM translations").fetchone()[0])


def main(argv: list[str] | None = None) -> int:
    from summarize.testing import build_tiny_models

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000", help="folder sizes (default 200,2000)")
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    result = {"sizes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        marian = build_tiny_models(tmp / "models").marian
        for n in sizes:
            folder, db = tmp / f"in{n}", tmp / f"r{n}.db"
            make_folder(folder, n)
            proc = subprocess.Popen(command(folder, db, marian), cwd=ROOT, env=env(), stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, text=True)
            start = time.perf_counter()
            peak = peak_of(proc)
            report = json.loads(proc.stdout.read())
            result["sizes"][n] = {"driver_peak_mb": round(peak, 1), "seconds": round(time.perf_counter() - start, 1),
                                  "articles": report["articles_processed"]}
            print(f"{n:>6} articles: driver peak {peak:.0f} MB, {result['sizes'][n]['seconds']} s", file=sys.stderr)
        small, large = (result["sizes"][sizes[0]]["driver_peak_mb"], result["sizes"][sizes[-1]]["driver_peak_mb"])
        result["ratio"] = round(large / small, 2)

        # SIGKILL mid-run, then a rerun translates only what was not stored
        n = sizes[0]
        folder, db = tmp / f"in{n}", tmp / "killed.db"
        proc = subprocess.Popen(command(folder, db, marian), cwd=ROOT, env=env(), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        while proc.poll() is None:
            if db.exists():
                try:
                    if stored(db)[0] >= 16:
                        break
                except sqlite3.Error:
                    pass
            time.sleep(0.2)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        articles_before, translations_before = stored(db)
        rerun = subprocess.run(command(folder, db, marian), cwd=ROOT, env=env(), capture_output=True, text=True)
        report = json.loads(rerun.stdout)
        _, translations_after = stored(db)
        result["sigkill"] = {"articles_stored_before": articles_before, "translations_stored_before": translations_before,
                             "rerun_translated": report["sentences_translated"],
                             "translations_after": translations_after,
                             "only_missing_translated": translations_before + report["sentences_translated"]
                             == translations_after}
    print(json.dumps(result, indent=2))
    print(f"driver peak memory: {small:.0f} MB for {sizes[0]} articles, {large:.0f} MB for {sizes[-1]} "
          f"({result['ratio']}×; target ≤ 1.3×). SIGKILL after {result['sigkill']['articles_stored_before']} "
          f"articles: the rerun translated {result['sigkill']['rerun_translated']} sentences, exactly the ones "
          f"not stored: {result['sigkill']['only_missing_translated']}", file=sys.stderr)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ray-memory.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
