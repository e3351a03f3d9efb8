#!/usr/bin/env bash
# The measurements of every retrained model of the claim's runs (issue 24, item 3), resumable:
# one JSON per model in results/ (skipped when present), then the table and the Pareto plot
# (results.py -> results.md, pareto.svg).
#
#   bash docs/runs/claim/results.sh [DATA]      from the repository root, after cargo build --release
#
# Per model (a folder with genome.json, weights.safetensors and metrics.json): f32 on rv32imf
# (`hynas profile`: instructions, ROM, RAM), int8 on rv32imc calibrated on 512 training images
# (`hynas profile --core ibex-small`: instructions, ROM, RAM, modelled Ibex cycles), int8 test
# accuracy on the 10,000 test images (`hynas eval --quantize int8`, the host-compiled int8
# kernels, bit-identical to the RISC-V program's), f32 test accuracy from the training's metrics.
set -euo pipefail
cd "$(dirname "$0")/../../.."
D="${1:-../shared/data/cifar10-jpeg}"
HERE=docs/runs/claim
H="${HYNAS_BIN_DIR:-target/release}/hynas"
OUT=$HERE/results
mkdir -p "$OUT"
Q=(--quantize int8 --calibration-data "$D")
for dir in "$HERE"/*/best "$HERE"/*/front/* "$HERE"/conv_vit/reference "$HERE"/kd/*; do
    [ -f "$dir/weights.safetensors" ] && [ -f "$dir/metrics.json" ] || continue
    name=$(echo "${dir#"$HERE"/}" | tr '/' '-')
    json=$OUT/$name.json
    [ -f "$json" ] && continue
    g=$dir/genome.json
    [ "$name" = conv_vit-reference ] && g=resnet8
    echo "$name" >&2
    f32=$("$H" profile "$g" --weights "$dir/weights.safetensors" --target rv32imf --json)
    int8=$("$H" profile "$g" --weights "$dir/weights.safetensors" --target rv32imc "${Q[@]}" --core ibex-small --json)
    acc=$("$H" eval "$g" --weights "$dir/weights.safetensors" --data "$D" "${Q[@]}" --json)
    python3 - "$json" "$dir/metrics.json" <<EOF
import json, sys
out, metrics = sys.argv[1], json.load(open(sys.argv[2]))
f32, int8, acc = json.loads('''$f32'''), json.loads('''$int8'''), json.loads('''$acc''')
json.dump({"format_version": 1, "model": "$name", "folder": "$dir",
           "params": f32["params"], "macs": f32["macs"],
           "f32": {"test_accuracy": metrics["test_accuracy"], "instructions": f32["instructions"],
                   "rom_bytes": f32["rom_bytes"], "ram_bytes": f32["ram_bytes"]},
           "int8": {"test_accuracy": acc["accuracy"], "test_images": acc["images"],
                    "instructions": int8["instructions"], "rom_bytes": int8["rom_bytes"],
                    "ram_bytes": int8["ram_bytes"], "ibex_small_cycles": int8["modelled"]["cycles"]}},
          open(out, "w"), indent=1)
EOF
done
python3 "$HERE/results.py" "$HERE"
