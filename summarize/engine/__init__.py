"""The engine: plan a window of articles (:mod:`~summarize.engine.plan`), execute it with batched
model calls (:mod:`~summarize.engine.pipeline`), assemble and store each article
(:mod:`~summarize.engine.assemble`); run locally (:mod:`~summarize.engine.local`) or on Ray
(:mod:`~summarize.engine.ray`)."""

from summarize.engine.local import DEFAULT_WINDOW, run, run_documents
from summarize.engine.pipeline import Pipeline, translate_document, translate_sentences
from summarize.engine.report import RunReport

__all__ = ["DEFAULT_WINDOW", "Pipeline", "RunReport", "run", "run_documents", "translate_document", "translate_sentences"]
