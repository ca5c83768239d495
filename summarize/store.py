"""Store: SQLite with numbered migrations.

Translations and summaries are content-addressed caches: a translation is keyed by the hash of its
segment text and the translator's key (model fingerprint, backend, settings), a summary by the hash
of its input and the summariser's key. Articles point at them, so two files with the same text are
two articles sharing cached rows, and a re-run translates only what changed. Every translation and
summary row records the model id, revision, backend, generation settings and package versions that
produced it. An article and its segments are written in one transaction: a crash never leaves a
half-stored article.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from summarize.textnorm import normalise_arabic

if TYPE_CHECKING:
    from summarize.translate import Translation

DEFAULT_DB = Path("out") / "summarize.db"


def default_db_path() -> Path:
    return Path(os.environ.get("SUMMARIZE_DB") or DEFAULT_DB)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# --- migrations: append only; each runs once, in order, in its own transaction ----------------------

def _script(db: sqlite3.Connection, sql: str) -> None:
    # executescript() would COMMIT the migration's transaction first: run statement by statement.
    for statement in sql.split(";"):
        if statement.strip():
            db.execute(statement)


def m001_initial(db: sqlite3.Connection) -> None:
    _script(
        db,
        """
        CREATE TABLE translations (
            id INTEGER PRIMARY KEY,
            text_key TEXT NOT NULL,
            translator_key TEXT NOT NULL,
            text_ar TEXT NOT NULL,
            text_en TEXT NOT NULL,
            score REAL NOT NULL,
            complete INTEGER NOT NULL,
            model_id TEXT NOT NULL,
            revision TEXT,
            backend TEXT NOT NULL,
            settings TEXT NOT NULL,
            versions TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (text_key, translator_key)
        );
        CREATE TABLE summaries (
            id INTEGER PRIMARY KEY,
            input_key TEXT NOT NULL,
            summariser_key TEXT NOT NULL,
            lang TEXT NOT NULL,
            strategy TEXT NOT NULL,
            text TEXT NOT NULL,
            chunks INTEGER NOT NULL,
            rounds INTEGER NOT NULL,
            model_id TEXT NOT NULL,
            revision TEXT,
            backend TEXT NOT NULL,
            settings TEXT NOT NULL,
            versions TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (input_key, summariser_key, lang, strategy)
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            source_path TEXT NOT NULL UNIQUE,
            source_file TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            pipeline_key TEXT NOT NULL,
            title TEXT NOT NULL,
            dateline TEXT,
            encoding TEXT NOT NULL,
            cleaned_text TEXT NOT NULL,
            dropped TEXT NOT NULL,
            warnings TEXT NOT NULL,
            summary_ar_id INTEGER REFERENCES summaries(id),
            summary_en_id INTEGER REFERENCES summaries(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE segments (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            paragraph INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text_ar TEXT NOT NULL,
            text_key TEXT NOT NULL,
            translation_id INTEGER NOT NULL REFERENCES translations(id),
            PRIMARY KEY (article_id, idx)
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            input TEXT NOT NULL,
            settings TEXT NOT NULL,
            package_version TEXT NOT NULL,
            status TEXT NOT NULL,
            report TEXT
        );
        CREATE TABLE run_articles (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            source_file TEXT NOT NULL,
            article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
            status TEXT NOT NULL,
            error TEXT
        );
        CREATE INDEX segments_translation ON segments(translation_id);
        CREATE INDEX run_articles_run ON run_articles(run_id);
        """
    )


def m002_run_outputs(db: sqlite3.Connection) -> None:
    # What each run produced for each article (translation and summary ids), so a run can be scored
    # after later runs have reprocessed the same articles with other models or strategies.
    db.execute("ALTER TABLE run_articles ADD COLUMN outputs TEXT")


def m003_checks_evidence_search(db: sqlite3.Connection) -> None:
    # Flags per translation, evidence links per article, thresholds derived per translator, and
    # full-text search: Arabic on a normalised column (diacritics, tatweel, alef forms removed) with
    # trigrams so a word matches inside its clitics (داعش in لداعش), English with Porter stemming.
    _script(
        db,
        """
        ALTER TABLE translations ADD COLUMN flags TEXT;
        ALTER TABLE translations ADD COLUMN input_tokens INTEGER;
        ALTER TABLE articles ADD COLUMN evidence TEXT;
        CREATE TABLE score_thresholds (
            translator_key TEXT PRIMARY KEY,
            low_score REAL NOT NULL,
            reference_pairs INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE VIRTUAL TABLE search_ar USING fts5(text, article_id UNINDEXED, idx UNINDEXED, tokenize = 'trigram');
        CREATE VIRTUAL TABLE search_en USING fts5(text, article_id UNINDEXED, idx UNINDEXED,
                                                  tokenize = 'porter unicode61')
        """,
    )
    rows = db.execute("SELECT s.article_id, s.idx, s.text_ar, t.text_en FROM segments s"
                      " JOIN translations t ON t.id = s.translation_id").fetchall()
    db.executemany("INSERT INTO search_ar (text, article_id, idx) VALUES (?,?,?)",
                   [(normalise_arabic(r[2]), r[0], r[1]) for r in rows])
    db.executemany("INSERT INTO search_en (text, article_id, idx) VALUES (?,?,?)", [(r[3], r[0], r[1]) for r in rows])


def m004_bylines(db: sqlite3.Connection) -> None:
    # Bylines found by cleaning ("كتب: …", "name – place"), kept as metadata rather than dropped.
    db.execute("ALTER TABLE articles ADD COLUMN bylines TEXT")


def m005_model_checks(db: sqlite3.Connection) -> None:
    # `summarize models verify`: a model through transformers fp32 and CTranslate2, on the references.
    db.execute("CREATE TABLE model_checks (id INTEGER PRIMARY KEY, model_id TEXT NOT NULL, revision TEXT,"
               " result TEXT NOT NULL, package_version TEXT NOT NULL, created_at TEXT NOT NULL)")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [m001_initial, m002_run_outputs, m003_checks_evidence_search,
                                                          m004_bylines, m005_model_checks]


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply pending migrations; return the names applied.

    Each migration is checked and applied under the write lock, so two processes opening a new
    database at once apply it once.
    """
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    applied = []
    for migration in MIGRATIONS:
        with _Transaction(db):
            if db.execute("SELECT 1 FROM _migrations WHERE name = ?", (migration.__name__,)).fetchone():
                continue
            migration(db)
            db.execute("INSERT INTO _migrations VALUES (?, ?)", (migration.__name__, now()))
        applied.append(migration.__name__)
    return applied


@dataclass(frozen=True)
class Provenance:
    """What produced a row: taken from a translator's or summariser's ``signature()``."""

    model_id: str
    revision: str | None
    backend: str
    settings: dict
    versions: dict

    @classmethod
    def from_signature(cls, sig: dict) -> Provenance:
        return cls(sig["model"], sig.get("revision"), sig["backend"], sig.get("settings", {}), sig.get("versions", {}))


class Store:
    """The SQLite database of articles, segments, translations, summaries and runs."""

    def __init__(self, path: str | Path = ":memory:"):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            self.db.execute("PRAGMA journal_mode = WAL")
        migrate(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _transaction(self):
        return _Transaction(self.db)

    # --- translations ------------------------------------------------------------------------------

    def cached_translations(self, text_keys: Iterable[str], translator_key: str) -> dict[str, sqlite3.Row]:
        keys = list(dict.fromkeys(text_keys))
        found: dict[str, sqlite3.Row] = {}
        for i in range(0, len(keys), 500):
            part = keys[i : i + 500]
            rows = self.db.execute(
                f"SELECT * FROM translations WHERE translator_key = ? AND text_key IN ({','.join('?' * len(part))})",
                [translator_key, *part],
            )
            found.update({row["text_key"]: row for row in rows})
        return found

    def add_translations(self, items: Iterable[tuple[str, str, Translation, list[dict]]], translator_key: str,
                         provenance: Provenance) -> None:
        """Insert ``(text_key, text_ar, translation, flags)`` rows (existing keys are kept)."""
        with self._transaction():
            self.db.executemany(
                "INSERT OR IGNORE INTO translations (text_key, translator_key, text_ar, text_en, score, complete,"
                " input_tokens, flags, model_id, revision, backend, settings, versions, created_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(key, translator_key, ar, t.text, t.score, int(t.complete), t.input_tokens, _dumps(flags),
                  provenance.model_id, provenance.revision, provenance.backend, _dumps(provenance.settings),
                  _dumps(provenance.versions), now())
                 for key, ar, t, flags in items],
            )

    def score_threshold(self, translator_key: str) -> float | None:
        row = self.db.execute("SELECT low_score FROM score_thresholds WHERE translator_key = ?", (translator_key,)).fetchone()
        return row[0] if row else None

    def set_score_threshold(self, translator_key: str, low_score: float, reference_pairs: int) -> None:
        with self._transaction():
            self.db.execute("INSERT OR REPLACE INTO score_thresholds VALUES (?,?,?,?)",
                            (translator_key, low_score, reference_pairs, now()))

    # --- summaries ---------------------------------------------------------------------------------

    def cached_summary(self, input_key: str, summariser_key: str, lang: str, strategy: str) -> sqlite3.Row | None:
        return self.db.execute(
            "SELECT * FROM summaries WHERE input_key = ? AND summariser_key = ? AND lang = ? AND strategy = ?",
            (input_key, summariser_key, lang, strategy),
        ).fetchone()

    def add_summary(self, *, input_key: str, summariser_key: str, lang: str, strategy: str, text: str, chunks: int,
                    rounds: int, provenance: Provenance) -> int:
        with self._transaction():
            self.db.execute(
                "INSERT OR IGNORE INTO summaries (input_key, summariser_key, lang, strategy, text, chunks, rounds,"
                " model_id, revision, backend, settings, versions, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (input_key, summariser_key, lang, strategy, text, chunks, rounds, provenance.model_id,
                 provenance.revision, provenance.backend, _dumps(provenance.settings), _dumps(provenance.versions),
                 now()),
            )
        return self.cached_summary(input_key, summariser_key, lang, strategy)["id"]

    # --- articles ----------------------------------------------------------------------------------

    def article_state(self, source_path: str) -> sqlite3.Row | None:
        return self.db.execute(
            "SELECT id, content_hash, pipeline_key, (SELECT COUNT(*) FROM segments s WHERE s.article_id = a.id) AS n"
            " FROM articles a WHERE source_path = ?",
            (source_path,),
        ).fetchone()

    def save_article(self, *, doc, source_path: str, pipeline_key: str, segments, translation_ids: dict[str, int],
                     summary_ar_id: int | None, summary_en_id: int | None, evidence: dict | None = None) -> int:
        """Store (or replace) one article with its segments, atomically. Returns the article id."""
        dropped = [{"line": d.line, "text": d.text, "reason": d.reason} for d in doc.dropped]
        stamp = now()
        with self._transaction():
            row = self.db.execute("SELECT id, created_at FROM articles WHERE source_path = ?", (source_path,)).fetchone()
            values = (doc.source, doc.content_hash, pipeline_key, doc.title, doc.dateline, doc.encoding, doc.text,
                      _dumps(dropped), _dumps(list(doc.warnings)), summary_ar_id, summary_en_id,
                      _dumps(evidence or {}), _dumps(list(doc.bylines)), stamp)
            if row is None:
                cur = self.db.execute(
                    "INSERT INTO articles (source_file, content_hash, pipeline_key, title, dateline, encoding,"
                    " cleaned_text, dropped, warnings, summary_ar_id, summary_en_id, evidence, bylines, updated_at,"
                    " source_path, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (*values, source_path, stamp),
                )
                article_id = cur.lastrowid
            else:
                article_id = row["id"]
                self.db.execute(
                    "UPDATE articles SET source_file=?, content_hash=?, pipeline_key=?, title=?, dateline=?, encoding=?,"
                    " cleaned_text=?, dropped=?, warnings=?, summary_ar_id=?, summary_en_id=?, evidence=?,"
                    " bylines=?, updated_at=? WHERE id=?",
                    (*values, article_id),
                )
                for table in ("segments", "search_ar", "search_en"):
                    self.db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
            self.db.executemany(
                "INSERT INTO segments (article_id, idx, paragraph, start, end, text_ar, text_key, translation_id)"
                " VALUES (?,?,?,?,?,?,?,?)",
                [(article_id, s.index, s.paragraph, s.start, s.end, s.text, s.key, translation_ids[s.key])
                 for s in segments],
            )
            self.db.executemany("INSERT INTO search_ar (text, article_id, idx) VALUES (?,?,?)",
                                [(normalise_arabic(s.text), article_id, s.index) for s in segments])
            self.db.execute(
                "INSERT INTO search_en (text, article_id, idx) SELECT t.text_en, s.article_id, s.idx FROM segments s"
                " JOIN translations t ON t.id = s.translation_id WHERE s.article_id = ?", (article_id,))
        return article_id

    def add_model_check(self, result: dict, *, package_version: str) -> int:
        with self._transaction():
            cur = self.db.execute("INSERT INTO model_checks (model_id, revision, result, package_version, created_at)"
                                  " VALUES (?,?,?,?,?)", (result["model"], result.get("revision"), _dumps(result),
                                                          package_version, now()))
        return cur.lastrowid

    def model_checks(self, model_id: str | None = None) -> list[dict]:
        rows = self.db.execute("SELECT result, created_at FROM model_checks" + (" WHERE model_id = ?" if model_id else "")
                               + " ORDER BY id", (model_id,) if model_id else ()).fetchall()
        return [{**json.loads(r["result"]), "created_at": r["created_at"]} for r in rows]

    def flag_counts(self, article_id: int) -> Counter:
        """How often each flag fires in an article's translated segments."""
        counts: Counter = Counter()
        for (flags,) in self.db.execute("SELECT t.flags FROM segments s JOIN translations t ON t.id = s.translation_id"
                                        " WHERE s.article_id = ?", (article_id,)):
            counts.update(f["name"] for f in json.loads(flags or "[]"))
        return counts

    def search(self, query: str, *, lang: str = "ar", limit: int = 50) -> list[dict]:
        """Segments matching every word of ``query``, best first, with their article.

        Arabic is matched on normalised text (diacritics, tatweel and alef forms removed), as a
        substring so clitics do not hide a word; English with Porter stemming.
        """
        table = "search_ar" if lang == "ar" else "search_en"
        words = (normalise_arabic(query) if lang == "ar" else query).split()
        words = [w for w in (re.sub(r"[^\w]", "", w) for w in words) if w]
        if not words:
            return []
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = self.db.execute(
            f"SELECT f.article_id, f.idx, a.source_file, a.title, s.text_ar, t.text_en FROM {table} f"
            " JOIN articles a ON a.id = f.article_id JOIN segments s ON s.article_id = f.article_id AND s.idx = f.idx"
            f" JOIN translations t ON t.id = s.translation_id WHERE {table} MATCH ? ORDER BY rank LIMIT ?",
            (match, limit),
        ).fetchall()
        return [dict(r) for r in rows]

    # --- runs --------------------------------------------------------------------------------------

    def start_run(self, *, input: str, settings: dict, package_version: str) -> int:
        with self._transaction():
            cur = self.db.execute(
                "INSERT INTO runs (started_at, input, settings, package_version, status) VALUES (?,?,?,?, 'running')",
                (now(), input, _dumps(settings), package_version),
            )
        return cur.lastrowid

    def record_run_article(self, run_id: int, source_file: str, article_id: int | None, status: str,
                           error: str | None = None) -> None:
        """Link a run to an article; a processed article's outputs are snapshotted with the link."""
        outputs = _dumps(self.article_outputs(article_id)) if article_id is not None else None
        with self._transaction():
            self.db.execute(
                "INSERT INTO run_articles (run_id, source_file, article_id, status, error, outputs) VALUES (?,?,?,?,?,?)",
                (run_id, source_file, article_id, status, error, outputs),
            )

    def article_outputs(self, article_id: int) -> dict:
        """Ids of what an article's text was turned into: translations per segment and both summaries."""
        art = self.db.execute("SELECT content_hash, summary_ar_id, summary_en_id FROM articles WHERE id = ?",
                              (article_id,)).fetchone()
        segments = self.db.execute("SELECT paragraph, translation_id FROM segments WHERE article_id = ? ORDER BY idx",
                                   (article_id,)).fetchall()
        return {"content_hash": art["content_hash"], "summary_ar_id": art["summary_ar_id"],
                "summary_en_id": art["summary_en_id"], "segments": [[r[0], r[1]] for r in segments]}

    def finish_run(self, run_id: int, *, status: str, report: dict) -> None:
        with self._transaction():
            self.db.execute("UPDATE runs SET finished_at = ?, status = ?, report = ? WHERE id = ?",
                            (now(), status, _dumps(report), run_id))

    # --- reading -----------------------------------------------------------------------------------

    def iter_articles(self) -> Iterator[dict]:
        """Every stored article as a plain dict, in file-name order, with sentences and summaries."""
        for art in self.db.execute("SELECT * FROM articles ORDER BY source_file, id").fetchall():
            yield self.article(art["id"])

    def article(self, article_id: int) -> dict:
        art = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        sentences = self.db.execute(
            "SELECT s.idx, s.paragraph, s.start, s.end, s.text_ar, t.text_en, t.score, t.complete, t.flags, t.id AS tid"
            " FROM segments s JOIN translations t ON t.id = s.translation_id WHERE s.article_id = ? ORDER BY s.idx",
            (article_id,),
        ).fetchall()
        summaries = {}
        for lang, sid in (("ar", art["summary_ar_id"]), ("en", art["summary_en_id"])):
            row = self.db.execute("SELECT * FROM summaries WHERE id = ?", (sid,)).fetchone() if sid else None
            summaries[lang] = row
        translation_models = self.db.execute(
            "SELECT DISTINCT t.model_id, t.revision, t.backend, t.settings, t.versions FROM segments s"
            " JOIN translations t ON t.id = s.translation_id WHERE s.article_id = ?",
            (article_id,),
        ).fetchall()
        return {
            "id": art["id"],
            "source_file": art["source_file"],
            "source_path": art["source_path"],
            "title": art["title"],
            "dateline": art["dateline"],
            "bylines": json.loads(art["bylines"] or "[]"),
            "encoding": art["encoding"],
            "content_hash": art["content_hash"],
            "sentences": [
                {"index": r["idx"], "paragraph": r["paragraph"], "start": r["start"], "end": r["end"],
                 "ar": r["text_ar"], "en": r["text_en"], "score": round(r["score"], 4), "complete": bool(r["complete"]),
                 "flags": json.loads(r["flags"] or "[]")}
                for r in sentences
            ],
            "summary_ar": summaries["ar"]["text"] if summaries["ar"] else None,
            "summary_en": summaries["en"]["text"] if summaries["en"] else None,
            "summary_ar_evidence": json.loads(art["evidence"] or "{}").get("ar", []),
            "summary_en_evidence": json.loads(art["evidence"] or "{}").get("en", []),
            "dropped": json.loads(art["dropped"]),
            "warnings": json.loads(art["warnings"]),
            "models": {
                "translation": [_provenance_dict(r) for r in translation_models],
                "summary_ar": _provenance_dict(summaries["ar"], strategy=True) if summaries["ar"] else None,
                "summary_en": _provenance_dict(summaries["en"], strategy=True) if summaries["en"] else None,
            },
            "updated_at": art["updated_at"],
        }

    def article_id(self, source_path: str) -> int | None:
        row = self.db.execute("SELECT id FROM articles WHERE source_path = ?", (source_path,)).fetchone()
        return row[0] if row else None

    def list_articles(self) -> list[dict]:
        """A line per article: id, file, title, sentence count, last update."""
        return [dict(r) for r in self.db.execute(
            "SELECT a.id, a.source_file, a.title, a.updated_at,"
            " (SELECT COUNT(*) FROM segments s WHERE s.article_id = a.id) AS sentences"
            " FROM articles a ORDER BY a.updated_at DESC, a.id DESC")]

    def list_runs(self) -> list[dict]:
        """A line per run, newest first, with its report."""
        out = []
        for r in self.db.execute("SELECT id, started_at, finished_at, input, status, settings, report FROM runs"
                                 " ORDER BY id DESC"):
            settings = json.loads(r["settings"])
            out.append({"id": r["id"], "started_at": r["started_at"], "input": r["input"], "status": r["status"],
                        "strategy": settings.get("strategy"),
                        "translation_model": settings.get("translation", {}).get("model"),
                        "summary_model": settings.get("summary", {}).get("model"),
                        "report": json.loads(r["report"]) if r["report"] else None})
        return out

    def run(self, run_id: int | None = None) -> sqlite3.Row | None:
        """A run by id, or the latest one."""
        if run_id is None:
            return self.db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        return self.db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()

    def run_outputs(self, run_id: int) -> list[dict]:
        """What a run produced, article by article: sentences (ar, en, paragraph) and both summaries."""
        outputs = []
        rows = self.db.execute("SELECT source_file, article_id, outputs FROM run_articles"
                               " WHERE run_id = ? AND status = 'processed' ORDER BY source_file", (run_id,)).fetchall()
        for row in rows:
            snap = json.loads(row["outputs"])
            ids = [tid for _, tid in snap["segments"]]
            found = {r["id"]: r for r in self.db.execute(
                f"SELECT id, text_ar, text_en, score FROM translations WHERE id IN ({','.join('?' * len(ids))})", ids)}
            summaries = {lang: self.db.execute("SELECT * FROM summaries WHERE id = ?", (snap[f"summary_{lang}_id"],)).fetchone()
                         for lang in ("ar", "en")}
            outputs.append({
                "source_file": row["source_file"],
                "article_id": row["article_id"],
                "sentences": [{"paragraph": p, "ar": found[t]["text_ar"], "en": found[t]["text_en"],
                               "score": found[t]["score"]} for p, t in snap["segments"]],
                "summary_ar": summaries["ar"]["text"] if summaries["ar"] else "",
                "summary_en": summaries["en"]["text"] if summaries["en"] else "",
                "summary_models": {lang: _provenance_dict(r, strategy=True) for lang, r in summaries.items() if r},
            })
        return outputs


def _provenance_dict(row: sqlite3.Row, *, strategy: bool = False) -> dict:
    out = {"model": row["model_id"], "revision": row["revision"], "backend": row["backend"],
           "settings": json.loads(row["settings"]), "versions": json.loads(row["versions"])}
    if strategy:
        out["strategy"] = row["strategy"]
        out["chunks"] = row["chunks"]
        out["rounds"] = row["rounds"]
    return out


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (or ``ROLLBACK`` on error) on an autocommit connection."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
