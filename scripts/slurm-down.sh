#!/usr/bin/env bash
# Stops the single-host test cluster of scripts/slurm-up.sh: cancels every job, then stops
# slurmd, slurmctld and munged by their pid files (never by name), KILL after 10 s.
set -uo pipefail
D="${HYNAS_SLURM_DIR:-/tmp/hynas-slurm}"
export SLURM_CONF="$D/slurm.conf"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
if [ -s "$SLURM_CONF" ]; then
  scancel --user="$(id -un)" 2>/dev/null || true
  for _ in $(seq 1 20); do
    pgrep -x slurmstepd >/dev/null || break
    sleep 0.5
  done
fi
stop() { # pidfile comm
  [ -s "$1" ] || return 0
  pid="$(cat "$1")"
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ] || return 0
  $SUDO kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do
    [ -e "/proc/$pid" ] || return 0
    sleep 0.1
  done
  echo "slurm-down: $2 ($pid) ignored TERM; KILL" >&2
  $SUDO kill -KILL "$pid" 2>/dev/null || true
}
stop "$D/slurmd-localhost.pid" slurmd
stop "$D/slurmctld.pid" slurmctld
stop /run/munge/munged.pid munged
echo "slurm-down: stopped"
