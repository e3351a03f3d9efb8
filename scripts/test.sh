#!/usr/bin/env bash
# Sets up and runs the tests (the README's test command): scripts/setup.sh, a single-host Slurm
# cluster for the cluster tests (scripts/slurm-up.sh; stopped afterwards whatever happened, unless
# it was already running), the Verilator simulation of Ibex for the RTL tests
# (scripts/rtl-sim.sh), then `cargo test --workspace` (extra arguments are passed on).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HYNAS_SLURM_DIR="${HYNAS_SLURM_DIR:-/tmp/hynas-slurm}"
export SLURM_CONF="$HYNAS_SLURM_DIR/slurm.conf"
if [ -s "$SLURM_CONF" ] && sinfo -h -o '%D' >/dev/null 2>&1; then
  echo "test: using the Slurm cluster already up at $HYNAS_SLURM_DIR"
else
  trap 'bash scripts/slurm-down.sh' EXIT
  start=$(date +%s%N)
  bash scripts/slurm-up.sh
  echo "test: Slurm up in $(( ($(date +%s%N) - start) / 1000000 )) ms"
fi
# The cluster tests (tests/slurm.rs) fail instead of skipping when the cluster does not answer.
export HYNAS_REQUIRE_SLURM=1
# The RTL comparison of the cycle model (tests/rtl.rs): the Verilator simulation of Ibex, built
# once (about 2 minutes) and cached in ~/.cache/hynas/ibex-sim.
HYNAS_IBEX_SIM="$(bash scripts/rtl-sim.sh small)"
export HYNAS_IBEX_SIM HYNAS_REQUIRE_RTL=1
# The driver's modules stay layered (no import cycle among them).
python3 scripts/module-cycles.py driver/src
cargo test --workspace "$@"
# The verifier runs after every pass in release builds too (debug_assertions off there).
HYNAS_RELEASE_TEST=1 cargo test --release -p hynas-passes --test verify_release "$@"
