"""Web pages into article text: trafilatura finds the article in a page (and its title, date,
author and site name, kept as metadata), then our own cleaning decides line by line, recording why
each dropped line was dropped. HTML pasted into a ``.txt`` file takes the same path."""

from __future__ import annotations

from summarize.errors import EmptyInputError
from summarize.text.decode import accept, looks_like_html
from summarize.text.normalise import normalise_line

# trafilatura's metadata fields, under the names this project stores them by.
METADATA_FIELDS = {"title": "title", "author": "author", "date": "date", "sitename": "site", "url": "url"}


def extract(page: str, source: str, *, url: str | None = None) -> tuple[str, dict[str, str]]:
    """``(text, metadata)`` of an HTML page: the headline on the first line, then the article's
    paragraphs one a line; breadcrumbs, menus, share buttons, related links and comments left out."""
    import trafilatura

    found = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False,
                                        include_tables=True, include_images=False, deduplicate=False)
    data = found.as_dict() if hasattr(found, "as_dict") else (found or {})
    lines = [line for line in (data.get("text") or "").splitlines() if line.strip()]
    if not lines:
        raise EmptyInputError(source, "an HTML page with no article text")
    metadata = {ours: str(data[theirs]).strip() for theirs, ours in METADATA_FIELDS.items()
                if data.get(theirs) and str(data[theirs]).strip()}
    title = metadata.get("title")
    if title and normalise_line(lines[0]) != normalise_line(title):
        lines.insert(0, title)
    return "\n".join(lines), metadata


def from_html(text: str, source: str, *, url: str | None = None) -> tuple[str, tuple[str, ...], dict[str, str]]:
    """``(text, warnings, metadata)``: the article of ``text`` when it is an HTML page, else ``text`` itself."""
    if not looks_like_html(text):
        return text, (), {}
    extracted, metadata = extract(text, source, url=url)
    accept(extracted, "html", source)
    return extracted, ("an HTML page: its article text was extracted (trafilatura)",), metadata
