"""HTML pages (or HTML pasted into a text file) into the lines of their article text."""

from __future__ import annotations

from summarize.errors import EmptyInputError
from summarize.text.decode import accept, looks_like_html

_HTML_SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button", "select",
              "svg", "iframe", "menu"}
_HTML_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "section", "article",
                "br", "tr", "figcaption", "title", "dd", "dt"}



def html_to_text(page: str) -> str:
    """The readable text of an HTML page, one block a line: scripts, styles, navigation, header,
    footer, asides and forms dropped; an ``<article>`` element, when there is one, preferred."""
    from html.parser import HTMLParser

    class Extractor(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.skip = 0
            self.parts: list[str] = []
            self.article: list[str] | None = None
            self.in_article = 0
            self.title = ""
            self.in_title = False

        def handle_starttag(self, tag, attrs):
            if tag in _HTML_SKIP:
                self.skip += 1
            if tag == "article":
                self.in_article += 1
                self.article = self.article or []
            if tag == "title":
                self.in_title = True
            if tag in _HTML_BLOCKS:
                self._add("\n")

        def handle_endtag(self, tag):
            if tag in _HTML_SKIP and self.skip:
                self.skip -= 1
            if tag == "article" and self.in_article:
                self.in_article -= 1
            if tag == "title":
                self.in_title = False
            if tag in _HTML_BLOCKS:
                self._add("\n")

        def handle_data(self, data):
            if self.in_title:
                self.title += data
            elif not self.skip:
                self._add(data)

        def _add(self, text):
            self.parts.append(text)
            if self.in_article and self.article is not None:
                self.article.append(text)

    extractor = Extractor()
    extractor.feed(page)
    extractor.close()
    body = "".join(extractor.article if extractor.article else extractor.parts)
    lines = [" ".join(line.split()) for line in body.splitlines()]
    lines = [line for line in lines if line]
    title = " ".join(extractor.title.split())
    if title and (not lines or title not in lines[0]):
        lines.insert(0, title)
    return "\n".join(lines)


def from_html(text: str, source: str) -> tuple[str, tuple[str, ...]]:
    if not looks_like_html(text):
        return text, ()
    extracted = html_to_text(text)
    if not extracted.strip():
        raise EmptyInputError(source, "an HTML page with no article text")
    accept(extracted, "html", source)
    return extracted, ("an HTML page: its article text was extracted (scripts, navigation, header and footer dropped)",)

