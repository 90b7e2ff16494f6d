#!/usr/bin/env bash
# Benchmark: per-cell overhead of the Slurm executor on the lab cluster (lab/slurm.sh), against a
# bare `srun -w n1 true` (a job of its own, the usual way to run one command on a node) and
# against the local executor, for the smallest useful cell (one iteration of an 8-160 KiB file,
# so the cell time is the step launch, JVM start and bookkeeping). Medians over CELLS cells of
# each kind, measured in the same run. Also counts the jobs Slurm recorded for the sweep: one
# per node, however many cells. Needs root and the Slurm packages (see lab/slurm.sh).
#
#   bench/slurm-overhead.sh            # 20 cells each
#   CELLS=40 bench/slurm-overhead.sh
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/cells.sh
. "$here/bench/cells.sh"
CELLS=${CELLS:-20}
export SLURM_LAB=${SLURM_LAB:-/tmp/bitbisect-bench-slurm}
work=$(mktemp -d /tmp/bitbisect-bench.XXXXXX)
trap '"$here/lab/slurm.sh" down >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
[ -f "$here/runner/target/bitbisect.jar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }

"$here/lab/slurm.sh" down >/dev/null 2>&1 || true
eval "$("$here/lab/slurm.sh" up 1 2>/dev/null)"

compare_cells slurm Slurm "  - {slurm: {node: n1}, storage: {local: $work/slurm}}" "srun -w n1 true" \
  srun -w n1 -N1 -n1 --quiet true
jobs=$(grep -c "Name=bitbisect-slurm-" "$SLURM_LAB/log/jobcomp.txt")
echo "  jobs Slurm recorded for the sweep's $CELLS cells: $jobs"
