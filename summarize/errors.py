"""Named exceptions. Each message says what went wrong and how to fix it."""

from __future__ import annotations


class SummarizeError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(SummarizeError):
    """An input file cannot be processed. The message names the file and the problem."""

    def __init__(self, source: str, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class EmptyInputError(InputError):
    """The file holds no text."""


class BinaryInputError(InputError):
    """The file is not text (NUL bytes or a known binary signature)."""


class EncodingError(InputError):
    """No supported text encoding decodes the file into Arabic text."""


class NotArabicError(InputError):
    """The text decodes but is not Arabic."""


class InputTooLargeError(InputError):
    """The file or article is over a configured limit."""


class UnreadableInputError(InputError):
    """The file cannot be read (permissions, a broken link, a folder)."""


class ModelNotAvailableError(SummarizeError):
    """A model is neither in the local store, nor in the Hugging Face cache, nor downloadable."""


class ModelLoadError(SummarizeError):
    """A model folder exists but cannot be loaded."""


class InputTooLongError(SummarizeError):
    """A text exceeds the model's input budget; the caller must split it first (never truncated)."""


class ConfigError(SummarizeError):
    """An option or environment variable has a value that cannot be used."""


class StoreError(SummarizeError):
    """The database cannot be used: the message names the file, what is wrong and what to do."""
