"""The HTTP application: JSON API over the store, the offline dashboard, strict security headers.

``create_app(db, token=..., allow_tiles=...)`` builds a FastAPI app. Reading is open; writing
(corrections) needs ``Authorization: Bearer <token>`` and is disabled when no token is set.
Every 4xx answer has one JSON shape: ``{"error": {"status", "code", "message", "details"}}``.
Every response carries a Content-Security-Policy with no inline script; the dashboard builds
its DOM with ``textContent`` only, so article text (untrusted) is never parsed as HTML.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from polemos.errors import PolemosError
from polemos.store.corrections import CorrectionError
from polemos.store.queries import open_store
from polemos.web.cache import TTLCache

TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILE_ORIGIN = "https://tile.openstreetmap.org"


def create_app(db: str | Path | None, *, token: str | None = None, allow_tiles: bool = False,
               cache_seconds: float = 60.0) -> FastAPI:
    from polemos import __version__
    from polemos.web.routes import router

    app = FastAPI(title="Polemos", version=__version__,
                  description="Sourced records of conflict events read from news: every fact tied to the words "
                              "of an article.", docs_url=None, redoc_url=None)
    app.state.store = open_store(db)
    app.state.token = token or None
    app.state.allow_tiles = allow_tiles
    app.state.csp = content_security_policy(allow_tiles=allow_tiles)
    app.state.cache = TTLCache(ttl=cache_seconds)
    app.include_router(router)
    static = Path(str(resources.files("polemos.web") / "static"))
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static / "index.html", media_type="text/html; charset=utf-8")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", app.state.csp)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(CorrectionError, _correction_error)
    app.add_exception_handler(PolemosError, _polemos_error)
    app.router.on_shutdown.append(app.state.store.close)
    return app


def content_security_policy(*, allow_tiles: bool) -> str:
    img = "'self' data:" + (f" {TILE_ORIGIN}" if allow_tiles else "")
    return ("default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src {img}; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'")


def error_body(status: int, code: str, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "details": details or []}}


def error_response(status: int, code: str, message: str, details: list[Any] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, details), status_code=status, headers=headers)


_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          409: "conflict", 413: "too_large", 422: "invalid_parameter"}


async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    details = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
               for e in exc.errors()]
    first = details[0] if details else {"where": "request", "problem": "invalid"}
    return error_response(422, "invalid_parameter", f"{first['where']}: {first['problem']}", details)


async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = _CODES.get(exc.status_code, "error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    return error_response(exc.status_code, code, message, headers=getattr(exc, "headers", None))


async def _correction_error(_request: Request, exc: CorrectionError) -> JSONResponse:
    return error_response(exc.status, _CODES.get(exc.status, "error"), str(exc))


async def _polemos_error(_request: Request, exc: PolemosError) -> JSONResponse:
    return error_response(400, "bad_request", str(exc))
