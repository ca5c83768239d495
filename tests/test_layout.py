"""The library never imports its interfaces (the CLI, the web app): they are thin callers of it."""

import ast

from conftest import ROOT

PACKAGE = ROOT / "summarize"


def imported(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names)


def library_modules():
    """Every module of the package outside ``summarize/interfaces`` (and ``python -m summarize``)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] != "interfaces" and relative != type(relative)("__main__.py"):
            yield relative, path


def test_the_library_has_sub_packages():
    assert {p.parent.name for p in PACKAGE.glob("*/__init__.py")} >= {
        "text", "sources", "backends", "tasks", "store", "engine", "evaluation", "export", "interfaces"}
    assert len(list(library_modules())) > 20


def test_no_library_module_imports_an_interface():
    offenders = {str(relative): sorted(m for m in imported(path) if m.startswith("summarize.interfaces"))
                 for relative, path in library_modules()}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_text_layer_imports_nothing_above_it():
    """Text handling (decode, clean, segment, numbers) depends on nothing else of ours."""
    allowed = ("summarize.text", "summarize.errors", "summarize.paths")
    offenders = {path.name: sorted(m for m in imported(path) if m.startswith("summarize.") and not m.startswith(allowed))
                 for path in (PACKAGE / "text").glob("*.py")}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_web_app_does_not_import_the_cli():
    assert "summarize.interfaces.cli" not in set(imported(PACKAGE / "interfaces" / "web.py"))


def test_one_list_of_choices():
    """The summarisers offered are the model and the baselines that exist; settings refuse others."""
    import pytest

    from summarize.choices import SUMMARISERS
    from summarize.config import Settings
    from summarize.errors import ConfigError
    from summarize.tasks.extractive import BASELINES

    assert set(SUMMARISERS) == {"model", *BASELINES}
    with pytest.raises(ConfigError, match="strategy must be one of"):
        Settings.resolve(strategy="summarise-everything")


LAYERS = ["text", "sources", "backends", "tasks", "store", "stories", "engine", "evaluation", "export", "interfaces"]


def test_each_layer_imports_only_the_layers_above_it():
    """The order the README's layout gives: a sub-package imports its own layer and those listed
    before it (and the top-level modules: config, errors, paths, choices), never one after it."""
    offenders = {}
    for relative, path in library_modules():
        if len(relative.parts) < 2 or relative.parts[0] not in LAYERS:
            continue
        allowed = LAYERS[: LAYERS.index(relative.parts[0]) + 1]
        later = sorted({m for m in imported(path) if m.startswith("summarize.")
                        and m.split(".")[1] in LAYERS and m.split(".")[1] not in allowed})
        if later:
            offenders[str(relative)] = later
    assert offenders == {}
