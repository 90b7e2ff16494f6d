#!/usr/bin/env bash
# Benchmark: the in-memory verify scan (BlockComparator: whole-block ByteBuffer.mismatch, words
# walked only where blocks differ) against C memcmp on the same data, both single-threaded.
# Each tool runs RUNS times, interleaved; each run reports the median of 7 passes over TOTAL
# bytes; the script prints the median of the runs and the ratio.
#
#   bench/verify-scan.sh            # 1 GiB in 1 MiB blocks, 5 runs
#   TOTAL=$((4<<30)) BLOCK=$((4<<20)) bench/verify-scan.sh
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
TOTAL=${TOTAL:-$((1 << 30))}
BLOCK=${BLOCK:-$((1 << 20))}
RUNS=${RUNS:-5}
. "$(dirname "$0")/classpath.sh"
cp=$(bench_classpath pattern-writer/target/pattern-writer.jar) || exit 2
command -v gcc >/dev/null || { echo "gcc is needed for the memcmp peer" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O2 -o "$work/memcmp" "$here/bench/verify_scan_memcmp.c"

java_rates=() c_rates=()
for ((r = 1; r <= RUNS; r++)); do
  java_rates+=("$(java -Xmx512m -XX:MaxDirectMemorySize=$((TOTAL + (64 << 20))) -cp "$cp" bitbisect.bench.VerifyScan "$TOTAL" "$BLOCK" 7)")
  c_rates+=("$("$work/memcmp" "$TOTAL" "$BLOCK" 7)")
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
j=$(median "${java_rates[@]}")
c=$(median "${c_rates[@]}")
echo "in-memory verify scan: $((TOTAL >> 20)) MiB in $((BLOCK >> 10)) KiB blocks, $RUNS runs, medians, one core"
awk -v j="$j" -v c="$c" 'BEGIN {
  printf "  BlockComparator (Java)  %6.2f GiB/s\n", j / 2^30
  printf "  memcmp (C, gcc -O2)     %6.2f GiB/s\n", c / 2^30
  printf "  ratio Java / C          %6.2f\n", j / c }'
