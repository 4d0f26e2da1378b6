#!/usr/bin/env bash
# The LSTM over the rows of Fashion-MNIST images (models/lstm_fashion_mnist: 28 steps of 28 pixels, LSTM(28, 128),
# the last step, Linear(128, 10)) trained by RingDL and by PyTorch with the same recipe, side by side:
# models/lstm_fashion_mnist/train.yaml (Adam lr 1e-3, batch 128, `normalize: auto`) and bench/torch_train.py
# --model lstm (torch.nn.LSTM batch_first, Adam lr 1e-3, the same normalisation, PyTorch's default
# initialisation, which RingDL's LSTM and Linear share). Both run at once, THREADS threads each; prints each side's
# test accuracy and the seconds each epoch took after every epoch, and the median training throughput.
# Usage: bench/lstm_fashion_mnist.sh [RINGDL_BINARY]   (default: builds ringdl into build-bench)
# Environment: EPOCHS (10), THREADS (1), SEED (1: initialisation and shuffling, on each side its own way),
# LOG_DIR (keep both logs there).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
epochs=${EPOCHS:-10}
threads=${THREADS:-1}
seed=${SEED:-1}
source "$root/bench/ringdl_binary.sh"
if [ -n "${LOG_DIR:-}" ]; then
  log_dir=$LOG_DIR
  mkdir -p "$log_dir"
else
  log_dir=$(mktemp -d "${TMPDIR:-/tmp}/ringdl-lstm.XXXXXX")
  trap 'rm -rf "$log_dir"' EXIT
fi
export OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads MKL_NUM_THREADS=$threads
start=$(date +%s)
"$bin" train "$root/models/lstm_fashion_mnist/train.yaml" --epochs="$epochs" --threads="$threads" \
  --seed="$seed" --checkpoint_dir= --progress=off >"$log_dir/ringdl.log" 2>&1 &
ringdl_pid=$!
# PyTorch in its best configuration here: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset for it alone.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$root/bench/torch_train.py" --model lstm \
  --optimizer adam --lr 1e-3 --lr-decay 0 --world 1 --threads "$threads" --epochs "$epochs" \
  --seed "$seed" --validate-every-epoch >"$log_dir/torch.log" 2>&1 &
torch_pid=$!
status=0
wait "$ringdl_pid" || { echo "lstm_fashion_mnist.sh: ringdl failed:" >&2; tail "$log_dir/ringdl.log" >&2; status=1; }
wait "$torch_pid" || { echo "lstm_fashion_mnist.sh: PyTorch failed:" >&2; tail "$log_dir/torch.log" >&2; status=1; }
[ "$status" -eq 0 ] || exit 1

# Per epoch: each side's test accuracy and seconds (bench/epoch_logs.sh).
source "$root/bench/epoch_logs.sh"
per_epoch "$log_dir"
# Training speed: the median of the throughput lines (records/second over log_every iterations), the first
# left out; the median also leaves out the windows that hold a test pass.
median_throughput() {
  sed -n 's/.*Throughput is \([0-9.]*\) records.*/\1/p' "$log_dir/$1.log" | tail -n +2 | sort -g |
    awk '{ v[NR] = $1 } END {
      if (NR == 0) print 0; else printf "%.0f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
r=$(median_throughput ringdl)
p=$(median_throughput torch)
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(getconf _NPROCESSORS_ONLN) cores;" \
  "$(sed -n 's/^\(PyTorch [^ ]*\).*/\1/p' "$log_dir/torch.log"); $threads thread(s) each;" \
  "$(($(date +%s) - start)) s for both runs"
echo "LSTM(28, 128) over 28 rows of 28 pixels, last step, Linear(128, 10); Adam lr 1e-3, batch 128," \
  "$epochs epochs, seed $seed"
printf '%6s %10s %10s %12s %12s\n' epoch RingDL PyTorch "RingDL s" "PyTorch s"
paste "$log_dir/ringdl.acc" "$log_dir/torch.acc" "$log_dir/ringdl.sec" "$log_dir/torch.sec" |
  awk '{ printf "%6d %10s %10s %12s %12s\n", NR, $1, $2, $3, $4 }'
awk -v r="$r" -v p="$p" 'BEGIN {
  printf "training throughput (median): RingDL %s, PyTorch %s records/second (%.2fx)\n", r, p, (p > 0 ? r / p : 0) }'
