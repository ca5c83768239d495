"""Glossary enforcement: the English a newsroom pins for a name or term is in every translation of a
sentence that contains it, on every backend.

:class:`GlossaryTranslator` wraps any :class:`~summarize.tasks.translate.Translator`. For a sentence
that contains glossary terms (:mod:`summarize.text.glossary`):

1. each occurrence is replaced, in the Arabic the model sees, by its English rendering (a protected
   span the model copies: translation models carry Latin-script names through), proclitics kept
   before it (و، ب، ل…), and the sentence is translated;
2. every rendering is looked for in the output (case, spacing and punctuation between its words do
   not matter); for each one missing, the sentence is translated again with the output forced to
   begin with it (a constrained retry: ``decoder_input_ids`` on transformers, ``target_prefix`` on
   CTranslate2), and the retry is kept if it has more of the renderings; when several are missing,
   a last retry begins with all of them;
3. a rendering still missing (a tokenizer that cannot write it, a model that drops it) leaves the
   best translation and a ``glossary_miss`` flag on the sentence.

Sentences without terms are translated exactly as without a glossary. The terms a sentence contains
are part of its cache key (:func:`term_key`), so changing a term retranslates exactly the sentences
that contain it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from summarize.tasks.translate import Translation, Translator
from summarize.text.glossary import Glossary, Match, Term, entries_hash, matched_terms


@dataclass(frozen=True)
class Enforced(Translation):
    """A translation of a sentence with glossary terms: the terms it contains, and those whose
    English could not be put in the output."""

    terms: tuple[Term, ...] = ()
    missed: tuple[Term, ...] = ()


def term_key(glossary: Glossary, text: str) -> str:
    """What of ``glossary`` a sentence's translation depends on: the hash of the entries it contains
    ("" when none)."""
    terms = matched_terms(glossary.find(text)) if glossary else []
    return entries_hash(terms) if terms else ""


def protect(text: str, matches: Sequence[Match]) -> str:
    """``text`` with each matched term replaced by its English rendering (proclitics kept, spaced)."""
    out, at = [], 0
    for m in matches:
        out.append(text[at : m.start])
        out.append(f"{m.proclitics} {m.term.english}" if m.proclitics else m.term.english)
        at = m.end
    out.append(text[at:])
    return "".join(out)


_LATIN = "[0-9A-Za-z\u00c0-\u024f]"  # a rendering is not part of a longer Latin word (Rome in Romeo)


def rendered(english: str, output: str) -> bool:
    """Whether ``english`` is in ``output`` as a phrase (case, spacing and punctuation between its
    words aside)."""
    words = re.findall(r"\w+", english)
    if not words:
        return True
    pattern = f"(?<!{_LATIN})" + r"\W*".join(re.escape(w) for w in words) + f"(?!{_LATIN})"
    return re.search(pattern, output, flags=re.IGNORECASE) is not None


class GlossaryTranslator:
    """A translator that enforces ``glossary`` (see the module's description). Its signature is the
    inner translator's: the glossary is part of each affected sentence's key, not of every sentence's."""

    def __init__(self, inner: Translator, glossary: Glossary):
        self.inner = inner
        self.glossary = glossary

    def __getattr__(self, name: str):
        return getattr(self.inner, name)

    @property
    def max_input_tokens(self) -> int:
        return self.inner.max_input_tokens

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def signature(self) -> dict:
        return self.inner.signature()

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        matches = [self.glossary.find(t) for t in texts]
        sources = [self._protected(t, m) for t, m in zip(texts, matches)]
        results: list[Translation] = list(self.inner.translate(sources))
        for i, found in enumerate(matches):
            if found:
                results[i] = self._enforce(sources[i], results[i], tuple(matched_terms(found)))
        return results

    def _protected(self, text: str, matches: Sequence[Match]) -> str:
        if not matches:
            return text
        protected = protect(text, matches)
        # Latin letters cost a model trained on Arabic more tokens: never go over its input budget.
        return protected if self.inner.count_tokens(protected) <= self.inner.max_input_tokens else text

    def _enforce(self, source: str, best: Translation, terms: tuple[Term, ...]) -> Enforced:
        def missing(output: str) -> tuple[Term, ...]:
            return tuple(t for t in terms if not rendered(t.english, output))

        missed = missing(best.text)
        if missed and hasattr(self.inner, "translate_with_prefix"):
            # one retry a missing rendering, then (several missing) one forced to begin with them all
            prefixes = [t.english for t in missed] + ([" ".join(t.english for t in missed)] if len(missed) > 1 else [])
            for prefix in prefixes:
                if not missing(best.text):
                    break
                retry = self.inner.translate_with_prefix(source, prefix)
                if len(missing(retry.text)) < len(missing(best.text)):
                    best = retry
        return Enforced(**{f: getattr(best, f) for f in ("text", "score", "complete", "input_tokens")},
                        terms=terms, missed=missing(best.text))


def with_terms(translation: Translation) -> tuple[tuple[Term, ...], tuple[Term, ...]]:
    """The glossary terms of a translation and those it misses (empty for a plain translation)."""
    if isinstance(translation, Enforced):
        return translation.terms, translation.missed
    return (), ()

