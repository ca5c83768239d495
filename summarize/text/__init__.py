"""Text: bytes into text (:mod:`~summarize.text.decode`), cleaning with reasons
(:mod:`~summarize.text.clean`), sentences with offsets (:mod:`~summarize.text.segment`), Arabic
normalisation, and the number and date reader (:mod:`~summarize.text.numbers`). Depends on nothing
else of the package."""
