"""The one list of each choice a user makes. The command line, the web app and the validation of
:class:`~summarize.config.Settings` all read these, so a new choice is added in one place."""

from __future__ import annotations

STRATEGIES = ("translate-then-summarise", "summarise-then-translate", "direct")  # how the English summary is made
SUMMARISERS = ("model", "lead", "textrank")  # the model, or a baseline that needs none
BACKENDS = ("transformers", "ct2")
DEVICES = ("auto", "cpu", "cuda")
ENGINES = ("local", "ray")
EXPORT_FORMATS = ("jsonl", "tmx", "moses", "html", "text")

# Settings fields whose value must be one of a list.
SETTING_CHOICES = {"strategy": STRATEGIES, "summariser": SUMMARISERS, "backend": BACKENDS, "device": DEVICES}
