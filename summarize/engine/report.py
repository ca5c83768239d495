"""What a run did: articles seen, processed and failed, sentences translated or reused, flags, errors."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field


@dataclass
class RunReport:
    run_id: int | None = None
    articles_seen: int = 0
    articles_processed: int = 0
    articles_failed: int = 0
    articles_added: int = 0  # processed articles new to the store
    articles_changed: int = 0  # processed articles whose text (or models) changed
    articles_renamed: int = 0  # files renamed or moved with the same text: the same article, path updated
    articles_gone: int = 0  # articles whose file has gone from the folder since the last run
    sentences_translated: int = 0
    sentences_cached: int = 0
    summaries_generated: int = 0
    lines_removed: int = 0  # lines dropped while cleaning the processed articles (not article text)
    flags: dict[str, int] = field(default_factory=dict)  # how many segments of the processed articles raise each flag
    errors: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)  # files of the folder that are not articles, with why
    interrupted: bool = False  # stopped on request before the last article
    stories_joined: int = 0  # processed articles that are in a story with other articles
    watch_hits: list[dict] = field(default_factory=list)  # the watchlist's terms in the processed articles

    def count_flags(self, counts: Counter) -> None:
        for name, n in counts.items():
            self.flags[name] = self.flags.get(name, 0) + n

    def as_dict(self) -> dict:
        return asdict(self)
