"""routerkit: train, evaluate, export and serve the small classifiers a semantic router needs."""

__version__ = "0.1.0"
