#!/bin/bash
# A one-node SLURM cluster on this machine, for trying the job-array recipe
# and for Scripts/slurm/integration-test.sh. Debian/Ubuntu, run as root, no
# systemd needed (containers included). Tried with Debian 12's slurm-wlm
# 22.05.8 and munge 0.5.15; starting takes ~5 s once the packages are there.
#
#   Scripts/slurm/cluster.sh start    install what is missing, write slurm.conf,
#                                     start munged, slurmctld, slurmd; wait for idle
#   Scripts/slurm/cluster.sh stop     stop exactly the daemons `start` started
#   Scripts/slurm/cluster.sh status   what runs and what sinfo says
#
# Exit status: 0 ok, 1 failed, 2 usage, 3 SLURM unavailable here (not root,
# no apt-get, the install failed: e.g. no network), 4 (status) not running.
#
# What it does, and why:
# - Installs slurmctld slurmd slurm-client munge with apt-get when a daemon is
#   missing. Package installs cannot start services here (policy-rc.d, no
#   systemd), so the daemons are started by hand, in the order munged,
#   slurmctld, slurmd, and their PIDs kept in $STATE to stop only those.
# - Debian ships no slurm.conf, and without one every client command fails
#   ("Could not establish a configuration source"). This writes a minimal one
#   (marked as ours; an existing slurm.conf without the mark is left alone and
#   start refuses): one node, localhost, CPUs = nproc, no cgroups
#   (proctrack/linuxproc, task/none), no accounting (sacct is disabled: poll
#   squeue; `scontrol show job` keeps finished jobs ~5 minutes).
# - munged needs /run/munge owned by munge (systemd creates it otherwise) and
#   must run as munge; checked with `munge -n | unmunge`.
# - slurmctld -i ignores state left by earlier runs. "can not load PMIx
#   library" from slurmd and missing state files on first start are harmless.
# - A controller that already answers (started by someone else) is used as it
#   is and never stopped by this script.
set -euo pipefail

STATE=/run/escapelab-slurm          # our PID files
CONF=/etc/slurm/slurm.conf
MARK="# written by EscapeLab Scripts/slurm/cluster.sh"
LOGS=/var/log/slurm
NODE=$(hostname -s)
DAEMONS=(slurmd slurmctld munged)   # stop order

say() { echo "cluster.sh: $*"; }
die() { echo "cluster.sh: $1" >&2; exit "${2:-1}"; }

# PID in $STATE/$1.pid if that process is alive and still is $1.
our_pid() {
  local f=$STATE/$1.pid pid
  [ -s "$f" ] || return 1
  pid=$(cat "$f")
  [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = "$1" ] && echo "$pid"
}

# Node state as sinfo prints it (idle, mix, alloc, down*, ...), empty if no
# answer within $1 s (without a controller sinfo retries for ~10 s).
node_state() {
  command -v sinfo >/dev/null || return 0
  timeout "${1:-10}" sinfo -h -n "$NODE" -o %t 2>/dev/null | head -n 1 || true
}
answering() { case "$(node_state "${1:-10}")" in idle*|mix*|alloc*|comp*) return 0 ;; *) return 1 ;; esac; }

# Waits up to 10 s for a non-empty file.
wait_file() { for _ in $(seq 1 50); do [ -s "$1" ] && return 0; sleep 0.2; done; return 1; }

show_logs() {
  for f in "$LOGS/slurmctld.log" "$LOGS/slurmd.log" /var/log/munge/munged.log; do
    [ -f "$f" ] && { echo "--- last lines of $f"; tail -n 15 "$f"; }
  done >&2
}

stop() {
  local d pid
  for d in "${DAEMONS[@]}"; do
    if pid=$(our_pid "$d"); then
      say "stopping $d (pid $pid)"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      if kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$d" ]; then
        say "$d (pid $pid) ignored SIGTERM for 10 s: SIGKILL"
        kill -9 "$pid" 2>/dev/null || true
      fi
    fi
    rm -f "$STATE/$d.pid"
  done
}

status() {
  local d pid up=0
  for d in munged slurmctld slurmd; do
    if pid=$(our_pid "$d"); then say "$d running, pid $pid (started by this script)"; up=1
    else say "$d not started by this script"; fi
  done
  if answering 4; then timeout 10 sinfo; return 0; fi
  say "no SLURM controller answers"
  [ "$up" = 1 ] && return 1 || return 4
}

install_packages() {
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null \
    && command -v sbatch >/dev/null && return 0
  command -v apt-get >/dev/null || die "SLURM is not installed and there is no apt-get" 3
  say "installing slurmctld slurmd slurm-client munge with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  # The index may be stale or absent; a failed update is reported by the install.
  timeout 300 apt-get update -qq >/dev/null 2>&1 || true
  timeout 600 apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null \
    || die "apt-get install slurmctld slurmd slurm-client munge failed (no network?)" 3
}

write_conf() {
  if [ -f "$CONF" ] && ! grep -qxF "$MARK" "$CONF"; then
    die "$CONF exists and was not written by this script: not overwriting it"
  fi
  mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd "$LOGS" /run/slurm
  cat > "$CONF" <<CONF
$MARK
ClusterName=escapelab
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurm/slurmctld.pid
SlurmdPidFile=/run/slurm/slurmd.pid
SlurmctldLogFile=$LOGS/slurmctld.log
SlurmdLogFile=$LOGS/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
}

start() {
  if answering 4; then
    say "a SLURM controller already answers; using it as it is"
    timeout 10 sinfo
    return 0
  fi
  [ "$(id -u)" = 0 ] || die "starting SLURM needs root" 3
  install_packages
  # Leftovers of ours that no longer answer (a half start): stop them first.
  stop >/dev/null
  mkdir -p "$STATE"
  write_conf

  # munge: the package creates the key; without systemd nobody creates /run/munge.
  [ -s /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key
  chown munge:munge /etc/munge/munge.key
  chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  chmod 755 /run/munge

  rm -f /run/munge/munged.pid /run/slurm/slurmctld.pid /run/slurm/slurmd.pid
  # --force: munged refuses to start over a socket left by an unclean stop.
  runuser -u munge -- /usr/sbin/munged --force
  wait_file /run/munge/munged.pid || { show_logs; die "munged wrote no PID file"; }
  cp /run/munge/munged.pid "$STATE/munged.pid"
  munge -n | unmunge >/dev/null || { show_logs; stop; die "munge does not work (munge -n | unmunge)"; }

  /usr/sbin/slurmctld -i
  wait_file /run/slurm/slurmctld.pid || { show_logs; stop; die "slurmctld wrote no PID file"; }
  cp /run/slurm/slurmctld.pid "$STATE/slurmctld.pid"
  /usr/sbin/slurmd
  wait_file /run/slurm/slurmd.pid || { show_logs; stop; die "slurmd wrote no PID file"; }
  cp /run/slurm/slurmd.pid "$STATE/slurmd.pid"

  local st=
  for _ in $(seq 1 60); do
    st=$(node_state)
    [ "$st" = idle ] && break
    sleep 1
  done
  if [ "$st" != idle ]; then
    show_logs
    stop
    die "node $NODE is '$st', not idle, after 60 s"
  fi
  say "started (munged $(cat "$STATE/munged.pid"), slurmctld $(cat "$STATE/slurmctld.pid"), slurmd $(cat "$STATE/slurmd.pid"))"
  timeout 10 sinfo
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
