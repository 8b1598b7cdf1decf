"""Prometheus metrics (one registry per app) and structured JSON logs carrying the request id."""

from __future__ import annotations

import contextvars
import json
import logging
import time

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256)


class Metrics:
    """What /metrics exposes: requests by endpoint and status, latency per endpoint, engine batch sizes, errors by code."""

    def __init__(self):
        self.registry = CollectorRegistry()
        self.requests = Counter("routerkit_requests_total", "HTTP requests", ["method", "endpoint", "status"], registry=self.registry)
        self.latency = Histogram("routerkit_request_duration_seconds", "HTTP request latency", ["endpoint"],
                                 buckets=LATENCY_BUCKETS, registry=self.registry)
        self.errors = Counter("routerkit_errors_total", "error responses by error code", ["code"], registry=self.registry)
        self.batch_texts = Histogram("routerkit_engine_batch_texts", "texts per engine call", ["model"],
                                     buckets=BATCH_BUCKETS, registry=self.registry)
        self.batch_requests = Histogram("routerkit_engine_batch_requests", "requests grouped into one engine call", ["model"],
                                        buckets=BATCH_BUCKETS, registry=self.registry)
        self.in_flight = Gauge("routerkit_requests_in_flight", "requests being answered", registry=self.registry)
        #: HTTP requests being answered now (a plain count the batcher reads: company may be coming)
        self.active = 0
        self.models_loaded = Gauge("routerkit_models_loaded", "models loaded and serving", registry=self.registry)

    def observe_batch(self, model: str, texts: int, requests: int) -> None:
        self.batch_texts.labels(model).observe(texts)
        self.batch_requests.labels(model).observe(requests)


_RECORD_FIELDS = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, and any ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
                 "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        request_id = REQUEST_ID.get()
        if request_id:
            entry["request_id"] = request_id
        entry.update({k: v for k, v in vars(record).items() if k not in _RECORD_FIELDS and not k.startswith("_")})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(fmt: str, level: str = "INFO") -> None:
    """Route every logger (routerkit's, uvicorn's) through one handler in the chosen format."""
    handler = logging.StreamHandler()
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
