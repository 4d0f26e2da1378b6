#!/usr/bin/env bash
# Data-parallel scaling on Fashion-MNIST, side by side in one run: RingDL on 1 rank and on 2 ranks (mpirun),
# PyTorch on 1 process and DistributedDataParallel (gloo) on 2 (bench/torch_train.py); global batch 128, one
# thread per rank. MODEL=lenet5 (models/lenet5/train.yaml) or resnet20 (models/resnet20/train-fashion-mnist.yaml,
# with sync_batchnorm off: each rank normalises its own half batch, as DDP does without SyncBatchNorm).
# Prints steady-state images/second for each, RingDL's 2-rank scaling efficiency and RingDL 2-rank / DDP 2-rank.
# Usage: bench/scaling.sh [RINGDL_BINARY]   (default: builds ringdl in $RINGDL_BENCH_BUILD_DIR or build-bench)
# Environment: MODEL (lenet5), ITERATIONS (lenet5: 938, two epochs; resnet20: 200), LOG_EVERY (lenet5: 50,
# resnet20: 20), WARMUP (2: log windows left out as warm-up), LOG_DIR (keep the four logs there).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
model=${MODEL:-lenet5}
case "$model" in
  lenet5)
    config=$root/models/lenet5/train.yaml
    torch_args=(--model lenet5 --lr 0.05 --momentum 0.9 --lr-decay 0.001)
    iterations=${ITERATIONS:-938}
    log_every=${LOG_EVERY:-50} ;;
  resnet20)
    config=$root/models/resnet20/train-fashion-mnist.yaml
    torch_args=(--model resnet20 --lr 0.1 --momentum 0.9 --weight-decay 1e-4 --lr-decay 0.001)
    iterations=${ITERATIONS:-200}
    log_every=${LOG_EVERY:-20} ;;
  *) echo "scaling.sh: MODEL must be lenet5 or resnet20, got '$model'" >&2; exit 2 ;;
esac
warmup=${WARMUP:-2}
[ $((iterations / log_every)) -gt "$warmup" ] ||
  { echo "scaling.sh: ITERATIONS=$iterations leaves no log window of $log_every after WARMUP=$warmup" >&2; exit 2; }

source "$root/bench/ringdl_binary.sh"

cores=$(getconf _NPROCESSORS_ONLN)  # before OMP_NUM_THREADS is set: nproc reports that instead
load=$(cut -d' ' -f1 /proc/loadavg)  # other work on the machine skews every figure; say how much there was
# One thread per rank for every library either side uses (torch's OpenBLAS ignores torch.set_num_threads).
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
if [ -n "${LOG_DIR:-}" ]; then
  log_dir=$LOG_DIR
  mkdir -p "$log_dir"
else
  log_dir=$(mktemp -d "${TMPDIR:-/tmp}/ringdl-scaling.XXXXXX")
  trap 'rm -rf "$log_dir"' EXIT
fi

train_args=("$config" --batch_size=128 --epochs=0 --max_iterations="$iterations"
            --validate_every=never --log_every="$log_every" --progress=off --threads=1)
# --tag-output marks each line with its rank; only rank 0's lines are read (rank 0 alone logs in the engine).
mpirun=(mpirun --allow-run-as-root --oversubscribe --bind-to none --tag-output -np 2
        -x OMP_NUM_THREADS -x OPENBLAS_NUM_THREADS)

run() {  # run NAME COMMAND...: the command's output (rank 0's lines only) in $log_dir/NAME.log
  local name=$1
  shift
  "$@" >"$log_dir/$name.raw" 2>&1 || { cat "$log_dir/$name.raw"; echo "scaling.sh: $name failed" >&2; exit 1; }
  if grep -q '^\[1,[0-9]*\]<' "$log_dir/$name.raw"; then
    sed -n 's/^\[1,0\]<stdout>://p' "$log_dir/$name.raw" >"$log_dir/$name.log"
  else
    cp "$log_dir/$name.raw" "$log_dir/$name.log"
  fi
}
# Records/second over the log windows after the first $warmup: total records over total seconds.
steady() {
  sed -n 's/.*Trained \([0-9]*\) records in \([0-9.]*\) seconds.*/\1 \2/p' "$log_dir/$1.log" |
    awk -v skip="$warmup" 'NR > skip { r += $1; s += $2 } END { if (s > 0) printf "%.0f", r / s; else print 0 }'
}
# The median window's records/second: other work on the machine that stalls a few windows moves the total above
# but hardly this one, so a large gap between the two says the run was disturbed.
median() {
  sed -n 's/.*Throughput is \([0-9.]*\) records.*/\1/p' "$log_dir/$1.log" | tail -n +$((warmup + 1)) | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else printf "%.0f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
accuracy() { sed -n 's/.*Test accuracy: \([0-9.]*\) .*/\1/p' "$log_dir/$1.log" | head -n 1; }

run ringdl1 "$bin" train "${train_args[@]}"
run ringdl2 "${mpirun[@]}" "$bin" train "${train_args[@]}"
# PyTorch in its best configuration here: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for its commands alone.
torch_py=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$root/bench/torch_train.py" "${torch_args[@]}"
          --iterations "$iterations" --log-every "$log_every")
run torch1 "${torch_py[@]}" --world 1
run torch2 "${torch_py[@]}" --world 2

torch_version=$(sed -n 's/^PyTorch \([^ ]*\).*/\1/p' "$log_dir/torch1.log")
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $cores cores, load average $load before the runs;" \
  "PyTorch $torch_version"
echo "$model, Fashion-MNIST, global batch 128, 1 thread per rank, $iterations iterations;" \
  "images/second over the log windows of $log_every iterations after the first $warmup"
printf '%-34s %10s %14s %10s\n' run images/s median-window test-acc
for r in "ringdl1:RingDL, 1 rank" "ringdl2:RingDL, 2 ranks (mpirun)" "torch1:PyTorch, 1 process" \
  "torch2:PyTorch DDP, 2 ranks (gloo)"; do
  printf '%-34s %10s %14s %10s\n' "${r#*:}" "$(steady "${r%%:*}")" "$(median "${r%%:*}")" "$(accuracy "${r%%:*}")"
done
ratios() {  # ratios FUNCTION LABEL
  awk -v r1="$($1 ringdl1)" -v r2="$($1 ringdl2)" -v t1="$($1 torch1)" -v t2="$($1 torch2)" -v how="$2" 'BEGIN {
    printf "%s: RingDL 2-rank scaling efficiency = 2-rank / (2 x 1-rank) = %.2f; PyTorch DDP %.2f;", how,
      r2 / (2 * r1), t2 / (2 * t1)
    printf " RingDL 2-rank / PyTorch DDP 2-rank = %.2f\n", r2 / t2
  }'
}
ratios steady images/s
ratios median "median window"
