"""The library never imports its interfaces (the CLI, the web app): they are thin callers of it."""

import ast

from conftest import ROOT

INTERFACES = {"summarize.cli", "summarize.webapp", "summarize.options"}
CALLERS = {"cli.py", "webapp.py", "__main__.py", "options.py"}


def imported(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names)


def test_no_library_module_imports_an_interface():
    offenders = {path.name: sorted(set(imported(path)) & INTERFACES)
                 for path in (ROOT / "summarize").glob("*.py") if path.name not in CALLERS}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_web_app_does_not_import_the_cli():
    assert "summarize.cli" not in set(imported(ROOT / "summarize" / "webapp.py"))


def test_one_list_of_choices():
    """The summarisers offered are the model and the baselines that exist; settings refuse others."""
    import pytest

    from summarize.choices import SUMMARISERS
    from summarize.config import Settings
    from summarize.errors import ConfigError
    from summarize.extractive import BASELINES

    assert set(SUMMARISERS) == {"model", *BASELINES}
    with pytest.raises(ConfigError, match="strategy must be one of"):
        Settings.resolve(strategy="summarise-everything")
