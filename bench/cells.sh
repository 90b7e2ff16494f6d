# Sourced by the per-cell overhead benchmarks (ssh-overhead.sh, slurm-overhead.sh): the smallest
# useful cells (one iteration of an 8-160 KiB file, so a cell's time is its fixed cost), and
# medians of what they took.

# tiny_matrix NAME HOST_ENTRY: CELLS cells of one small iteration each on that host.
tiny_matrix() {
  cat <<YAML
name: $1
hosts:
$2
axes: {size: [$(seq -s, 8 8 $((8 * CELLS)) | sed 's/,/KiB,/g')KiB]}
work: {iterations: 1, block: 8KiB}
run: {seed: 1}
YAML
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# cell_seconds DIR NAME: the elapsed time of every run of sweep NAME-* under DIR/results.
cell_seconds() { cat "$1"/results/"$2"-*/cells/*/run-001.json | grep elapsed_seconds | sed 's/.*: //; s/,//'; }
