"""One configuration path: explicit argument > ``SUMMARIZE_*`` environment variable > default."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

from summarize.backends.registry import DEFAULT_CROSSLINGUAL_MODEL, DEFAULT_SUMMARY_MODEL, DEFAULT_TRANSLATION_MODEL
from summarize.choices import SETTING_CHOICES
from summarize.errors import ConfigError
from summarize.sources.files import Limits
from summarize.store import DEFAULT_DB


@dataclass(frozen=True)
class Settings:
    db: Path = DEFAULT_DB
    translation_model: str = DEFAULT_TRANSLATION_MODEL
    summary_model: str = DEFAULT_SUMMARY_MODEL
    device: str = "auto"  # a visible GPU is used
    summariser: str = "model"
    strategy: str = "translate-then-summarise"
    crosslingual_model: str = DEFAULT_CROSSLINGUAL_MODEL
    backend: str = "transformers"
    threads: int = 0  # CPU threads per model; 0: the cores this process may use
    max_file_bytes: int = 2_000_000  # a long news article is ~50 KB; larger files are usually not articles
    max_article_chars: int = 200_000  # about 35,000 Arabic words
    window: int = 8  # articles whose translations and summaries are batched together
    db_timeout: int = 60  # seconds to wait for a database another process is writing to
    glossary: str = ""  # a glossary file (Arabic<TAB>English[<TAB>note]) enforced in translation

    def load_glossary(self):
        """The glossary of these settings (empty without one)."""
        from summarize.text.glossary import load_glossary

        return load_glossary(self.glossary or None)

    def store(self, *, readonly: bool = False):
        """The database of these settings (read-only: works while another process writes)."""
        from summarize.store import Store

        return Store(self.db, readonly=readonly, timeout=self.db_timeout)

    @property
    def limits(self) -> Limits:
        return Limits(max_file_bytes=self.max_file_bytes or None, max_article_chars=self.max_article_chars or None)

    @classmethod
    def resolve(cls, **given) -> Settings:
        """Settings from ``given`` (None means "not given"), then ``SUMMARIZE_<NAME>``, then defaults."""
        values = {}
        for f in fields(cls):
            value = given.get(f.name)
            if value is None:
                value = os.environ.get(f"SUMMARIZE_{f.name.upper()}") or f.default
            if f.name == "db":
                value = Path(value)
            elif f.name in SETTING_CHOICES and value not in SETTING_CHOICES[f.name]:
                raise ConfigError(f"{f.name} must be one of {', '.join(SETTING_CHOICES[f.name])}, not {value!r} "
                                  f"(from --{f.name} or SUMMARIZE_{f.name.upper()})")
            elif isinstance(f.default, int):
                try:
                    value = int(value)
                except ValueError as e:
                    raise ConfigError(f"{f.name.replace('_', '-')} must be a whole number, not {value!r}") from e
            values[f.name] = value
        return cls(**values)
