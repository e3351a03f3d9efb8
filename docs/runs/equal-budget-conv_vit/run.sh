#!/usr/bin/env bash
# Issue 13's equal-budget comparison on the full CIFAR-10 set, conv_vit space, torch backend,
# two one-thread workers: the old setting (as docs/runs/search2-conv_vit: 40 candidates, 2 epochs
# on 30k, one-parameter mutation, no predictor) against the new default (--preset cpu: the same
# proxy, predictor gp 50/20) and against a two-rung ladder (2x30000 then 10x45000 for the best
# eighth; LADDER_CANDIDATES, default 22, for about the same core-hours), all with at most 30M
# instructions and the best retrained with the same 15-epoch SGD recipe. Resumable: run it again
# and each search continues where it stopped (--resume); compare the reports' seconds / fidelity
# sections for the core-hours each spent.
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
run out/eb-new --preset cpu
run out/eb-ladder --fidelity 2x30000,10x45000 --eta 8 --candidates "${LADDER_CANDIDATES:-22}"
for s in old new ladder; do
  mkdir -p "docs/runs/equal-budget-conv_vit/$s"
  cp out/eb-$s/{report.md,history.jsonl,search.json,baseline.json,search.log,*.svg} "docs/runs/equal-budget-conv_vit/$s/"
  cp -r out/eb-$s/best "docs/runs/equal-budget-conv_vit/$s/"
done
