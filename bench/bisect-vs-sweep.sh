#!/usr/bin/env bash
# Benchmark: the hunt (bitbisect bisect) against full sweeps (one whose iterations per cell double
# until its report settles; for fleet-shaped matrices also the matrix's own iterations) and an
# oracle that knows the truth, on truths whose answer is known: random matrices, needles, and four
# fleet families (bench/src/main/java/bitbisect/bench/BisectVsSweep.java and Truth.java say how
# truths, costs and scores are made). About 4 minutes on 2 cores.
#
#   bench/bisect-vs-sweep.sh                       # 200 random, 100 needles, 50 per fleet family
#   TRUTHS=50 NEEDLES=0 FLEET=20 SEED=7 bench/bisect-vs-sweep.sh
set -euo pipefail

. "$(dirname "$0")/classpath.sh"
cp=$(bench_classpath runner/target/bitbisect.jar) || exit 2
java -Xmx2g -cp "$cp" bitbisect.bench.BisectVsSweep "${TRUTHS:-200}" "${SEED:-20261130}" "${NEEDLES:-100}" "${FLEET:-50}"
