#!/usr/bin/env bash
# The same search on the full CIFAR-10 JPEG set with the local executor and with
# --executor slurm on the single-host test cluster (2 CPUs), one after the other, 2 in flight each.
# Resumable: run it again and each search continues (--resume) or is skipped when its report exists.
# Usage: bash docs/runs/slurm-vs-local/run.sh /path/to/cifar10-jpeg [out-dir]
set -euo pipefail
cd "$(dirname "$0")/../../.."
DATA="${1:?usage: run.sh DATA [OUT]}"
OUT="${2:-out/slurm-vs-local}"
export SLURM_CONF="${HYNAS_SLURM_DIR:-/tmp/hynas-slurm}/slurm.conf"
ARGS=(search --space conv_vit --seed 1 --candidates 8 --proxy-epochs 1 --train-subset 10000
      --max-instructions 30000000 --final-epochs 2 --parallel 2 --data "$DATA")
for ex in local slurm; do
  dir="$OUT/$ex"
  [ -f "$dir/report.md" ] && { echo "$ex: done"; continue; }
  extra=()
  [ -f "$dir/search.json" ] && extra+=(--resume)
  [ "$ex" = slurm ] && extra+=(--executor slurm --slurm-time 20:00 --slurm-poll 1)
  start=$(date +%s)
  ./target/release/hynas "${ARGS[@]}" --out "$dir" "${extra[@]}"
  echo "$ex: $(( $(date +%s) - start )) s wall" | tee -a "$OUT/wall.txt"
done
