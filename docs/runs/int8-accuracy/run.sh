#!/usr/bin/env bash
# Issue 14: float vs int8 accuracy on the full 10,000-image test set, same weights, for ResNet-8
# (docs/runs/train-resnet8-30) and the conv_vit best of docs/runs/search2-conv_vit, with each
# calibration method (512 training images). int8 runs on the integer reference interpreter, the
# bit-exact oracle of the int8 kernels. Resumable: each result is a JSON file in results/, kept;
# run it again and only the missing ones run. Then it prints the table (table.md).
# Usage: bash docs/runs/int8-accuracy/run.sh /path/to/cifar10-jpeg
set -euo pipefail
cd "$(dirname "$0")/../../.."
DATA="${1:?usage: run.sh DATA}"
cargo build --release -q
OUT=docs/runs/int8-accuracy/results
mkdir -p "$OUT"
models=(resnet8:docs/runs/train-resnet8-30 conv_vit:docs/runs/search2-conv_vit/best)
methods=(f32 minmax percentile:99.99 percentile:99.9 mse)
for m in "${models[@]}"; do
  name="${m%%:*}"; dir="${m#*:}"
  for c in "${methods[@]}"; do
    f="$OUT/$name-${c//:/-}.json"
    [ -s "$f" ] && continue
    args=()
    [ "$c" != f32 ] && args=(--quantize int8 --calibration-data "$DATA" --calibration "$c")
    echo "== $name $c"
    ./target/release/hynas eval "$dir/genome.json" --weights "$dir/weights.safetensors" --data "$DATA" \
      --json "${args[@]}" | python3 -c 'import json,sys; v=json.load(sys.stdin); v.pop("predictions"); print(json.dumps(v))' > "$f.tmp"
    mv "$f.tmp" "$f"
  done
done
python3 - "$OUT" > docs/runs/int8-accuracy/table.md <<'PY'
import json, os, sys
d = sys.argv[1]
print("| model | form | test accuracy | vs f32 | seconds |\n|---|---|---|---|---|")
for name in ["resnet8", "conv_vit"]:
    ref = json.load(open(f"{d}/{name}-f32.json"))["accuracy"]
    for c in ["f32", "minmax", "percentile-99.99", "percentile-99.9", "mse"]:
        p = f"{d}/{name}-{c}.json"
        if not os.path.exists(p):
            continue
        v = json.load(open(p))
        form = "f32" if c == "f32" else f"int8, {c.replace('-', ':', 1)}"
        print(f"| {name} | {form} | {100*v['accuracy']:.2f}% | {100*(v['accuracy']-ref):+.2f} | {v['seconds']:.0f} |")
PY
cat docs/runs/int8-accuracy/table.md
