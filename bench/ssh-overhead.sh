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

compare_cells ssh SSH "  - {name: labh1, ssh: {address: $addr, user: root, identity: $LAB/keys/id_ed25519, known_hosts: $LAB/known_hosts}, storage: {local: /mnt/local/bench}}" \
  "ssh host true" ssh "${ssh_opts[@]}" "root@$addr" true
