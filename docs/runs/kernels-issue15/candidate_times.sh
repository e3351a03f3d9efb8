#!/usr/bin/env bash
# Compile + link + Spike seconds of `hynas profile` for N seeded conv_vit genomes within 100k
# parameters (what a search pays per candidate before training), one JSON line each.
#   [SCHEDULES=baseline] bash docs/runs/kernels-issue15/candidate_times.sh [N] [hynas binary]
set -euo pipefail
N=${1:-20}
H=${2:-target/release/hynas}
tmp=$(mktemp -d)
"$H" sample --space conv_vit --seed 15 --count "$N" --max-params 100000 > "$tmp/genomes.jsonl"
i=0
while read -r line; do
  echo "$line" > "$tmp/g$i.json"
  "$H" profile "$tmp/g$i.json" --json --schedules "${SCHEDULES:-tuned}" | python3 -c "
import json,sys; d=json.load(sys.stdin); w=d['wall_seconds']
print(json.dumps({'i': $i, 'macs': d['macs'], 'instr_per_mac': round(d['instructions_per_mac'],3),
  'compile': round(w['compile'],3), 'link': round(w['link'],3), 'spike': round(w['spike'],3),
  'compile_link_spike': round(w['compile']+w['link']+w['spike'],3)}))"
  i=$((i+1))
done < "$tmp/genomes.jsonl"
rm -rf "$tmp"
