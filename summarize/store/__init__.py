"""The SQLite store: connection, migrations, the repository and the typed records it returns."""

from summarize.store.connection import DEFAULT_DB, default_db_path
from summarize.store.records import ArticleRecord, ModelInfo, Provenance, SentenceRecord, SummaryRecord
from summarize.store.repository import Store

__all__ = ["DEFAULT_DB", "ArticleRecord", "ModelInfo", "Provenance", "SentenceRecord", "Store", "SummaryRecord",
           "default_db_path"]
