"""Scaling of `deepshadows classify` on a Dask LocalCluster: 1 worker against 2 (one core each), and both against
the in-process `classify` (all cores in one TensorFlow), same run, same stack.

The stack is simulated DES cutouts (`simulate_dataset`, half LSBGs, half type-2 artifacts), generated once and
cached in chunks of 20,000 (the first 200,000-cutout run simulates for about half an hour on 2 cores, and resumes
if interrupted; later runs read the cache), and
saved as one .npy file that every run reads by memory map. Each cluster run starts its own LocalCluster, so the
times include starting the workers and loading the model in each, as a user's run would. Target: 2 workers at
least 1.7x as fast as 1 on 2 cores.

    python benchmarks/bench_cluster.py [--n 200000] [--partition-size 10000] [--model M.keras] [--note TEXT]

Writes benchmarks/results/bench_cluster.json.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from results_io import add_note_arg, write_results  # noqa: E402  (benchmarks/ is on sys.path when a script of it runs)

CHUNK = 20_000  # cutouts simulated (and cached) at a time, so an interrupted generation resumes

def stack(n, seed=1000):
    "A cached .npy stack of n simulated cutouts, made of simulated datasets of CHUNK cutouts (seeds seed, seed+1, ...)."
    from deepshadows.core import cache_root, write_atomic
    from deepshadows.simulate import simulate_dataset
    path = cache_root()/"benchmarks"/f"simulated-des-{n}-seed{seed}.npy"
    if not path.exists():
        sizes = [min(CHUNK, n - s) for s in range(0, n, CHUNK)]
        parts = [simulate_dataset((k + 1) // 2, survey="des", seed=seed + i, features=False).X[:k] for i, k in enumerate(sizes)]
        write_atomic(path, lambda f: np.save(f, np.concatenate(parts)))
    return path

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--partition-size", type=int, default=10_000)
    ap.add_argument("--model", default=None, help="a trained .keras model (default: an untrained DeepShadows; the cost is the same)")
    add_note_arg(ap)
    a = ap.parse_args()
    from deepshadows.classify import classify
    from deepshadows.cluster import classify_many
    X = stack(a.n)
    work = Path(tempfile.mkdtemp(prefix="bench_cluster_"))
    model = a.model
    if model is None:
        from deepshadows.model import build_deepshadows
        model = work/"m.keras"; build_deepshadows().save(model)
    try:
        t0 = time.perf_counter(); classify(X, model, work/"inprocess.csv", progress=False); t_in = time.perf_counter() - t0
        times = {}
        for w in (1, 2):
            out = work/f"w{w}.parquet"
            t0 = time.perf_counter()
            st = classify_many(X, model, out, n_workers=w, partition_size=a.partition_size, progress=False, log=lambda s: None)
            times[w] = time.perf_counter() - t0
            assert st["rows"] == a.n and st["computed"] == st["partitions"]
        res = dict(n=a.n, partition_size=a.partition_size, cpus=os.cpu_count(),
                   in_process=dict(seconds=t_in, images_per_s=a.n / t_in),
                   workers={w: dict(seconds=t, images_per_s=a.n / t, objects_per_hour_per_worker=a.n / t * 3600 / w)
                            for w, t in times.items()},
                   scaling_2_over_1=times[1] / times[2], two_workers_over_in_process=t_in / times[2])
        print(json.dumps(res, indent=1))
        print(f"in-process classify: {a.n / t_in:,.0f} images/s")
        for w, t in times.items():
            print(f"LocalCluster, {w} worker(s): {a.n / t:,.0f} images/s ({t:.1f} s, {a.n / t * 3600 / w:,.0f} objects/hour/worker)")
        print(f"scaling 2 workers / 1 worker: {times[1] / times[2]:.2f}x (target >= 1.7x)")
        print(f"2 workers / in-process: {t_in / times[2]:.2f}x")
        write_results("bench_cluster", dict(res, workers={str(w): v for w, v in res["workers"].items()}, target_scaling=1.7), a.note)
    finally: shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__": main()
