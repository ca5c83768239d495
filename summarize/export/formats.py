"""Exports of stored articles for other programs: JSON Lines, TMX 1.4 and Moses parallel text.

Each function takes the :class:`~summarize.store.records.ArticleRecord` objects of
:meth:`summarize.store.Store.iter_articles`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO
from xml.etree import ElementTree as ET

from summarize import __version__
from summarize.store.records import ArticleRecord


def write_jsonl(articles: Iterable[ArticleRecord], out: TextIO) -> int:
    """One JSON object per article and line; returns the number written."""
    n = 0
    for article in articles:
        out.write(json.dumps(article.as_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def _one_line(text: str) -> str:
    return " ".join(text.split())


def model_signature(article: ArticleRecord) -> str:
    """The translation models of an article in one line: ``model@revision|backend|settings``."""
    return "; ".join(f"{m.model}@{m.revision or '-'}|{m.backend}|" + json.dumps(m.settings, sort_keys=True)
                     for m in article.translation_models)


def _tmx_date(stamp: str | None) -> str:
    """An ISO time stamp as TMX writes dates (YYYYMMDDThhmmssZ, UTC)."""
    from datetime import datetime, timezone

    if not stamp:
        return ""
    when = datetime.fromisoformat(stamp)
    when = when.astimezone(timezone.utc) if when.tzinfo else when
    return when.strftime("%Y%m%dT%H%M%SZ")


def write_tmx(articles: Iterable[ArticleRecord], path: Path) -> int:
    """A TMX 1.4 translation memory (ar → en), one unit per segment; returns the number of units."""
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", {
        "creationtool": "summarize", "creationtoolversion": __version__, "segtype": "sentence",
        "o-tmf": "summarize", "adminlang": "en", "srclang": "ar", "datatype": "plaintext",
    })
    body = ET.SubElement(root, "body")
    units = 0
    for article in articles:
        signature = model_signature(article)
        for s in article.sentences:
            tu = ET.SubElement(body, "tu", tuid=f"{article.id}-{s.index}")
            if s.corrected:  # a human translation: who and when (TMX's own attributes), and a property
                tu.set("changeid", s.corrected_by or "")
                tu.set("changedate", _tmx_date(s.corrected_at))
            for kind, value in (("x-source-file", article.source_file), ("x-paragraph", str(s.paragraph)),
                                ("x-model", signature), ("x-score", f"{s.score:.4f}"),
                                ("x-flags", ",".join(f["name"] for f in s.flags)), ("x-en-source", s.en_source)):
                ET.SubElement(tu, "prop", type=kind).text = value
            if s.corrected:
                ET.SubElement(tu, "prop", type="x-machine-en").text = _one_line(s.machine_en or "")
            for lang, text in (("ar", s.ar), ("en", s.en)):
                tuv = ET.SubElement(tu, "tuv", {"xml:lang": lang})
                ET.SubElement(tuv, "seg").text = _one_line(text)
            units += 1
    ET.indent(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="UTF-8", xml_declaration=True)
    return units


def write_moses(articles: Iterable[ArticleRecord], prefix: Path) -> tuple[Path, Path, int]:
    """``PREFIX.ar`` and ``PREFIX.en``, one segment a line, line-aligned; returns the paths and line count."""
    ar_path, en_path = prefix.with_name(prefix.name + ".ar"), prefix.with_name(prefix.name + ".en")
    ar_path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with ar_path.open("w", encoding="utf-8") as ar, en_path.open("w", encoding="utf-8") as en:
        for article in articles:
            for s in article.sentences:
                ar.write(_one_line(s.ar) + "\n")
                en.write(_one_line(s.en) + "\n")
                n += 1
    return ar_path, en_path, n
