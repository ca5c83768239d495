"""Sources: article files and HTML pages into cleaned :class:`~summarize.text.document.Document` objects."""
