"""Running the service on uvicorn: in the foreground (``routerkit serve``) or on a background thread
(tests, benchmarks) over a socket the caller already bound."""

from __future__ import annotations

import signal
import socket
import threading
import time

import uvicorn

from routerkit.serving.app import create_app
from routerkit.serving.config import ServeConfig


def uvicorn_config(app, config: ServeConfig, **extra) -> uvicorn.Config:
    return uvicorn.Config(app, host=config.host, port=config.port, log_config=None, access_log=False,
                          timeout_graceful_shutdown=config.graceful_shutdown_s, lifespan="on", **extra)


def serve(config: ServeConfig) -> int:
    """Serve until SIGINT / SIGTERM (in-flight requests finish first); 1 when the models failed to load."""
    app = create_app(config)
    server = uvicorn.Server(uvicorn_config(app, config))

    def stop() -> None:
        server.should_exit = True

    app.state.service.on_failure = stop
    # uvicorn stops gracefully on SIGINT / SIGTERM, then re-raises the signal to the handler it found;
    # these handlers take it quietly, so a graceful stop exits 0 (not -15, nor a KeyboardInterrupt)
    previous = {sig: signal.signal(sig, lambda *_: None) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 1 if app.state.service.state == "failed" else 0


class BackgroundServer:
    """A real uvicorn server on a free loopback port, on a thread: ``with BackgroundServer(config) as url: ...``."""

    def __init__(self, config: ServeConfig, app=None, ready_timeout: float = 120.0):
        self.app = app or create_app(config)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn_config(self.app, config.model_copy(update={"port": self.port})))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True, name="uvicorn")
        self.ready_timeout = ready_timeout

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + self.ready_timeout
        service = self.app.state.service
        while not (self.server.started and service.state != "starting"):
            if time.monotonic() > deadline or not self.thread.is_alive():
                self.__exit__()
                raise RuntimeError(f"the server did not start (state {service.state}: {service.error})")
            time.sleep(0.02)
        if service.state != "ready":
            self.__exit__()
            raise RuntimeError(f"the models did not load: {service.error}")
        return self.url

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.sock.close()
