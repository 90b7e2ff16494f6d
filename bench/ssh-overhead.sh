#!/usr/bin/env bash
# Benchmark: per-cell overhead of the SSH executor on the lab (lab/lab.sh), against a bare
# `ssh host true` and against the local executor, for the smallest useful cell (one iteration
# of an 8-160 KiB file, so the cell time is connection, JVM start and bookkeeping). Medians over CELLS
# cells of each kind, measured in the same run. Needs root (the lab).
#
#   bench/ssh-overhead.sh            # 20 cells each
#   CELLS=40 bench/ssh-overhead.sh
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/cells.sh
. "$here/bench/cells.sh"
CELLS=${CELLS:-20}
export LAB=${LAB:-/tmp/bitbisect-bench-lab}
work=$(mktemp -d)
trap '"$here/lab/lab.sh" down 1 >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
[ -f "$here/runner/target/bitbisect.jar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }

"$here/lab/lab.sh" down 1 >/dev/null 2>&1 || true
"$here/lab/lab.sh" up 1 >/dev/null
addr=10.250.0.11
ssh_opts=(-q -i "$LAB/keys/id_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile="$LAB/known_hosts" -o StrictHostKeyChecking=yes)

bare=()
for ((i = 0; i < CELLS; i++)); do
  t0=$(date +%s.%N); ssh "${ssh_opts[@]}" "root@$addr" true; t1=$(date +%s.%N)
  bare+=("$(echo "$t1 - $t0" | bc -l)")
done

tiny_matrix ssh "  - {name: labh1, ssh: {address: $addr, user: root, identity: $LAB/keys/id_ed25519, known_hosts: $LAB/known_hosts}, storage: {local: /mnt/local/bench}}" > "$work/ssh.yaml"
tiny_matrix local "  - {name: here, storage: {local: $work/local}}" > "$work/local.yaml"
(cd "$work" && "$here/bitbisect" sweep ssh.yaml >/dev/null 2>&1 && "$here/bitbisect" sweep local.yaml >/dev/null 2>&1)

b=$(median "${bare[@]}")
s=$(median $(cell_seconds "$work" ssh))
l=$(median $(cell_seconds "$work" local))
echo "per-cell time, one lab host, $CELLS cells of one small iteration each, medians:"
awk -v b="$b" -v s="$s" -v l="$l" 'BEGIN {
  printf "  bare ssh host true          %6.3f s\n", b
  printf "  cell, local executor        %6.3f s\n", l
  printf "  cell, SSH executor          %6.3f s\n", s
  printf "  SSH cell / bare ssh         %6.2fx\n", s / b
  printf "  SSH cell - local cell       %6.3f s  (what reaching the host adds per cell)\n", s - l }'
