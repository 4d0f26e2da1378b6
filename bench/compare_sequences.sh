#!/usr/bin/env bash
# Trains the LSTM, GRU and Transformer-encoder text models of bench/torch_sequence.py (embedding 128, hidden
# 256, 50 steps, batch 128, vocabulary 10,000) in RingDL and in PyTorch (Debian python3-torch), side by side
# in one run, and prints sequences/second and the ratio. Usage: bench/compare_sequences.sh [THREADS...]
# (default: 1 2)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
RINGDL_WITH_TORCH=1 "$root/scripts/install-deps.sh" >/dev/null
build=${RINGDL_BENCH_BUILD_DIR:-$root/build-bench}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DRINGDL_NATIVE=ON -DRINGDL_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target throughput >"$build/build.log" 2>&1 || { cat "$build/build.log"; exit 1; }
threads=("$@")
[ ${#threads[@]} -gt 0 ] || threads=(1 2)
num() { sed -n 's/.*sequences_per_s=\([0-9.]*\).*/\1/p'; }
# PyTorch in its best configuration here: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (set in this environment)
# hold its OpenBLAS to AVX2 kernels; they are unset for its commands alone. At 2 threads its OpenMP workers
# spinning between the small per-step operations starve its OpenBLAS threads (300 sequences/s instead of
# ~1000 for the LSTM here): OMP_WAIT_POLICY=PASSIVE, its best setting, is given to its commands alone too.
torch_py() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$@"; }
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
for t in "${threads[@]}"; do
  export OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t
  for model in lstm gru transformer; do
    target=1.5
    [ "$model" = transformer ] && target=1.2
    r=$("$build/bench/throughput" "$model" --iters 20 --threads "$t")
    p=$(torch_py "$root/bench/torch_sequence.py" "$model" --threads "$t" --iters 20)
    echo "$r"; echo "$p"
    awk -v a="$(echo "$r" | num)" -v b="$(echo "$p" | num)" -v t="$t" -v m="$model" -v g="$target" \
      'BEGIN { printf "%s threads=%s ratio ringdl/pytorch = %.2f (target >= %s)\n", m, t, a / b, g }'
  done
done
