"""Numbered migrations: append only; each runs once, in order, in its own transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from summarize.errors import StoreError
from summarize.store.connection import Transaction, now
from summarize.text.normalise import normalise_arabic


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


def m006_article_metadata(db: sqlite3.Connection) -> None:
    # What the source says about an article beyond its text: URL, publication date, author, site,
    # fetch time, the record of a news dump (JSON object).
    db.execute("ALTER TABLE articles ADD COLUMN metadata TEXT")


def m007_gone(db: sqlite3.Connection) -> None:
    # An article whose file has gone from its folder: kept (with its translations), but left out of
    # export, search and the library unless asked for.
    db.execute("ALTER TABLE articles ADD COLUMN gone_at TEXT")


def m008_corrections(db: sqlite3.Connection) -> None:
    # Human translations of sentences: each a revision (the latest wins), with who and when; the
    # machine translation stays in translations. ``ar_key`` (the hash of the whitespace-normalised
    # Arabic) makes a correction the translation memory of the same sentence in any article.
    db.execute("CREATE TABLE corrections (id INTEGER PRIMARY KEY,"
               " article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL, idx INTEGER, ar_key TEXT NOT NULL,"
               " text_ar TEXT NOT NULL, text_en TEXT NOT NULL, machine_en TEXT NOT NULL, by TEXT NOT NULL,"
               " created_at TEXT NOT NULL)")
    db.execute("CREATE INDEX corrections_key ON corrections(ar_key)")


def m009_stories_watch(db: sqlite3.Connection) -> None:
    # Each article's story (summarize.stories.cluster), with the features it was clustered on, so a
    # run clusters only its new articles; and the watchlist of terms.
    db.execute("CREATE TABLE story_articles (article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
               " story_key TEXT NOT NULL, similarity REAL NOT NULL, day INTEGER NOT NULL, features TEXT NOT NULL,"
               " added_at TEXT NOT NULL)")
    db.execute("CREATE INDEX story_articles_key ON story_articles(story_key)")
    db.execute("CREATE TABLE watch_terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL, lang TEXT NOT NULL,"
               " created_at TEXT NOT NULL, UNIQUE (term, lang))")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [m001_initial, m002_run_outputs, m003_checks_evidence_search,
                                                          m004_bylines, m005_model_checks, m006_article_metadata,
                                                          m007_gone, m008_corrections,
                                                          m009_stories_watch]


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply pending migrations; return the names applied.

    Each migration is checked and applied under the write lock, so two processes opening a new
    database at once apply it once.
    """
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    applied = []
    for migration in MIGRATIONS:
        with Transaction(db):
            if db.execute("SELECT 1 FROM _migrations WHERE name = ?", (migration.__name__,)).fetchone():
                continue
            migration(db)
            db.execute("INSERT INTO _migrations VALUES (?, ?)", (migration.__name__, now()))
        applied.append(migration.__name__)
    return applied


def check_version(db: sqlite3.Connection, path: str) -> None:
    """Refuse a database written by a newer version of summarize (a migration this code does not
    know), before anything reads or writes it."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = '_migrations'").fetchone():
        return
    known = {m.__name__ for m in MIGRATIONS}
    unknown = sorted(r[0] for r in db.execute("SELECT name FROM _migrations") if r[0] not in known)
    if unknown:
        raise StoreError(f"{path}: was written by a newer version of summarize (it has {unknown[0]}, which this "
                         "version does not know): upgrade summarize to use it, or give another --db")


def database_error(path: str, error: sqlite3.Error) -> StoreError:
    """What an SQLite error on the database at ``path`` means, and what to do about it."""
    text = str(error).lower()
    if "not a database" in text:
        why = "is not a summarize database (not an SQLite file): give another --db"
    elif "malformed" in text or "corrupt" in text:
        why = "is damaged (the SQLite file is corrupt): restore it from a copy, or give a new --db"
    elif "readonly" in text or "read-only" in text:
        why = "cannot be written (the file or its folder is read-only): make it writable, or give another --db"
    elif "locked" in text or "busy" in text:
        why = "is busy: another process is writing to it; try again when it has finished, or give another --db"
    elif "unable to open" in text:
        why = "cannot be opened (check the path and its permissions)"
    else:
        why = f"cannot be used ({error})"
    return StoreError(f"{path}: {why}")


def pending_migrations(db: sqlite3.Connection) -> list[str]:
    """The migrations this database has not had yet."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = '_migrations'").fetchone():
        return [m.__name__ for m in MIGRATIONS]
    done = {r[0] for r in db.execute("SELECT name FROM _migrations")}
    return [m.__name__ for m in MIGRATIONS if m.__name__ not in done]
