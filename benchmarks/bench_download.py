"""Benchmark: the paper's one-request-at-a-time cutout loop against `fetch_cutouts`.

Both run against the local fake viewer (`deepshadows.testing.FakeViewer`) with a fixed latency per
request and a fraction of objects whose first request fails (HTTP 503 or a dropped connection), so
the comparison needs no network and the same objects misbehave in both runs.

    python benchmarks/bench_download.py [--n 200] [--latency 0.1] [--flaky 0.05] [--workers 16] [--note TEXT]

Writes benchmarks/results/bench_download.json.
"""
import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import requests
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
from results_io import add_note_arg, write_results  # noqa: E402  (benchmarks/ is on sys.path when a script of it runs)
from deepshadows.cutouts import cutout_url, fetch_cutouts
from deepshadows.testing import FakeViewer


def fetch_serial(ra, dec, layer="des-dr1", zoom=15, base_url=None, size=64):
    "The original approach: one request at a time, no session, no retries; returns (X, number lost)."
    X, lost = np.zeros((len(ra), size, size, 3), dtype=np.uint8), 0
    for i, (r, d) in enumerate(zip(ra, dec)):
        try:
            resp = requests.get(cutout_url(r, d, layer=layer, zoom=zoom, base_url=base_url), timeout=30)
            resp.raise_for_status()
            X[i] = np.asarray(Image.open(io.BytesIO(resp.content)).convert("RGB").resize((size, size), Image.Resampling.NEAREST))
        except Exception:
            lost += 1
    return X, lost


def catalog(n, seed=0):
    "n random coordinates in the DES footprint's dec range."
    rng = np.random.default_rng(seed)
    return rng.uniform(0, 360, n), rng.uniform(-60, 0, n)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=200, help="objects to fetch")
    p.add_argument("--latency", type=float, default=0.1, help="server latency per request, seconds")
    p.add_argument("--flaky", type=float, default=0.05, help="fraction of objects whose first request fails")
    p.add_argument("--workers", type=int, default=None, help="fetch_cutouts workers (default: its own default)")
    add_note_arg(p)
    a = p.parse_args(argv)
    ra, dec = catalog(a.n)
    kw = {} if a.workers is None else dict(workers=a.workers)
    with FakeViewer(latency=a.latency, flaky=a.flaky) as v, tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter(); Xs, lost = fetch_serial(ra, dec, base_url=v.url); ts = time.perf_counter() - t0
        serial_requests = v.requests; v.reset()
        t0 = time.perf_counter()
        X, st = fetch_cutouts(ra, dec, cache_dir=d, base_url=v.url, progress=False, **kw)
        tp = time.perf_counter() - t0
        ok = int((st.status == "ok").sum())
        print(f"server: {a.latency * 1000:.0f} ms latency per request, {a.flaky:.0%} of objects fail their first request")
        print(f"serial loop    : {a.n / ts:7.1f} cutouts/s ({ts:6.2f} s, {serial_requests} requests), lost {lost} of {a.n}")
        print(f"fetch_cutouts  : {a.n / tp:7.1f} cutouts/s ({tp:6.2f} s, {v.requests} requests, "
              f"{int((st.attempts > 1).sum())} objects retried), ok {ok} of {a.n}")
        print(f"speed-up       : {ts / tp:.1f}x")
        good = st.status.eq("ok").to_numpy() & Xs.any(axis=(1, 2, 3))
        assert ok == a.n, f"fetch_cutouts lost {a.n - ok} cutouts"
        assert (X[good] == Xs[good]).all(), "the two methods disagree on a cutout"
        print("nothing lost by fetch_cutouts; its cutouts equal the serial loop's where both have one")
        write_results("bench_download", dict(
            n=a.n, latency_s=a.latency, flaky=a.flaky, workers=a.workers,
            serial=dict(cutouts_per_s=a.n / ts, seconds=ts, requests=serial_requests, lost=lost),
            fetch_cutouts=dict(cutouts_per_s=a.n / tp, seconds=tp, requests=v.requests, retried=int((st.attempts > 1).sum()),
                               lost=a.n - ok),
            speed_up=ts / tp), a.note)


if __name__ == "__main__":
    main()
