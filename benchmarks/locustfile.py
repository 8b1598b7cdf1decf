"""Locust client for benchmarks/serve_benchmark.py --client locust: each user posts the prompts in turn.

    locust -f benchmarks/locustfile.py --headless -u 16 -r 16 -t 30s --host http://127.0.0.1:8080
The endpoint comes from $ROUTERKIT_ENDPOINT (default /api/v1/classify/intent).
"""

import itertools
import os
import sys
from pathlib import Path

from locust import FastHttpUser, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_benchmark import PROMPTS, body_for  # noqa: E402

ENDPOINT = os.environ.get("ROUTERKIT_ENDPOINT", "/api/v1/classify/intent")
_start = itertools.count()


class RouterClient(FastHttpUser):
    def on_start(self):
        self.prompts = itertools.islice(itertools.cycle(PROMPTS), next(_start), None)

    @task
    def classify(self):
        self.client.post(ENDPOINT, json=body_for(ENDPOINT, next(self.prompts)), name=ENDPOINT)
