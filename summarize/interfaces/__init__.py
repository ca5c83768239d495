"""The interfaces: the command line (:mod:`~summarize.interfaces.cli`) and the web demo
(:mod:`~summarize.interfaces.web`). Thin callers of the library; nothing in the library imports them."""
