"""Write README.md from nbs/index.ipynb (nbdev 2's nbdev_readme needs Quarto, which these machines cannot install).

Markdown cells are copied, code cells become ```python blocks, cells starting with `#| hide` are left out.
A line `<!-- benchmark: NAME -->` in a markdown cell becomes the speed table of benchmarks/results/NAME.json
(written by benchmarks/NAME.py), with the machine and date it was measured on; a line `<!-- result: NAME -->` the
table of images/NAME.json (written by a notebook).
`--check` exits 1 if README.md differs from what would be written.
"""
import json
import re
import sys
from pathlib import Path

root = Path(__file__).resolve().parents[1]
results = root/"benchmarks"/"results"

def _n(x, d=0): return "–" if x is None else f"{x:,.{d}f}"

def _source(doc):
    "One line under a table: which file, when, on what; and the note stored with it."
    m = doc["machine"]
    where = f"{m['cpu_model']}, {m.get('cpus')} cores" if m.get("cpu_model") else m.get("description", f"{m.get('cpus')} cores")
    line = f"*`benchmarks/results/{doc['benchmark']}.json`: {doc['date'][:10]}, {where}"
    return line + (f"; {doc['note'].rstrip('.')}.*" if doc.get("note") else ".*")

def _training(r):
    names = {"original": "original notebooks", "deepshadows": "deepshadows",
             "deepshadows-stock-layers": "deepshadows pipeline with the stock Keras layers",
             "deepshadows-bf16": "deepshadows in mixed bfloat16 (not the paper's setting)"}
    rows = ["| recipe | images/s | speed | peak memory |", "| --- | --- | --- | --- |"]
    for k, v in r["recipes"].items():
        mem = f"{v['peak_rss_mb'] / 1000:.1f} GB" + ("" if k == "original" else f" ({v['memory_ratio']:.2f}x)")
        speed = "1x" if k == "original" else f"{v['speed_ratio']:.2f}x"
        rows.append(f"| {names.get(k, k)} | {_n(v['images_per_s'])} | {speed} | {mem} |")
    return rows + ["", f"Targets: speed at least {r['target_speed_ratio']}x and memory at most {r['target_memory_ratio']}x of the original "
                   f"recipe ({r['n']:,} cutouts, {r['rounds']} rounds of {r['steps']} steps of {r['batch_size']} images per recipe)."]

def _cluster(r):
    rows = ["| `deepshadows classify` on a stack | images/s | objects per hour per worker |", "| --- | --- | --- |"]
    if r.get("in_process"): rows.append(f"| in this process (TensorFlow on every core) | {_n(r['in_process']['images_per_s'])} | |")
    for w, v in sorted(r["workers"].items()):
        per_hour = v.get("objects_per_hour_per_worker")
        rows.append(f"| LocalCluster, {w} worker{'' if w == '1' else 's'} of one core | {_n(v.get('images_per_s'))} | "
                    f"{'' if per_hour is None else f'{per_hour / 1e6:.1f} million'} |")
    return rows + ["", f"{r['n']:,} simulated cutouts in partitions of {r['partition_size']:,}; "
                   f"2 workers are {r['scaling_2_over_1']:.2f}x as "
                   f"fast as one (target at least {r['target_scaling']}x on {r['cpus']} cores)."]

def _inference(r):
    return ["| forward cost | CPU limit (matmul rate / cost) | `classify` | ratio to the limit |", "| --- | --- | --- | --- |",
            f"| {r['mflop_per_image']:.1f} MFLOP per image | {_n(r['limit_images_per_s'])} images/s ({r['matmul_gflops']:.0f} GFLOP/s) | "
            f"{_n(r['images_per_s'])} images/s | {r['ratio_to_limit']:.2f} (target at least {r['target']}) |", "",
            f"{r['n']:,} uint8 cutouts in a memory-mapped `.npy`, batches of {r['batch_size']}."]

def _download(r):
    s, f = r["serial"], r["fetch_cutouts"]
    return ["| method | cutouts/s | requests | lost |", "| --- | --- | --- | --- |",
            f"| one request at a time, no retries (the paper's loop) | {s['cutouts_per_s']:.1f} | {s['requests']} | "
            f"{s['lost']} of {r['n']} |",
            f"| `fetch_cutouts` | {f['cutouts_per_s']:.1f} | {f['requests']} | {f['lost']} of {r['n']} |", "",
            f"{r['n']} objects from the local fake viewer with {r['latency_s'] * 1000:.0f} ms per request, "
            f"{r['flaky']:.0%} of them failing "
            f"their first request: {r['speed_up']:.1f}x faster, nothing lost."]

def _simulation(r):
    rows = ["| simulator | images | seconds | images/s |", "| --- | --- | --- | --- |",
            f"| this checkout (v{r.get('sim_version', '?')}) | {r['images']:,} | {_n(r['seconds'])} | {r['images_per_s']:.1f} |"]
    if r.get("reference_commit"):
        rows.append(f"| `{r['reference']}` (v{r['reference_sim_version']}), the same set in the same run | {r['images']:,} | "
                    f"{_n(r['reference_seconds'])} | {r['images'] / r['reference_seconds']:.1f} |")
    line = (f"Target: the paper's 40,000 images with their sep features in at most {_n(r['target_s'])} s. Here: "
            f"{_n(r['projected_paper_s'])} s for them (ratio target/actual {r['ratio_target_over_actual']:.2f}).")
    if r.get("reference_commit"):
        line += f" This checkout's simulator is {r['speed_over_reference']:.2f}x as fast as `{r['reference']}`'s"
        line += (f"; on the machine the target was set on, where that one took {_n(r['target_ref_s'])} s, "
                 "this one would take about "
                 f"{_n(r['projected_on_target_machine_s'])} s (projected by that ratio; "
                 f"target/projected {r['ratio_target_over_projected']:.2f})."
                 if r.get("target_ref_s") else ".")
    return rows + ["", line]

def _finetune_bench(r):
    return ["| `deepshadows finetune` | labels | first run | run again | budget / first run |", "| --- | --- | --- | --- | --- |",
            f"| `{r['method']}`, {r['cv']}-fold scores | {r['labels']} ({r['data']}) | {r['first_run_s']:.1f} s | {r['seconds']:.1f} s | "
            f"{r['budget_over_seconds']:.2f} (target at least 1: {r['budget_s']:.0f} s) |"]

TABLES = dict(bench_finetune=_finetune_bench, bench_training=_training, bench_cluster=_cluster, bench_inference=_inference,
              bench_download=_download, bench_simulation=_simulation)

def benchmark_table(name):
    "The markdown table of benchmarks/results/<name>.json, with its source line."
    doc = json.loads((results/f"{name}.json").read_text())
    return "\n".join(TABLES[name](doc["results"]) + ["", _source(doc)])

def _real_des(doc):
    "The shipped model on labelled real cutouts, from images/real_des.json (02a_finetune)."
    r, a = doc["results"]["shipped_model"], doc["about"]
    (lo, hi), (alo, ahi) = r["accuracy_wilson95"], r["auc_boot95"]
    return ["| the shipped model, no fine-tuning | n | accuracy (Wilson 95%) | ROC AUC (bootstrap 95%) | ECE |",
            "| --- | --- | --- | --- | --- |",
            f"| real DES cutouts (`{a['data']}`) | {r['n']} ({r['n_lsbg']} LSBGs) | {r['accuracy']:.3f} ({lo:.2f}-{hi:.2f}) | "
            f"{r['auc']:.3f} ({alo:.2f}-{ahi:.2f}) | {r['ece']:.3f} |"]

def _finetune_curve(doc):
    "The learning curve of fine-tuning on labelled real cutouts, from images/finetune.json (02a_finetune)."
    a, rows = doc["about"], [s for s in doc["results"]["summary"] if s["method"] == doc["results"]["default_method"]]
    out = ["| labels per class | accuracy before | accuracy after (95% of the mean) | gain | worse than before | AUC before / after |",
           "| --- | --- | --- | --- | --- | --- |"]
    for s in rows:
        out.append(f"| {s['per_class']} | {s['accuracy_before']:.3f} | {s['accuracy']:.3f} "
                   f"({s['accuracy_lo']:.3f}-{s['accuracy_hi']:.3f}) | "
                   f"{s['accuracy_gain']:+.3f} | {s['accuracy_worse']:.0%} of draws | {s['auc_before']:.3f} / {s['auc']:.3f} |")
    paper = ""
    if pm := doc["results"].get("paper_model"):   # the same default on a model that falls short on these cutouts
        s = next(s for s in pm["summary"] if s["method"] == doc["results"]["default_method"])
        paper = (f" On the paper recipe's model (`{pm['model']}`, {s['accuracy_before']:.3f} as it is) the default gains "
                 f"{s['accuracy_gain']:+.3f} with {s['per_class']} labels per class, worse in {s['accuracy_worse']:.0%} of the draws")
        if h := next((h for h in pm["summary"] if h["method"] == "network, mix 0.5"), None):
            paper += f"; a fixed `--mix 0.5` gains {h['accuracy_gain']:+.3f}, worse in {h['accuracy_worse']:.0%}"
        paper += "."
    return out + ["", f"Method `{doc['results']['default_method']}` (the default), {a['repeats']} random draws per size "
                  f"from the {a['n']} cutouts of "
                  f"`{a['data']}`, each scored on the objects not drawn; "
                  f"all methods in `images/finetune.json` and `images/finetune_curve.png`.{paper}"]

def _shipped(doc):
    "The shipped model's card, from its JSON in deepshadows/pretrained/ (written by ship_model in 02b_real_recipe)."
    out = ["| the shipped model | |", "| --- | --- |",
           f"| trained on | {doc['source']} {doc['survey'].upper()} viewer cutouts (simulator v{doc['sim_version']}), "
           f"{doc['n_per_class']:,} per class: "
           f"{doc['sizes']['train']:,} to train, {doc['sizes']['val']:,} to keep the best epoch, {doc['sizes']['test']:,} to test |",
           f"| recipe | {'`' + doc['recipe'] + '` of 02b_real_recipe: ' if doc.get('recipe') else ''}the paper's network, "
           f"{doc['epochs']} epochs "
           f"(epoch {doc['best_epoch'] + 1} kept), batch {doc['batch_size']}, Adadelta {doc['lr']}, "
           f"{'flips and rotations' if doc['augment'] else 'no augmentation'}"
           f"{', viewer randomisation ' + ', '.join(f'{k} {v}' for k, v in doc['randomise'].items()) if doc.get('randomise') else ''}, "
           f"{'scenes simulated with ' + ', '.join(f'{k} {v}' for k, v in doc['sim'].items()) + ', ' if doc.get('sim') else ''}"
           f"seed {doc['seed']} |",
           f"| weights | float16, {(root/'deepshadows'/'pretrained'/'deepshadows_des.npz').stat().st_size / 1e6:.1f} MB, "
           "read into float32 variables |"]
    for name, m in doc["measured_as_shipped"].items():
        a = m["metrics"]["accuracy"]; u = m["metrics"]["auc"]
        out.append(f"| {name}, n = {m['n']} | accuracy {a['value']:.3f} (bootstrap 95%: {a['lo']:.2f}-{a['hi']:.2f}), "
                   f"AUC {u['value']:.3f}; "
                   f"the same label as the float32 model for {m['same_label_as_float32']:.0%} |")
    return out

def _recipes(doc):
    "The training recipes for real cutouts, from images/recipes.json (02b_real_recipe): one line, best last."
    a, rows = doc["about"], sorted(doc["results"]["table"], key=lambda r: r["real_auc"])
    runs = "; ".join(f"`{r['recipe']}` {r['real_accuracy']:.3f} / {r['real_auc']:.3f} ({r['seeds']} seed{'s' * (r['seeds'] > 1)})"
                     for r in rows)
    return [f"Real accuracy / AUC, mean over seeds ({a['n_per_class']:,} simulated objects per class, {a['epochs']} epochs; "
            f"the {a['n_real']} cutouts of `{a['data']}`, never trained on): {runs}; the table and `images/recipes.png` are in "
            "`02b_real_recipe`."]

PAPER = dict(cnn=(0.920, 0.974), svm_rf_auc=(0.894, 0.872), splits=((0.912, 0.920), (0.967, 0.972)),
             flips=dict(zip((0.01, 0.05, 0.10, 0.33), (0.918, 0.914, 0.909, 0.883))),
             three=(0.88, 0.94), hsc=0.876, real=0.920)   # Tanoglidis et al. 2021 (../shared/MISSION.md and the paper's tables)

def _paper(doc):
    "Every paper-scale result beside the paper's, from images/deepshadows.json, uncertainty.json, three_class.json and real_des.json."
    def load(name): return json.loads((root/"images"/f"{name}.json").read_text())
    (d, u, t), rd = (load(k)["results"] for k in ("deepshadows", "uncertainty", "three_class")), load("real_des")
    r, m = rd["results"]["shipped_model"], rd["about"]["model_recipe"]   # the shipped model on real cutouts, and how it was made
    cnn, (svm, rf) = d["cnn"], (d["baselines"][k]["value"]["auc"] for k in ("SVM", "RF"))
    sp = u["splits"]; others = [k for k, s in sp["split_seed"].items() if s != 0]
    acc, auc = [sp["accuracy"][k] for k in others], [sp["auc"][k] for k in others]
    ln = u["label_noise"]; flips = {float(ln["rate"][k]): ln["accuracy"][k] for k in ln["label"] if ln["noise"][k] == "random"}
    (h0, h1) = (d["transfer_hsc"][k]["value"] for k in d["transfer_hsc"])
    P = PAPER
    return ["| result | deepshadows (simulated data unless said) | the paper (real data) |", "| --- | --- | --- |",
            f"| CNN on the test split (5,000): accuracy, ROC AUC | {cnn['value']['accuracy']:.3f} "
            f"({cnn['lo']['accuracy']:.3f}-{cnn['hi']['accuracy']:.3f}), {cnn['value']['auc']:.3f} | "
            f"{P['cnn'][0]:.3f}, {P['cnn'][1]:.3f} |",
            f"| SVM / random forest on the features: ROC AUC | {svm:.3f} / {rf:.3f} | "
            f"{P['svm_rf_auc'][0]:.3f} / {P['svm_rf_auc'][1]:.3f} |",
            f"| 6 other random splits: accuracy, ROC AUC | {min(acc):.3f}-{max(acc):.3f}, {min(auc):.3f}-{max(auc):.3f} | "
            f"{P['splits'][0][0]:.3f}-{P['splits'][0][1]:.3f}, {P['splits'][1][0]:.3f}-{P['splits'][1][1]:.3f} |",
            "| random flips of 1 / 5 / 10 / 33% of the training labels: accuracy | " + " / ".join(f"{flips[k]:.3f}" for k in sorted(flips))
            + " | " + " / ".join(f"{P['flips'][k]:.3f}" for k in sorted(P['flips'])) + " |",
            f"| three classes: accuracy, and with the two artifact types merged | {t['accuracy_three_class']['all']:.3f}, "
            f"{t['accuracy_merged']['all']:.3f} | {P['three'][0]:.2f}, {P['three'][1]:.2f} |",
            f"| DES model on HSC: as it is, then fine-tuned on 300 HSC objects (accuracy) | {h0['accuracy']:.3f}, {h1['accuracy']:.3f} "
            f"(simulated HSC) | {P['hsc']:.3f} after retraining (real HSC) |",
            f"| real DES cutouts: accuracy, ROC AUC | {r['accuracy']:.3f}, {r['auc']:.3f} ({r['n']} cutouts, the shipped model: "
            f"recipe `{m.get('recipe', 'paper')}`, {m['n_per_class']:,} simulated per class, no real label) | "
            f"{P['real']:.3f} (trained on real cutouts) |"]
RESULTS = dict(real_des=_real_des, finetune=_finetune_curve, shipped_model=_shipped, recipes=_recipes, paper=_paper)
SOURCES = dict(shipped_model=root/"deepshadows"/"pretrained"/"deepshadows_des.json")

def result_table(name):
    "The markdown table of images/<name>.json (or of the shipped model's JSON), made by the notebook that wrote it."
    doc = None if name == "paper" else json.loads(SOURCES.get(name, root/"images"/f"{name}.json").read_text())
    return "\n".join(RESULTS[name](doc))

def render(nb_path=root/"nbs"/"index.ipynb"):
    cells = json.loads(nb_path.read_text())["cells"]
    out = []
    for c in cells:
        src = "".join(c["source"]).strip()
        if not src or src.startswith("#| hide"): continue
        if c["cell_type"] == "markdown":
            src = re.sub(r"^<!-- benchmark: (\w+) -->$", lambda m: benchmark_table(m[1]), src, flags=re.M)
            src = re.sub(r"^<!-- result: (\w+) -->$", lambda m: result_table(m[1]), src, flags=re.M)
        out.append(src if c["cell_type"] == "markdown" else f"```python\n{src}\n```")
    return "\n\n".join(out) + "\n"

if __name__ == "__main__":
    text, readme = render(), root/"README.md"
    if "--check" in sys.argv:
        if readme.read_text() != text:
            sys.exit("README.md is not in sync with nbs/index.ipynb and benchmarks/results/: run python .ci/make_readme.py")
    else: readme.write_text(text)
