#!/usr/bin/env bash
# Brings up a single-host Slurm cluster for tests, without systemd (idempotent):
# installs slurmctld, slurmd, slurm-client and munge from Debian when missing, writes a
# slurm.conf into the state folder, starts munged, slurmctld and slurmd, and waits until the node
# is idle. Needs root (or sudo). Stop it with scripts/slurm-down.sh.
#
#   HYNAS_SLURM_DIR   state folder (default /tmp/hynas-slurm): slurm.conf, logs, pid files
#   HYNAS_SLURM_CPUS  CPUs of the node (default: the machine's cores)
#
# Afterwards point the Slurm tools at it: export SLURM_CONF=$HYNAS_SLURM_DIR/slurm.conf
# (this script prints the line; the tests read HYNAS_SLURM_DIR themselves).
set -euo pipefail
D="${HYNAS_SLURM_DIR:-/tmp/hynas-slurm}"
CPUS="${HYNAS_SLURM_CPUS:-$(nproc)}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
need=()
for p in slurmctld slurmd slurm-client munge; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "slurm-up: apt-get install ${need[*]}"
  # Package scripts must not try to start services (no systemd here).
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
$SUDO mkdir -p "$D/state" "$D/log" "$D/spool"
CONF="$D/slurm.conf"
$SUDO tee "$CONF" >/dev/null <<CONF
ClusterName=hynastest
SlurmctldHost=localhost
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$D/log/jobcomp.txt
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
MinJobAge=600
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool/%n
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd-%n.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd-%n.log
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$CPUS State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$CONF"
# A daemon is running when its pid file names a live process of that name.
running() { # pidfile comm
  [ -s "$1" ] && [ "$(cat "/proc/$(cat "$1")/comm" 2>/dev/null)" = "$2" ]
}
# munge
$SUDO install -d -o munge -g munge -m 0755 /run/munge
if [ ! -s /etc/munge/munge.key ]; then
  $SUDO mungekey --create
  $SUDO chown munge:munge /etc/munge/munge.key
fi
if ! running /run/munge/munged.pid munged; then
  $SUDO runuser -u munge -- /usr/sbin/munged
fi
if ! running "$D/slurmctld.pid" slurmctld; then
  $SUDO slurmctld -c -f "$CONF"
fi
if ! running "$D/slurmd-localhost.pid" slurmd; then
  $SUDO slurmd -f "$CONF" -N localhost
fi
for _ in $(seq 1 60); do
  n="$(sinfo -h -t idle -o '%D' 2>/dev/null | head -1 || true)"
  if [ "${n:-0}" -ge 1 ] 2>/dev/null; then
    echo "slurm-up: node idle ($CPUS CPUs); export SLURM_CONF=$CONF"
    exit 0
  fi
  sleep 0.5
done
echo "slurm-up: the node did not become idle within 30 s; see $D/log/" >&2
sinfo >&2 || true
exit 1
