"""Shared fixtures: the tiny models are built once per test session."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from summarize.tasks.translate import Translation
from summarize.text.segment import text_key

# The Ray tests need the optional `ray` extra: collected only where it is installed (.ci/run installs it).
collect_ignore = [] if importlib.util.find_spec("ray") else ["test_ray.py"]

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
OFFLINE = {"HF_HUB_OFFLINE": "1"}


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory):
    from summarize.testing import build_tiny_models

    return build_tiny_models(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="session")
def seeded(tiny_models, tmp_path_factory):
    """A database after ``summarize run seeds/`` with the tiny models: (db, model options, result)."""
    db = tmp_path_factory.mktemp("db") / "t.db"
    models = ["--translation-model", str(tiny_models.marian), "--summary-model", str(tiny_models.mt5)]
    result = run_cli("run", str(SEEDS), "--db", str(db), *models, "--json", env=OFFLINE)
    return db, models, result


def run_cli(*args: str, env: dict | None = None, input: str | None = None, cwd: Path = ROOT,
            stdin_bytes: bytes | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m summarize ARGS`` through the real entry point (``stdin_bytes``: raw standard input)."""
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    if stdin_bytes is not None:
        done = subprocess.run([sys.executable, "-m", "summarize", *args], capture_output=True, env=full_env,
                              input=stdin_bytes, cwd=cwd, timeout=600)
        return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(errors="replace"),
                                           done.stderr.decode(errors="replace"))
    return subprocess.run([sys.executable, "-m", "summarize", *args], capture_output=True, text=True, env=full_env,
                          input=input, cwd=cwd, timeout=600)


@dataclass
class FakeTranslator:
    """Upper-cases nothing, just tags: 'EN(<arabic>)'. Records every call."""

    max_input_tokens: int = 1000
    calls: list[list[str]] = field(default_factory=list)
    model: str = "fake-translator"

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 1

    def signature(self) -> dict:
        return {"model": self.model, "revision": None, "backend": "fake", "settings": {}, "versions": {}}

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        self.calls.append(list(texts))
        return [Translation(f"EN({text_key(t)[:8]}) {len(t.split())} words", -0.5) for t in texts]


@dataclass
class FakeSummariser:
    """Returns the first three words of each input. Records every call."""

    max_input_tokens: int = 10_000
    calls: list[tuple[str, list[str]]] = field(default_factory=list)

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 1

    def signature(self) -> dict:
        return {"model": "fake-summariser", "revision": None, "backend": "fake", "settings": {}, "versions": {}}

    def summarise(self, texts: Sequence[str], *, lang: str) -> list[str]:
        self.calls.append((lang, list(texts)))
        return [" ".join(t.split()[:3]) for t in texts]


def store_articles(store) -> list[dict]:
    """Every article of ``store`` in its JSON Lines shape (what an export writes)."""
    return [article.as_dict() for article in store.iter_articles()]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(db: Path, models, *extra: str, ready: str = "/"):
    """The web app and REST API (``app.py``) on a free loopback port with the tiny models, until the
    block ends; yields its base URL (ending in ``/``) once ``ready`` answers."""
    import time
    import urllib.request

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "--port", str(port), "--db", str(db), *extra,
         "--translation-model", str(models.marian), "--summary-model", str(models.mt5)],
        cwd=ROOT, env={**os.environ, **OFFLINE, "PYTHONUNBUFFERED": "1"}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.time() + 90
        while True:
            try:
                urllib.request.urlopen(url + ready.lstrip("/"), timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("the app exited: " + proc.stdout.read())
                if time.time() > deadline:
                    pytest.fail("the app did not start within 90 s")
                time.sleep(0.5)  # polling for the port to open: there is no event to wait on
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
