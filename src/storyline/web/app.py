"""The web workbench: FastAPI routes, each HTML page with its JSON twin, token and CSP guards."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
import threading
import webbrowser
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyline import __version__
from storyline.corrections import CorrectionError, correct, merge_stories, undo_correction
from storyline.errors import ConfigError, StorylineError
from storyline.search import search
from storyline.store import open_store
from storyline.store.base import Store
from storyline.web import render
from storyline.web.views import IndexCache, NotFound, Workbench

HERE = Path(__file__).resolve().parent
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
TOKEN_COOKIE = "storyline_token"
SESSION_COOKIE = "storyline_session"
# Sec-Fetch-Site values a browser sends for a form the workbench itself served.
SAME_SITE = ("same-origin", "none")


class _StoreHolder:
    """One store connection per serving thread (SQLite connections belong to the thread that
    opened them), all sharing one cache of what the pages read."""

    def __init__(self, store_url: str) -> None:
        self.store_url = store_url
        self.cache = IndexCache()
        self._local = threading.local()

    @property
    def store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.store_url)
        return store

    @property
    def workbench(self) -> Workbench:
        return Workbench(self.store, self.cache)

    def close(self) -> None:
        store = getattr(self._local, "store", None)
        if store is not None:
            store.close()
            self._local.store = None


def _wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json")


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"ok": False, "error": message}, status_code=status)
    html = render.page("error.html", {"status": status, "message": message, "request": request})
    return HTMLResponse(html, status_code=status)


def _token_ok(request: Request, token: str) -> bool:
    given = request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE) or ""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        given = header[7:].strip()
    return hmac.compare_digest(given.encode(), token.encode())


def _csrf_for(secret: bytes, session: str) -> str:
    """The form token of one browser session: only a page this server rendered knows it."""
    return hmac.new(secret, session.encode(), hashlib.sha256).hexdigest()


def _cross_site(request: Request) -> str | None:
    """Why a state-changing request looks cross-site (another origin posting here), or None.

    Sec-Fetch-Site, which browsers set and pages cannot, decides where present; otherwise an
    Origin naming another host does. (Under this app's no-referrer policy a browser's own form
    posts carry 'Origin: null', so that alone says nothing; the form token still must match.)
    """
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site:
        return None if fetch_site in SAME_SITE else f"a {fetch_site} request"
    origin = request.headers.get("origin")
    if origin and origin != "null" and origin.split("://", 1)[-1] != request.headers.get("host"):
        return f"a request from {origin}"
    return None


def _field(form: dict[str, list[str]], name: str) -> str:
    """A form field's first value, '' when absent."""
    return (form.get(name) or [""])[0]


def _safe_next(value: str | None, fallback: str) -> str:
    """Where a form sends the browser back to: a path on this server only."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return fallback


def create_app(store_url: str, token: str | None = None) -> Any:
    """The workbench over one store; with `token`, every request must carry it."""
    holder = _StoreHolder(store_url)
    secret = secrets.token_bytes(32)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        holder.close()

    app = FastAPI(
        lifespan=lifespan,
        title="storyline",
        version=__version__,
        description="Stories, claims, attribution and provenance across languages. Every HTML "
        'page has a JSON twin ending in .json; errors there are {"ok": false, "error": …}.',
        docs_url=None,
        redoc_url=None,
    )
    app.state.holder = holder
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        if token is not None and not _token_ok(request, token):
            response = _error(
                request,
                401,
                "this workbench needs its token: send "
                "'Authorization: Bearer TOKEN' or add ?token=TOKEN",
            )
        else:
            response = await call_next(request)
            if token is not None and request.query_params.get("token") == token:
                # Links inside the pages carry no token, so the browser keeps it in a cookie.
                response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        message = "no such page" if error.status_code == 404 else str(error.detail)
        return _error(request, error.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        return _error(request, 422, f"bad request: {problems}")

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        return _error(request, 404, str(error))

    @app.exception_handler(StorylineError)
    async def storyline_error(request: Request, error: StorylineError) -> Response:
        return _error(request, 500, str(error))

    def html(request: Request, template: str, data: dict[str, Any]) -> HTMLResponse:
        session = request.cookies.get(SESSION_COOKIE) or secrets.token_hex(16)
        context = {
            **data,
            "request": request,
            "csrf": _csrf_for(secret, session),
            "here": request.url.path,
        }
        response = HTMLResponse(render.page(template, context))
        if request.cookies.get(SESSION_COOKIE) != session:
            response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict")
        return response

    def refuse_cross_site(request: Request) -> None:
        why = _cross_site(request)
        if why:
            raise Forbidden(f"corrections are refused from other sites ({why})")

    async def checked_form(request: Request) -> dict[str, list[str]]:
        """The posted form of a workbench page (each field's values in order), after the
        cross-site and form-token checks."""
        refuse_cross_site(request)
        kind = request.headers.get("content-type", "").split(";")[0].strip()
        if kind != "application/x-www-form-urlencoded":
            raise BadInput("post the workbench's own form (application/x-www-form-urlencoded)")
        form = parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
        session = request.cookies.get(SESSION_COOKIE) or ""
        given = _field(form, "csrf")
        if not session or not hmac.compare_digest(given, _csrf_for(secret, session)):
            raise Forbidden(
                "this form's token is missing or stale: reload the page and submit it again"
            )
        return form

    async def checked_json(request: Request) -> dict[str, Any]:
        """A JSON body; browsers cannot send one cross-site without a preflight we never allow."""
        refuse_cross_site(request)
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            raise Forbidden("send the correction as a JSON body with Content-Type application/json")
        try:
            body = await request.json()
        except ValueError as error:
            raise BadInput(f"the body is not JSON: {error}") from error
        if not isinstance(body, dict):
            raise BadInput('the body must be a JSON object such as {"kind": …, "args": […]}')
        return body

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Forbidden) -> Response:
        return _error(request, 403, str(error))

    @app.exception_handler(BadInput)
    async def bad_input(request: Request, error: BadInput) -> Response:
        return _error(request, 400, str(error))

    @app.exception_handler(CorrectionError)
    async def bad_correction(request: Request, error: CorrectionError) -> Response:
        return _error(request, 400, str(error))

    @app.get("/", include_in_schema=False)
    async def home(request: Request) -> Response:
        return html(request, "stories.html", holder.workbench.stories_page())

    @app.get("/stories.json", summary="Every story with size, languages, dates, contested count")
    async def stories_json() -> dict[str, Any]:
        """`stories`: id, title, article_ids, size, languages, date_span [first, last],
        assertions, contested (assertions one article denies while another carries them);
        `articles`: every article's summary (id, title, outlet, language, published, flags);
        `notice`: why `stories` is empty, when it is."""
        return holder.workbench.stories_page()

    @app.get("/stories", include_in_schema=False)
    async def stories(request: Request) -> Response:
        return html(request, "stories.html", holder.workbench.stories_page())

    @app.get("/stories/{story_id}.json", summary="One story: timeline, matrix, provenance, flags")
    async def story_json(story_id: str) -> dict[str, Any]:
        """`story` (with `events`: date, precision, label); `articles`; `matrix` (`articles`
        as columns, `rows` of assertions whose `cells` hold the article's stance, `kind`
        (supports / denies / reports / hedged), `denied_by` chains and `claims`, each claim with
        its `attribution` chain and `voice`); `provenance` (`nodes`, `edges` in the direction
        information flowed); `flags` (kind, evidence); `comparisons` (pairs worth reading side
        by side); `reports_per_day` (date, language, count). A story id prefix is enough."""
        return holder.workbench.story_page(story_id)

    @app.get("/stories/{story_id}", include_in_schema=False)
    async def story(request: Request, story_id: str) -> Response:
        return html(request, "story.html", holder.workbench.story_page(story_id))

    @app.get("/articles/{article_id}.json", summary="One article with its claims and provenance")
    async def article_json(article_id: str) -> dict[str, Any]:
        """`article` (text and metadata, with `outlet_source` and `published` saying where
        each came from); `claims` (export-contract claims); `entities` (mentions with offsets
        and roles); `highlights` (the text cut into segments with the annotation kinds over
        each); `relations` (per kind and other article: count, best score); `story_id`."""
        return holder.workbench.article_page(article_id)

    @app.get("/articles/{article_id}", include_in_schema=False)
    async def article(request: Request, article_id: str) -> Response:
        return html(request, "article.html", holder.workbench.article_page(article_id))

    @app.get("/compare/{left_id}/{right_id}.json", summary="Two articles' aligned sentences")
    async def compare_json(left_id: str, right_id: str) -> dict[str, Any]:
        """`pairs` of aligned sentences ([start, end] in each text, with `left_segments` and
        `right_segments` marking drift); `drift` findings (aspect, from/to value, text, span);
        `basis` (where the pairs came from); `notice` when there are none."""
        return holder.workbench.compare_page(left_id, right_id)

    @app.get("/compare/{left_id}/{right_id}", include_in_schema=False)
    async def compare(request: Request, left_id: str, right_id: str) -> Response:
        return html(request, "compare.html", holder.workbench.compare_page(left_id, right_id))

    def search_page(q: str) -> dict[str, Any]:
        hits = search(holder.store, q)
        return {
            "ok": True,
            "query": q,
            "hits": [hit.as_dict() for hit in hits],
            "stories": holder.workbench.stories_of(hit.article_id for hit in hits),
        }

    @app.get("/search.json", summary="Full-text search over titles, text, sources and entities")
    async def search_json(q: str = Query(..., min_length=1)) -> dict[str, Any]:
        """`hits`: articles matching every word (article_id, title, outlet, language,
        snippet, match [start, end] in the snippet, field, rank, story_id), best first;
        `stories`: the stories holding them, with how many of their articles match."""
        return search_page(q)

    @app.get("/search", include_in_schema=False)
    async def search_html(request: Request, q: str = "") -> Response:
        data = search_page(q) if q.strip() else {"ok": True, "query": "", "hits": [], "stories": []}
        return html(request, "search.html", data)

    def corrections_page() -> dict[str, Any]:
        return {"ok": True, "corrections": holder.workbench.corrections()}

    @app.get("/corrections.json", summary="Every correction, newest first")
    async def corrections_json() -> dict[str, Any]:
        """`corrections`: id, field, target, machine_value, value, by, at, reason, state
        (active / undone / superseded), ended_at, and `where` (the page of what it corrects).
        POST here a JSON body {kind, args, reason, by} to record one (the words of
        `storyline correct`); POST /corrections/{id}/undo.json to undo one."""
        return corrections_page()

    @app.get("/corrections", include_in_schema=False)
    async def corrections_html(request: Request) -> Response:
        return html(request, "corrections.html", corrections_page())

    def record(kind: str, args: list[str], by: str, reason: str) -> dict[str, Any]:
        correction = correct(holder.store, kind, args, by or "analyst", reason)
        return correction.as_record()

    @app.post("/corrections.json", summary="Record a correction")
    async def correct_json(request: Request) -> dict[str, Any]:
        """Body `{kind, args, reason, by}`: `args` are the words of `storyline correct KIND …`
        (e.g. `{"kind": "title", "args": ["a-…", "New title"]}`); answers `correction` (id,
        field, target, machine_value, value, by, at, reason, state). Content-Type must be
        `application/json`; requests from other sites are refused."""
        body = await checked_json(request)
        args = body.get("args")
        if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
            raise BadInput('"args" must be a list of strings, e.g. ["ARTICLE", "New title"]')
        made = record(
            str(body.get("kind") or ""),
            args,
            str(body.get("by") or ""),
            str(body.get("reason") or ""),
        )
        return {"ok": True, "correction": made}

    @app.post("/corrections", include_in_schema=False)
    async def correct_form(request: Request) -> Response:
        form = await checked_form(request)
        kind, by, reason = (_field(form, name) for name in ("kind", "by", "reason"))
        record(kind, form.get("arg", []), by, reason)
        return RedirectResponse(_safe_next(_field(form, "next"), "/corrections"), 303)

    @app.post("/corrections/{correction_id}/undo.json", summary="Undo a correction")
    async def undo_json(request: Request, correction_id: str) -> dict[str, Any]:
        """Body `{}` (as `application/json`): puts the machine's value back; answers the
        `correction` with `state` undone."""
        await checked_json(request)
        return {"ok": True, "correction": undo_correction(holder.store, correction_id).as_record()}

    @app.post("/corrections/{correction_id}/undo", include_in_schema=False)
    async def undo_form(request: Request, correction_id: str) -> Response:
        form = await checked_form(request)
        undo_correction(holder.store, correction_id)
        return RedirectResponse(_safe_next(_field(form, "next"), "/corrections"), 303)

    @app.post("/stories/{story_id}/merge", include_in_schema=False)
    async def merge_form(request: Request, story_id: str) -> Response:
        form = await checked_form(request)
        into, by, reason = (_field(form, name) for name in ("into", "by", "reason"))
        merge_stories(holder.store, story_id, into, by or "analyst", reason)
        return RedirectResponse(f"/stories/{quote(into)}", 303)

    return app


class Forbidden(StorylineError):
    """A state-changing request the workbench refuses (cross-site, or without its form token)."""


class BadInput(StorylineError):
    """A request body the workbench cannot read."""


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    store_url: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    open_browser: bool = False,
) -> None:
    """Serve the workbench until interrupted; off the loopback address a token is required
    (given here or in STORYLINE_TOKEN)."""
    import uvicorn

    token = token or os.environ.get("STORYLINE_TOKEN") or None
    if not _loopback(host) and not token:
        raise ConfigError(
            f"serving on {host} lets other machines read the store: give --token TOKEN "
            "(or set STORYLINE_TOKEN), or bind 127.0.0.1"
        )
    open_store(store_url).close()  # fail now, with the store's own message, not on first request
    app = create_app(store_url, token)
    if open_browser:
        address = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
        if token:
            address += f"?token={token}"
        threading.Timer(1.0, webbrowser.open, args=(address,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")
