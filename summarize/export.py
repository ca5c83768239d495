"""Exports of stored articles."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

FORMATS = ("jsonl",)


def write_jsonl(articles: Iterable[dict], out: TextIO) -> int:
    """One JSON object per article and line; returns the number written."""
    n = 0
    for article in articles:
        out.write(json.dumps(article, ensure_ascii=False) + "\n")
        n += 1
    return n
