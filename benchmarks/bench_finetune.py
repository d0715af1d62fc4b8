"""Seconds of `deepshadows finetune`'s default method on 40 labels, against a budget of 60 s on 2 cores.

The command's own path (`deepshadows.classify.finetune_files`: reading the stack and the labels, loading the shipped
model, fine-tuning, saving the model and its JSON) is timed end to end in this process, without the cross-validated
scores by default (`--cv 0`: with `--cv K` the command fine-tunes K more times, once per fold), on 20 LSBGs and 20
artifacts: the first of each class of the real DES cutouts of `../shared/real_des/` where they are, else simulated
cutouts. It runs twice: the first run (which also starts TensorFlow's kernels and compiles, as a user's run does)
and again. The ratio of the budget to the first run is printed (at least 1 meets the target).

    python benchmarks/bench_finetune.py [--per-class 20] [--method network] [--cv 0] [--note TEXT]

Writes benchmarks/results/bench_finetune.json.
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

BUDGET_S = 60.0

def labelled(per_class):
    "(X, y, source): per_class cutouts of each class, real where the shared set is, else simulated."
    from deepshadows.testing import real_des_path
    path = real_des_path()
    if path.exists():
        with np.load(path) as f: X, y = f["X"], f["y"].astype(int)
        source = f"real DES ({path.name})"
    else:
        from deepshadows.simulate import simulate_dataset
        ds = simulate_dataset(per_class, seed=0, features=False); X, y, source = ds.X, ds.y, "simulated DES (seed 0)"
    keep = np.r_[np.flatnonzero(y == 1)[:per_class], np.flatnonzero(y == 0)[:per_class]]
    return X[keep], y[keep], source

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-class", type=int, default=20, help="labels of each class (default: 20, 40 in all)")
    ap.add_argument("--method", default=None, help="fine-tuning method (default: finetune's default)")
    ap.add_argument("--cv", type=int, default=0, help="folds of the cross-validated scores (default: 0, the fine-tuning alone)")
    add_note_arg(ap)
    a = ap.parse_args()
    from deepshadows.classify import finetune_files, start_tensorflow
    from deepshadows.finetune import finetune
    start_tensorflow()
    method = a.method or finetune.__kwdefaults__["method"]
    X, y, source = labelled(a.per_class)
    times = []
    with tempfile.TemporaryDirectory() as d:
        np.save(f"{d}/x.npy", X); np.save(f"{d}/y.npy", y)
        for k in range(2):   # the first run starts TensorFlow's kernels and compiles: a user's run pays it too, so it is reported
            t0 = time.perf_counter()
            finetune_files(f"{d}/x.npy", f"{d}/y.npy", f"{d}/m{k}.keras", method=method, cv=a.cv)
            times.append(time.perf_counter() - t0)
    res = dict(method=method, labels=int(len(y)), cv=a.cv, data=source, first_run_s=round(times[0], 2), seconds=round(times[1], 2),
               budget_s=BUDGET_S, budget_over_seconds=round(BUDGET_S / times[0], 2))
    print(f"finetune ({method}, {len(y)} labels, {a.cv}-fold scores): first run {times[0]:.1f} s, again {times[1]:.1f} s; "
          f"budget {BUDGET_S:.0f} s / first run = {BUDGET_S / times[0]:.2f} (target: at least 1)")
    write_results("bench_finetune", res, a.note)

if __name__ == "__main__":
    main()
