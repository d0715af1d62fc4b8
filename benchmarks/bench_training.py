"""Training throughput and peak memory: our uint8 tf.data pipeline against the original recipe.

The original DeepShadows notebooks held the images as float64 arrays divided by 255 and fed them to `model.fit`
with batch 64. Both recipes here start from the same uint8 stack of 40,000 cutouts on disk (`.npy`) and train the
same published model with the same optimiser and batch size (ours also with its optional mixed bfloat16
precision, which is not the paper's setting); each runs in its own process so its peak memory
(VmHWM) is its own. Prints images/s of each, and the ratios (targets: speed >= 1.5x, memory <= 0.25x).

    python benchmarks/bench_training.py [--n 40000] [--steps 120]
"""
import argparse, json, os, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def peak_rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM"): return int(line.split()[1]) / 1024

def child(recipe, npy, steps):
    "Run one recipe in this process and print a JSON line of its numbers."
    sys.path.insert(0, str(ROOT))
    import numpy as np, keras, tensorflow as tf
    from deepshadows.model import build_deepshadows, make_pipeline
    X = np.load(npy, mmap_mode="r" if recipe == "deepshadows" else None)
    n = len(X); y = np.arange(n) % 2
    ntr = int(0.75 * n)
    keras.utils.set_random_seed(0)
    model = build_deepshadows(precision="mixed_bfloat16" if recipe.endswith("bf16") else "float32")
    times = []
    class T(keras.callbacks.Callback):
        def on_train_batch_end(self, b, logs=None): times.append(time.perf_counter())
    if recipe == "original":
        Xf = X.astype(np.float64) / 255          # what the original notebooks did
        model.fit(Xf[:ntr], y[:ntr], batch_size=64, epochs=1, steps_per_epoch=steps, shuffle=True, verbose=0, callbacks=[T()])
    else:
        ds = make_pipeline(X[:ntr], y[:ntr], batch_size=64, shuffle=True).repeat()
        model.fit(ds, epochs=1, steps_per_epoch=steps, verbose=0, callbacks=[T()])
    warm = 20                                    # leave out tracing and the first steps
    rate = 64 * (len(times) - 1 - warm) / (times[-1] - times[warm])
    print(json.dumps(dict(recipe=recipe, images_per_s=rate, peak_rss_mb=peak_rss_mb(), n=n)))

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=40_000, help="cutouts in the stack (the paper: 40,000)")
    ap.add_argument("--steps", type=int, default=120, help="training steps timed per recipe")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child: return child(a.child[0], a.child[1], a.steps)
    with tempfile.TemporaryDirectory() as d:
        npy = Path(d)/"X.npy"
        rng = np.random.default_rng(0)
        X = np.lib.format.open_memmap(npy, mode="w+", dtype=np.uint8, shape=(a.n, 64, 64, 3))
        for s in range(0, a.n, 5000): X[s:s + 5000] = rng.integers(0, 256, (min(5000, a.n - s), 64, 64, 3), dtype=np.uint8)
        X.flush(); del X
        res = {}
        for recipe in ("original", "deepshadows", "deepshadows-bf16"):
            out = subprocess.run([sys.executable, __file__, "--steps", str(a.steps), "--child", recipe, str(npy)],
                                 capture_output=True, text=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
            line = [l for l in out.stdout.splitlines() if l.startswith("{")]
            if not line: sys.exit(f"{recipe} failed:\n{out.stderr[-3000:]}")
            res[recipe] = json.loads(line[-1])
            print(f"{recipe:16s}: {res[recipe]['images_per_s']:7.1f} images/s, peak memory {res[recipe]['peak_rss_mb']:7.0f} MB ({a.n} cutouts)")
    o = res["original"]
    for name in ("deepshadows", "deepshadows-bf16"):
        d = res[name]
        print(f"{name:16s}: speed ratio {d['images_per_s'] / o['images_per_s']:.2f}x (target >= 1.5x), "
              f"memory ratio {d['peak_rss_mb'] / o['peak_rss_mb']:.2f}x (target <= 0.25x)")

if __name__ == "__main__":
    import numpy as np
    main()
