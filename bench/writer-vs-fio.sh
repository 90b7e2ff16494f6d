#!/usr/bin/env bash
# Benchmark: pattern-writer against fio on the same file size, block size and sync mode,
# on tmpfs and on a disk directory, interleaved A/B, medians and ratios per phase; then the
# small-file rate: LOOPS iterations of a 64 KiB and a 1 MiB file in one process against fio
# doing the same loop (--loops, and --unlink_each_loop since pattern-writer makes a new file
# every iteration), as iterations per second of wall time, start-up included.
#
#   bench/writer-vs-fio.sh                      # 1GiB; 64KiB, 1MiB and 8MiB blocks; 5 runs
#   SIZE=2GiB BLOCKS=1MiB RUNS=7 DIRS="/dev/shm/bb /scratch/bb" bench/writer-vs-fio.sh
#
# Like for like (see the notes printed at the end): fio drops the file from the page cache before it
# verifies and reads it buffered, so pattern-writer reads back --readback cold (fsync, the same
# posix_fadvise DONTNEED, a buffered read); with --direct=1 both of fio's phases are O_DIRECT, so
# the writer's direct mode reads back --readback direct. fio gets --end_fsync=1 and --fallocate=none; the file is deleted before every run of either tool, and
# by each tool at its end (pattern-writer deletes a clean file; fio gets --unlink=1), so both
# wall times include removing 1 GiB (about 90 ms on tmpfs here).
# pattern-writer's write phase includes its fsync and close; fio's write bandwidth is fio's own
# figure. Each run of either tool is a fresh process (JVM start-up counts in wall time); the
# writer starts as the runner starts it, with its class-data archive.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
jar="$here/pattern-writer/target/pattern-writer.jar"
SIZE=${SIZE:-1GiB}
BLOCKS=${BLOCKS:-"64KiB 1MiB 8MiB"}
RUNS=${RUNS:-5}
LOOPS=${LOOPS:-500}
SMALL=${SMALL:-"64KiB 1MiB"}
MODES=${MODES:-"fsync direct odsync"}
DIRS=${DIRS:-"/dev/shm/bitbisect-bench /var/tmp/bitbisect-bench"}

command -v fio >/dev/null || { echo "fio is not installed: apt-get install fio" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is needed to read the JSON results" >&2; exit 2; }
[ -f "$jar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }

bytes=$(python3 -c "import re,sys; m=re.fullmatch(r'(\d+)([KMGT]i?B?)?', '$SIZE'); \
print(int(m.group(1)) << {None:0,'K':10,'M':20,'G':30,'T':40}[m.group(2)[0] if m.group(2) else None])")
fio_size() { echo "$1" | sed -E 's/iB$//; s/B$//'; } # 64KiB -> 64K, as fio spells it
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# pattern-writer as the runner starts it: with the class-data archive its preflight makes on every
# host (runner/.../execute/WriterCall.java), made here the same way, by one short run.
cp "$jar" "$out/pattern-writer.jar"
jar=$out/pattern-writer.jar
quiet_cds=(-Xlog:cds=off -Xlog:cds+dynamic=off)
java -XX:ArchiveClassesAtExit="$out/pattern-writer.jsa" "${quiet_cds[@]}" -jar "$jar" run --path "$out/probe.bin" \
     --size 1MiB --iterations 1 --keep none --quiet >/dev/null 2>&1
rm -f "$out/probe.bin"
writer=(java -XX:SharedArchiveFile="$out/pattern-writer.jsa" "${quiet_cds[@]}" -jar "$jar")

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

run_writer() { # dir mode block -> appends "write_Bps verify_Bps wall_s" to a results file
  local dir=$1 mode=$2 block=$3 file="$1/bench.bin" t0 t1
  rm -f "$file"
  t0=$(date +%s.%N)
  local readback=cold
  [ "$mode" = direct ] && readback=direct # fio --direct=1 reads back O_DIRECT too
  "${writer[@]}" run --path "$file" --size "$SIZE" --block "$block" --sync "$mode" --readback "$readback" \
       --quiet --stall 0 > "$out/writer.jsonl" 2>"$out/writer.err" || { cat "$out/writer.err" >&2; exit 1; }
  t1=$(date +%s.%N)
  python3 - "$out/writer.jsonl" "$bytes" "$t0" "$t1" <<'PY' >> "$out/writer-$(key "$dir")-$mode-$block"
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
it = next(e for e in events if e["event"] == "iteration")
n = int(sys.argv[2])
print(n / ((it["write_ns"] + it["sync_ns"]) / 1e9), n / ((it["read_ns"] + it["verify_ns"]) / 1e9),
      float(sys.argv[4]) - float(sys.argv[3]))
PY
}

run_fio() {
  local dir=$1 mode=$2 block=$3 file="$1/bench.bin" t0 t1
  rm -f "$file"
  t0=$(date +%s.%N)
  # shellcheck disable=SC2046
  fio --name=bitbisect --filename="$file" --rw=write --bs="$(fio_size "$block")" --size="$bytes" --ioengine=psync \
      --verify=pattern --verify_pattern=0xffffffffffffffff0000000000000000 --do_verify=1 --verify_state_save=0 \
      --fallocate=none --unlink=1 $(fio_sync_args "$mode") --output-format=json > "$out/fio.json"
  t1=$(date +%s.%N)
  rm -f "$file"
  python3 - "$out/fio.json" "$t0" "$t1" <<'PY' >> "$out/fio-$(key "$dir")-$mode-$block"
import json, sys
job = json.load(open(sys.argv[1]))["jobs"][0]
print(job["write"]["bw_bytes"], job["read"]["bw_bytes"], float(sys.argv[3]) - float(sys.argv[2]))
PY
}

small_writer() { # dir size -> appends the wall seconds of LOOPS iterations in one process
  local dir=$1 size=$2 t0 t1
  rm -f "$dir/small.bin"
  t0=$(date +%s.%N)
  "${writer[@]}" run --path "$dir/small.bin" --size "$size" --sync fsync --readback cold --iterations "$LOOPS" \
       --quiet --stall 0 > /dev/null 2>"$out/writer.err" || { cat "$out/writer.err" >&2; exit 1; }
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l >> "$out/small-writer-$(key "$dir")-$size"
}

small_fio() { # the same loop with fio: a new file, write, fsync, drop the cache, verify, unlink; LOOPS times
  local dir=$1 size=$2 t0 t1
  rm -f "$dir/small.bin"
  t0=$(date +%s.%N)
  fio --name=bitbisect --filename="$dir/small.bin" --rw=write --bs="$(fio_size "$size")" --size="$(fio_size "$size")" \
      --ioengine=psync --loops="$LOOPS" --unlink_each_loop=1 --verify=pattern --verify_pattern=0xffffffffffffffff0000000000000000 \
      --do_verify=1 --verify_state_save=0 --fallocate=none --end_fsync=1 --output-format=json > /dev/null
  t1=$(date +%s.%N)
  rm -f "$dir/small.bin"
  echo "$t1 - $t0" | bc -l >> "$out/small-fio-$(key "$dir")-$size"
}

echo "pattern-writer vs fio: size $SIZE, blocks $BLOCKS, $RUNS interleaved runs per tool, medians"
echo "host: $(nproc) cores, kernel $(uname -r), $(fio --version), $(java -version 2>&1 | head -1)"
for dir in $DIRS; do
  mkdir -p "$dir"
  for block in $BLOCKS; do
    for mode in $MODES; do
      for ((r = 1; r <= RUNS; r++)); do
        # Alternate which tool goes first so neither always inherits a warm or dirty cache.
        if (( r % 2 )); then run_writer "$dir" "$mode" "$block"; run_fio "$dir" "$mode" "$block";
        else run_fio "$dir" "$mode" "$block"; run_writer "$dir" "$mode" "$block"; fi
      done
    done
  done
  for size in $SMALL; do
    for ((r = 1; r <= RUNS; r++)); do
      if (( r % 2 )); then small_writer "$dir" "$size"; small_fio "$dir" "$size";
      else small_fio "$dir" "$size"; small_writer "$dir" "$size"; fi
    done
  done
  rm -f "$dir/bench.bin" "$dir/small.bin"
done

python3 - "$out" "$DIRS" "$MODES" "$BLOCKS" "$SMALL" "$LOOPS" <<'PY'
import statistics, sys, os
out, dirs, modes, blocks, small, loops = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), sys.argv[4].split(), \
    sys.argv[5].split(), int(sys.argv[6])
def med(path, col=0):
    return statistics.median(float(l.split()[col]) for l in open(path))
print()
print(f"{'target':<28}{'block':<7}{'mode':<8}{'phase':<8}{'pattern-writer':>16}{'fio':>14}{'ratio':>8}")
for d in dirs:
    name = d.replace("/", "_")
    for bl in blocks:
        for m in modes:
            w, f = f"{out}/writer-{name}-{m}-{bl}", f"{out}/fio-{name}-{m}-{bl}"
            for col, phase in ((0, "write"), (1, "verify")):
                a, b = med(w, col), med(f, col)
                print(f"{d:<28}{bl:<7}{m:<8}{phase:<8}{a/2**20:>11.0f} MiB/s{b/2**20:>9.0f} MiB/s{a/b:>7.2f}x")
            a, b = med(w, 2), med(f, 2)
            print(f"{d:<28}{bl:<7}{m:<8}{'wall':<8}{a:>14.2f} s{b:>12.2f} s{b/a:>7.2f}x")
print()
print(f"small files: {loops} iterations (write, fsync, drop the cache, read back, verify) in one process")
print(f"{'target':<28}{'file':<7}{'pattern-writer':>18}{'fio':>16}{'ratio':>8}")
for d in dirs:
    name = d.replace("/", "_")
    for sz in small:
        a, b = med(f"{out}/small-writer-{name}-{sz}"), med(f"{out}/small-fio-{name}-{sz}")
        print(f"{d:<28}{sz:<7}{loops/a:>10.0f} iter/s{loops/b:>9.0f} iter/s{b/a:>7.2f}x")
print()
print("ratio > 1 means pattern-writer is faster (for wall and small files: fio time / pattern-writer time).")
print("like for like: both drop the file's pages and read buffered (writer --readback cold), or both read")
print("O_DIRECT in the direct mode (writer --readback direct, fio --direct=1).")
PY
