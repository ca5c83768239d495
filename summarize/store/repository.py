"""The repository: everything the pipeline writes and the interfaces read, over one SQLite connection.

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
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from summarize.errors import StoreError
from summarize.store.connection import Transaction, dumps, now
from summarize.store.migrations import check_version, database_error, migrate, pending_migrations
from summarize.store.records import ArticleRecord, DroppedLine, ModelInfo, Provenance, SentenceRecord, SummaryRecord
from summarize.text.normalise import normalise_arabic
from summarize.text.segment import text_key

if TYPE_CHECKING:
    from summarize.tasks.translate import Translation



class Store:
    """The SQLite database of articles, segments, translations, summaries and runs."""

    def __init__(self, path: str | Path = ":memory:", *, readonly: bool = False, timeout: float = 60):
        """Open (or create) the database at ``path``; ``readonly``: an existing one, only read (it
        works while another process writes). Every problem is a :class:`StoreError` naming the file."""
        self.path = str(path)
        memory = self.path == ":memory:"
        if not memory:
            file = Path(self.path)
            if file.is_dir():
                raise StoreError(f"{file}: is a folder, not a database file: give a file path with --db")
            if readonly and not file.exists():
                raise StoreError(f"{file}: no database here; run `summarize run FOLDER` first or pass --db")
            if not readonly:
                try:
                    file.parent.mkdir(parents=True, exist_ok=True)
                except OSError as e:
                    raise StoreError(f"{file}: its folder cannot be created ({e.strerror or e}): give another --db") from e
        try:
            if readonly and not memory:
                self.db = sqlite3.connect(f"{Path(self.path).resolve().as_uri()}?mode=ro", uri=True, timeout=timeout,
                                          isolation_level=None)
            else:
                self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            if readonly:
                check_version(self.db, self.path)
                if pending_migrations(self.db) and not memory:  # an older schema: upgrade it once, then read
                    Store(self.path, timeout=min(timeout, 5)).close()
            else:
                if not memory:
                    self.db.execute("PRAGMA journal_mode = WAL")
                check_version(self.db, self.path)
                migrate(self.db)
        except sqlite3.Error as e:
            raise database_error(self.path, e) from e

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _transaction(self):
        return Transaction(self.db)

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
                [(key, translator_key, ar, t.text, t.score, int(t.complete), t.input_tokens, dumps(flags),
                  provenance.model_id, provenance.revision, provenance.backend, dumps(provenance.settings),
                  dumps(provenance.versions), now())
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
                 provenance.revision, provenance.backend, dumps(provenance.settings), dumps(provenance.versions),
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

    def moved_article(self, content_hash: str, pipeline_key: str, exists) -> sqlite3.Row | None:
        """An article with this text and pipeline whose file no longer exists (``exists(path)``): the
        same article under a new name."""
        for row in self.db.execute("SELECT id, source_path FROM articles WHERE content_hash = ? AND pipeline_key = ?",
                                   (content_hash, pipeline_key)):
            if "#" not in row["source_path"] and not exists(row["source_path"]):
                return row
        return None

    def move_article(self, article_id: int, *, source_path: str, source_file: str) -> None:
        """Record that an article's file was renamed or moved (its work is kept)."""
        with self._transaction():
            self.db.execute("UPDATE articles SET source_path = ?, source_file = ?, gone_at = NULL, updated_at = ?"
                            " WHERE id = ?", (source_path, source_file, now(), article_id))

    def mark_gone(self, folder: str, *, seen: set[str], exists, recursive: bool = False) -> list[int]:
        """Mark the articles of files in ``folder`` (and its subfolders when ``recursive``) that this
        run did not see and that no longer exist; unmark those seen again. Returns the ids newly
        marked gone."""
        prefix = folder.rstrip("/") + "/"
        rows = [r for r in self.db.execute("SELECT id, source_path, gone_at FROM articles"
                                           " WHERE substr(source_path, 1, ?) = ?", (len(prefix), prefix))
                if recursive or "/" not in r["source_path"].split("#", 1)[0][len(prefix):]]
        gone = [r["id"] for r in rows if r["source_path"] not in seen and r["gone_at"] is None
                and not exists(r["source_path"].split("#", 1)[0])]
        back = [r["id"] for r in rows if r["source_path"] in seen and r["gone_at"] is not None]
        stamp = now()
        with self._transaction():
            self.db.executemany("UPDATE articles SET gone_at = ? WHERE id = ?", [(stamp, i) for i in gone])
            self.db.executemany("UPDATE articles SET gone_at = NULL WHERE id = ?", [(i,) for i in back])
        return gone

    def save_article(self, *, doc, source_path: str, pipeline_key: str, segments, translation_ids: dict[str, int],
                     summary_ar_id: int | None, summary_en_id: int | None, evidence: dict | None = None) -> int:
        """Store (or replace) one article with its segments, atomically. Returns the article id."""
        dropped = [{"line": d.line, "text": d.text, "reason": d.reason} for d in doc.dropped]
        stamp = now()
        with self._transaction():
            row = self.db.execute("SELECT id, created_at FROM articles WHERE source_path = ?", (source_path,)).fetchone()
            values = (doc.source, doc.content_hash, pipeline_key, doc.title, doc.dateline, doc.encoding, doc.text,
                      dumps(dropped), dumps(list(doc.warnings)), summary_ar_id, summary_en_id,
                      dumps(evidence or {}), dumps(list(doc.bylines)), dumps(dict(doc.metadata)), stamp)
            if row is None:
                cur = self.db.execute(
                    "INSERT INTO articles (source_file, content_hash, pipeline_key, title, dateline, encoding,"
                    " cleaned_text, dropped, warnings, summary_ar_id, summary_en_id, evidence, bylines, metadata,"
                    " updated_at, source_path, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (*values, source_path, stamp),
                )
                article_id = cur.lastrowid
            else:
                article_id = row["id"]
                self.db.execute(
                    "UPDATE articles SET source_file=?, content_hash=?, pipeline_key=?, title=?, dateline=?, encoding=?,"
                    " cleaned_text=?, dropped=?, warnings=?, summary_ar_id=?, summary_en_id=?, evidence=?,"
                    " bylines=?, metadata=?, updated_at=?, gone_at=NULL WHERE id=?",
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
                                  " VALUES (?,?,?,?,?)", (result["model"], result.get("revision"), dumps(result),
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

    def search(self, query: str, *, lang: str = "ar", limit: int = 50, include_gone: bool = False) -> list[dict]:
        """Segments matching every word of ``query``, best first, with their article.

        Arabic is matched on normalised text (presentation forms, diacritics, tatweel and alef forms
        removed), as a substring so clitics do not hide a word — words of one or two letters (في،
        من), which the trigram index cannot hold, by a substring scan; English with Porter stemming.
        """
        where = _search_filter(query, lang)
        if where is None:
            return []
        table, condition, params, ranked = where
        condition += "" if include_gone else " AND a.gone_at IS NULL"
        rows = self.db.execute(
            f"SELECT f.article_id, f.idx, a.source_file, a.title, s.text_ar, t.text_en FROM {table} AS f"
            " JOIN articles a ON a.id = f.article_id JOIN segments s ON s.article_id = f.article_id AND s.idx = f.idx"
            f" JOIN translations t ON t.id = s.translation_id WHERE {condition}"
            f" ORDER BY {'rank' if ranked else 'f.article_id DESC, f.idx'} LIMIT ?",
            (*params, limit),
        ).fetchall()
        return [dict(r) for r in rows]

    def count_matches(self, query: str, *, lang: str = "ar") -> int:
        """How many segments :meth:`search` would find without a limit."""
        where = _search_filter(query, lang)
        if where is None:
            return 0
        table, condition, params, _ = where
        return self.db.execute(f"SELECT COUNT(*) FROM {table} AS f JOIN articles a ON a.id = f.article_id"
                               f" WHERE {condition} AND a.gone_at IS NULL", params).fetchone()[0]

    # --- runs --------------------------------------------------------------------------------------

    def start_run(self, *, input: str, settings: dict, package_version: str) -> int:
        with self._transaction():
            cur = self.db.execute(
                "INSERT INTO runs (started_at, input, settings, package_version, status) VALUES (?,?,?,?, 'running')",
                (now(), input, dumps(settings), package_version),
            )
        return cur.lastrowid

    def record_run_article(self, run_id: int, source_file: str, article_id: int | None, status: str,
                           error: str | None = None) -> None:
        """Link a run to an article; a processed article's outputs are snapshotted with the link."""
        outputs = dumps(self.article_outputs(article_id)) if article_id is not None else None
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
                            (now(), status, dumps(report), run_id))

    # --- reading -----------------------------------------------------------------------------------

    def iter_articles(self, *, include_gone: bool = False) -> Iterator[ArticleRecord]:
        """Every stored article, in file-name order (those whose file has gone only when asked)."""
        gone = "" if include_gone else " WHERE gone_at IS NULL"
        for art in self.db.execute(f"SELECT * FROM articles{gone} ORDER BY source_file, id").fetchall():
            yield self.article(art["id"])

    def article(self, article_id: int) -> ArticleRecord:
        """The article as stored (:class:`~summarize.store.records.ArticleRecord`)."""
        art = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if art is None:
            raise KeyError(f"no article {article_id}")
        sentences = self.db.execute(
            "SELECT s.idx, s.paragraph, s.start, s.end, s.text_ar, t.text_en, t.score, t.complete, t.flags"
            " FROM segments s JOIN translations t ON t.id = s.translation_id WHERE s.article_id = ? ORDER BY s.idx",
            (article_id,),
        ).fetchall()
        translation_models = self.db.execute(
            "SELECT DISTINCT t.model_id, t.revision, t.backend, t.settings, t.versions FROM segments s"
            " JOIN translations t ON t.id = s.translation_id WHERE s.article_id = ?",
            (article_id,),
        ).fetchall()
        evidence = json.loads(art["evidence"] or "{}")

        def summary(lang: str) -> SummaryRecord | None:
            sid = art[f"summary_{lang}_id"]
            row = self.db.execute("SELECT * FROM summaries WHERE id = ?", (sid,)).fetchone() if sid else None
            if row is None:
                return None
            return SummaryRecord(lang=lang, text=row["text"], model=_model_info(row, summary=True),
                                 evidence=tuple(evidence.get(lang, [])))

        return ArticleRecord(
            id=art["id"], source_file=art["source_file"], source_path=art["source_path"], title=art["title"],
            dateline=art["dateline"], bylines=tuple(json.loads(art["bylines"] or "[]")), encoding=art["encoding"],
            content_hash=art["content_hash"],
            sentences=self._corrected(article_id, [SentenceRecord(
                index=r["idx"], paragraph=r["paragraph"], start=r["start"], end=r["end"], ar=r["text_ar"],
                en=r["text_en"], score=round(r["score"], 4), complete=bool(r["complete"]),
                flags=tuple(json.loads(r["flags"] or "[]"))) for r in sentences]),
            summary_ar=summary("ar"), summary_en=summary("en"),
            dropped=tuple(DroppedLine(**d) for d in json.loads(art["dropped"])),
            warnings=tuple(json.loads(art["warnings"])),
            metadata=json.loads(art["metadata"] or "{}"),
            translation_models=tuple(_model_info(r) for r in translation_models),
            updated_at=art["updated_at"],
        )

    # --- corrections and translation memory ------------------------------------------------------

    def add_correction(self, article_id: int, index: int, english: str, *, by: str) -> SentenceRecord:
        """Store a human translation of sentence ``index`` of an article as a new revision (the machine
        translation is kept); the same Arabic sentence elsewhere reuses it. Returns the sentence."""
        english = " ".join(english.split())
        row = self.db.execute(
            "SELECT s.text_ar, t.text_en FROM segments s JOIN translations t ON t.id = s.translation_id"
            " WHERE s.article_id = ? AND s.idx = ?", (article_id, index)).fetchone()
        if row is None:
            raise KeyError(f"article {article_id} has no sentence {index}")
        with self._transaction():
            self.db.execute("INSERT INTO corrections (article_id, idx, ar_key, text_ar, text_en, machine_en, by,"
                            " created_at) VALUES (?,?,?,?,?,?,?,?)",
                            (article_id, index, text_key(row["text_ar"]), row["text_ar"], english, row["text_en"],
                             by, now()))
            same = self.db.execute("SELECT article_id, idx FROM segments WHERE text_ar = ?", (row["text_ar"],))
            self.db.executemany("INSERT INTO search_en (text, article_id, idx) VALUES (?,?,?)",
                                [(english, a, i) for a, i in same.fetchall()])
        return self.article(article_id).sentences[index]

    def corrections(self, ar_keys: Iterable[str]) -> dict[str, list[sqlite3.Row]]:
        """The corrections of each Arabic sentence key, newest first."""
        keys, found = list(dict.fromkeys(ar_keys)), {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            for row in self.db.execute(f"SELECT * FROM corrections WHERE ar_key IN ({','.join('?' * len(chunk))})"
                                       " ORDER BY id DESC", chunk):
                found.setdefault(row["ar_key"], []).append(row)
        return found

    def _corrected(self, article_id: int, sentences: list[SentenceRecord]) -> tuple[SentenceRecord, ...]:
        """``sentences`` with their human translations: a correction of the sentence itself ("human"),
        else the newest of the same Arabic sentence anywhere ("memory")."""
        keys = [text_key(s.ar) for s in sentences]
        found = self.corrections(keys)
        out = []
        for sentence, key in zip(sentences, keys):
            rows = found.get(key)
            if rows:
                own = next((r for r in rows if r["article_id"] == article_id and r["idx"] == sentence.index), None)
                row = own or rows[0]
                sentence = replace(sentence, en=row["text_en"], en_source="human" if own else "memory",
                                   machine_en=sentence.en, corrected_by=row["by"], corrected_at=row["created_at"],
                                   correction_id=row["id"])
            out.append(sentence)
        return tuple(out)

    # --- stories and the watchlist ------------------------------------------------------------------

    def story_rows(self) -> list[sqlite3.Row]:
        """Every clustered article: id, story, similarity, day, features (JSON), content hash."""
        return self.db.execute("SELECT s.*, a.content_hash, a.gone_at FROM story_articles s"
                               " JOIN articles a ON a.id = s.article_id ORDER BY s.day, s.article_id").fetchall()

    def unclustered(self) -> list[sqlite3.Row]:
        """Articles not yet in a story (present ones only): id, content hash, metadata, text, time."""
        return self.db.execute(
            "SELECT id, content_hash, metadata, title, cleaned_text, created_at FROM articles"
            " WHERE gone_at IS NULL AND id NOT IN (SELECT article_id FROM story_articles) ORDER BY id").fetchall()

    def add_story_members(self, rows: Iterable[tuple[int, str, float, int, dict]]) -> None:
        """Store ``(article id, story key, similarity, day, features)`` assignments."""
        with self._transaction():
            self.db.executemany("INSERT OR REPLACE INTO story_articles (article_id, story_key, similarity, day,"
                                " features, added_at) VALUES (?,?,?,?,?,?)",
                                [(a, k, s, d, dumps(f), now()) for a, k, s, d, f in rows])

    def story_size(self, key: str) -> int:
        return self.db.execute("SELECT COUNT(*) FROM story_articles WHERE story_key = ?", (key,)).fetchone()[0]

    def run_article_ids(self, run_id: int) -> list[int]:
        """The articles a run processed (present ones), in order."""
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT r.article_id FROM run_articles r JOIN articles a ON a.id = r.article_id"
            " WHERE r.run_id = ? AND r.status = 'processed' AND a.gone_at IS NULL ORDER BY r.article_id", (run_id,))]

    def watch_terms(self) -> list[dict]:
        return [dict(r) for r in self.db.execute("SELECT id, term, lang, created_at FROM watch_terms ORDER BY id")]

    def add_watch_term(self, term: str, lang: str) -> bool:
        """Add a term to the watchlist; False if it was there."""
        with self._transaction():
            cursor = self.db.execute("INSERT OR IGNORE INTO watch_terms (term, lang, created_at) VALUES (?,?,?)",
                                     (term, lang, now()))
        return cursor.rowcount == 1

    def remove_watch_term(self, term: str, lang: str | None = None) -> int:
        with self._transaction():
            if lang:
                return self.db.execute("DELETE FROM watch_terms WHERE term = ? AND lang = ?", (term, lang)).rowcount
            return self.db.execute("DELETE FROM watch_terms WHERE term = ?", (term,)).rowcount

    def article_id(self, source_path: str) -> int | None:
        row = self.db.execute("SELECT id FROM articles WHERE source_path = ?", (source_path,)).fetchone()
        return row[0] if row else None

    def list_articles(self, *, limit: int | None = None, offset: int = 0) -> list[dict]:
        """A line per article, newest first: id, file, title, sentence count, last update
        (``limit`` lines from ``offset``; all when ``limit`` is None)."""
        return [dict(r) for r in self.db.execute(
            "SELECT a.id, a.source_file, a.title, a.updated_at,"
            " (SELECT COUNT(*) FROM segments s WHERE s.article_id = a.id) AS sentences"
            " FROM articles a WHERE a.gone_at IS NULL ORDER BY a.updated_at DESC, a.id DESC LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset))]

    def count_articles(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles WHERE gone_at IS NULL").fetchone()[0]

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
                "summary_models": {lang: _model_info(r, summary=True).as_dict() for lang, r in summaries.items() if r},
            })
        return outputs


def search_words(query: str, lang: str) -> list[str]:
    """The words of a search query as they are matched (Arabic normalised)."""
    words = (normalise_arabic(query) if lang == "ar" else query).split()
    return [w for w in (re.sub(r"[^\w]", "", w) for w in words) if w]


def _search_filter(query: str, lang: str) -> tuple[str, str, tuple, bool] | None:
    """``(table, WHERE condition, parameters, ranked)`` matching every word of ``query``: full-text
    match for the words the index holds, a substring scan for Arabic words under three letters."""
    words = search_words(query, lang)
    if not words:
        return None
    table = "search_ar" if lang == "ar" else "search_en"
    indexed = [w for w in words if lang != "ar" or len(w) >= 3]
    short = [w for w in words if w not in indexed]
    conditions, params = [], []
    if indexed:
        conditions.append(f"{table} MATCH ?")
        params.append(" ".join('"' + w.replace('"', '""') + '"' for w in indexed))
    for word in short:
        conditions.append("instr(f.text, ?) > 0")
        params.append(word)
    return table, " AND ".join(conditions), tuple(params), bool(indexed)


def _model_info(row: sqlite3.Row, *, summary: bool = False) -> ModelInfo:
    extra = {"strategy": row["strategy"], "chunks": row["chunks"], "rounds": row["rounds"]} if summary else {}
    return ModelInfo(model=row["model_id"], revision=row["revision"], backend=row["backend"],
                     settings=json.loads(row["settings"]), versions=json.loads(row["versions"]), **extra)


