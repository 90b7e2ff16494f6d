#!/usr/bin/env bash
# Benchmark: how often the report's attribution is right, wrong, or honestly undecided, on random
# truths whose answer is known (bench/src/main/java/bitbisect/bench/AttributionAccuracy.java says
# how truths are drawn and scored), beside the pooled-rate method it replaced, on the same designs.
#
#   bench/attribution-accuracy.sh              # 2000 truths, seed 20261130
#   TRUTHS=500 SEED=7 bench/attribution-accuracy.sh
set -euo pipefail

. "$(dirname "$0")/classpath.sh"
cp=$(bench_classpath runner/target/bitbisect.jar) || exit 2
java -Xmx2g -cp "$cp" bitbisect.bench.AttributionAccuracy "${TRUTHS:-2000}" "${SEED:-20261130}"
