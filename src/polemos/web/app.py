"""The HTTP application: JSON API over the store, the offline dashboard, strict security headers.

``create_app(db, token=..., allow_tiles=..., max_body=...)`` builds a FastAPI app. Reading is
open; writing (corrections) needs ``Authorization: Bearer <token>`` and is disabled when no token
is set. The token is checked, and the request body capped at ``max_body`` bytes, before the body
is read (``polemos.web.middleware``). Every error answer has one JSON shape, ``{"error": {"status",
"code", "message", "details"}}``, with a status by error class (``polemos.web.errors``).
Every response carries a Content-Security-Policy with no inline script; the dashboard builds
its DOM with ``textContent`` only, so article text (untrusted) is never parsed as HTML.
"""
from __future__ import annotations

import gc
from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from polemos.store.queries import open_store
from polemos.web import errors
from polemos.web.cache import TTLCache
from polemos.web.middleware import DEFAULT_MAX_BODY, CatchAll, RequestGuard, SecurityHeaders, needs_token

TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILE_ORIGIN = "https://tile.openstreetmap.org"


def create_app(db: str | Path | None, *, token: str | None = None, allow_tiles: bool = False,
               cache_seconds: float = 60.0, max_body: int = DEFAULT_MAX_BODY) -> FastAPI:
    from polemos import __version__
    from polemos.web.routes import router

    app = FastAPI(title="Polemos", version=__version__,
                  description="Sourced records of conflict events read from news: every fact tied to the words "
                              "of an article.", docs_url=None, redoc_url=None,
                  default_response_class=errors.SafeJSONResponse)
    app.state.store = open_store(db)
    app.state.token = token or None
    app.state.allow_tiles = allow_tiles
    app.state.csp = content_security_policy(allow_tiles=allow_tiles)
    app.state.cache = TTLCache(ttl=cache_seconds)
    app.state.max_body = max_body
    app.include_router(router)  # no prefix: its routes' paths are the app's (RequestGuard matches them)
    static = Path(str(resources.files("polemos.web") / "static"))
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static / "index.html", media_type="text/html; charset=utf-8")

    # add_middleware puts each layer outside the ones added before it: headers, catch-all, guard
    guarded = [route for route in router.routes if needs_token(route)]
    app.add_middleware(RequestGuard, guarded=guarded, max_body=max_body)
    app.add_middleware(CatchAll)
    app.add_middleware(SecurityHeaders, csp=app.state.csp)
    errors.install(app)
    app.router.on_shutdown.append(app.state.store.close)
    return app


def freeze_startup_heap() -> None:
    """Leave what the server built before its first request (modules, routes, table metadata:
    some 100,000 objects) out of Python's full garbage collections. Otherwise a request that
    allocates much (the map's 5,000 markers) sets off a full collection over all of them every
    few requests, 80–120 ms each on the 1M-event benchmark: the map's p95 was those pauses, not
    its query. Called once by ``polemos serve`` (and the latency benchmark), after ``create_app``."""
    gc.collect()
    gc.freeze()


def content_security_policy(*, allow_tiles: bool) -> str:
    img = "'self' data:" + (f" {TILE_ORIGIN}" if allow_tiles else "")
    return ("default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src {img}; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'")
