"""Model registry, local model store, and lazy cached loading of seq2seq checkpoints.

A model is named by a registry name (``models/registry.toml``), a Hugging Face hub id, or a local
folder. Resolution never touches the network; loading does only when the model is neither in the
local store (``models/store/<org>--<name>``) nor in the Hugging Face cache. When it cannot be had,
:class:`~summarize.errors.ModelNotAvailableError` says which model and how to get it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from summarize.errors import ConfigError, ModelLoadError, ModelNotAvailableError
from summarize.paths import in_checkout, package_data, project_path

DEFAULT_TRANSLATION_MODEL = "opus-mt-ar-en"
DEFAULT_SUMMARY_MODEL = "mt5-xlsum"
DEFAULT_CROSSLINGUAL_MODEL = "mt5-crosssum"


def models_dir() -> Path:
    """The checkout's ``models/`` folder (the local model store lives in it)."""
    return project_path("models")


def store_dir() -> Path:
    """The local model store: ``SUMMARIZE_MODEL_STORE``, else ``models/store`` in a checkout, else
    ``~/.cache/summarize/models`` for an installed package (never inside site-packages)."""
    if os.environ.get("SUMMARIZE_MODEL_STORE"):
        return Path(os.environ["SUMMARIZE_MODEL_STORE"])
    if in_checkout() and models_dir().is_dir():
        return models_dir() / "store"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "summarize" / "models"


@dataclass(frozen=True)
class RegistryEntry:
    name: str
    hub_id: str
    revision: str = "main"
    task: str = ""
    languages: tuple[str, ...] = ()
    architecture: str = ""
    licence: str = ""
    size: str = ""
    default: bool = False

    @property
    def store_path(self) -> Path:
        return store_path_for(self.hub_id)


def store_path_for(hub_id: str) -> Path:
    return store_dir() / hub_id.replace("/", "--")


@functools.cache
def _read_registry() -> dict[str, RegistryEntry]:
    data = tomllib.loads(package_data("registry.toml").read_text(encoding="utf-8"))
    entries = {}
    for name, fields in data.get("models", {}).items():
        fields = dict(fields)
        fields["languages"] = tuple(fields.get("languages", ()))
        entries[name] = RegistryEntry(name=name, **fields)
    return entries


def registry() -> dict[str, RegistryEntry]:
    """The models known by name (package data: ``summarize/data/registry.toml``)."""
    return _read_registry()


@dataclass(frozen=True)
class ModelRef:
    """A resolved model argument: where the weights come from, and how to name them in outputs."""

    spec: str
    model_id: str  # hub id, or the folder for a local model
    revision: str | None = None
    path: Path | None = None  # local folder to load from, when there is one
    entry: RegistryEntry | None = field(default=None, compare=False)

    @property
    def fingerprint(self) -> str:
        """Identity of the weights, used in cache keys: hub id@revision, or a hash of a local folder."""
        if self.path is None or self.entry is not None or self._in_store():
            return f"{self.model_id}@{self.revision or 'main'}"
        return f"{self.model_id}#{folder_fingerprint(self.path)}"

    def _in_store(self) -> bool:
        return self.path is not None and self.path.parent == store_dir()

    def describe_how_to_get(self) -> str:
        name = self.entry.name if self.entry else self.model_id
        return (
            f"On a machine with internet access run `summarize models pull {name}`, which downloads it into "
            f"{store_path_for(self.model_id)}; for offline use copy that folder to the same place here "
            f"(or pass a local folder holding the checkpoint as the model argument)."
        )


def folder_fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    for item in sorted(path.iterdir()):
        if item.is_file():
            digest.update(f"{item.name}:{item.stat().st_size}\n".encode())
            if item.name.endswith(".json"):
                digest.update(item.read_bytes())
    return digest.hexdigest()[:16]


def resolve(spec: str) -> ModelRef:
    """Resolve a registry name, hub id or local folder. Touches no network."""
    entries = registry()
    if spec in entries:
        entry = entries[spec]
        local = entry.store_path if entry.store_path.is_dir() else None
        return ModelRef(spec, entry.hub_id, entry.revision, local, entry)
    path = Path(spec).expanduser()
    if path.is_dir():
        return ModelRef(spec, str(path.resolve()), None, path.resolve())
    if spec.count("/") == 1 and not spec.startswith((".", "/")) and not path.exists():
        entry = next((e for e in entries.values() if e.hub_id == spec), None)
        local = store_path_for(spec)
        return ModelRef(spec, spec, entry.revision if entry else None, local if local.is_dir() else None, entry)
    raise ConfigError(
        f"unknown model {spec!r}: not a folder, not a hub id (org/name), and not one of the registry's names: "
        + ", ".join(sorted(entries))
    )


def _not_available(ref: ModelRef, cause: Exception) -> ModelNotAvailableError:
    offline = os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0")
    why = "offline mode is on (HF_HUB_OFFLINE)" if offline else "it could not be downloaded"
    return ModelNotAvailableError(
        f"model {ref.model_id} is not available: it is not in the local model store and {why}. "
        + ref.describe_how_to_get()
    )


def _load_kwargs(ref: ModelRef) -> tuple[str, dict]:
    if ref.path is not None:
        return str(ref.path), {}
    _require_hub(ref)
    return ref.model_id, {"revision": ref.revision} if ref.revision else {}


@functools.cache
def _hub_reachable(timeout: float = 3.0) -> bool:
    """Whether the model hub answers a connection within ``timeout`` seconds (once per process)."""
    import socket
    from urllib.parse import urlparse

    endpoint = urlparse(os.environ.get("HF_ENDPOINT") or "https://huggingface.co")
    try:
        socket.create_connection((endpoint.hostname, endpoint.port or 443), timeout=timeout).close()
    except OSError:
        return False
    return True


def _require_hub(ref: ModelRef) -> None:
    """Fail at once, with the way to get the model, when it must be downloaded and the hub cannot be
    reached — instead of the hub client's minute of retries. Cached models and proxies are left to it."""
    offline = os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0")
    proxied = any(os.environ.get(v) for v in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"))
    if offline or proxied or installed(ref.spec) or _hub_reachable():
        return
    raise ModelNotAvailableError(
        f"model {ref.model_id} is not available: it is not in the local model store and the model hub cannot be "
        f"reached from this machine (no network connection). " + ref.describe_how_to_get())


def local_source(ref: ModelRef) -> str:
    """A folder holding the checkpoint: the local one, or the Hugging Face cache's snapshot.

    Raises ModelNotAvailableError when neither exists and it cannot be downloaded.
    """
    if ref.path is not None:
        return str(ref.path)
    _require_hub(ref)
    from huggingface_hub import snapshot_download

    try:
        return snapshot_download(ref.model_id, revision=ref.revision)
    except Exception as e:  # noqa: BLE001 - the hub raises many kinds; all mean "not available here"
        raise _not_available(ref, e) from e


# Models and tokenizers are kept for reuse, a bounded number of them: a long-lived server choosing
# among several models never holds more than this many at once.
MODEL_CACHE_SIZE = 8


@functools.lru_cache(maxsize=MODEL_CACHE_SIZE)
def load_tokenizer(ref: ModelRef):
    """The tokenizer of ``ref``, loaded once per process (while it stays among the recent ones)."""
    from transformers import AutoTokenizer

    source, kwargs = _load_kwargs(ref)
    try:
        return AutoTokenizer.from_pretrained(source, **kwargs)
    except OSError as e:
        if ref.path is not None:
            raise ModelLoadError(f"cannot load the tokenizer in {ref.path}: {e}") from e
        raise _not_available(ref, e) from e


@functools.lru_cache(maxsize=MODEL_CACHE_SIZE)
def load_model(ref: ModelRef, device: str = "cpu", dtype: str = "float32", attention: str | None = None):
    """The seq2seq model of ``ref`` in eval mode on ``device``, loaded once per process."""
    import torch
    from transformers import AutoModelForSeq2SeqLM

    source, kwargs = _load_kwargs(ref)
    if attention:
        kwargs["attn_implementation"] = attention
    try:
        model = AutoModelForSeq2SeqLM.from_pretrained(source, dtype=getattr(torch, dtype), **kwargs)
    except OSError as e:
        if ref.path is not None:
            raise ModelLoadError(f"cannot load the model in {ref.path}: {e}") from e
        raise _not_available(ref, e) from e
    return model.to(device).eval()


def resolved_revision(model) -> str | None:
    """The commit a hub model was loaded from, when the hub told us."""
    return getattr(model.config, "_commit_hash", None)


def pull(spec: str) -> Path:
    """Download a model into the local store (needs network access)."""
    ref = resolve(spec)
    if ref.path is not None and ref.entry is None and not ref._in_store():
        raise ConfigError(f"{spec} is a local folder already; nothing to pull")
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HfHubHTTPError, LocalEntryNotFoundError

    target = store_path_for(ref.model_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        snapshot_download(ref.model_id, revision=ref.revision, local_dir=target)
    except (HfHubHTTPError, LocalEntryNotFoundError, OSError) as e:
        raise ModelNotAvailableError(
            f"could not download {ref.model_id}: {e}. Run this on a machine with internet access, then copy "
            f"{target} to the same place on this machine."
        ) from e
    (target / "summarize-source.json").write_text(
        json.dumps({"hub_id": ref.model_id, "revision": ref.revision}), encoding="utf-8"
    )
    return target


def available_locally(entry: RegistryEntry) -> bool:
    return entry.store_path.is_dir()


def installed(spec: str) -> bool:
    """Whether ``spec`` loads without a download: a local folder, a model in the local model store,
    or a hub id already in the Hugging Face cache. Touches no network."""
    try:
        ref = resolve(spec)
    except ConfigError:
        return False
    if ref.path is not None:
        return (ref.path / "config.json").is_file()
    from huggingface_hub import try_to_load_from_cache

    cached = try_to_load_from_cache(ref.model_id, "config.json", revision=ref.revision)
    return isinstance(cached, str)
