#!/usr/bin/env bash
# The runs of issue 24 ("the claim, measured"), resumable: run this again to continue where it
# stopped (each search resumes from its folder, each training from its checkpoint).
#
#   bash docs/runs/claim/run.sh [DATA] [THREADS]     from the repository root, after
#                                                    cargo build --release --features torch
#   HYNAS_BIN_DIR=DIR  run hynas and hynas-torch from DIR (a copy of target/release, so that
#                      rebuilding the tree does not touch a running search)
#
# 1. conv_vit, <= 100k parameters, at most ResNet-8's instructions (17,283,010 on rv32imf) and RAM
#    (131,344 B): 400 candidates at 2 epochs on 30,000 images, the best 1/16 (25) again at HANNAH's
#    10 epochs on 45,000 (docs/runs/proxy-conv_vit: 2x30000 ranks best of the cheap proxies, tau
#    0.76 against 10x45000); the 3 most accurate under the budget retrained with --recipe hannah,
#    ResNet-8 with the same recipe as the reference.
# 2. conv_vit_lin (HANNAH's use_lin_attn: ReLU linear attention), the same budget and ladder,
#    150 candidates.
# 3. resnet space, the same budget, 200 candidates, the same ladder.
# 4. The picks of conv_vit (after its search) and conv_vit_lin retrained with distillation.
set -euo pipefail
cd "$(dirname "$0")/../../.."
D="${1:-../shared/data/cifar10-jpeg}"
T="${2:-1}"
HERE=docs/runs/claim
BIN="${HYNAS_BIN_DIR:-target/release}"
H="$BIN/hynas"
search() {
  local name=$1
  shift
  local out=$HERE/$name
  local resume=()
  [ -f "$out/search.json" ] && resume=(--resume)
  if [ -f "$out/report.md" ]; then
    echo "$name: done"
    return
  fi
  mkdir -p "$out"
  echo "$name: $H search $* --out $out ${resume[*]}" | tee -a "$out/run.log"
  "$H" search "$@" --data "$D" --backend torch --threads "$T" --parallel 1 --out "$out" "${resume[@]}" 2>&1 \
    | grep --line-buffered -v '^\s*$' >> "$out/run.log"
}
BUDGET=(--max-params 100000 --max-instructions 17283010 --max-ram 131344 --fidelity 2x30000,10x45000 --eta 16
        --recipe hannah --pick baseline --retrain-top 3)
# The picks of a finished search (best/, then front/<candidate>/ of --retrain-top), each retrained
# with the same recipe distilled from the hannah ResNet-8 of docs/runs/recipes, into
# kd/<search>-<pick>/ (resumable: a checkpoint per epoch).
TEACHER=(--teacher resnet8 --teacher-weights docs/runs/recipes/resnet8-hannah/weights.safetensors
         --kd-alpha 0.9 --kd-temperature 4)
distil() {
  local name=$1
  [ -f "$HERE/$name/report.md" ] || return 0
  for g in "$HERE/$name"/best/genome.json "$HERE/$name"/front/*/genome.json; do
    [ -f "$g" ] || continue
    local pick
    pick=$(basename "$(dirname "$g")")
    local out=$HERE/kd/$name-$pick
    [ -f "$out/metrics.json" ] && continue
    local resume=()
    [ -f "$out/checkpoint/checkpoint.json" ] && resume=(--resume)
    mkdir -p "$out"
    echo "kd $name-$pick: $H train $g --recipe hannah ${TEACHER[*]}" | tee -a "$out/train.log"
    "$H" train "$g" --recipe hannah "${TEACHER[@]}" --data "$D" --backend torch --threads "$T" --out "$out" \
      "${resume[@]}" 2>&1 | grep --line-buffered -v '^\s*$' >> "$out/train.log"
  done
}
search conv_vit --space conv_vit --candidates 400 "${BUDGET[@]}"
distil conv_vit
search conv_vit_lin --space conv_vit_lin --candidates 150 "${BUDGET[@]}"
search resnet --space resnet --candidates 200 "${BUDGET[@]}"
distil conv_vit_lin
