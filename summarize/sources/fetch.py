"""Web pages by URL: downloaded politely into a folder that a run then reads like any other.

Each page is kept as fetched (``NNN-host-path.html``, for reproducibility) with a sidecar
``….html.meta.json`` recording the URL, the final URL after redirects, the fetch time, the status,
the content type and the charset; a run reads the page through trafilatura and stores the URL and
fetch time as the article's metadata. Per URL, a clear error: not found, timed out, not a web page,
too large, not text. Limits: a timeout per request, a size cap, a few requests at a time, an
identifying User-Agent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse

from summarize import __version__
from summarize.errors import ConfigError
from summarize.sources.files import SIDECAR

USER_AGENT = f"summarize/{__version__} (Arabic news translation for analysts)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = 20.0  # seconds per request (connect, and between bytes)
    max_bytes: int = 5_000_000
    concurrency: int = 4
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Fetched:
    url: str
    path: str | None  # the page as fetched, when it was
    error: str | None = None

    def as_dict(self) -> dict:
        return {"url": self.url, "path": self.path, "error": self.error}


def read_url_list(path: Path) -> list[str]:
    """The URLs of a list file: one a line; blank lines and ``#`` comments ignored."""
    urls = [line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines()]
    return [u for u in urls if u and not u.startswith("#")]


def is_url_list(urls: list[str]) -> bool:
    """Whether the lines of a list file are all http(s) URLs (and there is one)."""
    return bool(urls) and all(re.match(r"https?://\S+$", u) for u in urls)


def _file_name(index: int, url: str) -> str:
    parsed = urlparse(url)
    slug = re.sub(r"[^\w.-]+", "-", f"{parsed.hostname or 'page'}{parsed.path}", flags=re.ASCII).strip("-.")
    return f"{index:03d}-{slug[:80] or 'page'}.html"


def fetch_one(client, url: str, target: Path, options: FetchOptions) -> Fetched:
    """Download one page into ``target`` (with its sidecar); the reason in words when it fails."""
    import httpx

    if urlparse(url).scheme not in ("http", "https"):
        return Fetched(url, None, "not an http(s) URL")
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                return Fetched(url, None, f"the server answered {response.status_code} {response.reason_phrase}")
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind and kind not in HTML_TYPES + TEXT_TYPES:
                return Fetched(url, None, f"not a web page: the server sent {kind}")
            declared = int(response.headers.get("content-length") or 0)
            if declared > options.max_bytes:
                return Fetched(url, None, f"the page is {declared:,} bytes, over the limit of {options.max_bytes:,}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > options.max_bytes:
                    return Fetched(url, None, f"the page is over the limit of {options.max_bytes:,} bytes")
            charset = response.charset_encoding
            final_url = str(response.url)
    except httpx.TimeoutException:
        return Fetched(url, None, f"no answer within {options.timeout:g} s")
    except httpx.HTTPError as e:
        return Fetched(url, None, f"could not be fetched ({type(e).__name__}: {e})")
    if b"\x00" in bytes(body[:4096]):
        return Fetched(url, None, "not text: the page holds binary data")
    page = bytes(body)
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:  # kept as UTF-8, so the page decodes the same way whatever reads it later
            page = page.decode(charset).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            pass  # left to the decoder's own detection
    target.write_bytes(page)
    meta = {"url": url, "final_url": final_url, "fetched_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "status": response.status_code, "content_type": kind, "charset": charset}
    target.with_name(target.name + SIDECAR).write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return Fetched(url, str(target))


def fetch(urls: Sequence[str], folder: Path, options: FetchOptions = FetchOptions()) -> list[Fetched]:
    """Fetch ``urls`` into ``folder``, a few at a time; one result a URL, in order."""
    import httpx

    if options.concurrency < 1:
        raise ConfigError("fetch concurrency must be at least 1")
    folder.mkdir(parents=True, exist_ok=True)
    limits = httpx.Limits(max_connections=options.concurrency, max_keepalive_connections=options.concurrency)
    with httpx.Client(follow_redirects=True, max_redirects=5, timeout=options.timeout, limits=limits,
                      headers={"User-Agent": options.user_agent, "Accept": "text/html,text/plain;q=0.9"}) as client:
        with ThreadPoolExecutor(max_workers=options.concurrency, thread_name_prefix="summarize-fetch") as pool:
            return list(pool.map(lambda iu: fetch_one(client, iu[1], folder / _file_name(iu[0], iu[1]), options),
                                 enumerate(urls, 1)))
