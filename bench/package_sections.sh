#!/usr/bin/env bash
# The text CNN on Debian's package descriptions labelled by section (models/package_sections) trained by RingDL and
# by PyTorch with the same recipe, side by side: models/package_sections/train.yaml and
# bench/torch_package_sections.py (the same layers and initialisation distributions, Adam lr 1e-3, batch 64, the
# same epochs; PyTorch reads RingDL's saved vocabulary and tokenizes by the same rules, checking that its own
# counts give the same dictionary, so both see the same token ids, padded or cut to 24). PyTorch starts once RingDL
# has saved that vocabulary; then both run at once, THREADS threads each. Prints each side's test accuracy after
# every epoch (and the seconds, which mean little on a shared machine).
# Usage: bench/package_sections.sh [RINGDL_BINARY]   (default: builds ringdl into build-bench)
# Environment: DATA (prepare.sh's output; default data/package-sections, made from /var/lib/apt/lists when
# missing), EPOCHS (the config's, 6), THREADS (1), SEED (1: initialisation and shuffling, on each side its own
# way), LOG_DIR (keep both logs and RingDL's model there).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
threads=${THREADS:-1}
seed=${SEED:-1}
epochs=${EPOCHS:-$(sed -n 's/^  epochs: \([0-9]*\)$/\1/p' "$root/models/package_sections/train.yaml")}
data=$(realpath -m "${DATA:-$root/data/package-sections}")
source "$root/bench/ringdl_binary.sh"
if [ -n "${LOG_DIR:-}" ]; then
  log_dir=$(realpath -m "$LOG_DIR")
  mkdir -p "$log_dir"
else
  log_dir=$(mktemp -d "${TMPDIR:-/tmp}/ringdl-sections.XXXXXX")
  trap 'rm -rf "$log_dir"' EXIT
fi
[ -f "$data/test.csv" ] || "$root/models/package_sections/prepare.sh" "$data"
rm -f "$log_dir/package_sections.model.vocab"
export OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads MKL_NUM_THREADS=$threads
start=$(date +%s)
"$bin" train "$root/models/package_sections/train.yaml" --train_data="$data/train" --test_data="$data/test.csv" \
  --epochs="$epochs" --threads="$threads" --seed="$seed" --save_model="$log_dir/package_sections.model" \
  --checkpoint_dir= --progress=off >"$log_dir/ringdl.log" 2>&1 &
ringdl_pid=$!
# RingDL saves the vocabulary before its first iteration; PyTorch needs it to map tokens to the same ids.
while [ ! -s "$log_dir/package_sections.model.vocab" ] && kill -0 "$ringdl_pid" 2>/dev/null; do sleep 0.2; done
if [ ! -s "$log_dir/package_sections.model.vocab" ]; then
  echo "package_sections.sh: ringdl stopped before saving its vocabulary:" >&2
  tail "$log_dir/ringdl.log" >&2
  exit 1
fi
vocab_size=$(sed -n 's/^  vocab_size: \([0-9]*\)$/\1/p' "$root/models/package_sections/train.yaml")
# PyTorch in its best configuration here: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset for it alone.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$root/bench/torch_package_sections.py" \
  --data "$data" --vocab "$log_dir/package_sections.model.vocab" --vocab-size "$vocab_size" --epochs "$epochs" \
  --threads "$threads" --seed "$seed" >"$log_dir/torch.log" 2>&1 &
torch_pid=$!
status=0
wait "$ringdl_pid" || { echo "package_sections.sh: ringdl failed:" >&2; tail "$log_dir/ringdl.log" >&2; status=1; }
wait "$torch_pid" || { echo "package_sections.sh: PyTorch failed:" >&2; tail "$log_dir/torch.log" >&2; status=1; }
[ "$status" -eq 0 ] || exit 1

# The two tokenizers counted the same training text.
ringdl_tokens=$(sed -n 's/.*dictionary built from [0-9]* training files (\([0-9]*\) tokens, \([0-9]*\) distinct.*/\1 \2/p' \
  "$log_dir/ringdl.log")
torch_tokens=$(sed -n 's/^training text: \([0-9]*\) tokens, \([0-9]*\) distinct$/\1 \2/p' "$log_dir/torch.log")
if [ -z "$ringdl_tokens" ] || [ "$ringdl_tokens" != "$torch_tokens" ]; then
  echo "package_sections.sh: the training text's tokens differ: RingDL '$ringdl_tokens', PyTorch '$torch_tokens'" \
    "(tokens, distinct)" >&2
  exit 1
fi
# Per epoch: each side's test accuracy and seconds (bench/epoch_logs.sh).
source "$root/bench/epoch_logs.sh"
per_epoch "$log_dir"
echo "data: $(cat "$data"/train/part-* | wc -l) training and $(wc -l <"$data/test.csv") test records," \
  "$(wc -l <"$data/classes.txt") classes ($data); training text of ${ringdl_tokens% *} tokens," \
  "${ringdl_tokens#* } distinct, counted alike on both sides"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(getconf _NPROCESSORS_ONLN) cores;" \
  "$(sed -n 's/^\(PyTorch [^ ]*\).*/\1/p' "$log_dir/torch.log"); $threads thread(s) each;" \
  "$(($(date +%s) - start)) s for both runs"
echo "text CNN: embedding 64, Conv1d(64, 128, 3), ReLU, max over time, Linear(128, classes); Adam lr 1e-3," \
  "batch 64, $epochs epochs, seed $seed"
printf '%6s %10s %10s %12s %12s\n' epoch RingDL PyTorch "RingDL s" "PyTorch s"
paste "$log_dir/ringdl.acc" "$log_dir/torch.acc" "$log_dir/ringdl.sec" "$log_dir/torch.sec" |
  awk '{ printf "%6d %10s %10s %12s %12s\n", NR, $1, $2, $3, $4 }'
