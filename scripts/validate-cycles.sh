#!/usr/bin/env bash
# The cycle model against RTL: builds the Verilator simulation of Ibex (scripts/rtl-sim.sh) and
# CoreMark for its simple system, then runs `hynas bench --core ibex-<config> --rtl ...`: the
# int8 bench models, a kernel sweep and CoreMark, modelled (Spike's PC histogram + the timing
# table) against the RTL's mcycle, same programs. The table goes to stdout and to
# docs/runs/cycles/ibex-<config>.md.
#
#   bash scripts/validate-cycles.sh [small|maxperf]
#
# CoreMark (EEMBC, vendored in third_party/ibex/sw/coremark) is built twice per compiler, at 10
# and 20 iterations; the difference of the two runs' cycles is 10 iterations, start-up and
# reporting cancel. Compilers: GCC 12 (Debian's gcc-riscv64-unknown-elf, rv32imc multilib) with
# Ibex's own CoreMark flags (examples/sw/benchmarks/coremark/ibex/core_portme.mak), and clang-19.
# Takes about 15 minutes on two cores (ResNet-8 int8 is ~1 minute of RTL simulation).
set -euo pipefail

CONFIG="${1:-small}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SIM="$(bash scripts/rtl-sim.sh "$CONFIG")"
SW="$ROOT/third_party/ibex/sw"
CM="${HYNAS_RTL_DIR:-$HOME/.cache/hynas/ibex-sim}/coremark"
mkdir -p "$CM" docs/runs/cycles

if ! command -v riscv64-unknown-elf-gcc >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q gcc-riscv64-unknown-elf clang-19 lld-19 >&2
    else
        echo "validate-cycles.sh: needs gcc-riscv64-unknown-elf (apt-get install it)" >&2
        exit 1
    fi
fi

COMMON=(-DHYNAS_NO_ICACHE_CSR -DTOTAL_DATA_SIZE=2000 -DMAIN_HAS_NOARGC=1 -DPERFORMANCE_RUN=1 -DHAS_FLOAT=0
    -I"$SW/coremark/shim" -I"$SW/common" -I"$SW/coremark/ibex" -I"$SW/coremark/eembc")
SRCS=("$SW"/coremark/eembc/core_*.c "$SW"/coremark/ibex/*.c "$SW/common/simple_system_common.c" "$SW/common/crt0.S")

# build <name> <iterations> <compiler and flags...>
build() {
    local name="$1" its="$2"
    shift 2
    local tmp
    tmp="$(mktemp -d)"
    local objs=()
    for f in "${SRCS[@]}"; do
        local o
        o="$tmp/$(basename "$f").o"
        "$@" "${COMMON[@]}" -DITERATIONS="$its" -c "$f" -o "$o"
        objs+=("$o")
    done
    ld.lld-19 -T "$SW/common/link.ld" "${objs[@]}" -o "$CM/$name-$its.elf"
    rm -rf "$tmp"
}

GCC=(riscv64-unknown-elf-gcc -march=rv32imc_zicsr -mabi=ilp32 -static -mcmodel=medlow -mtune=sifive-3-series -O3
    -falign-functions=16 -funroll-all-loops -finline-functions -falign-jumps=4 -nostdlib -nostartfiles
    -ffreestanding -mstrict-align)
CLANG=(clang-19 --target=riscv32-unknown-elf -march=rv32imc -mabi=ilp32 -mcmodel=medany -O3 -nostdlib -ffreestanding)
for its in 10 20; do
    build gcc12-ibex-flags "$its" "${GCC[@]}"
    build clang19-O3 "$its" "${CLANG[@]}"
done

cargo build --release -q
./target/release/hynas bench --quantize int8 --target rv32imc --calibration-data data/cifar10-sample \
    --core "ibex-$CONFIG" --rtl "$SIM" --coremark "$CM" | tee "docs/runs/cycles/ibex-$CONFIG.md"
