#!/usr/bin/env bash
# The real-NFS tier: nfs-ganesha (a user-space NFS server) in its own network namespace, and a
# QEMU guest (software emulation: TCG) running Debian's Linux 6.1 kernel, whose real NFS client
# mounts the export at /mnt/nfs. The guest's root is this machine's / shared read-only over
# virtio-9p with a tmpfs overlay, so its java and sshd are this machine's; it has a small ext4
# disk of its own at /local. It answers SSH as host vm1 at 10.250.0.31 with the lab's key.
#
#   lab/nfs.sh up       start the server and the guest (about 30 s); prints the matrix host entry
#   lab/nfs.sh down     stop both and remove every process, namespace and link
#   lab/nfs.sh sweep    up, a small sweep through the guest's NFS client, the report, down
#
# Needs root and: qemu-system-x86 nfs-ganesha nfs-ganesha-vfs rpcbind nfs-common busybox-static
# cpio kmod iproute2 e2fsprogs openssh-server (apt-get install ...). The first `up` downloads
# Debian's kernel package (about 70 MB) into $LAB/vm. Environment:
#   LAB           working directory (default /tmp/bitbisect-lab; shares the key with lab.sh)
#   NFS_OPTIONS   the guest's mount options (default vers=3,proto=tcp,hard,timeo=600,retrans=2,nolock)
#   KERNEL        the Debian kernel package (default: the newest linux-image-6.1.0-N-amd64)
set -euo pipefail

LAB=${LAB:-/tmp/bitbisect-lab}
BRIDGE=${BRIDGE:-bbisect0}
SUBNET=${SUBNET:-10.250.0}
NFS_OPTIONS=${NFS_OPTIONS:-vers=3,proto=tcp,hard,timeo=600,retrans=2,nolock}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lab/sshd.sh
. "$HERE/sshd.sh"
VM=$LAB/vm
SERVER=$SUBNET.2
GUEST=$SUBNET.31
EXPORT=$LAB/nfs/export

need() {
  local missing=()
  for cmd in qemu-system-x86_64 ganesha.nfsd rpcbind mount.nfs cpio modprobe ip mkfs.ext4 sshd; do
    command -v "$cmd" >/dev/null || [ -x "/usr/sbin/$cmd" ] || [ -x "/sbin/$cmd" ] || missing+=("$cmd")
  done
  # The initramfs has no libc: busybox must be static (ldd fails on a static binary).
  if [ ! -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then missing+=(busybox-static); fi
  if ((${#missing[@]})); then
    echo "nfs: missing ${missing[*]} (apt-get install --no-install-recommends qemu-system-x86 nfs-ganesha nfs-ganesha-vfs rpcbind" \
      "nfs-common busybox-static cpio kmod)" >&2
    exit 2
  fi
}

# Debian's kernel and an initramfs that loads the virtio, 9p, overlay, NFS and ext4 modules.
kernel() {
  mkdir -p "$VM"
  if [ ! -f "$VM/kernel.ready" ]; then
    local pkg=${KERNEL:-$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' | cut -d' ' -f1 | sort -t- -k4 -n | tail -1)}
    echo "nfs: fetching $pkg (once)"
    rm -rf "$VM/deb" "$VM/kroot"; mkdir -p "$VM/deb"
    (cd "$VM/deb" && apt-get download "$pkg" >/dev/null 2>&1) || { echo "nfs: apt-get download $pkg failed" >&2; exit 1; }
    dpkg -x "$VM"/deb/*.deb "$VM/kroot"
    rm -rf "$VM/deb"
    local v; v=$(basename "$(ls "$VM"/kroot/boot/vmlinuz-*)" | sed 's/^vmlinuz-//')
    depmod -b "$VM/kroot" "$v" # the package leaves module dependencies to be computed
    echo "$v" > "$VM/kernel.ready"
  fi
  local version root=$VM/initrd-root
  version=$(cat "$VM/kernel.ready")
  [ "$VM/initrd.cpio.gz" -nt "$HERE/nfs.sh" ] && return
  rm -rf "$root"; mkdir -p "$root"/{bin,proc,sys,dev,lib/modules}
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"; done
  : > "$root/modlist"
  for m in virtio_pci virtio_net virtio_blk virtio_rng 9pnet_virtio 9p overlay nfsv3 nfsv4 ext4; do
    modprobe -d "$VM/kroot" -S "$version" --show-depends "$m" | awk '$1 == "insmod" {print $2}'
  done | awk '!seen[$0]++' | while read -r f; do cp "$f" "$root/lib/modules/"; basename "$f" >> "$root/modlist"; done
  cat > "$root/init" <<'INIT'
#!/bin/sh
# Load the modules, mount the host's / (read-only, 9p) under a tmpfs overlay, run stage 2.
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in $(cat /modlist); do insmod /lib/modules/$m 2>/dev/null; done
mkdir -p /lower /upper /newroot
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /lower || exec sh
mount -t tmpfs -o size=3g tmpfs /upper; mkdir -p /upper/u /upper/w
mount -t overlay overlay -o lowerdir=/lower,upperdir=/upper/u,workdir=/upper/w /newroot || exec sh
STAGE2=$(sed -n 's/.*stage2=\([^ ]*\).*/\1/p' /proc/cmdline)
mount --move /proc /newroot/proc; mount --move /sys /newroot/sys; mount --move /dev /newroot/dev
exec switch_root /newroot /bin/sh "$STAGE2"
INIT
  chmod +x "$root/init"
  (cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$VM/initrd.cpio.gz"
}

server() {
  mkdir -p "$EXPORT" "$LAB/nfs/recovery"
  chmod 1777 "$EXPORT"
  sed -e "s#/tmp/bitbisect-lab/gexport#$EXPORT#; s#/tmp/bitbisect-lab/ganesha/recov#$LAB/nfs/recovery#" \
    "$HERE/nfs/ganesha.conf" > "$LAB/nfs/ganesha.conf"
  ip netns add labnfs
  ip link add veth-labnfs type veth peer name eth0 netns labnfs
  ip link set veth-labnfs master "$BRIDGE" up
  ip -n labnfs addr add "$SERVER/24" dev eth0
  ip -n labnfs link set eth0 up
  ip -n labnfs link set lo up
  # rpcbind for NFSv3, plain in its own namespace (with -h ADDR it crashes).
  ip netns exec labnfs rpcbind -f -w > "$LAB/nfs/rpcbind.log" 2>&1 &
  sleep 0.3
  ip netns exec labnfs ganesha.nfsd -F -f "$LAB/nfs/ganesha.conf" -L "$LAB/nfs/ganesha.log" \
    -p "$LAB/nfs/ganesha.pid" > /dev/null 2>&1 &
}

guest() {
  lab_key
  sshd_config "$VM/sshd_config" "$GUEST" "$VM" /run/sshd.pid
  echo "$GUEST $(cut -d' ' -f1-2 "$VM/ssh_host_ed25519_key.pub")" > "$VM/known_hosts"
  rm -f "$VM/disk.img"; truncate -s 256M "$VM/disk.img"; mkfs.ext4 -q -F "$VM/disk.img"
  cat > "$VM/stage2.sh" <<STAGE2
#!/bin/sh
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
mount -t tmpfs tmpfs /run; mkdir -p /run/sshd; mount -t devpts devpts /dev/pts 2>/dev/null
: > /root/.bashrc   # the host's shell start-up is slow under emulation
hostname vm1; ip link set lo up; ip addr add $GUEST/24 dev eth0; ip link set eth0 up
mkdir -p /mnt/nfs /local
mount -o noatime /dev/vda /local
mount -t nfs -o $NFS_OPTIONS $SERVER:$EXPORT /mnt/nfs && echo GUEST_NFS_MOUNTED || echo GUEST_NFS_FAILED
/usr/sbin/sshd -f $VM/sshd_config -E /run/sshd.log
echo GUEST_READY
while [ ! -e /run/poweroff ]; do sleep 0.5; done
umount -f /mnt/nfs 2>/dev/null; umount /local 2>/dev/null
poweroff -f
STAGE2
  ip tuntap add bbtap0 mode tap
  ip link set bbtap0 master "$BRIDGE" up
  rm -f "$VM/console.log"
  # One virtual CPU: with two emulated in parallel, JVMs died of SIGSEGV in JIT code they had
  # just patched (2 of 12 writers); see lab/README.md.
  qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m 3072 -display none -no-reboot -monitor none \
    -serial "file:$VM/console.log" -daemonize -pidfile "$VM/qemu.pid" \
    -kernel "$VM/kroot/boot/vmlinuz-$(cat "$VM/kernel.ready")" -initrd "$VM/initrd.cpio.gz" \
    -append "console=ttyS0 quiet panic=-1 stage2=$VM/stage2.sh" \
    -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
    -drive "file=$VM/disk.img,if=virtio,format=raw,cache=none,aio=threads" \
    -netdev tap,id=n0,ifname=bbtap0,script=no,downscript=no -device virtio-net-pci,netdev=n0,mac=52:54:00:bb:00:31 \
    -device virtio-rng-pci
}

up() {
  need
  if [ -f "$VM/qemu.pid" ] && kill -0 "$(cat "$VM/qemu.pid")" 2>/dev/null; then
    echo "nfs: the guest is running already; lab/nfs.sh down first" >&2; exit 2
  fi
  local start
  start=$(date +%s.%N)
  kernel
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$SUBNET.1/24" dev "$BRIDGE"
    ip link set "$BRIDGE" up
    touch "$LAB/nfs.bridge"
  fi
  mkdir -p "$LAB/nfs"
  server
  guest
  for _ in $(seq 1 720); do
    grep -q GUEST_READY "$VM/console.log" 2>/dev/null && break
    kill -0 "$(cat "$VM/qemu.pid" 2>/dev/null)" 2>/dev/null || { echo "nfs: the guest stopped; see $VM/console.log" >&2; exit 1; }
    sleep 0.25
  done
  grep -q GUEST_READY "$VM/console.log" || { echo "nfs: the guest did not come up in 180 s; see $VM/console.log" >&2; exit 1; }
  grep -q GUEST_NFS_MOUNTED "$VM/console.log" || { echo "nfs: the guest could not mount the export; see $VM/console.log and $LAB/nfs/ganesha.log" >&2; exit 1; }
  echo "nfs: guest vm1 at $GUEST up in $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s, NFS mounted with $NFS_OPTIONS"
  echo "nfs: matrix host entry:"
  echo "  - {name: vm1, ssh: {address: $GUEST, user: root, identity: $LAB/keys/id_ed25519, known_hosts: $VM/known_hosts}, storage: {nfs: /mnt/nfs/bitbisect, local: /local/bitbisect}}"
}

down() {
  if [ -f "$VM/qemu.pid" ]; then
    local pid; pid=$(cat "$VM/qemu.pid")
    timeout 10 ssh -q -i "$LAB/keys/id_ed25519" -o BatchMode=yes -o ConnectTimeout=3 -o UserKnownHostsFile="$VM/known_hosts" \
      "root@$GUEST" 'touch /run/poweroff' 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$VM/qemu.pid"
  fi
  ip link del bbtap0 2>/dev/null || true
  if ip netns pids labnfs >/dev/null 2>&1; then ip netns pids labnfs | xargs -r kill -9 2>/dev/null || true; fi
  ip netns del labnfs 2>/dev/null || true
  ip link del veth-labnfs 2>/dev/null || true
  if [ -f "$LAB/nfs.bridge" ]; then ip link del "$BRIDGE" 2>/dev/null || true; rm -f "$LAB/nfs.bridge"; fi
}

sweep() {
  local jar=$HERE/../runner/target/bitbisect.jar
  [ -f "$jar" ] || { echo "nfs: build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
  down 2>/dev/null || true
  up
  rm -rf "$LAB/nfs-results"
  cat > "$LAB/nfs.yaml" <<YAML
# written by lab/nfs.sh sweep: one emulated host whose kernel NFS client mounts nfs-ganesha
name: real-nfs
hosts:
  - {name: vm1, ssh: {address: $GUEST, user: root, identity: $LAB/keys/id_ed25519, known_hosts: $VM/known_hosts}, storage: {nfs: /mnt/nfs/bitbisect, local: /local/bitbisect}}
axes:
  sync: [buffered, osync]
  size: [1MiB]
work: {iterations: ${NFS_ITERATIONS:-2}}
run: {seed: 1, timeout: 5m}
YAML
  local rc=0
  java -jar "$jar" sweep "$LAB/nfs.yaml" --results "$LAB/nfs-results" || rc=$?
  down
  return "$rc"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  sweep) sweep ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
