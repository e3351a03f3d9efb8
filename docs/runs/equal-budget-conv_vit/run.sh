#!/usr/bin/env bash
# Issue 13's equal-budget comparison on the full CIFAR-10 set, conv_vit space, torch backend,
# two one-thread workers: the old setting (as docs/runs/search2-conv_vit: 40 candidates, 2 epochs
# on 30k, one-parameter mutation, no predictor) against the new default (--preset cpu: fidelity
# 1x10000,10x45000 with eta 8, predictor gp 50/20), both with at most 30M instructions and the
# best retrained with the same 15-epoch SGD recipe. Resumable: run it again and each search
# continues where it stopped (--resume). Give the new search more candidates with NEW_CANDIDATES
# to match the old one's training core-hours (compare the reports' fidelity / seconds sections).
# Usage: bash docs/runs/equal-budget-conv_vit/run.sh /path/to/cifar10-jpeg
set -euo pipefail
cd "$(dirname "$0")/../../.."
DATA="${1:?usage: run.sh DATA}"
cargo build --release --features torch
common=(--space conv_vit --data "$DATA" --max-instructions 30000000 --final-epochs 15 --parallel 2
  --backend torch --seed 0)
run() { # out, args...
  local out="$1"; shift
  local resume=(); [ -f "$out/search.json" ] && resume=(--resume)
  ./target/release/hynas search "${common[@]}" "$@" --out "$out" "${resume[@]}"
}
mkdir -p out
run out/eb-old --candidates 40 --proxy-epochs 2 --train-subset 30000 --predictor none
run out/eb-new --preset cpu --candidates "${NEW_CANDIDATES:-64}"
for s in old new; do
  mkdir -p "docs/runs/equal-budget-conv_vit/$s"
  cp out/eb-$s/{report.md,history.jsonl,search.json,baseline.json,search.log,*.svg} "docs/runs/equal-budget-conv_vit/$s/"
  cp -r out/eb-$s/best "docs/runs/equal-budget-conv_vit/$s/"
done
