#!/usr/bin/env bash
# The trainings of issue 23 (HANNAH's final recipe, with and without distillation), one after the
# other, each resumable: a training checkpoints after every epoch into OUT/checkpoint/, and running
# this script again continues the unfinished one and skips those with a metrics.json.
#
#   bash docs/runs/recipes/run.sh [DATA] [THREADS]      (from the repository root; a --features
#                                                        torch release build: cargo build --release --features torch)
#   HYNAS_BIN_DIR=DIR  run hynas and hynas-torch from DIR (a copy of target/release)
set -euo pipefail
cd "$(dirname "$0")/../../.."
D="${1:-../shared/data/cifar10-jpeg}"
T="${2:-1}"
HERE=docs/runs/recipes
EB=docs/runs/equal-budget-conv_vit
# The binaries are used from a copy (HYNAS_BIN_DIR), so rebuilding the tree does not touch a
# running training.
BIN="${HYNAS_BIN_DIR:-target/release}"
H="$BIN/hynas"
run() {
  local name=$1
  shift
  local out=$HERE/$name
  if [ -f "$out/metrics.json" ]; then
    echo "$name: done"
    return
  fi
  local resume=()
  [ -f "$out/checkpoint/checkpoint.json" ] && resume=(--resume)
  mkdir -p "$out"
  echo "$name: $H train $* --data $D --backend torch --threads $T --out $out ${resume[*]}" | tee -a "$out/train.log"
  "$H" train "$@" --data "$D" --backend torch --threads "$T" --out "$out" "${resume[@]}" 2>&1 \
    | grep --line-buffered -v '^\s*$' >> "$out/train.log"
}
TEACHER=(--teacher resnet8 --teacher-weights "$HERE/resnet8-hannah/weights.safetensors" --kd-alpha 0.9 --kd-temperature 4)
run resnet8-hannah resnet8 --recipe hannah
run c48-hannah "$EB/old/best/genome.json" --recipe hannah
run c22-hannah "$EB/new/best/genome.json" --recipe hannah
run c48-hannah-kd "$EB/old/best/genome.json" --recipe hannah "${TEACHER[@]}"
run c22-hannah-kd "$EB/new/best/genome.json" --recipe hannah "${TEACHER[@]}"
