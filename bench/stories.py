"""The stories benchmark: clustering time and memory on synthetic archives of 2,000 and 20,000
articles, and the cost of one incremental run (100 new articles joining a clustered archive).

    python bench/stories.py                    # 2,000 and 20,000 articles (make bench-stories)
    python bench/stories.py --sizes 500        # quicker

A synthetic article reports one of many synthetic events: an event kind (its own words), a city of
the gazetteer and a date within three years; one to five outlets report each event, each with its
own words around the event's. Each size runs in a fresh process, so its peak memory is its own.
Also printed: how many of the synthetic stories are found exactly (a sanity check, not a quality
measure: real coverage is harder).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"

KINDS = ["حريق مصنع نسيج عمال اخماد الدفاع المدني", "انهيار مبنى سكني انقاض فرق الانقاذ", "فيضانات امطار غزيرة سيول",
         "اجتماع وزراء الخارجية مباحثات ثنائية", "توقيع اتفاقية تعاون اقتصادي استثمار", "انتخابات بلدية صناديق الاقتراع",
         "احتجاجات طلابية جامعة مطالب", "مباراة نهائي الكأس هدف ملعب", "مهرجان سينمائي افلام جوائز",
         "زلزال هزة ارضية ريختر", "حادث سير حافلة طريق سريع", "اضراب عمال النقل نقابة"]
FILLER = ("اكد المسؤول ان السلطات تتابع الوضع عن كثب وسط حالة من الترقب بين السكان بينما تواصل الجهات المختصة "
          "عملها وتستعد اللجان لتقديم تقريرها خلال الايام المقبلة بحضور ممثلين عن المؤسسات المعنية").split()


def synthetic(n: int, seed: int = 0) -> tuple[list, dict[int, int]]:
    """``n`` clustering items and the synthetic story of each."""
    from summarize.stories.cluster import Item, features
    from summarize.text.gazetteer import CITIES

    rng = random.Random(seed)
    items, truth, story = [], {}, 0
    while len(items) < n:
        story += 1
        kind, city = rng.choice(KINDS).split(), rng.choice(CITIES)
        own = [f"كلمه{rng.randrange(10**6)}" for _ in range(3)]  # what only this event has (names…)
        day = rng.randrange(3 * 365)
        for _ in range(min(rng.randint(1, 5), n - len(items))):
            words = kind + own + rng.sample(FILLER, 12) + [f"كلمه{rng.randrange(10**6)}" for _ in range(4)]
            rng.shuffle(words)
            text = f"{' '.join(kind[:3])} في {city}\n{' '.join(words)}"
            article_id = len(items) + 1
            items.append(Item(article_id, str(article_id), day + rng.randint(0, 1), features(text)))
            truth[article_id] = story
    return items, truth


def measure(n: int) -> dict:
    from summarize.stories.cluster import Clusterer

    start = time.perf_counter()
    items, truth = synthetic(n)
    made = time.perf_counter() - start
    start = time.perf_counter()
    clusterer = Clusterer()
    order = sorted(items, key=lambda i: (i.day, i.article_id))
    for item in order[:-100]:
        clusterer.add(item)
    clustered = time.perf_counter() - start
    start = time.perf_counter()  # an incremental run: the archive replayed, 100 new articles added
    again = Clusterer()
    for item in order[:-100]:
        again.replay(item, clusterer.story_of[item.article_id])
    for item in order[-100:]:
        again.add(item)
    incremental = time.perf_counter() - start
    found = {}
    for article, key in again.story_of.items():
        found.setdefault(key, set()).add(article)
    expected = {}
    for article, story in truth.items():
        expected.setdefault(story, set()).add(article)
    exact = len({frozenset(v) for v in found.values()} & {frozenset(v) for v in expected.values()})
    return {"articles": n, "features_s": round(made, 2), "cluster_s": round(clustered, 2),
            "per_article_ms": round(1000 * clustered / max(n - 100, 1), 3),
            "incremental_100_s": round(incremental, 2), "stories": len(expected), "found": len(found),
            "exact": exact, "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def _child(queue, n):
    queue.put(measure(n))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--name", default="stories")
    args = parser.parse_args(argv)
    results = []
    for n in args.sizes:
        ctx = mp.get_context("spawn")
        queue = ctx.Queue()
        proc = ctx.Process(target=_child, args=(queue, n))
        proc.start()
        result = queue.get()
        proc.join()
        results.append(result)
        print(f"{n:>6} articles: features {result['features_s']} s, clustering {result['cluster_s']} s "
              f"({result['per_article_ms']} ms an article), 100 new on the archive {result['incremental_100_s']} s, "
              f"peak {result['peak_rss_mb']} MB; {result['exact']} of {result['stories']} synthetic stories exact",
              flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
