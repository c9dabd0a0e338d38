"""pydash.objects.get / set_ over dotted paths (the subset azure-ai-ml uses)."""


def _parts(path):
    return path if isinstance(path, (list, tuple)) else str(path).split(".")


def get(obj, path, default=None):
    cur = obj
    for p in _parts(path):
        if isinstance(cur, dict) and p in cur:
            cur = cur[p]
        elif isinstance(cur, (list, tuple)) and p.isdigit() and int(p) < len(cur):
            cur = cur[int(p)]
        elif hasattr(cur, p):
            cur = getattr(cur, p)
        else:
            return default
    return cur


def set_(obj, path, value):
    parts = _parts(path)
    cur = obj
    for p in parts[:-1]:
        if isinstance(cur, dict):
            cur = cur.setdefault(p, {})
        else:
            if getattr(cur, p, None) is None:
                setattr(cur, p, {})
            cur = getattr(cur, p)
    if isinstance(cur, dict):
        cur[parts[-1]] = value
    else:
        setattr(cur, parts[-1], value)
    return obj
