"""Evaluation: scores of a run against the reference notes (:mod:`~summarize.evaluation.harness`),
the metrics with their signatures (:mod:`~summarize.evaluation.metrics`) and the fidelity benchmark of
the trust layer (:mod:`~summarize.evaluation.fidelity`)."""
