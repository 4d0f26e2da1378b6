#!/usr/bin/env bash
# Trains LeNet-5 (real Fashion-MNIST) and the MLP (784-1024-1024-10, synthetic input) at batch 128 in one
# process, in RingDL and in PyTorch (Debian python3-torch), side by side in one run, and prints images/second
# and the ratio. Usage: bench/compare_pytorch.sh [THREADS...]   (default: 1 2)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
anchors=$root/../shared/anchors
RINGDL_WITH_TORCH=1 "$root/scripts/install-deps.sh" >/dev/null
build=${RINGDL_BENCH_BUILD_DIR:-$root/build-bench}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DRINGDL_NATIVE=ON -DRINGDL_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target throughput >"$build/build.log" 2>&1 || { cat "$build/build.log"; exit 1; }
threads=("$@")
[ ${#threads[@]} -gt 0 ] || threads=(1 2)
num() { sed -n 's/.*images_per_s=\([0-9.]*\).*/\1/p'; }
# PyTorch in its best configuration here: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (set in this environment)
# hold its OpenBLAS to AVX2 kernels and cost it ~25% on GEMM; they are unset for its commands alone.
torch_py() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$@"; }
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
for t in "${threads[@]}"; do
  # PyTorch's set_num_threads does not reach the OpenBLAS it calls for GEMM; pin both libraries alike.
  export OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t
  r=$("$build/bench/throughput" lenet5 --epochs 2 --threads "$t")
  p=$(torch_py "$anchors/torch_lenet.py" --epochs 2 --threads "$t")
  echo "$r"; echo "$p"
  awk -v a="$(echo "$r" | num)" -v b="$(echo "$p" | num)" -v t="$t" \
    'BEGIN { printf "lenet5 threads=%s ratio ringdl/pytorch = %.2f (target >= 1.5)\n", t, a / b }'
  r=$("$build/bench/throughput" mlp --iters 30 --threads "$t")
  p=$(torch_py "$anchors/torch_models.py" mlp --threads "$t" --iters 30)
  echo "$r"; echo "$p"
  awk -v a="$(echo "$r" | num)" -v b="$(echo "$p" | num)" -v t="$t" \
    'BEGIN { printf "mlp threads=%s ratio ringdl/pytorch = %.2f (target >= 1.2)\n", t, a / b }'
done
