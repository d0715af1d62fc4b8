"""The one helper the benchmarks share: each writes its numbers, with the machine and the date, to
benchmarks/results/<name>.json, where .ci/make_readme.py reads them for the README's speed tables."""
import datetime
import importlib.metadata
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT/"benchmarks"/"results"


def add_note_arg(parser):
    "Add `--note`: a remark stored with the results (what else ran on the machine, for instance)."
    parser.add_argument("--note", default=None, help="a remark stored with the results, e.g. 'beside a training run'")


def machine() -> dict:
    "The machine a benchmark ran on: CPU model and count, memory, platform, versions."
    sys.path.insert(0, str(ROOT))
    from deepshadows.core import machine_info
    info = machine_info()
    cpuinfo, meminfo = Path("/proc/cpuinfo"), Path("/proc/meminfo")
    if cpuinfo.exists():
        model = [ln.split(":", 1)[1].strip() for ln in cpuinfo.read_text().splitlines() if ln.startswith("model name")]
        if model: info["cpu_model"] = model[0]
    if meminfo.exists():
        info["memory_gb"] = round(int(meminfo.read_text().split()[1]) / 2**20, 1)
    info.setdefault("machine", platform.machine())
    try: info.setdefault("tensorflow", importlib.metadata.version("tensorflow"))
    except importlib.metadata.PackageNotFoundError: pass
    return info


def write_results(name: str, results: dict, note: str = None) -> Path:
    "Write `results` of benchmark `name` to benchmarks/results/<name>.json, with the machine, the date and the command."
    doc = dict(benchmark=name, date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
               command=" ".join(["python", f"benchmarks/{name}.py", *sys.argv[1:]]), machine=machine(), note=note, results=results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS/f"{name}.json"
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(doc, indent=1) + "\n"); os.replace(tmp, path)
    print(f"results written to {path.relative_to(ROOT)}")
    return path
