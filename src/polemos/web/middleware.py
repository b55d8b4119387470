"""ASGI layers around the API, outermost first: security headers on every answer, a catch-all
that turns any unexpected exception into a logged 500 in the one error shape, and a guard that
runs before a request's body is read.

The guard exists because FastAPI reads and parses a body before it resolves a route's
dependencies: a token checked only as a dependency let a stranger make the server read and parse
56 MB. So a route that depends on ``require_token`` has its token checked here, from the headers
alone (401/403 before 413); then a declared ``Content-Length`` over the limit is refused (413)
and a streamed body is counted as it arrives and cut at the limit.
"""
from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable, Sequence

from fastapi import HTTPException, Request
from fastapi.routing import APIRoute
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from polemos.web.errors import error_response

DEFAULT_MAX_BODY = 1 << 20  # 1 MiB: a correction is a few hundred bytes
log = logging.getLogger("polemos.web")


# --- the write token ----------------------------------------------------------------------------

def token_problem(expected: str | None, authorization: str) -> HTTPException | None:
    """Why a write is refused (403: writing disabled, 401: no or wrong token), or None."""
    if not expected:
        return HTTPException(403, "writing is disabled: start the server with --token (or $POLEMOS_TOKEN)")
    scheme, _, given = authorization.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        return HTTPException(401, "this needs a valid 'Authorization: Bearer <token>' header",
                             headers={"WWW-Authenticate": "Bearer"})
    return None


def require_token(request: Request) -> str:
    """Writes need ``Authorization: Bearer <token>``. Declared on a route, this marks it for the
    guard (which checks before the body is read); as a dependency it checks again, for any app
    assembled without the guard."""
    problem = token_problem(request.app.state.token, request.headers.get("authorization", ""))
    if problem is not None:
        raise problem
    return "token"


def needs_token(route: object) -> bool:
    return isinstance(route, APIRoute) and any(d.dependency is require_token for d in route.dependencies)


# --- the body limit -----------------------------------------------------------------------------

class BodyTooLarge(HTTPException):
    """Raised from ``receive`` inside a route: FastAPI re-raises HTTP exceptions met while reading
    a body, so this reaches the error handler and answers 413 in the one shape."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over the limit of {limit} bytes; send a smaller body "
                              "(a correction is a few hundred bytes)")


def capped(receive: Receive, limit: int) -> Receive:
    """``receive`` that counts body bytes and raises BodyTooLarge once past ``limit``."""
    seen = 0

    async def receive_capped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
        return message

    return receive_capped


def declared_length(scope: Scope) -> int | None:
    try:
        return int(Headers(scope=scope)["content-length"])
    except (KeyError, ValueError):
        return None


class RequestGuard:
    """The token (for the ``guarded`` routes), then the body's size — before the body is read.

    ``guarded`` are routes as the app serves them (full paths); each is matched on its own, as
    the app's router may nest included routers in ways that differ between FastAPI versions."""

    def __init__(self, app: ASGIApp, *, guarded: Sequence[BaseRoute], max_body: int) -> None:
        self.app, self.guarded_routes, self.max_body = app, tuple(guarded), max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self.refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, capped(receive, self.max_body), send)

    def refusal(self, scope: Scope) -> Response | None:
        if self.guarded(scope):
            problem = token_problem(scope["app"].state.token, Headers(scope=scope).get("authorization", ""))
            if problem is not None:
                return error_response(problem.status_code, None, problem.detail, headers=problem.headers)
        length = declared_length(scope)
        if length is not None and length > self.max_body:
            return error_response(413, None, BodyTooLarge(self.max_body).detail)
        return None

    def guarded(self, scope: Scope) -> bool:
        """Whether this request reaches a guarded route (a path whose method does not match reaches
        none: it gets its 405 from the router)."""
        return any(route.matches(scope)[0] is Match.FULL for route in self.guarded_routes)


# --- failures and headers -----------------------------------------------------------------------

class CatchAll:
    """Any exception the app did not handle: logged with its traceback (logger ``polemos.web``)
    and answered as a 500 in the one error shape; the answer never carries the exception's text."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_tracked)
        except Exception:
            log.exception("%s %s failed", scope.get("method"), scope.get("path"))
            if started:
                raise  # part of the answer is out: the server can only drop the connection
            answer = error_response(500, None, "the server failed on this request; the error is in its log")
            await answer(scope, receive, send)


class SecurityHeaders:
    """CSP (a route may set its own), nosniff, no referrer, no framing — on every answer."""

    def __init__(self, app: ASGIApp, *, csp: str) -> None:
        self.app, self.csp = app, csp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, self.adding_headers(send))

    def adding_headers(self, send: Send) -> Callable[[Message], Awaitable[None]]:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", self.csp)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "DENY"
            await send(message)

        return send_with_headers
