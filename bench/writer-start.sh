#!/usr/bin/env bash
# Benchmark: the fixed cost of one writer run (JVM start, facts, one 1 MiB iteration), started
# as the runner starts it, with the class-data archive the preflight makes on each host
# (runner/.../execute/WriterCall.java) against the same command without it. Interleaved,
# RUNS of each, medians; also a bare `java -version` (the JVM's own floor) in the same run.
#
#   bench/writer-start.sh           # 15 runs each
#   RUNS=30 bench/writer-start.sh
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-15}
jar=$here/pattern-writer/target/pattern-writer.jar
[ -f "$jar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
work=$(mktemp -d /var/tmp/bitbisect-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp "$jar" "$work/pattern-writer.jar"
jar=$work/pattern-writer.jar
quiet=(-Xlog:cds=off -Xlog:cds+dynamic=off)
run=(run --path "$work/probe.bin" --size 1MiB --iterations 1 --keep none --quiet)
java -XX:ArchiveClassesAtExit="$work/pattern-writer.jsa" "${quiet[@]}" -jar "$jar" "${run[@]}" >/dev/null 2>&1

seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
plain=() archived=() bare=()
for ((i = 0; i < RUNS; i++)); do
  plain+=("$(seconds java -jar "$jar" "${run[@]}")")
  archived+=("$(seconds java -XX:SharedArchiveFile="$work/pattern-writer.jsa" "${quiet[@]}" -jar "$jar" "${run[@]}")")
  bare+=("$(seconds java -version)")
done
p=$(median "${plain[@]}") a=$(median "${archived[@]}") b=$(median "${bare[@]}")
echo "one writer run (1 MiB, 1 iteration, facts included), $RUNS interleaved runs each, medians:"
awk -v p="$p" -v a="$a" -v b="$b" 'BEGIN {
  printf "  java -version               %6.3f s\n", b
  printf "  run without the archive     %6.3f s\n", p
  printf "  run with the archive        %6.3f s\n", a
  printf "  with / without              %6.2fx\n", a / p }'
