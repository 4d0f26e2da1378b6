#!/usr/bin/env bash
# RingDL's ring all-reduce against Open MPI's MPI_Allreduce, side by side in one run, for 2 and 4 ranks on
# this machine: float32 buffers from 1 KiB to 100 MiB, bus bandwidth 2(p-1)/p * bytes / time and the ratio
# (target: ring/MPI >= 1.0 from 1 MiB up). Extra arguments go to allreduce_bench (see its --help).
# Usage: bench/allreduce.sh [RANKS...] [-- BENCH_ARGS...]   (default ranks: 2 4)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" >/dev/null
build=${RINGDL_BENCH_BUILD_DIR:-$root/build-bench}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DRINGDL_NATIVE=ON -DRINGDL_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target allreduce_bench >"$build/build.log" 2>&1 || { cat "$build/build.log"; exit 1; }
ranks=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do ranks+=("$1"); shift; done
[ $# -gt 0 ] && shift
[ ${#ranks[@]} -gt 0 ] || ranks=(2 4)
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(mpirun --version | head -1)"
echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)"
for np in "${ranks[@]}"; do
  # --bind-to none: more ranks than cores is allowed (and then Open MPI yields when idle).
  mpirun --allow-run-as-root --oversubscribe --bind-to none -np "$np" "$build/bench/allreduce_bench" "$@"
done
