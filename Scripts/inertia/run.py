import subprocess, json, sys, os, hashlib
HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, "cache.json")
_cache = json.load(open(CACHE)) if os.path.exists(CACHE) else {}


def sim(**kw):
    """Run ./sim with key=value args; returns dict(mean, se, naive, naive_se, d, N, sqv). Cached."""
    args = [f"{k}={v!r}" if isinstance(v, float) else f"{k}={v}" for k, v in sorted(kw.items())]
    key = " ".join(args)
    if key not in _cache:
        out = subprocess.run([os.path.join(HERE, "sim")] + args, capture_output=True, text=True, check=True).stdout.split()
        _cache[key] = dict(zip(["mean", "se", "naive", "naive_se", "d", "N", "sqv"], map(float, out)))
        json.dump(_cache, open(CACHE, "w"), indent=0)
    return _cache[key]
