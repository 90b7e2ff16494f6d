#!/usr/bin/env bash
# Benchmark: the hunt (bitbisect bisect) against a full factorial sweep whose iterations per cell
# double until its report settles, on random truths whose answer is known
# (bench/src/main/java/bitbisect/bench/BisectVsSweep.java says how truths, costs and scores are made).
#
#   bench/bisect-vs-sweep.sh              # 200 truths, seed 20261130
#   TRUTHS=50 SEED=7 bench/bisect-vs-sweep.sh
set -euo pipefail

. "$(dirname "$0")/classpath.sh"
cp=$(bench_classpath runner/target/bitbisect.jar) || exit 2
java -Xmx2g -cp "$cp" bitbisect.bench.BisectVsSweep "${TRUTHS:-200}" "${SEED:-20261130}" "${NEEDLES:-100}" "${FLEET:-50}"
