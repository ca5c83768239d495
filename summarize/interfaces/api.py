"""The REST API, served beside the web app (``/api/v1``; OpenAPI at ``/api/v1/openapi.json``).

A thin caller of :class:`summarize.engine.service.Service`, like the web app: the same store, the
same models, the same limits. Errors are JSON ``{"error": message}`` with a status code, never a
traceback or a server path. Work is admitted like the app's queue: ``concurrency`` requests at once,
``queue_size`` waiting, "busy" (503) beyond. With API keys configured (required when the server
listens beyond this machine), every endpoint but ``/health`` needs one (``X-API-Key`` header or
``Authorization: Bearer KEY``).
"""

from __future__ import annotations

import base64
import hmac
import logging
import tempfile
import threading
from pathlib import Path
from typing import Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from summarize import __version__
from summarize.choices import STRATEGIES, SUMMARISERS
from summarize.engine.service import Options, Service
from summarize.errors import ConfigError, InputError, ModelNotAvailableError, SummarizeError

log = logging.getLogger("summarize.interfaces.api")
PREFIX = "/api/v1"
PAGE_SIZE = 20


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class Gate:
    """At most ``concurrency`` requests working and ``queue_size`` waiting; more are refused."""

    def __init__(self, concurrency: int, queue_size: int):
        self._slots = threading.BoundedSemaphore(max(1, concurrency))
        self._lock = threading.Lock()
        self._waiting = 0
        self.queue_size = queue_size

    def __enter__(self):
        with self._lock:
            if self._waiting >= self.queue_size + 1:
                raise ApiError(503, "the server is busy: try again in a moment")
            self._waiting += 1
        self._slots.acquire()
        with self._lock:
            self._waiting -= 1
        return self

    def __exit__(self, *exc):
        self._slots.release()


class ModelChoice(BaseModel):
    translation_model: str | None = Field(None, description="a key from GET /api/v1/models")
    summary_model: str | None = Field(None, description="a key from GET /api/v1/models")
    strategy: Literal[STRATEGIES] | None = None  # type: ignore[valid-type]
    summariser: Literal[SUMMARISERS] | None = None  # type: ignore[valid-type]


class ArticleIn(ModelChoice):
    text: str | None = Field(None, description="the Arabic article, first line its title")
    content_base64: str | None = Field(None, description="or a file's bytes, base64: decoded by content, like an upload")
    name: str | None = Field(None, max_length=200, description="what to call it (default: 'api text' or 'api file')")


class CorrectionIn(BaseModel):
    en: str = Field(..., min_length=1, max_length=5000, description="the human translation of the sentence")
    by: str = Field(..., min_length=1, max_length=100, description="who corrected it")


class TranslateIn(BaseModel):
    text: str | None = Field(None, description="an Arabic text, split into sentences")
    sentences: list[str] | None = Field(None, max_length=500, description="or sentences, translated as given")
    translation_model: str | None = None


def _keys_dependency(keys: frozenset[str]):
    def check(request: Request) -> None:
        if not keys:
            return
        given = request.headers.get("x-api-key") or ""
        auth = request.headers.get("authorization") or ""
        if auth.lower().startswith("bearer "):
            given = given or auth[7:].strip()
        if not any(hmac.compare_digest(given.encode(), key.encode()) for key in keys):
            raise ApiError(401, "an API key is required: send it in the X-API-Key header")
    return check


def create_api(service: Service, *, api_keys: frozenset[str] = frozenset(), concurrency: int = 2,
               queue_size: int = 20) -> FastAPI:
    """The FastAPI application of the REST API (the web app is mounted beside it by the launcher)."""
    app = FastAPI(title="summarize", version=__version__, openapi_url=f"{PREFIX}/openapi.json",
                  docs_url=f"{PREFIX}/docs", redoc_url=None,
                  description="Arabic news articles translated sentence by sentence and summarised, with checks.")
    gate = Gate(concurrency, queue_size)
    keyed = [Depends(_keys_dependency(api_keys))]

    @app.exception_handler(ApiError)
    async def api_error(_: Request, error: ApiError):
        return JSONResponse({"error": error.message}, status_code=error.status)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, error: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'body'}: {e.get('msg')}"
                             for e in error.errors()[:5])
        return JSONResponse({"error": f"invalid request: {problems}"}, status_code=422)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, error: Exception):
        log.exception("unexpected error")
        return JSONResponse({"error": "something went wrong on the server; the log has the details"},
                            status_code=500)

    def fail(error: Exception) -> ApiError:
        from summarize.interfaces.web import redact_paths

        message = redact_paths(str(error))
        if isinstance(error, ModelNotAvailableError):
            return ApiError(503, message)
        if isinstance(error, (InputError, ConfigError, SummarizeError)):
            return ApiError(400, message)
        raise error

    @app.get(f"{PREFIX}/health", tags=["service"])
    def health() -> dict:
        """Whether the server is up, and its version."""
        return {"status": "ok", "version": __version__}

    @app.get(f"{PREFIX}/models", tags=["service"], dependencies=keyed)
    def models() -> dict:
        """The models this server offers, by key, and whether each is installed."""
        return {task: [{"key": o.key, "installed": o.installed} for o in service.offered_models(task)]
                for task in ("translation", "summary")}

    @app.post(f"{PREFIX}/articles", tags=["articles"], status_code=201, dependencies=keyed)
    def create_article(body: ArticleIn) -> dict:
        """Translate, summarise and store one article; the stored article, as a JSON Lines export has it."""
        if bool(body.text) == bool(body.content_base64):
            raise ApiError(422, "give the article as text or as content_base64 (one of them)")
        options = Options(translation_model=body.translation_model, summary_model=body.summary_model,
                          strategy=body.strategy, summariser=body.summariser)
        try:
            with gate:  # the service checks the models before any work
                if body.text:
                    doc = service.document_from_text(body.text, source=body.name or "api text")
                else:
                    doc = _document_from_bytes(service, body.content_base64, body.name or "api file")
                return service.analyse(doc, options).as_dict()
        except SummarizeError as e:
            raise fail(e) from None

    @app.get(f"{PREFIX}/articles/{{article_id}}", tags=["articles"], dependencies=keyed)
    def get_article(article_id: int = PathParam(ge=1, le=2**63 - 1)) -> dict:
        """One stored article."""
        try:
            return service.article(article_id).as_dict()
        except KeyError:
            raise ApiError(404, f"no article {article_id}") from None

    @app.put(f"{PREFIX}/articles/{{article_id}}/sentences/{{index}}", tags=["review"], dependencies=keyed)
    def correct_sentence(body: CorrectionIn, article_id: int = PathParam(ge=1, le=2**63 - 1),
                         index: int = PathParam(ge=0, le=1_000_000)) -> dict:
        """Store a human translation of one sentence as a new revision (the machine one is kept; the same
        Arabic sentence in any article reuses it); the sentence as stored."""
        try:
            return service.correct(article_id, index, body.en, by=body.by)
        except KeyError:
            raise ApiError(404, f"no sentence {index} in article {article_id}") from None
        except SummarizeError as e:
            raise fail(e) from None

    @app.get(f"{PREFIX}/feed.atom", tags=["stories"], dependencies=keyed, response_class=Response,
             responses={200: {"content": {"application/atom+xml": {}}}})
    def feed(request: Request) -> Response:
        """An Atom feed of the newest articles (watched ones first) and of the stories."""
        return Response(service.feed(link=str(request.base_url)), media_type="application/atom+xml")

    @app.get(f"{PREFIX}/stories", tags=["stories"], dependencies=keyed)
    def stories(since: str | None = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$")) -> dict:
        """Stories: articles grouped by the event they report, with what their sources disagree on."""
        return {"items": [view.as_dict() for view in service.stories(since=since)]}

    @app.get(f"{PREFIX}/review", tags=["review"], dependencies=keyed)
    def review(article: int | None = Query(None, ge=1, le=2**63 - 1),
               limit: int = Query(50, ge=1, le=10_000)) -> dict:
        """Machine-translated sentences to check, most risky first (see the README's review queue)."""
        try:
            return {"items": service.review(article_id=article, limit=limit)}
        except KeyError:
            raise ApiError(404, f"no article {article}") from None

    @app.get(f"{PREFIX}/articles", tags=["articles"], dependencies=keyed)
    def list_articles(query: str | None = Query(None, max_length=500), lang: Literal["ar", "en"] = "ar",
                      page: int = Query(1, ge=1, le=100_000)) -> dict:
        """Stored articles, newest first, or the sentences matching ``query``; 20 a page."""
        offset = (page - 1) * PAGE_SIZE
        if query and query.strip():
            hits, total = service.search(query, lang=lang, limit=offset + PAGE_SIZE)
            return {"query": query, "lang": lang, "page": page, "page_size": PAGE_SIZE, "total": total,
                    "items": hits[offset:]}
        rows, total = service.articles(limit=PAGE_SIZE, offset=offset)
        return {"page": page, "page_size": PAGE_SIZE, "total": total, "items": rows}

    @app.post(f"{PREFIX}/translate", tags=["translation"], dependencies=keyed)
    def translate(body: TranslateIn) -> dict:
        """Sentences in, aligned sentences out, each with its score and the flags of the checks (nothing stored)."""
        if bool(body.text) == bool(body.sentences):
            raise ApiError(422, "give text or sentences (one of them)")
        try:
            with gate:
                options = service.resolve_options(Options(translation_model=body.translation_model))
                return {"sentences": service.translate(text=body.text, sentences=body.sentences, options=options)}
        except SummarizeError as e:
            raise fail(e) from None

    return app


def _document_from_bytes(service: Service, content: str, name: str):
    try:
        data = base64.b64decode(content, validate=True)
    except ValueError:
        raise ApiError(422, "content_base64 is not valid base64") from None
    with tempfile.TemporaryDirectory(prefix="summarize-api-") as folder:
        path = Path(folder) / "upload"
        path.write_bytes(data)
        return service.document_from_file(path, name=Path(name).name or "api file")


def keys_from(values: list[str] | None, environment: str | None) -> frozenset[str]:
    """API keys from ``--api-key`` options and ``SUMMARIZE_API_KEYS`` (comma-separated)."""
    keys = [*(values or []), *((environment or "").split(","))]
    return frozenset(k.strip() for k in keys if k and k.strip())
