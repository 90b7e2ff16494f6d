#!/usr/bin/env bash
# Benchmark: how often the report's attribution is right, wrong, or honestly undecided, on random
# truths whose answer is known (bench/src/main/java/bitbisect/bench/AttributionAccuracy.java says
# how truths are drawn and scored), beside the pooled-rate method it replaced, on the same designs.
#
#   bench/attribution-accuracy.sh              # 2000 truths, seed 20261130
#   TRUTHS=500 SEED=7 bench/attribution-accuracy.sh
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
jar="$here/runner/target/bitbisect.jar"
classes="$here/bench/target/classes" # bench/src/main/java, compiled by the build
[ -f "$jar" ] && [ -d "$classes" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
java -Xmx2g -cp "$jar:$classes" bitbisect.bench.AttributionAccuracy "${TRUTHS:-2000}" "${SEED:-20261130}"
