#!/usr/bin/env bash
# ResNet-20 (models/resnet20, shortcut A, on 1x28x28) trained on the real Fashion-MNIST by RingDL and by PyTorch
# with the same recipe, side by side: models/resnet20/train-fashion-mnist.yaml (SGD lr 0.1, momentum 0.9, weight
# decay 1e-4, the learning rate annealed from 0.1 to 0 along a cosine over the run, batch 128, `normalize: auto`,
# 10 epochs) and
# bench/torch_train.py --model resnet20 with the same hyper-parameters, normalisation and initialisation. Both run
# at once, one thread each; prints each side's test accuracy after every epoch.
# Usage: bench/resnet20_fashion_mnist.sh [RINGDL_BINARY]   (default: builds ringdl into build-bench)
# Environment: EPOCHS (10), LOG_DIR (keep both logs there).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
epochs=${EPOCHS:-10}
source "$root/bench/ringdl_binary.sh"
if [ -n "${LOG_DIR:-}" ]; then
  log_dir=$LOG_DIR
  mkdir -p "$log_dir"
else
  log_dir=$(mktemp -d "${TMPDIR:-/tmp}/ringdl-resnet20.XXXXXX")
  trap 'rm -rf "$log_dir"' EXIT
fi
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
start=$(date +%s)
"$bin" train "$root/models/resnet20/train-fashion-mnist.yaml" --epochs="$epochs" --t0=$((epochs * 469)) \
  --threads=1 --checkpoint_dir= \
  --progress=off >"$log_dir/ringdl.log" 2>&1 &
ringdl_pid=$!
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$root/bench/torch_train.py" --model resnet20 \
  --world 1 --epochs "$epochs" --lr 0.1 --momentum 0.9 --weight-decay 1e-4 --cosine --validate-every-epoch \
  >"$log_dir/torch.log" 2>&1 &
torch_pid=$!
status=0
wait "$ringdl_pid" || { echo "resnet20_fashion_mnist.sh: ringdl failed:" >&2; tail "$log_dir/ringdl.log" >&2; status=1; }
wait "$torch_pid" || { echo "resnet20_fashion_mnist.sh: PyTorch failed:" >&2; tail "$log_dir/torch.log" >&2; status=1; }
[ "$status" -eq 0 ] || exit 1

# Per-epoch test accuracy: RingDL's validation lines ("[Epoch E ...] Top1Accuracy is ... accuracy: A"), taken at
# the end of each epoch; PyTorch's "[Epoch E] Test accuracy: A".
sed -n 's/^\[Epoch .*Top1Accuracy is .*accuracy: \([0-9.]*\).*/\1/p' "$log_dir/ringdl.log" >"$log_dir/ringdl.acc"
sed -n 's/^\[Epoch [0-9]*\] Test accuracy: \([0-9.]*\)$/\1/p' "$log_dir/torch.log" >"$log_dir/torch.acc"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(getconf _NPROCESSORS_ONLN) cores;" \
  "$(sed -n 's/^\(PyTorch [^ ]*\).*/\1/p' "$log_dir/torch.log"); $(($(date +%s) - start)) s for both runs"
echo "ResNet-20 on Fashion-MNIST (1x28x28), SGD lr 0.1 cosine to 0, momentum 0.9, weight decay 1e-4, batch 128"
printf '%6s %10s %10s\n' epoch RingDL PyTorch
paste "$log_dir/ringdl.acc" "$log_dir/torch.acc" | awk '{ printf "%6d %10s %10s\n", NR, $1, $2 }'
