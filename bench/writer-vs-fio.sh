#!/usr/bin/env bash
# Benchmark: pattern-writer against fio on the same file size, block size and sync mode,
# on tmpfs and on a disk directory, interleaved A/B, medians and ratios per phase.
#
#   bench/writer-vs-fio.sh                      # 1GiB, 1MiB blocks, 5 runs
#   SIZE=2GiB RUNS=7 DIRS="/dev/shm/bb /scratch/bb" bench/writer-vs-fio.sh
#
# Fairness (see the notes printed at the end): fio drops the file from the page cache before it
# verifies, so pattern-writer reads back with O_DIRECT here, never from its cache; fio gets
# --end_fsync=1 and --fallocate=none; the file is deleted before every run of either tool.
# pattern-writer's write phase includes its fsync and close; fio's write bandwidth is fio's own
# figure. Each run of either tool is a fresh process (JVM start-up counts in wall time).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
jar="$here/pattern-writer/target/pattern-writer.jar"
SIZE=${SIZE:-1GiB}
BLOCK=${BLOCK:-1MiB}
RUNS=${RUNS:-5}
MODES=${MODES:-"fsync direct odsync"}
DIRS=${DIRS:-"/dev/shm/bitbisect-bench /var/tmp/bitbisect-bench"}

command -v fio >/dev/null || { echo "fio is not installed: apt-get install fio" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is needed to read the JSON results" >&2; exit 2; }
[ -f "$jar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }

bytes=$(python3 -c "import re,sys; m=re.fullmatch(r'(\d+)([KMGT]i?B?)?', '$SIZE'); \
print(int(m.group(1)) << {None:0,'K':10,'M':20,'G':30,'T':40}[m.group(2)[0] if m.group(2) else None])")
fio_bs=$(echo "$BLOCK" | sed -E 's/iB$//; s/B$//')
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

fio_sync_args() {
  case "$1" in
    fsync) echo "--end_fsync=1" ;;
    odsync) echo "--sync=dsync --end_fsync=1" ;;
    osync) echo "--sync=sync --end_fsync=1" ;;
    direct) echo "--direct=1 --end_fsync=1" ;;
    *) echo "unknown mode $1" >&2; exit 2 ;;
  esac
}

key() { echo "${1//\//_}"; } # a results file name per directory

run_writer() { # dir mode run -> appends "write_Bps verify_Bps wall_s" to a results file
  local dir=$1 mode=$2 file="$1/bench.bin" t0 t1
  rm -f "$file"
  t0=$(date +%s.%N)
  java -jar "$jar" run --path "$file" --size "$SIZE" --block "$BLOCK" --sync "$mode" --readback direct \
       --quiet --stall 0 > "$out/writer.jsonl" 2>"$out/writer.err" || { cat "$out/writer.err" >&2; exit 1; }
  t1=$(date +%s.%N)
  python3 - "$out/writer.jsonl" "$bytes" "$t0" "$t1" <<'PY' >> "$out/writer-$(key "$dir")-$mode"
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
it = next(e for e in events if e["event"] == "iteration")
n = int(sys.argv[2])
print(n / ((it["write_ns"] + it["sync_ns"]) / 1e9), n / ((it["read_ns"] + it["verify_ns"]) / 1e9),
      float(sys.argv[4]) - float(sys.argv[3]))
PY
}

run_fio() {
  local dir=$1 mode=$2 file="$1/bench.bin" t0 t1
  rm -f "$file"
  t0=$(date +%s.%N)
  # shellcheck disable=SC2046
  fio --name=bitbisect --filename="$file" --rw=write --bs="$fio_bs" --size="$bytes" --ioengine=psync \
      --verify=pattern --verify_pattern=0xffffffffffffffff0000000000000000 --do_verify=1 --verify_state_save=0 \
      --fallocate=none $(fio_sync_args "$mode") --output-format=json > "$out/fio.json"
  t1=$(date +%s.%N)
  rm -f "$file"
  python3 - "$out/fio.json" "$t0" "$t1" <<'PY' >> "$out/fio-$(key "$dir")-$mode"
import json, sys
job = json.load(open(sys.argv[1]))["jobs"][0]
print(job["write"]["bw_bytes"], job["read"]["bw_bytes"], float(sys.argv[3]) - float(sys.argv[2]))
PY
}

echo "pattern-writer vs fio: size $SIZE, block $BLOCK, $RUNS interleaved runs per tool, medians"
echo "host: $(nproc) cores, kernel $(uname -r), $(fio --version), $(java -version 2>&1 | head -1)"
for dir in $DIRS; do
  mkdir -p "$dir"
  for mode in $MODES; do
    for ((r = 1; r <= RUNS; r++)); do
      # Alternate which tool goes first so neither always inherits a warm or dirty cache.
      if (( r % 2 )); then run_writer "$dir" "$mode"; run_fio "$dir" "$mode";
      else run_fio "$dir" "$mode"; run_writer "$dir" "$mode"; fi
    done
  done
  rm -f "$dir/bench.bin"
done

python3 - "$out" "$DIRS" "$MODES" <<'PY'
import statistics, sys, os
out, dirs, modes = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
def med(path, col):
    return statistics.median(float(l.split()[col]) for l in open(path))
print()
print(f"{'target':<28}{'mode':<8}{'phase':<8}{'pattern-writer':>16}{'fio':>14}{'ratio':>8}")
for d in dirs:
    name = d.replace("/", "_")
    for m in modes:
        w, f = f"{out}/writer-{name}-{m}", f"{out}/fio-{name}-{m}"
        for col, phase in ((0, "write"), (1, "verify")):
            a, b = med(w, col), med(f, col)
            print(f"{d:<28}{m:<8}{phase:<8}{a/2**20:>11.0f} MiB/s{b/2**20:>9.0f} MiB/s{a/b:>7.2f}x")
        a, b = med(w, 2), med(f, 2)
        print(f"{d:<28}{m:<8}{'wall':<8}{a:>14.2f} s{b:>12.2f} s{b/a:>7.2f}x")
print()
print("ratio > 1 means pattern-writer is faster (for wall: fio time / pattern-writer time).")
print("pattern-writer read-back is O_DIRECT; fio drops the page cache before verifying.")
PY
