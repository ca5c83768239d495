"""summarize: Arabic news articles into English translations and summaries.

The library is a set of sub-packages, each with a plain API (see README, "Layout"):
:mod:`summarize.text` (decode, clean, segment, normalise, numbers), :mod:`summarize.sources` (files
into documents), :mod:`summarize.backends` (model registry, transformers and CTranslate2),
:mod:`summarize.tasks` (translate, summarise, checks, evidence), :mod:`summarize.store` (SQLite and
its typed records), :mod:`summarize.engine` (a folder end to end, locally or on Ray),
:mod:`summarize.evaluation`, :mod:`summarize.export`; :mod:`summarize.interfaces` holds the command
line and the web app, which only call the library. Importing the package loads no model and touches
no network.
"""

__version__ = "0.1.0"
