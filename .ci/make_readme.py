"""Write README.md from nbs/index.ipynb (nbdev 2's nbdev_readme needs Quarto, which these machines cannot install).

Markdown cells are copied, code cells become ```python blocks, cells starting with `#| hide` are left out.
`--check` exits 1 if README.md differs from what would be written.
"""
import json, sys
from pathlib import Path

root = Path(__file__).resolve().parents[1]

def render(nb_path=root/"nbs"/"index.ipynb"):
    cells = json.loads(nb_path.read_text())["cells"]
    out = []
    for c in cells:
        src = "".join(c["source"]).strip()
        if not src or src.startswith("#| hide"): continue
        out.append(src if c["cell_type"] == "markdown" else f"```python\n{src}\n```")
    return "\n\n".join(out) + "\n"

if __name__ == "__main__":
    text, readme = render(), root/"README.md"
    if "--check" in sys.argv:
        if readme.read_text() != text: sys.exit("README.md is not in sync with nbs/index.ipynb: run python .ci/make_readme.py")
    else: readme.write_text(text)
