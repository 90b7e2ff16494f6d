#!/usr/bin/env bash
# Benchmark: the report (cube.h5 + report.html/md + findings.json) of a large sweep: 10,000 cells
# and 1,000,000 corruption events (bench/src/main/java/bitbisect/bench/ReportScaleStore.java builds the store; the truth is
# kernel=5.1 AND sync in {buffered, fsync}). Prints wall time and peak heap (from the GC log) of
# `bitbisect report` under a 2 GiB heap, as medians over RUNS, against a peer measured in the
# same run: reading every event file once with `wc -l` (the I/O floor of any report).
#
#   bench/report-scale.sh                      # 1M events, 3 runs, store under /dev/shm
#   EVENTS=100000 RUNS=5 WORK=/var/tmp bench/report-scale.sh
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
jar="$here/runner/target/bitbisect.jar"
EVENTS=${EVENTS:-1000000}
RUNS=${RUNS:-3}
WORK=${WORK:-/dev/shm}
. "$(dirname "$0")/classpath.sh"
cp=$(bench_classpath runner/target/bitbisect.jar) || exit 2

work=$(mktemp -d "$WORK/bitbisect-report-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
store="$work/results/scale-1"
start=$(date +%s.%N)
java -cp "$cp" bitbisect.bench.ReportScaleStore "$store" "$EVENTS"
echo "store: $(du -sh "$store" | cut -f1) written in $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s"

times=() heaps=() peers=()
for ((r = 1; r <= RUNS; r++)); do
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  t0=$(date +%s.%N)
  find "$store/cells" -name '*.jsonl' -print0 | xargs -0 cat | wc -l > /dev/null
  peers+=("$(echo "$(date +%s.%N) - $t0" | bc)")
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  t0=$(date +%s.%N)
  JAVA_OPTS="-Xmx2g -Xlog:gc:file=$work/gc.log" "$here/bitbisect" report --results "$work/results" scale-1 > "$work/out.txt" || [ $? -eq 1 ]
  times+=("$(echo "$(date +%s.%N) - $t0" | bc)")
  # peak heap: the largest "before" figure of any collection, e.g. "Pause Young ... 512M->40M(2048M)"
  heaps+=("$(grep -o '[0-9]*M->[0-9]*M' "$work/gc.log" | cut -d M -f1 | sort -n | tail -1)")
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
t=$(median "${times[@]}")
h=$(median "${heaps[@]}")
p=$(median "${peers[@]}")
echo "report of 10,000 cells and $EVENTS corruption events, $RUNS runs, medians ($(nproc) cores):"
printf '  bitbisect report      %6.2f s   peak heap %s MiB (limit 2048)\n' "$t" "${h:-?}"
printf '  wc -l over the store  %6.2f s\n' "$p"
awk -v t="$t" -v p="$p" 'BEGIN { printf "  ratio report / wc    %6.1f\n", t / p }'
head -1 "$work/out.txt"
grep -o '"verdict" : "[a-z_]*"' "$store/findings.json"
ls -la "$store" | awk '/cube.h5|report|findings/ {print "  " $5, $9}'
