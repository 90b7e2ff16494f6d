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

# compare_cells NAME EXECUTOR HOST_ENTRY BARE_LABEL COMMAND...: times COMMAND (the bare way to run
# one thing on the host) CELLS times, sweeps CELLS tiny cells on HOST_ENTRY and as many on this
# machine, and prints the medians and ratios. Needs $here (the repository) and $work (scratch).
compare_cells() {
  local name=$1 executor=$2 entry=$3 bare_label=$4 bare=() i t0 t1 b s l
  shift 4
  for ((i = 0; i < CELLS; i++)); do
    t0=$(date +%s.%N); "$@"; t1=$(date +%s.%N)
    bare+=("$(echo "$t1 - $t0" | bc -l)")
  done
  tiny_matrix "$name" "$entry" > "$work/$name.yaml"
  tiny_matrix local "  - {name: here, storage: {local: $work/local}}" > "$work/local.yaml"
  (cd "$work" && "$here/bitbisect" sweep "$name.yaml" >/dev/null 2>&1 && "$here/bitbisect" sweep local.yaml >/dev/null 2>&1)
  b=$(median "${bare[@]}")
  s=$(median $(cell_seconds "$work" "$name"))
  l=$(median $(cell_seconds "$work" local))
  echo "per-cell time, one lab host, $CELLS cells of one small iteration each, medians:"
  awk -v b="$b" -v s="$s" -v l="$l" -v bl="$bare_label" -v ex="$executor" 'BEGIN {
    printf "  %-30s  %6.3f s\n", bl, b
    printf "  %-30s  %6.3f s\n", "cell, local executor", l
    printf "  %-30s  %6.3f s\n", "cell, " ex " executor", s
    printf "  %-30s  %6.2fx\n", ex " cell / " bl, s / b
    printf "  %-30s  %6.3f s  (what reaching the host adds per cell)\n", ex " cell - local cell", s - l }'
}
