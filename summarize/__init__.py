"""summarize: Arabic news articles into English translations and summaries.

The stages are plain modules: :mod:`summarize.ingest` (decode and clean), :mod:`summarize.segment`
(sentences with offsets), :mod:`summarize.translate`, :mod:`summarize.summarise`,
:mod:`summarize.store` (SQLite) and :mod:`summarize.pipeline` (a folder end to end). Importing the
package loads no model and touches no network.
"""

__version__ = "0.1.0"
