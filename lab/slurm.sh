#!/usr/bin/env bash
# A Slurm cluster on one machine: slurmctld and N slurmd daemons, nodes n1..nN, every daemon on
# 127.0.0.1 (each slurmd on its own port), munge for authentication. All "nodes" share this
# machine's filesystem, as a real cluster shares its home and scratch exports.
#
#   lab/slurm.sh up [N]     start it (default 3 nodes); prints "export SLURM_CONF=..."
#   lab/slurm.sh down       stop every daemon it started
#   lab/slurm.sh env        print "export SLURM_CONF=..." for a cluster that is up
#   lab/slurm.sh demo       a sweep through the cluster with a fault injected on n2, and its report
#
# Needs root and Debian's slurmctld, slurmd, slurm-client and munge (Slurm 22.05); the demo also
# needs fuse3, libfuse3-dev, pkg-config and gcc (lab/faultfs). SLURM_LAB
# (default /tmp/bitbisect-slurm) holds the config, state, logs and the PIDs; every finished job
# is one line of $SLURM_LAB/log/jobcomp.txt (no accounting daemon, so no sacct). Jobs get state
# TIMEOUT, CANCELLED or NODE_FAIL as on a real cluster; a node set DOWN by
# "scontrol update nodename=n2 state=down reason=..." stays down until "state=resume".
set -euo pipefail

B=${SLURM_LAB:-/tmp/bitbisect-slurm}
HERE=$(cd "$(dirname "$0")" && pwd)

up() {
  local n=${1:-3} host
  for cmd in slurmctld slurmd sbatch munge munged; do
    command -v "$cmd" >/dev/null || { echo "slurm lab: $cmd is missing (apt-get install slurmctld slurmd slurm-client munge)" >&2; exit 2; }
  done
  if [ -s "$B/pids" ] && kill -0 "$(awk 'NR==1{print $2}' "$B/pids")" 2>/dev/null; then
    echo "slurm lab: already up in $B; lab/slurm.sh down first" >&2; exit 2
  fi
  host=$(hostname -s)
  rm -rf "$B"
  mkdir -p "$B/state" "$B/log" "$B/spool"
  chown slurm:slurm "$B/state" "$B/log"
  cat > "$B/slurm.conf" <<CONF
ClusterName=bitbisect-lab
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=slurm
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$B/state
SlurmdSpoolDir=$B/spool/%n
SlurmctldPidFile=$B/slurmctld.pid
SlurmdPidFile=$B/slurmd-%n.pid
SlurmctldLogFile=$B/log/slurmctld.log
SlurmdLogFile=$B/log/slurmd-%n.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
MpiDefault=none
MailProg=/bin/true
# A node an administrator sets DOWN stays down; one that stopped answering comes back by itself.
ReturnToService=1
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$B/log/jobcomp.txt
KillWait=5
MinJobAge=300
SlurmdTimeout=30
MessageTimeout=10
NodeName=n[1-$n] NodeHostname=$host NodeAddr=127.0.0.1 Port=[17001-$((17000 + n))] CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF=$B/slurm.conf
  : > "$B/pids"
  if ! munge -n >/dev/null 2>&1; then
    mkdir -p /run/munge && chown munge:munge /run/munge
    setpriv --reuid=munge --regid=munge --init-groups munged -F > "$B/log/munged.out" 2>&1 &
    echo "munged $!" >> "$B/pids"
    for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  slurmctld -D -f "$SLURM_CONF" > "$B/log/slurmctld.out" 2>&1 &
  echo "slurmctld $!" >> "$B/pids"
  for i in $(seq 1 "$n"); do
    mkdir -p "$B/spool/n$i"
    slurmd -D -N "n$i" -f "$SLURM_CONF" > "$B/log/slurmd-n$i.out" 2>&1 &
    echo "slurmd-n$i $!" >> "$B/pids"
  done
  for _ in $(seq 300); do
    [ "$(sinfo -h -N -o '%t' 2>/dev/null | grep -c '^idle')" = "$n" ] && break
    sleep 0.1
  done
  if [ "$(sinfo -h -N -o '%t' 2>/dev/null | grep -c '^idle')" != "$n" ]; then
    echo "slurm lab: the nodes did not come up; see $B/log" >&2; sinfo -N >&2 || true; exit 1
  fi
  sinfo -N >&2
  echo "export SLURM_CONF=$SLURM_CONF"
}

down() {
  [ -f "$B/pids" ] || return 0
  tac "$B/pids" | while read -r name pid; do
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      echo "stopped $name ($pid)" >&2
    fi
  done
  rm -f "$B/pids"
}

# A hunt through the cluster: node n2 is labelled kernel "5.1", and its directory goes through
# lab/faultfs, which clears the low 32 bits of some all-ones words in writes not opened with
# O_SYNC or O_DSYNC (every flip logged to $SLURM_LAB/flips.log). The sweep runs every cell as a
# step of one job per node; the report names the cause.
demo() {
  local root=$HERE/.. work fs
  work=$(mktemp -d /tmp/bitbisect-slurm-demo.XXXXXX)
  up 3 > /dev/null
  export SLURM_CONF=$B/slurm.conf
  # shellcheck source=lab/faultfs/build.sh
  . "$HERE/faultfs/build.sh"
  fs=$(faultfs_build "$B")
  mkdir -p "$B/faulty-disk" "$B/faulty"
  "$fs" --rules "flip,unsynced,words=ones,bits=low,prob=0.00002,seed=7,log=$B/flips.log" "$B/faulty-disk" "$B/faulty" \
    -o default_permissions
  trap 'fusermount3 -u "$B/faulty" 2>/dev/null || true; down' EXIT
  cat > "$work/hunt.yaml" <<YAML
name: slurm-demo
hosts:
  - slurm: {nodes: "n[1,3]"}
    labels: {kernel: "5.5"}
    storage: {local: /var/tmp/bitbisect-slurm}
  - slurm: {node: n2}
    labels: {kernel: "5.1"}
    storage: {local: $B/faulty}
axes: {storage: [local], sync: [buffered, osync], size: [1MiB, 4MiB]}
work: {iterations: 8}
run: {per_host: 1}
YAML
  (cd "$work" && "$root/bitbisect" sweep hunt.yaml --allow-label-mismatch) || true
  echo "Slurm's own record of the jobs (one per node):"
  cut -d' ' -f1,4,5,9 "$B/log/jobcomp.txt"
  echo "faultfs flipped $(grep -c '^flip' "$B/flips.log") words; results in $work/results"
}

case "${1:-}" in
  up) up "${2:-3}" ;;
  down) down ;;
  env) echo "export SLURM_CONF=$B/slurm.conf" ;;
  demo) demo ;;
  *) sed -n '2,15p' "$0" >&2; exit 2 ;;
esac
