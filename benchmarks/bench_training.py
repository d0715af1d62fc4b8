"""Training throughput and peak memory: our pipeline against the original recipe.

The original DeepShadows notebooks held the images as float64 arrays divided by 255 and fed them to `model.fit`
with batch 64, training the stock Keras layers. Ours reads a uint8 stack through a `tf.data` pipeline and trains
the same network with the fused classes of `deepshadows.model` (same weights and formulas, fewer passes over
memory). All recipes start from the same uint8 stack of 40,000 cutouts on disk (`.npy`) and use the same
optimiser, learning rate and batch size. Also timed, to show where the gain comes from: our pipeline with the stock
Keras layers, and ours in mixed bfloat16 (not the paper's setting).

Each recipe runs in its own process, so its peak memory (VmHWM) is its own. To keep the speed ratios fair on a
shared or noisy machine, the processes take turns: after a warm-up each trains `--steps` steps in `--rounds`
rounds, one process at a time, and the ratio is computed over the same rounds. Prints images/s of each recipe,
the per-round spread, and the ratios (targets: speed >= 1.5x, memory <= 0.25x of the original recipe).

    python benchmarks/bench_training.py [--n 40000] [--rounds 6] [--steps 20] [--note TEXT]

Writes benchmarks/results/bench_training.json.
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from results_io import add_note_arg, write_results  # noqa: E402
RECIPES = ("original", "deepshadows", "deepshadows-stock-layers", "deepshadows-bf16")
WARM = 20   # steps before the timed rounds: tracing, oneDNN's first-call set-up

def peak_rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM"): return int(line.split()[1]) / 1024

def child(recipe, npy, rounds, steps):
    "Run one recipe, training `steps` steps each time the parent writes a line; report each round's seconds."
    sys.path.insert(0, str(ROOT))
    import keras
    import numpy as np
    from deepshadows.model import build_deepshadows, make_pipeline
    X = np.load(npy, mmap_mode=None if recipe == "original" else "r")
    n = len(X); y = np.arange(n) % 2
    ntr = int(0.75 * n)
    keras.utils.set_random_seed(0)
    model = build_deepshadows(precision="mixed_bfloat16" if recipe.endswith("bf16") else "float32",
                              fast=recipe not in ("original", "deepshadows-stock-layers"))
    class Turns(keras.callbacks.Callback):
        "Pause after the warm-up and after every `steps` steps until the parent says go."
        def on_train_batch_end(self, b, logs=None):
            done = b + 1 - WARM
            if done < 0 or done % steps: return
            if done: print(f"round {time.perf_counter() - self.t0:.6f}", flush=True)
            if done < rounds * steps:
                sys.stdin.readline(); self.t0 = time.perf_counter()
    total = WARM + rounds * steps
    print("ready", flush=True)
    if recipe == "original":
        Xf = X.astype(np.float64) / 255          # what the original notebooks did
        model.fit(Xf[:ntr], y[:ntr], batch_size=64, epochs=1, steps_per_epoch=total, shuffle=True, verbose=0, callbacks=[Turns()])
    else:
        ds = make_pipeline(X[:ntr], y[:ntr], batch_size=64, shuffle=True).repeat()
        model.fit(ds, epochs=1, steps_per_epoch=total, verbose=0, callbacks=[Turns()])
    print(json.dumps(dict(recipe=recipe, peak_rss_mb=peak_rss_mb(), n=n)), flush=True)

def expect(p, prefix, recipe):
    "The next line of child `p` that starts with `prefix`; exits with the child's error if it ended."
    while True:
        line = p.stdout.readline()
        if not line: sys.exit(f"{recipe} failed:\n{p.stderr.read()[-3000:]}")
        if line.startswith(prefix): return line

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=40_000, help="cutouts in the stack (the paper: 40,000)")
    ap.add_argument("--rounds", type=int, default=6, help="rounds in which the recipes take turns")
    ap.add_argument("--steps", type=int, default=20, help="training steps of each recipe per round")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    add_note_arg(ap)
    a = ap.parse_args()
    if a.child: return child(a.child[0], a.child[1], a.rounds, a.steps)
    import numpy as np
    with tempfile.TemporaryDirectory() as d:
        npy = Path(d)/"X.npy"
        rng = np.random.default_rng(0)
        X = np.lib.format.open_memmap(npy, mode="w+", dtype=np.uint8, shape=(a.n, 64, 64, 3))
        for s in range(0, a.n, 5000): X[s:s + 5000] = rng.integers(0, 256, (min(5000, a.n - s), 64, 64, 3), dtype=np.uint8)
        X.flush(); del X
        env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
        procs = {}
        for r in RECIPES:   # started one at a time: their set-up (and the original's 3.9 GB copy) does not overlap a timed round
            procs[r] = subprocess.Popen([sys.executable, __file__, "--rounds", str(a.rounds), "--steps", str(a.steps), "--child", r,
                                         str(npy)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            expect(procs[r], "ready", r)
        secs = {r: [] for r in RECIPES}
        for k in range(a.rounds):
            for r, p in procs.items():
                p.stdin.write("go\n"); p.stdin.flush()
                secs[r].append(float(expect(p, "round", r).split()[1]))
        res = {r: json.loads(expect(p, "{", r)) for r, p in procs.items()}
        for p in procs.values(): p.wait()
    rate = {r: a.rounds * a.steps * 64 / sum(s) for r, s in secs.items()}
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"{a.rounds} rounds of {a.steps} steps of 64 images per recipe")
    for r in RECIPES:
        per = [a.steps * 64 / s for s in secs[r]]
        print(f"{r:25s}: {rate[r]:7.1f} images/s (rounds {min(per):.0f} to {max(per):.0f}), "
              f"peak memory {res[r]['peak_rss_mb']:7.0f} MB ({a.n} cutouts)")
    o = "original"
    for r in RECIPES[1:]:
        per = [so / sr for so, sr in zip(secs[o], secs[r])]
        print(f"{r:25s}: speed ratio {rate[r] / rate[o]:.2f}x (rounds {min(per):.2f} to {max(per):.2f}; target >= 1.5x), "
              f"memory ratio {res[r]['peak_rss_mb'] / res[o]['peak_rss_mb']:.2f}x (target <= 0.25x)")
    write_results("bench_training", dict(
        n=a.n, rounds=a.rounds, steps=a.steps, batch_size=64, target_speed_ratio=1.5, target_memory_ratio=0.25,
        recipes={r: dict(images_per_s=rate[r], round_images_per_s=[a.steps * 64 / t for t in secs[r]],
                         peak_rss_mb=res[r]["peak_rss_mb"],
                         speed_ratio=rate[r] / rate[o], memory_ratio=res[r]["peak_rss_mb"] / res[o]["peak_rss_mb"])
                 for r in RECIPES}), a.note)

if __name__ == "__main__":
    main()
