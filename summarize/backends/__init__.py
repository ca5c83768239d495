"""Models: the registry of names (package data) and the local model store (:mod:`~summarize.backends.registry`),
generation through transformers (:mod:`~summarize.backends.hf`) or CTranslate2
(:mod:`~summarize.backends.ct2`) behind one :class:`~summarize.backends.generation.Generator`
(``models verify``, which compares them, is :mod:`summarize.tasks.verify`)."""
