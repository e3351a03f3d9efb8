"""The claim's result table and Pareto plot from results/*.json (written by results.sh).

    python3 docs/runs/claim/results.py docs/runs/claim   ->  results.md, pareto.svg
"""
import glob
import json
import os
import sys

here = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(__file__)
rows = []
for path in sorted(glob.glob(os.path.join(here, "results", "*.json"))):
    r = json.load(open(path))
    if r.get("format_version") != 1:
        sys.exit(f"{path}: unknown format_version {r.get('format_version')}")
    rows.append(r)
if not rows:
    sys.exit("no results yet (run results.sh)")
ref = next((r for r in rows if r["model"] == "conv_vit-reference"), None)


def kind(r):
    m = r["model"]
    if m == "conv_vit-reference":
        return "ResNet-8"
    space = m.split("-")[0] if not m.startswith("kd-") else m.split("-")[1]
    return space + (" (distilled)" if m.startswith("kd-") else "")


rows.sort(key=lambda r: (-r["f32"]["test_accuracy"]))
md = [
    "| model | kind | params | MACs | f32 acc | int8 acc | f32 instr (rv32imf) | f32 ROM B | f32 RAM B "
    "| int8 instr (rv32imc) | int8 ibex-small cycles | int8 ROM B | int8 RAM B | within ResNet-8's budget |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
]
for r in rows:
    f, i = r["f32"], r["int8"]
    within = "-"
    if ref is not None and r is not ref:
        ok = f["instructions"] <= ref["f32"]["instructions"] and f["ram_bytes"] <= ref["f32"]["ram_bytes"]
        within = "yes" if ok else "no"
    md.append(
        f"| {r['model']} | {kind(r)} | {r['params']:,} | {r['macs']:,} | {100 * f['test_accuracy']:.2f}% "
        f"| {100 * i['test_accuracy']:.2f}% | {f['instructions']:,} | {f['rom_bytes']:,} | {f['ram_bytes']:,} "
        f"| {i['instructions']:,} | {i['ibex_small_cycles']:,} | {i['rom_bytes']:,} | {i['ram_bytes']:,} | {within} |"
    )
open(os.path.join(here, "results.md"), "w").write("\n".join(md) + "\n")

# Pareto plot: test accuracy (f32) against f32 instructions, log x; ResNet-8 marked.
W, H, L, B, T, R = 640, 420, 70, 50, 30, 20
xs = [r["f32"]["instructions"] for r in rows]
ys = [100 * r["f32"]["test_accuracy"] for r in rows]
import math

x0, x1 = math.log10(min(xs)) - 0.1, math.log10(max(xs)) + 0.1
y0, y1 = math.floor(min(ys)) - 1, math.ceil(max(ys)) + 1


def px(x):
    return L + (math.log10(x) - x0) / (x1 - x0) * (W - L - R)


def py(y):
    return H - B - (y - y0) / (y1 - y0) * (H - B - T)


colours = {"ResNet-8": "#d62728", "conv_vit": "#1f77b4", "conv_vit_lin": "#2ca02c", "resnet": "#9467bd"}
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="11">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="black"/>',
       f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="black"/>',
       f'<text x="{(W + L) / 2}" y="{H - 12}" text-anchor="middle">f32 instructions per inference (rv32imf, Spike; log scale)</text>',
       f'<text x="16" y="{(H - B + T) / 2}" transform="rotate(-90 16 {(H - B + T) / 2})" text-anchor="middle">test accuracy (%)</text>',
       '<text x="{}" y="18" text-anchor="middle">The claim: retrained hybrids and ResNet-8, same recipe</text>'.format((W + L) / 2)]
for e in range(int(math.floor(x0)), int(math.ceil(x1)) + 1):
    for m in (1, 2, 5):
        v = m * 10 ** e
        if x0 <= math.log10(v) <= x1:
            svg.append(f'<line x1="{px(v):.1f}" y1="{H - B}" x2="{px(v):.1f}" y2="{H - B + 4}" stroke="black"/>')
            svg.append(f'<text x="{px(v):.1f}" y="{H - B + 16}" text-anchor="middle">{v / 1e6:g}M</text>')
for y in range(int(y0), int(y1) + 1):
    svg.append(f'<line x1="{L - 4}" y1="{py(y):.1f}" x2="{L}" y2="{py(y):.1f}" stroke="black"/>')
    svg.append(f'<text x="{L - 8}" y="{py(y) + 4:.1f}" text-anchor="end">{y}</text>')
if ref is not None:
    rx, ry = px(ref["f32"]["instructions"]), py(100 * ref["f32"]["test_accuracy"])
    svg.append(f'<line x1="{rx:.1f}" y1="{T}" x2="{rx:.1f}" y2="{H - B}" stroke="#d62728" stroke-dasharray="4 3"/>')
    svg.append(f'<line x1="{L}" y1="{py(100 * ref["f32"]["test_accuracy"] + 1):.1f}" x2="{W - R}" '
               f'y2="{py(100 * ref["f32"]["test_accuracy"] + 1):.1f}" stroke="#d62728" stroke-dasharray="2 3"/>')
    svg.append(f'<text x="{L + 4}" y="{py(100 * ref["f32"]["test_accuracy"] + 1) - 4:.1f}" fill="#d62728">ResNet-8 + 1 point (the claim)</text>')
for r in rows:
    k = kind(r)
    c = colours.get(k.split(" ")[0], "gray")
    x, y = px(r["f32"]["instructions"]), py(100 * r["f32"]["test_accuracy"])
    fill = "white" if "distilled" in k else c
    shape = (f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{c}"/>' if k == "ResNet-8"
             else f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{fill}" stroke="{c}" stroke-width="2"/>')
    svg.append(shape)
    svg.append(f'<text x="{x + 7:.1f}" y="{y + 4:.1f}" font-size="9">{r["model"]}</text>')
svg.append("</svg>")
open(os.path.join(here, "pareto.svg"), "w").write("\n".join(svg) + "\n")
print("\n".join(md))
