"""One configuration path: explicit argument > ``SUMMARIZE_*`` environment variable > default."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

from summarize.models import DEFAULT_CROSSLINGUAL_MODEL, DEFAULT_SUMMARY_MODEL, DEFAULT_TRANSLATION_MODEL
from summarize.store import DEFAULT_DB


@dataclass(frozen=True)
class Settings:
    db: Path = DEFAULT_DB
    translation_model: str = DEFAULT_TRANSLATION_MODEL
    summary_model: str = DEFAULT_SUMMARY_MODEL
    device: str = "cpu"
    summariser: str = "model"
    strategy: str = "translate-then-summarise"
    crosslingual_model: str = DEFAULT_CROSSLINGUAL_MODEL

    @classmethod
    def resolve(cls, **given) -> Settings:
        """Settings from ``given`` (None means "not given"), then ``SUMMARIZE_<NAME>``, then defaults."""
        values = {}
        for f in fields(cls):
            value = given.get(f.name)
            if value is None:
                value = os.environ.get(f"SUMMARIZE_{f.name.upper()}") or f.default
            values[f.name] = Path(value) if f.name == "db" else value
        return cls(**values)
