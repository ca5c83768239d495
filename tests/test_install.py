"""The package as a user installs it (`pip install .`, not editable): registry and references ship
inside it, so it works outside this checkout."""

import json
import shutil
import sqlite3
import subprocess
import sys

from conftest import OFFLINE, ROOT, SEEDS


def test_installed_package_lists_models_and_calibrates_low_score(tiny_models, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                    "--target", str(site), str(ROOT)], check=True, capture_output=True, timeout=600)
    assert (site / "summarize" / "data" / "registry.toml").is_file()
    env = {**OFFLINE, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(site), "HOME": str(tmp_path),
           "SUMMARIZE_MODEL_STORE": str(tmp_path / "store")}
    work = tmp_path / "elsewhere"  # not the checkout: nothing may come from it
    work.mkdir()

    def summarize(*args):
        return subprocess.run([sys.executable, "-m", "summarize", *args], cwd=work, env=env, capture_output=True,
                              text=True, timeout=600)

    where = subprocess.run([sys.executable, "-c", "import summarize; print(summarize.__file__)"], cwd=work, env=env,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site))
    listed = summarize("models", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert {"opus-mt-ar-en", "mt5-xlsum"} <= {m["name"] for m in json.loads(listed.stdout)}

    folder = work / "in"
    folder.mkdir()
    shutil.copy(next(SEEDS.glob("000_*.txt")), folder)
    result = summarize("run", str(folder), "--db", str(work / "x.db"), "--translation-model", str(tiny_models.marian),
                       "--summariser", "lead", "--json")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(work / "x.db") as db:
        (pairs,) = db.execute("SELECT reference_pairs FROM score_thresholds").fetchone()
    assert pairs > 50  # calibrated on the packaged reference translations
