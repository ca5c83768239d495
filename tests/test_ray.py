"""The Ray engine in local mode: same stored results as the local engine, and reruns make no model call."""

import json
import os

import pytest
from conftest import OFFLINE, SEEDS, run_cli, store_articles

from summarize.config import Settings
from summarize.engine import Pipeline, run
from summarize.store import Store


@pytest.fixture(scope="module")
def ray_cluster():
    import ray

    os.environ.update(OFFLINE)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, object_store_memory=300 * 2**20)
    yield ray
    ray.shutdown()


def outputs(db):
    with Store(db) as store:
        return {a["source_file"]: ([(s["ar"], s["en"], s["score"], s["flags"]) for s in a["sentences"]],
                                   a["summary_ar"], a["summary_en"], a["summary_en_evidence"])
                for a in store_articles(store)}


def test_ray_engine_stores_what_the_local_engine_stores(ray_cluster, tiny_models, tmp_path):
    from summarize.engine.ray import run_ray

    settings = Settings.resolve(db=str(tmp_path / "ray.db"), translation_model=str(tiny_models.marian),
                                summary_model=str(tiny_models.mt5))
    with Store(tmp_path / "local.db") as store:
        local = run(SEEDS, pipeline=Pipeline.from_settings(settings), store=store)
    with Store(tmp_path / "ray.db") as store:
        remote = run_ray(SEEDS, settings=settings, store=store, workers=1)
    assert remote.articles_processed == local.articles_processed == 5
    assert (remote.sentences_translated, remote.sentences_cached, remote.summaries_generated) == (
        local.sentences_translated, local.sentences_cached, local.summaries_generated)
    assert remote.flags == local.flags
    assert outputs(tmp_path / "ray.db") == outputs(tmp_path / "local.db")
    with Store(tmp_path / "ray.db") as store:
        again = run_ray(SEEDS, settings=settings, store=store, workers=1)
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert again.sentences_translated == 0 and again.summaries_generated == 0
    assert again.sentences_cached == local.sentences_translated + local.sentences_cached


def test_ray_engine_reports_bad_files_like_the_local_engine(ray_cluster, tiny_models, tmp_path):
    from summarize.engine.ray import run_ray

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    src = next(SEEDS.glob("002_*.txt"))
    (folder / src.name).write_bytes(src.read_bytes())
    settings = Settings.resolve(translation_model=str(tiny_models.marian), summariser="lead")
    with Store(tmp_path / "b.db") as store:
        report = run_ray(folder, settings=settings, store=store)
    assert report.articles_processed == 1
    assert report.errors == [{"file": "empty.txt", "error": "the file is empty"}]


def test_cli_engine_ray(tiny_models, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        (folder / path.name).write_bytes(path.read_bytes())
    args = ["run", str(folder), "--db", str(tmp_path / "cli.db"), "--engine", "ray", "--workers", "1",
            "--translation-model", str(tiny_models.marian), "--summariser", "lead", "--json"]
    result = run_cli(*args, env=OFFLINE)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["articles_processed"] == 2
