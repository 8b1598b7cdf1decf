"""The service's outer layer (plain ASGI): request id, body size limit, metrics and the access log.

Every body is JSON, whatever its Content-Type says (as upstream). The body is read here, up to the limit, before the app sees it: a body over the limit (by its
Content-Length, or by what actually arrives when the client streams it) is answered 413 at once.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from datetime import datetime, timezone

from routerkit.serving.observability import REQUEST_ID, Metrics

logger = logging.getLogger("routerkit.serving.access")
errors = logging.getLogger("routerkit.serving")

#: a client's X-Request-ID is echoed only if it looks like an id; anything else gets a fresh one
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:\-]{1,128}")
METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}


def error_body(code: str, message: str, request_id: str | None = None) -> dict:
    """Upstream's error shape: ``{"error": {"code", "message", "timestamp"}}`` (RFC 3339, UTC)."""
    body = {"code": code, "message": message, "timestamp": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    if request_id:
        body["request_id"] = request_id
    return {"error": body}


class ServiceMiddleware:
    def __init__(self, app, *, max_body_bytes: int, metrics: Metrics):
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.metrics = metrics

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        given = headers.get("x-request-id") or ""
        request_id = given if REQUEST_ID_PATTERN.fullmatch(given) else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        if "json" not in headers.get("content-type", ""):
            # upstream decodes every body as JSON, whatever its Content-Type (`curl -d` sends a form type)
            scope["headers"] = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-type"] + [(b"content-type", b"application/json")]
        started = time.perf_counter()
        status = {"code": 500, "started": False}

        async def send_with_id(message):
            if message["type"] == "http.response.start":
                status["code"], status["started"] = message["status"], True
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode("latin-1"))]
            await send(message)

        self.metrics.in_flight.inc()
        self.metrics.active += 1
        try:
            body = await self._read_body(headers, receive)
            if body is None:
                await self._too_large(send_with_id, request_id)
            else:
                await self.app(scope, _replay(body, receive), send_with_id)
        except Exception:  # a bug, never the client's input: logged once with the request id, answered in JSON
            errors.exception("unhandled error on %s %s", scope["method"], _printable(scope))
            self.metrics.errors.labels("CLASSIFICATION_ERROR").inc()
            if not status["started"]:
                await _send_json(send_with_id, 500, error_body("CLASSIFICATION_ERROR", "classification failed (see the server log)",
                                                               request_id))
        finally:
            self.metrics.in_flight.dec()
            self.metrics.active -= 1
            elapsed = time.perf_counter() - started
            route = scope.get("route")
            endpoint = getattr(route, "path", None) or "unmatched"
            method = scope["method"] if scope["method"] in METHODS else "other"
            self.metrics.requests.labels(method, endpoint, str(status["code"])).inc()
            self.metrics.latency.labels(endpoint).observe(elapsed)
            path = _printable(scope)
            logger.info("%s %s %d", scope["method"], path, status["code"],
                        extra={"method": scope["method"], "path": path, "status": status["code"],
                               "duration_ms": round(elapsed * 1000, 3),
                               "client": (scope.get("client") or ("", 0))[0]})
            REQUEST_ID.reset(token)

    async def _read_body(self, headers: dict, receive) -> bytes | None:
        """The whole body, or None when it is over the limit."""
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            return None
        chunks, total = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > self.max_body_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    async def _too_large(self, send, request_id: str) -> None:
        self.metrics.errors.labels("REQUEST_BODY_TOO_LARGE").inc()
        await _send_json(send, 413, error_body("REQUEST_BODY_TOO_LARGE", f"request body too large: exceeds {self.max_body_bytes} bytes",
                                               request_id), close=True)


def _printable(scope) -> str:
    """The path as the client sent it (percent-encoded: no control characters reach a log line)."""
    raw = scope.get("raw_path")
    return raw.decode("latin-1") if raw else scope["path"].encode("unicode_escape").decode("ascii")


async def _send_json(send, status: int, body: dict, close: bool = False) -> None:
    payload = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


def _replay(body: bytes, receive):
    """A receive() that gives the app the buffered body, then passes on what the server sends (disconnects)."""
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
