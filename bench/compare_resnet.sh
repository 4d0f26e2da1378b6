#!/usr/bin/env bash
# ResNet-20 (3x32x32, batch 128, shortcut A) and ResNet-50 (3x224x224, batch 32) training and inference
# throughput on synthetic input, in RingDL (the zoo's model definitions) and in PyTorch (bench/torch_resnet.py,
# the same networks), side by side in one run, at each thread count; prints images/second and the ratios.
# PyTorch runs in its best configuration here: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for its commands.
# Usage: bench/compare_resnet.sh [THREADS...]   (default: 1 2)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
RINGDL_WITH_TORCH=1 "$root/scripts/install-deps.sh" >/dev/null
build=${RINGDL_BENCH_BUILD_DIR:-$root/build-bench}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DRINGDL_NATIVE=ON -DRINGDL_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target throughput >"$build/build.log" 2>&1 || { cat "$build/build.log"; exit 1; }
threads=("$@")
[ ${#threads[@]} -gt 0 ] || threads=(1 2)
num() { sed -n 's/.*images_per_s=\([0-9.]*\).*/\1/p'; }
torch_py() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$@"; }
ratio() { awk -v a="$(echo "$2" | num)" -v b="$(echo "$3" | num)" -v w="$1" -v t="$4" \
  'BEGIN { printf "%s threads=%s ratio ringdl/pytorch = %.2f\n", w, t, a / b }'; }
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
for t in "${threads[@]}"; do
  export OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t
  for mode in "" "--eval"; do
    r=$("$build/bench/throughput" resnet20 --shape 3,32,32 --batch 128 --iters 10 --threads "$t" $mode)
    p=$(torch_py "$root/bench/torch_resnet.py" resnet20 --batch 128 --iters 10 --threads "$t" $mode)
    echo "$r"; echo "$p"; ratio "resnet20${mode:+ eval}" "$r" "$p" "$t"
    r=$("$build/bench/throughput" resnet50 --shape 3,224,224 --params classes=1000 --batch 32 --iters 3 \
      --threads "$t" $mode)
    p=$(torch_py "$root/bench/torch_resnet.py" resnet50 --batch 32 --iters 3 --threads "$t" $mode)
    echo "$r"; echo "$p"; ratio "resnet50${mode:+ eval}" "$r" "$p" "$t"
  done
done
