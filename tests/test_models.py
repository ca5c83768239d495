import pytest
from conftest import SEEDS, run_cli

from summarize.backends.registry import registry, resolve
from summarize.errors import ConfigError


def test_registry_names_the_defaults_with_licences():
    entries = registry()
    assert entries["opus-mt-ar-en"].hub_id == "Helsinki-NLP/opus-mt-ar-en"
    assert entries["mt5-xlsum"].hub_id == "csebuetnlp/mT5_multilingual_XLSum"
    assert "CC BY-NC-SA 4.0" in entries["mt5-xlsum"].licence
    assert entries["mt5-crosssum"].hub_id == "csebuetnlp/mT5_m2o_english_crossSum"
    assert all(e.size and e.task and e.licence for e in entries.values())


def test_resolve_registry_name_hub_id_and_folder(tmp_path):
    assert resolve("opus-mt-ar-en").model_id == "Helsinki-NLP/opus-mt-ar-en"
    ref = resolve("Helsinki-NLP/opus-mt-tc-big-ar-en")
    assert ref.model_id == "Helsinki-NLP/opus-mt-tc-big-ar-en" and ref.entry is not None
    (tmp_path / "config.json").write_text("{}")
    local = resolve(str(tmp_path))
    assert local.path == tmp_path.resolve() and local.fingerprint.startswith(str(tmp_path.resolve()))


def test_unknown_model_lists_valid_names():
    with pytest.raises(ConfigError) as info:
        resolve("no-such-model")
    assert "opus-mt-ar-en" in str(info.value) and "mt5-xlsum" in str(info.value)


def test_local_fingerprint_changes_with_the_checkpoint(tmp_path):
    (tmp_path / "config.json").write_text('{"d_model": 32}')
    before = resolve(str(tmp_path)).fingerprint
    (tmp_path / "config.json").write_text('{"d_model": 64}')
    assert resolve(str(tmp_path)).fingerprint != before


def test_a_model_that_needs_the_unreachable_hub_fails_at_once(tmp_path):
    """No minute of retries: without a connection to the hub the message comes within seconds."""
    import os
    import socket

    with socket.socket() as s:  # a port nothing listens on: connections are refused at once
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"HF_ENDPOINT": f"http://127.0.0.1:{port}", "HF_HUB_OFFLINE": "0", "HF_HOME": str(tmp_path / "hf"),
           "SUMMARIZE_MODEL_STORE": str(tmp_path / "store"), "HTTPS_PROXY": "", "https_proxy": "", "ALL_PROXY": "",
           "all_proxy": ""}
    result = run_cli("translate", str(next(SEEDS.glob("000_*.txt"))), "--translation-model", "opus-mt-ar-en",
                     env={**os.environ, **env})
    assert result.returncode == 2, result.stderr
    assert "cannot be reached" in result.stderr and "summarize models pull opus-mt-ar-en" in result.stderr
    assert "Retrying" not in result.stderr and "Traceback" not in result.stderr
