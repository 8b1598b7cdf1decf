"""The classification service: vLLM Semantic Router's classification API and its remote-classifier
protocol, over routerkit's engine, on FastAPI.

Endpoints (README "Serve" documents fields and every difference from upstream):

* ``POST /api/v1/classify/intent`` (category), ``/pii``, ``/security`` (jailbreak), ``/tool-intent``
  (intent, routerkit's own), ``/combined`` (every served signal; one encoder pass per model), ``/batch``;
* ``POST /classify`` and ``POST /<signal>/classify``: the remote-classifier protocol;
* ``GET /health``, ``/ready`` (503 until the models are loaded), ``/info/models``, ``/metrics``.
"""

from __future__ import annotations

import asyncio
import logging
import platform
import secrets
import sys
import time
import typing
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.exceptions import HTTPException as StarletteHTTPException

from routerkit import __version__
from routerkit.errors import ConfigError
from routerkit.serving import responses, schemas
from routerkit.serving.config import ServeConfig
from routerkit.serving.middleware import ServiceMiddleware, error_body
from routerkit.serving.observability import Metrics
from routerkit.serving.registry import SIGNALS, Assignment, Registry, plan

logger = logging.getLogger(__name__)

#: API name of each signal, as the classify endpoints and the combined / batch bodies call them
API_NAMES = {"category": "intent", "pii": "pii", "jailbreak": "security", "intent": "tool_intent"}
MODEL_TYPES = {"category": "intent_classification", "pii": "pii_detection", "jailbreak": "security_detection",
               "intent": "tool_intent_classification"}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class Service:
    """The loaded models and the service's state (starting -> ready, or failed)."""

    def __init__(self, config: ServeConfig, assignments: list[Assignment]):
        self.config = config
        self.metrics = Metrics()
        self.registry = Registry(config, assignments)
        self.state, self.error = "starting", None
        self.api_key = config.resolved_api_key()
        self.remote_signal = self._remote_signal(config, [a.signal for a in assignments])
        self.on_failure = None  # called when loading fails (the server stops)
        self._loading: asyncio.Task | None = None

    @staticmethod
    def _remote_signal(config: ServeConfig, served: list[str]) -> str | None:
        if config.remote_signal is not None:
            if config.remote_signal not in served:
                raise ConfigError(f"remote_signal {config.remote_signal!r} is not served (served: {', '.join(served)})")
            return config.remote_signal
        if "jailbreak" in served:
            return "jailbreak"
        return served[0] if len(served) == 1 else None

    @property
    def served(self) -> list[str]:
        return [a.signal for a in self.registry.assignments]

    async def start(self) -> None:
        self._loading = asyncio.create_task(self._load())

    async def _load(self) -> None:
        try:
            await asyncio.to_thread(self.registry.load, self.metrics.observe_batch, lambda: self.metrics.active)
            await self.registry.start()
        except Exception as exc:  # noqa: BLE001 - reported on /ready and in the log; the server stops
            self.state, self.error = "failed", f"{type(exc).__name__}: {exc}"
            logger.error("loading the models failed: %s", self.error)
            if self.on_failure is not None:
                self.on_failure()
            return
        self.state = "ready"
        self.metrics.models_loaded.set(len(self.registry.workers))
        logger.info("ready: %s", ", ".join(f"{a.signal} <- {a.model}" for a in self.registry.assignments))

    async def stop(self) -> None:
        if self._loading is not None and not self._loading.done():
            await asyncio.wait([self._loading])
        await self.registry.stop()

    # -- classification ---------------------------------------------------------------------------

    def check_ready(self) -> None:
        if self.state != "ready":
            raise ApiError(503, "MODELS_NOT_READY", "the models are still loading" if self.state == "starting"
                           else f"the models failed to load: {self.error}")

    def check_served(self, signal: str) -> None:
        if signal not in self.registry.signals:
            raise ApiError(404, "SIGNAL_NOT_SERVED", f"no model serves the {signal} signal here "
                           f"(served: {', '.join(self.served) or 'none'})")

    def check_text(self, text: str, where: str = "text") -> None:
        if not text.strip():
            raise ApiError(400, "INVALID_INPUT", f"{where} cannot be empty")
        limit = self.config.limits.max_text_chars
        if len(text) > limit:
            raise ApiError(400, "TEXT_TOO_LONG", f"{where} has {len(text)} characters; the limit is {limit} (limits.max_text_chars)")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ApiError(400, "INVALID_INPUT", f"{where} is not valid Unicode (a lone surrogate)") from None

    async def classify(self, texts: list[str], thresholds: dict[str, float | None]) -> dict[str, list]:
        """Per signal in ``thresholds``, one result per text; one engine job per model (all its heads at once).
        Callers check readiness and the texts first."""
        by_worker: dict[int, tuple] = {}
        for signal, threshold in thresholds.items():
            worker, head = self.registry.signals[signal]
            entry = by_worker.setdefault(id(worker), (worker, [], {}))
            entry[1].append((signal, head.name))
            if threshold:  # upstream: 0 / absent means "the model's own"
                entry[2][head.name] = threshold
        jobs = [worker.run(texts, [h for _, h in pairs], cuts) for worker, pairs, cuts in by_worker.values()]
        outputs = await asyncio.gather(*jobs)
        results = {}
        for (worker, pairs, _), output in zip(by_worker.values(), outputs):
            for signal, head in pairs:
                results[signal] = output[head]
        return results


# dependencies are coroutines: FastAPI would run plain functions on a thread pool, two thread hops a request
async def _service(request: Request) -> Service:
    return request.app.state.service


async def _authorise(request: Request) -> None:
    key = request.app.state.service.api_key
    if key is None:
        return
    given = request.headers.get("authorization", "")
    scheme, _, token = given.partition(" ")
    # Starlette decodes headers as latin-1: compare the bytes the client sent with the key's UTF-8 bytes
    if scheme.lower() != "bearer" or not secrets.compare_digest(token.strip().encode("latin-1"), key.encode("utf-8")):
        raise ApiError(401, "UNAUTHORIZED", "missing or invalid API key (Authorization: Bearer <key>)")


def _error(request: Request, status: int, code: str, message: str, headers: dict | None = None) -> JSONResponse:
    request.app.state.service.metrics.errors.labels(code).inc()
    request_id = getattr(request.state, "request_id", None) if status == 401 else None
    return JSONResponse(error_body(code, message, request_id), status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
    if first.get("type") == "json_invalid":
        return f"failed to parse JSON: {first.get('ctx', {}).get('error', first.get('msg'))}"
    if first.get("type") == "missing":
        return f"{where} field is required"
    return f"{where or 'body'}: {first.get('msg')}"


def create_app(config: ServeConfig, assignments: list[Assignment] | None = None) -> FastAPI:
    """The FastAPI app; models load in the background once it starts (``/ready`` says when)."""
    service = Service(config, assignments if assignments is not None else plan(config))

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await service.start()
        yield
        await service.stop()

    app = FastAPI(title="routerkit classification service", version=__version__, lifespan=lifespan,
                  description="vLLM Semantic Router's classification API on routerkit models", docs_url="/docs", redoc_url=None)
    app.state.service = service
    app.add_middleware(ServiceMiddleware, max_body_bytes=config.limits.max_body_bytes, metrics=service.metrics)
    _install_error_handlers(app)
    _add_operational_routes(app, service)
    _add_classify_routes(app)
    _add_remote_routes(app)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return _error(request, exc.status, exc.code, exc.message, headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        first = exc.errors()[0]
        if tuple(first.get("loc", ()))[-1:] == ("task_type",):  # upstream's own code and message
            given = first.get("input")
            return _error(request, 400, "INVALID_TASK_TYPE",
                          f"invalid task_type {given!r}. Supported values: {list(typing.get_args(schemas.TaskType))}")
        return _error(request, 400, "INVALID_INPUT", _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        codes = {404: ("NOT_FOUND", f"no such endpoint: {request.method} {request.url.path}"),
                 405: ("METHOD_NOT_ALLOWED", f"{request.method} is not allowed on {request.url.path}"),
                 400: ("INVALID_INPUT", str(exc.detail))}
        code, message = codes.get(exc.status_code, (f"HTTP_{exc.status_code}", str(exc.detail)))
        return _error(request, exc.status_code, code, message, getattr(exc, "headers", None))

    # any other exception is a bug: ServiceMiddleware answers it (500 CLASSIFICATION_ERROR, with the request id)


def _add_operational_routes(app: FastAPI, service: Service) -> None:
    @app.get("/health", tags=["operations"])
    async def health():
        return {"status": "healthy", "service": "classification-api"}

    @app.get("/ready", tags=["operations"])
    async def ready():
        body = {"status": service.state, "service": "classification-api", "ready": service.state == "ready",
                "ready_models": len(service.registry.workers) if service.state == "ready" else 0,
                "total_models": len(service.registry.models)}
        if service.error:
            body["message"] = service.error
        return JSONResponse(body, status_code=200 if service.state == "ready" else 503)

    @app.get("/info/models", tags=["operations"], dependencies=[Depends(_authorise)])
    async def info_models():
        models = []
        for a in service.registry.assignments:
            worker = service.registry.workers.get(a.model)
            metadata = {"head": a.head.name, "kind": a.head.kind, "model_type": _model_type(a.model),
                        "backbone": (worker.classifier.metadata.get("backbone") if worker else "") or "",
                        "backend": worker.classifier.backend.name if worker else (service.config.backend or "auto"),
                        "max_length": worker.classifier.max_length if worker else ""}
            if a.head.threshold is not None:
                metadata["threshold"] = f"{a.head.threshold:.4f}"
            models.append({"name": SIGNALS[a.signal].model_name, "type": MODEL_TYPES[a.signal], "loaded": worker is not None,
                           "state": "ready" if worker is not None and service.state == "ready" else "initializing",
                           "model_path": str(a.model), "categories": list(a.head.labels),
                           "metadata": {k: str(v) for k, v in metadata.items()}})
        loaded = len(service.registry.workers) if service.state == "ready" else 0
        return {"models": models,
                "summary": {"ready": service.state == "ready", "loaded_models": loaded, "total_models": len(service.registry.models),
                            "phase": service.state},
                "system": {"python_version": platform.python_version(), "architecture": platform.machine(), "os": sys.platform,
                           "memory_usage": _memory_usage(), "gpu_available": _gpu_available(), "routerkit_version": __version__}}

    @app.get("/metrics", tags=["operations"])
    async def metrics():
        return Response(generate_latest(service.metrics.registry), media_type=CONTENT_TYPE_LATEST)


def _model_type(directory: Path) -> str:
    import json

    try:
        return str(json.loads((directory / "config.json").read_text(encoding="utf-8")).get("model_type", ""))
    except (OSError, ValueError, AttributeError):
        return ""


def _memory_usage() -> str:
    try:
        import resource

        return f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.2f} MB"  # peak resident size
    except (ImportError, OSError):  # pragma: no cover
        return "unknown"


def _gpu_available() -> bool:
    torch = sys.modules.get("torch")
    return bool(torch is not None and torch.cuda.is_available())


def _docs(model) -> dict:
    """OpenAPI: the success body, and the error body of every refusal (handlers return JSON directly)."""
    errors = {400: "invalid input", 401: "missing or wrong API key", 404: "signal not served", 413: "body too large",
              503: "models still loading"}
    return {200: {"model": model}, **{code: {"model": schemas.ErrorResponse, "description": text} for code, text in errors.items()}}


def _add_classify_routes(app: FastAPI) -> None:
    auth = [Depends(_authorise)]

    async def one(service: Service, signal: str, text: str, threshold: float | None = None):
        service.check_ready()
        service.check_served(signal)
        service.check_text(text)
        return (await service.classify([text], {signal: threshold}))[signal][0]

    def sequence_route(path: str, signal: str, summary: str) -> None:
        @app.post(path, tags=["classify"], dependencies=auth, responses=_docs(schemas.IntentResponse), summary=summary,
                  name=f"classify_{signal}")
        async def classify_sequence(body: schemas.IntentRequest, service: Service = Depends(_service)):
            started = time.perf_counter()
            result = await one(service, signal, body.text)
            return JSONResponse(responses.intent(result, body.options, time.perf_counter() - started))

    sequence_route("/api/v1/classify/intent", "category", "category (upstream calls domain routing 'intent')")
    sequence_route("/api/v1/classify/tool-intent", "intent", "the request's tool-use category (routerkit; not upstream)")

    @app.post("/api/v1/classify/pii", tags=["classify"], dependencies=auth, responses=_docs(schemas.PIIResponse))
    async def classify_pii(body: schemas.PIIRequest, service: Service = Depends(_service)):
        started = time.perf_counter()
        result = await one(service, "pii", body.text, body.options.confidence_threshold if body.options else None)
        return JSONResponse(responses.pii(result, body.text, body.options, time.perf_counter() - started))

    @app.post("/api/v1/classify/security", tags=["classify"], dependencies=auth, responses=_docs(schemas.SecurityResponse),
              summary="jailbreak")
    async def classify_security(body: schemas.SecurityRequest, service: Service = Depends(_service)):
        started = time.perf_counter()
        result = await one(service, "jailbreak", body.text)
        return JSONResponse(responses.security(result, body.options, time.perf_counter() - started))

    @app.post("/api/v1/classify/combined", tags=["classify"], dependencies=auth, responses=_docs(schemas.CombinedResponse),
              summary="every served signal for one text (one encoder pass per model)")
    async def classify_combined(body: schemas.CombinedRequest, service: Service = Depends(_service)):
        started = time.perf_counter()
        service.check_ready()
        service.check_text(body.text)
        pii_cut = body.pii_options.confidence_threshold if body.pii_options else None
        results = await service.classify([body.text], {s: (pii_cut if s == "pii" else None) for s in service.served})
        elapsed = time.perf_counter() - started
        return JSONResponse({**_signal_bodies(results, 0, body.text, elapsed, intent=body.intent_options, pii=body.pii_options,
                                              security=body.security_options, tool_intent=body.tool_intent_options),
                             "processing_time_ms": round(elapsed * 1000, 3)})

    @app.post("/api/v1/classify/batch", tags=["classify"], dependencies=auth, responses=_docs(schemas.BatchResponse))
    async def classify_batch(body: schemas.BatchRequest, service: Service = Depends(_service)):
        started = time.perf_counter()
        service.check_ready()
        if not body.texts:
            raise ApiError(400, "INVALID_INPUT", "texts array cannot be empty")
        limit = service.config.limits.max_batch_texts
        if len(body.texts) > limit:
            raise ApiError(400, "BATCH_TOO_LARGE", f"{len(body.texts)} texts; the limit is {limit} (limits.max_batch_texts)")
        for i, text in enumerate(body.texts):
            service.check_text(text, f"texts[{i}]")
        total, most = sum(map(len, body.texts)), service.config.limits.max_request_chars
        if total > most:
            raise ApiError(400, "BATCH_TOO_LARGE", f"the texts hold {total} characters; the limit is {most} (limits.max_request_chars)")
        signals = _batch_signals(service, body.task_type)
        results = await service.classify(body.texts, {s: None for s in signals})
        elapsed = time.perf_counter() - started
        each = elapsed / len(body.texts)
        options = body.options or schemas.IntentOptions()
        lead = signals[0]
        items = []
        for i, text in enumerate(body.texts):
            item = responses.batch_summary(service.registry.signals[lead][1].kind, results[lead][i], each, options.return_probabilities)
            if body.task_type == "all":
                item.update(_signal_bodies(results, i, text, each, intent=options))
            items.append(item)
        return JSONResponse({"results": items, "total_count": len(items), "processing_time_ms": round(elapsed * 1000, 3),
                             "statistics": responses.statistics(items)})


TASK_SIGNALS = {"intent": "category", "pii": "pii", "security": "jailbreak", "tool-intent": "intent"}


def _batch_signals(service: Service, task_type: str) -> list[str]:
    """The signals a batch reads; the first gives each item's category / confidence."""
    if task_type == "all":
        order = sorted(service.served, key=lambda s: s != "category")  # category leads when served, as upstream
        return order
    signal = TASK_SIGNALS[task_type]
    if signal not in service.registry.signals:
        raise ApiError(400, "INVALID_TASK_TYPE", f"task_type {task_type!r}: no model serves the {signal} signal here "
                       f"(served: {', '.join(service.served)})")
    return [signal]


def _signal_bodies(results: dict, i: int, text: str, seconds: float, **options) -> dict:
    """Each served signal's full response for text ``i``, under its API name (intent, pii, security, tool_intent)."""
    bodies = {}
    for signal, per_text in results.items():
        name = API_NAMES[signal]
        result = per_text[i]
        if signal == "pii":
            bodies[name] = responses.pii(result, text, options.get("pii"), seconds)
        elif signal == "jailbreak":
            bodies[name] = responses.security(result, options.get("security"), seconds)
        else:
            bodies[name] = responses.intent(result, options.get(name), seconds)
    return bodies


def _add_remote_routes(app: FastAPI) -> None:
    auth = [Depends(_authorise)]

    async def remote(service: Service, signal: str, text: str):
        service.check_ready()
        service.check_served(signal)
        service.check_text(text, "inputs")
        result = (await service.classify([text], {signal: None}))[signal][0]
        if signal == "pii":
            worker, _ = service.registry.signals[signal]
            return JSONResponse(responses.spans(result, Path(str(worker.classifier.path or worker.name)).name))
        return JSONResponse(responses.label_scores(result))

    remote_docs = _docs(list[schemas.LabelScore] | schemas.SpansResponse)

    @app.post("/classify", tags=["remote classifier"], dependencies=auth, responses=remote_docs,
              summary="the router's remote-classifier protocol, for the default signal (remote_signal)")
    async def classify_default(body: schemas.RemoteRequest, service: Service = Depends(_service)):
        if service.remote_signal is None:
            raise ApiError(404, "SIGNAL_NOT_SERVED", f"several signals are served ({', '.join(service.served)}); "
                           "call POST /<signal>/classify or set remote_signal")
        return await remote(service, service.remote_signal, body.inputs)

    @app.post("/{signal}/classify", tags=["remote classifier"], dependencies=auth, responses=remote_docs,
              summary="the router's remote-classifier protocol, for one signal (category, pii, jailbreak, intent)")
    async def classify_signal(signal: str, body: schemas.RemoteRequest, service: Service = Depends(_service)):
        if signal not in SIGNALS:
            raise ApiError(404, "NOT_FOUND", f"no such signal {signal!r}; expected one of {', '.join(SIGNALS)}")
        return await remote(service, signal, body.inputs)

