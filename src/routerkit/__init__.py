"""routerkit: train, evaluate, export and serve the small classifiers a semantic router needs."""

__version__ = "0.1.0"


def load(path, backend=None, **options):
    """A classifier for any routerkit model directory or export (see :func:`routerkit.inference.engine.load`)."""
    from routerkit.inference.engine import load as _load

    return _load(path, backend, **options)
