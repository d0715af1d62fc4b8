"""Benchmark of the simulator: N objects per class of the DES binary set (LSBG vs artifact2), all cores.

The target: the paper-scale set, 20,000 per class (40,000 images with sep features), in at most 10 minutes.
Usage: python benchmarks/bench_simulation.py [--n 20000] [--jobs N] [--survey des] [--no-features] [--note TEXT]
Writes benchmarks/results/bench_simulation.json.
"""
import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
from results_io import add_note_arg, write_results  # noqa: E402  (benchmarks/ is on sys.path when a script of it runs)
from deepshadows.simulate import simulate_dataset  # noqa: E402

TARGET_S, PAPER_N = 600.0, 40_000  # 10 minutes for 2 x 20,000 images

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=20_000, help="objects per class")
    p.add_argument("--jobs", type=int, default=os.cpu_count(), help="processes")
    p.add_argument("--survey", default="des")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-features", action="store_true", help="skip the sep features")
    add_note_arg(p)
    a = p.parse_args()
    t = time.perf_counter()
    ds = simulate_dataset(a.n, survey=a.survey, seed=a.seed, n_jobs=a.jobs, cache_dir=False, features=not a.no_features)
    dt = time.perf_counter() - t
    rate, proj = len(ds) / dt, PAPER_N / (len(ds) / dt)
    print(f"{len(ds)} images ({a.survey}, {a.n} per class, features={not a.no_features}) on {a.jobs} processes "
          f"({os.cpu_count()} cores): {dt:.1f} s, {rate:.1f} images/s")
    print(f"projected {PAPER_N:,} images: {proj:.0f} s; target {TARGET_S:.0f} s; ratio target/actual = {TARGET_S / proj:.2f}"
          f" ({'meets' if proj <= TARGET_S else 'MISSES'} the target)")
    write_results("bench_simulation", dict(n_per_class=a.n, survey=a.survey, features=not a.no_features, jobs=a.jobs, images=len(ds), seconds=dt,
                                           images_per_s=rate, projected_paper_s=proj, target_s=TARGET_S, ratio_target_over_actual=TARGET_S / proj), a.note)

if __name__ == "__main__": main()
