#!/usr/bin/env bash
# The proxy-quality benchmark of issue 13 on the full CIFAR-10 set, conv_vit space: 24 seeded
# genomes (<= 100k params, <= 15M MACs) at the reference (10 epochs on 45k, HANNAH's recipe) and at
# 1x10000, 1x45000, 2x30000; torch backend, two one-thread trainings side by side. Resumable: run it
# again and only missing trainings run; the report is written to out/proxy-conv_vit/report.md and
# copied here with the trainings.
# Usage: bash docs/runs/proxy-conv_vit/run.sh /path/to/cifar10-jpeg
set -euo pipefail
cd "$(dirname "$0")/../../.."
DATA="${1:?usage: run.sh DATA}"
cargo build --release --features torch
./target/release/hynas bench --proxy --space conv_vit --genomes 24 --data "$DATA" --parallel 2 \
  --backend torch --out out/proxy-conv_vit
mkdir -p docs/runs/proxy-conv_vit/runs
cp out/proxy-conv_vit/report.md out/proxy-conv_vit/genomes.jsonl docs/runs/proxy-conv_vit/
cp out/proxy-conv_vit/runs/*.json docs/runs/proxy-conv_vit/runs/
