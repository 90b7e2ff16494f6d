# Sourced by lab/lab.sh and lab/slurm.sh. faultfs_build DIR: lab/faultfs/faultfs.c built into
# DIR/faultfs when missing or older than its source; prints the binary's path.
faultfs_build() {
  local bin=$1/faultfs src
  src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/faultfs.c
  if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
    command -v gcc >/dev/null && pkg-config --exists fuse3 || {
      echo "lab: faultfs needs gcc and libfuse3 (apt-get install gcc pkg-config libfuse3-dev fuse3)" >&2; exit 2; }
    gcc -O2 -Wall -o "$bin" "$src" $(pkg-config fuse3 --cflags --libs)
  fi
  echo "$bin"
}
