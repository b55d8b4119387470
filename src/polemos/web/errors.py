"""How the web layer answers a failure: one JSON shape, one status per error class.

Every error answer is ``{"error": {"status", "code", "message", "details"}}``. A ``PolemosError``
gets the status of the most specific class in ``HTTP_STATUS`` (the only place that decides it);
FastAPI's validation errors are 422; anything unexpected is a 500 from
``polemos.web.middleware.catch_all``. JSON answers go through ``SafeJSONResponse`` so a NaN in a
stored document is written as null instead of failing the request.
"""
from __future__ import annotations

import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from polemos import errors
from polemos.store.corrections import CorrectionError

# The status of each error class; the most specific class listed wins. A CorrectionError names
# its own status (422 for a bad value, 404 for an event or figure that does not exist).
HTTP_STATUS: dict[type[errors.PolemosError], int] = {
    errors.PolemosError: 500,  # raised on purpose, but not the client's doing
    errors.InputError: 400,  # what the client sent cannot be read
    CorrectionError: 422,
    errors.StoreError: 503,  # the store cannot be read or written: the server's problem, retryable
    errors.PipelineError: 500,
    errors.DataFileError: 500,
    errors.ExtractionError: 500,
}
RETRY_AFTER_SECONDS = 5  # told to clients with a 503: a store that was down is worth asking again

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         409: "conflict", 413: "too_large", 422: "invalid_parameter", 500: "internal_error",
         503: "store_unavailable"}


class SafeJSONResponse(JSONResponse):
    """JSON with NaN and ±Infinity written as null: JSON has no such numbers, and a stored
    document may hold them. The fast path is the plain encoder; only a failing body is walked."""

    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except ValueError:  # "Out of range float values are not JSON compliant"
            return super().render(finite(content))


def finite(value: Any) -> Any:
    """``value`` with every non-finite float replaced by None, through dicts, lists and tuples."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def error_body(status: int, code: str, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "details": details or []}}


def error_response(status: int, code: str | None, message: str, details: list[Any] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    code = code or CODES.get(status, "error")
    return SafeJSONResponse(error_body(status, code, message, details), status_code=status, headers=headers)


def status_for(exc: errors.PolemosError) -> int:
    if isinstance(exc, CorrectionError):
        return exc.status
    return next(HTTP_STATUS[cls] for cls in type(exc).__mro__ if cls in HTTP_STATUS)


def install(app: FastAPI) -> None:
    """Register the handlers that turn exceptions into the one error shape."""
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(errors.PolemosError, _polemos_error)


async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    details = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
               for e in exc.errors()]
    first = details[0] if details else {"where": "request", "problem": "invalid"}
    return error_response(422, "invalid_parameter", f"{first['where']}: {first['problem']}", details)


async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = CODES.get(exc.status_code, "error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    return error_response(exc.status_code, code, message, headers=getattr(exc, "headers", None))


async def _polemos_error(_request: Request, exc: errors.PolemosError) -> JSONResponse:
    status = status_for(exc)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if status == 503 else None
    return error_response(status, None, str(exc), headers=headers)
