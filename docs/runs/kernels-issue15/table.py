#!/usr/bin/env python3
"""Per-layer table (markdown) of one model, baseline vs tuned schedules, from `hynas profile --json`
runs: python3 table.py resnet8 (reads resnet8-baseline.json and resnet8-tuned.json here)."""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
m = sys.argv[1]
b = json.load(open(os.path.join(here, f"{m}-baseline.json")))
t = json.load(open(os.path.join(here, f"{m}-tuned.json")))
print(f"| # | layer | op | MACs | baseline instr/MAC | tuned instr/MAC | ratio | tuned schedule |")
print("|---|---|---|---|---|---|---|---|")
for i, (kb, kt) in enumerate(zip(b["kernels"], t["kernels"])):
    assert kb["name"] == kt["name"]
    per = lambda k: f"{k['instructions'] / k['macs']:.2f}" if k["macs"] else f"{k['instructions']} instr"
    ratio = kt["instructions"] / max(kb["instructions"], 1)
    print(f"| {i} | {kt['name']} | {kt['op']} | {kt['macs']} | {per(kb)} | {per(kt)} | {ratio:.3f} | {kt['schedule']} |")
print(f"| | **total** | | {t['macs']} | **{b['instructions_per_mac']:.3f}** | **{t['instructions_per_mac']:.3f}** | "
      f"{t['instructions'] / b['instructions']:.3f} | ROM {t['rom_bytes']} vs {b['rom_bytes']} |")
