"""Where things are: the package's own data, and the checkout when the package runs from one.

Package data (the model registry, the reference translations that calibrate ``low_score``) ships
inside the package and is read with :mod:`importlib.resources`, so an installed wheel has it. The
checkout's folders (``seeds/``, ``eval/``, ``models/``) exist only in a source tree: callers check.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_ROOT = PACKAGE_DIR.parent  # the checkout, when the package runs from one


def in_checkout() -> bool:
    """True when the package runs from a source tree (editable install or ``PYTHONPATH``)."""
    return (SOURCE_ROOT / "pyproject.toml").is_file()


def project_path(relative: str) -> Path:
    """A path inside the checkout, whatever the working directory."""
    return SOURCE_ROOT / relative


def package_data(name: str) -> Traversable:
    """A file shipped in ``summarize/data``."""
    return files("summarize.data").joinpath(name)
