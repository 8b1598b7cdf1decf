"""The classification service: vLLM Semantic Router's API over routerkit's engine (``routerkit serve``)."""
