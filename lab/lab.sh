#!/usr/bin/env bash
# A fleet on one machine: N SSH hosts, each a network namespace on a private bridge with its own
# OpenSSH sshd (key-only auth, its own host key), hostname (UTS namespace) and mount namespace:
#   /mnt/local   a loop-mounted ext4 image of its own (the "local disk")
#   /mnt/nfs     a view of one shared directory (standing in for an NFS export)
#   /sys/class/dmi/id/product_name   a fake hardware model (overlay over /sys/class)
#
#   lab/lab.sh up [N]     bring up N hosts (default 3): labh1..labhN at 10.250.0.11..
#   lab/lab.sh down [N]   stop them and remove every process, mount, loop device and link
#   lab/lab.sh env        print the lab's paths (key, known_hosts, addresses) as shell variables
#   lab/lab.sh demo [bisect]  a 3-host fleet where kernel "5.1" corrupts buffered writes: sweep
#                         (or hunt with bitbisect bisect), report
#
# Needs root, iproute2, util-linux (unshare), openssh-server and e2fsprogs. Traffic stays on
# the bridge and in the namespaces created here. LAB (default /tmp/bitbisect-lab) holds keys,
# known_hosts, disk images, logs. Per host:
#   MODEL_<host>=R630         its fake hardware model
#   FAULT_<host>=RULES        its /mnt/local and /mnt/nfs go through lab/faultfs with these rules
#                             (e.g. flip,unsynced,bits=low,prob=0.00005; see lab/README.md); every
#                             corrupted word is logged to $LAB/<host>/flips.log. Needs fuse3,
#                             libfuse3-dev, pkg-config and gcc (faultfs is built on first use).
#   FAULT_ON_<host>=local|nfs only that mount goes through faultfs (default: both)
set -euo pipefail

N=${2:-3}
LAB=${LAB:-/tmp/bitbisect-lab}
BRIDGE=${BRIDGE:-bbisect0}
SUBNET=${SUBNET:-10.250.0}

address() { echo "$SUBNET.$((10 + $1))"; }

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lab/sshd.sh
. "$HERE/sshd.sh"

# shellcheck source=lab/faultfs/build.sh
. "$HERE/faultfs/build.sh"
faultfs() { faultfs_build "$LAB"; }

up() {
  for cmd in ip unshare sshd ssh-keygen mkfs.ext4 mountpoint; do
    command -v "$cmd" >/dev/null || { echo "lab: $cmd is missing (apt-get install iproute2 util-linux openssh-server e2fsprogs)" >&2; exit 2; }
  done
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    echo "lab: $BRIDGE exists already; run lab/lab.sh down first" >&2; exit 2
  fi
  mkdir -p "$LAB/keys" "$LAB/shared" /run/sshd /mnt/nfs /mnt/local
  chmod 1777 "$LAB/shared"
  lab_key
  : > "$LAB/known_hosts"
  ip link add "$BRIDGE" type bridge
  ip addr add "$SUBNET.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  for i in $(seq 1 "$N"); do
    local h=labh$i d=$LAB/labh$i addr
    addr=$(address "$i")
    mkdir -p "$d/sysup/dmi/id" "$d/syswork"
    ip netns add "$h"
    ip link add "veth-$h" type veth peer name eth0 netns "$h"
    ip link set "veth-$h" master "$BRIDGE" up
    ip -n "$h" addr add "$addr/24" dev eth0
    ip -n "$h" link set eth0 up
    ip -n "$h" link set lo up
    sshd_config "$d/sshd_config" "$addr" "$d" "$d/sshd.pid"
    echo "$addr $(cut -d' ' -f1-2 "$d/ssh_host_ed25519_key.pub")" >> "$LAB/known_hosts"
    [ -f "$d/local.img" ] || { truncate -s 256M "$d/local.img"; mkfs.ext4 -q -F "$d/local.img"; }
    local model_var="MODEL_$h" fault_var="FAULT_$h" on_var="FAULT_ON_$h" mounts
    echo "${!model_var:-Lab Model $i}" > "$d/sysup/dmi/id/product_name"
    if [ -n "${!fault_var+set}" ]; then
      # Both the disk and the share go through faultfs (a faulty kernel is not picky), unless
      # FAULT_ON_<host> names one: a fault of one host's client of one storage.
      local fs rules="${!fault_var}" on="${!on_var:-both}" local_mount nfs_mount
      case "$on" in both|local|nfs) ;; *) echo "lab: FAULT_ON_$h=$on: give local or nfs" >&2; exit 2 ;; esac
      fs=$(faultfs)
      rules="${rules:+$rules,}log=$d/flips.log"
      : > "$d/flips.log"
      mkdir -p "$d/disk"
      local_mount="mount --bind $d/disk /mnt/local"
      nfs_mount="mount --bind $LAB/shared /mnt/nfs"
      [ "$on" = nfs ] || local_mount="$fs --rules '$rules' $d/disk /mnt/local -o default_permissions"
      [ "$on" = local ] || nfs_mount="$fs --rules '$rules' $LAB/shared /mnt/nfs -o default_permissions"
      mounts="mount -o loop,noatime $d/local.img $d/disk
      $local_mount
      $nfs_mount"
    else
      mounts="mount -o loop,noatime $d/local.img /mnt/local
      mount --bind $LAB/shared /mnt/nfs"
    fi
    rm -f "$d/sshd.pid"
    # Own hostname and mounts; the namespace (and its mounts) ends with sshd.
    ip netns exec "$h" unshare --uts --mount --propagation private sh -c "
      set -e
      hostname $h
      mount --bind /dev/null /root/.bashrc 2>/dev/null || true
      $mounts
      mount -t overlay overlay -o lowerdir=/sys/class,upperdir=$d/sysup,workdir=$d/syswork /sys/class
      exec /usr/sbin/sshd -f $d/sshd_config -E $d/sshd.log" &
  done
  for i in $(seq 1 "$N"); do
    local ok=
    for _ in $(seq 1 200); do
      if ssh -q -i "$LAB/keys/id_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes -o ConnectTimeout=2 \
           -o UserKnownHostsFile="$LAB/known_hosts" -o StrictHostKeyChecking=yes "root@$(address "$i")" true 2>/dev/null; then
        ok=1; break
      fi
      sleep 0.05
    done
    [ -n "$ok" ] || { echo "lab: labh$i did not come up; see $LAB/labh$i/sshd.log" >&2; exit 1; }
  done
  echo "lab: $N hosts up: $(for i in $(seq 1 "$N"); do printf 'labh%d=%s ' "$i" "$(address "$i")"; done)"
}

down() {
  for i in $(seq 1 "$N"); do
    local d=$LAB/labh$i
    if [ -f "$d/sshd.pid" ]; then kill "$(cat "$d/sshd.pid")" 2>/dev/null || true; rm -f "$d/sshd.pid"; fi
    # Processes still inside the namespace (sessions, writers, faultfs) go too; a writer stuck in
    # faultfs (block=unkillable) ends only once faultfs is gone, so look again until none is left.
    for _ in $(seq 1 50); do
      local pids
      pids=$(ip netns pids "labh$i" 2>/dev/null) || break
      [ -n "$pids" ] || break
      echo "$pids" | xargs -r kill -9 2>/dev/null || true
      sleep 0.1
    done
  done
  sleep 0.3 # a mount namespace, with its loop and overlay mounts, ends with its last process
  for i in $(seq 1 "$N"); do
    ip netns del "labh$i" 2>/dev/null || true
    rm -rf "$LAB/labh$i/syswork"
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  losetup -j "$LAB/labh1/local.img" >/dev/null 2>&1 || true
  for i in $(seq 1 "$N"); do
    losetup -j "$LAB/labh$i/local.img" 2>/dev/null | cut -d: -f1 | xargs -r -n1 losetup -d 2>/dev/null || true
  done
  rmdir /mnt/nfs /mnt/local 2>/dev/null || true
}

# Three hosts (R620 on 3.10, R630 on 5.1, R630 on 5.5); only the host labelled 5.1 corrupts: the low
# 32 bits of all-ones words in writes not opened with O_SYNC/O_DSYNC. Sweeps it (or hunts it:
# demo bisect) and reports.
demo() {
  local command=${1:-sweep}
  case "$command" in sweep | bisect) ;; *) echo "lab: demo runs sweep or bisect, not '$command'" >&2; exit 2 ;; esac
  local jar=$HERE/../runner/target/bitbisect.jar
  [ -f "$jar" ] || { echo "lab: build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
  N=3
  down 2>/dev/null || true
  # A fresh start: a demo resumed from an earlier one would have nothing left to run, and kept
  # evidence files would fill the small lab disks.
  rm -rf "$LAB/results" "$LAB"/labh*/local.img "$LAB/shared"
  MODEL_labh1=R620 MODEL_labh2=R630 MODEL_labh3=R630 \
    FAULT_labh2=${DEMO_FAULT:-flip,unsynced,words=ones,bits=low,prob=0.00002,seed=7} up
  local kernels=(3.10 5.1 5.5) models=(R620 R630 R630) matrix=$LAB/demo.yaml
  {
    echo "# written by lab/lab.sh demo: the lab's hosts; labh2 (kernel label 5.1) corrupts buffered writes"
    echo "name: lab-demo"
    echo "hosts:"
    for i in 1 2 3; do
      echo "  - name: labh$i"
      echo "    labels: {model: ${models[i-1]}, kernel: \"${kernels[i-1]}\"}"
      echo "    ssh: {address: $(address "$i"), user: root, identity: $LAB/keys/id_ed25519, known_hosts: $LAB/known_hosts}"
      echo "    storage: {local: /mnt/local/bitbisect, nfs: /mnt/nfs/bitbisect-labh$i}"
    done
    echo "axes:"
    echo "  sync: [buffered, fsync, osync]"
    echo "  size: [1MiB, 4MiB]"
    echo "work: {iterations: ${DEMO_ITERATIONS:-6}}"
    echo "run: {seed: 1, parallel_hosts: 3, timeout: 2m}"
  } > "$matrix"
  echo "lab: $command $matrix (kernel labels are declared: the lab's hosts all run this machine's kernel)"
  local rc=0
  java -jar "$jar" "$command" "$matrix" --results "$LAB/results" --allow-label-mismatch || rc=$?
  N=3 down
  echo "lab: injected $(cat "$LAB"/labh*/flips.log 2>/dev/null | grep -c '^flip') flips (logs: $LAB/labh*/flips.log)"
  [ "$rc" -le 1 ] # 1 is "corruption found": the point of the demo
}

env_() {
  echo "LAB=$LAB"
  echo "LAB_KEY=$LAB/keys/id_ed25519"
  echo "LAB_KNOWN_HOSTS=$LAB/known_hosts"
  for i in $(seq 1 "$N"); do echo "LABH$i=$(address "$i")"; done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  env) env_ ;;
  demo) demo "${2:-sweep}" ;;
  *) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
