"""Minimal stand-in for the 'pydash' package, which Debian's python3-azure
(azure-ai-ml 1.4.0) imports but does not ship: only what azure-ai-ml calls."""
from . import objects  # noqa: F401  (azure.ai.ml does 'from pydash import objects')


def get(obj, path, default=None):
    return objects.get(obj, path, default)


def omit(obj, *keys):
    flat = []
    for k in keys:
        flat.extend(k if isinstance(k, (list, tuple, set)) else [k])
    return {k: v for k, v in obj.items() if k not in flat}
