"""Inference throughput of `deepshadows classify` against this CPU's limit.

The limit is the measured single-precision matrix-multiply rate (the best of NumPy's BLAS and TensorFlow, same run)
divided by the DeepShadows model's forward cost, about 31 MFLOP per 64x64x3 image (counted below from its layers).
The command's own path (`deepshadows.classify.classify`: memory-mapped .npy, chunked checks, batched forward pass) is
timed on a uint8 stack. Target: at least half of the limit.

    python benchmarks/bench_inference.py [--n 20000] [--batch-size 64] [--note TEXT]

Writes benchmarks/results/bench_inference.json.
"""
import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from results_io import add_note_arg, write_results  # noqa: E402  (benchmarks/ is on sys.path when a script of it runs)

def model_flops(model):
    "Multiply-adds x 2 of the convolution and dense layers for one image."
    import keras
    total = 0
    for ly in model.layers:
        if isinstance(ly, keras.layers.Conv2D):
            h, w, c = ly.output.shape[1:]
            total += 2 * h * w * c * ly.kernel.shape[0] * ly.kernel.shape[1] * ly.kernel.shape[2]
        elif isinstance(ly, keras.layers.Dense):
            total += 2 * ly.kernel.shape[0] * ly.kernel.shape[1]
    return total

def matmul_rate(n=2048, reps=10):
    "Best single-precision matmul FLOP/s of NumPy and TensorFlow."
    import tensorflow as tf
    a, b = (np.random.default_rng(0).standard_normal((n, n)).astype(np.float32) for _ in range(2))
    best = 0
    for f in (lambda: a @ b, lambda: tf.linalg.matmul(ta, tb).numpy()):
        ta, tb = tf.constant(a), tf.constant(b)
        f()
        t0 = time.perf_counter()
        for _ in range(reps): f()
        best = max(best, 2 * n**3 * reps / (time.perf_counter() - t0))
    return best

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20_000, help="cutouts to classify")
    ap.add_argument("--batch-size", type=int, default=64)
    add_note_arg(ap)
    a = ap.parse_args()
    from deepshadows.model import build_deepshadows
    from deepshadows.classify import classify
    model = build_deepshadows()
    flops = model_flops(model)
    rate = matmul_rate()
    with tempfile.TemporaryDirectory() as d:
        model.save(f"{d}/m.keras")
        X = np.lib.format.open_memmap(f"{d}/x.npy", mode="w+", dtype=np.uint8, shape=(a.n, 64, 64, 3))
        X[:] = np.random.default_rng(0).integers(0, 256, X.shape, dtype=np.uint8); X.flush(); del X
        classify(f"{d}/x.npy", f"{d}/m.keras", f"{d}/warm.csv", batch_size=a.batch_size, progress=False)   # warm-up
        t0 = time.perf_counter()
        classify(f"{d}/x.npy", f"{d}/m.keras", f"{d}/p.csv", batch_size=a.batch_size, progress=False)
        speed = a.n / (time.perf_counter() - t0)
    limit = rate / flops
    print(f"model forward cost : {flops / 1e6:.1f} MFLOP per image")
    print(f"matmul rate        : {rate / 1e9:.1f} GFLOP/s (float32, best of NumPy and TensorFlow)")
    print(f"CPU limit          : {limit:.0f} images/s")
    print(f"classify           : {speed:.0f} images/s on {a.n} uint8 cutouts (.npy, memory-mapped)")
    print(f"ratio to the limit : {speed / limit:.2f} (target >= 0.5)")
    write_results("bench_inference", dict(n=a.n, batch_size=a.batch_size, mflop_per_image=flops / 1e6, matmul_gflops=rate / 1e9,
                                          limit_images_per_s=limit, images_per_s=speed, ratio_to_limit=speed / limit, target=0.5), a.note)

if __name__ == "__main__": main()
