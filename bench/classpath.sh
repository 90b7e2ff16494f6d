# Sourced by the benchmark scripts: the classpath of a built jar and the bench module's classes
# (bench/src/main/java, compiled by the build), or a hint to build first.
#   cp=$(bench_classpath runner/target/bitbisect.jar)
bench_classpath() {
  local root jar classes
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  jar="$root/$1"
  classes="$root/bench/target/classes"
  if [ ! -f "$jar" ] || [ ! -d "$classes" ]; then
    echo "build first: ./mvnw -q -DskipTests package" >&2
    return 2
  fi
  echo "$jar:$classes"
}
