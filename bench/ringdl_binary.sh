# Sourced by the bench scripts that run `ringdl train`: sets bin to the ringdl binary given as $1, or builds one
# natively (with PyTorch installed for the reference side) into $RINGDL_BENCH_BUILD_DIR or build-bench.
# Needs root (the repository) and the caller's arguments.
if [ $# -ge 1 ]; then
  bin=$(realpath "$1")
else
  RINGDL_WITH_TORCH=1 "$root/scripts/install-deps.sh" >/dev/null
  build=${RINGDL_BENCH_BUILD_DIR:-$root/build-bench}
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DRINGDL_NATIVE=ON -DRINGDL_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build" -j "$(nproc)" --target ringdl_cli >"$build/build.log" 2>&1 ||
    { cat "$build/build.log"; exit 1; }
  bin=$build/tools/ringdl
fi
[ -x "$bin" ] || { echo "$(basename "$0"): no ringdl binary at $bin" >&2; exit 1; }
