"""Warn (never fail) about committed results made with another simulator version than the package's.

Every JSON under images/ (its `about.sim_version`), every committed run of 03 (images/uncertainty/*.npz, its info) and
the shipped model's JSON record the `sim_version` they were made with. A result of an older simulator is not an
error (issue 12: a warning, not a CI failure), but it should be remade: this lists them, one line each.
"""
import json
import sys
from pathlib import Path

from deepshadows.core import read_npz
from deepshadows.simulate import SIM_VERSION as current

root = Path(__file__).resolve().parents[1]

def versions(o):
    "Every sim_version value anywhere in a JSON document."
    if isinstance(o, dict):
        for k, v in o.items():
            if k == "sim_version" and v is not None: yield str(v)
            else: yield from versions(v)
    elif isinstance(o, list):
        for v in o: yield from versions(v)

found, old = 0, []
for f in sorted([*root.glob("images/**/*.json"), *root.glob("deepshadows/pretrained/*.json")]):
    vs = set(versions(json.loads(f.read_text())))
    found += bool(vs)
    if vs - {current}: old.append(f"{f.relative_to(root)}: sim_version {', '.join(sorted(vs))}")
for f in sorted(root.glob("images/uncertainty/*.npz")):
    v = str(read_npz(f, "03 run")[1].get("sim_version"))
    found += 1
    if v != current: old.append(f"{f.relative_to(root)}: sim_version {v}")
for line in old: print(f"warning: {line}, not the simulator's {current}: remake it")
print(f"results: {found - len(old)} of {found} committed results are simulator v{current}'s" + ("" if old else ", all"))
sys.exit(0)
