#!/usr/bin/env bash
# The character language models of models/char_lm trained by RingDL and by PyTorch with the same recipe, side by
# side, on Python's standard library source (models/char_lm/prepare.sh): RingDL's train-lstm.yaml or
# train-transformer.yaml, and bench/torch_char_lm.py on the same windows and token ids (it reads the vocabulary
# RingDL saved and checks it against the training file). Prints each side's validation bits per character after
# every epoch, the test figure, and a sample of each side from the same prime.
# Usage: bench/char_lm.sh lstm|transformer [RINGDL_BINARY]   (default binary: builds ringdl into build-bench)
# Environment: EPOCHS (the config's), THREADS (1), SEED (1), DATA (data/char_lm, made by prepare.sh when missing),
# PRIME ("def "), LENGTH (300), TEMPERATURE (0: greedy; each side draws with its own generator otherwise), LOG_DIR
# (keep the logs and the model there).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kind=${1:?usage: bench/char_lm.sh lstm|transformer [RINGDL_BINARY]}
shift
case $kind in
  lstm) torch_args=(--lr 2e-3 --embedding 64 --hidden 128) ;;
  transformer) torch_args=(--lr 1e-3 --hidden 96 --heads 4 --filter 384 --blocks 2) ;;
  *) echo "char_lm.sh: the model is lstm or transformer, not '$kind'" >&2; exit 1 ;;
esac
config=$root/models/char_lm/train-$kind.yaml
epochs=${EPOCHS:-$(sed -n 's/^ *epochs: *\([0-9]*\).*/\1/p' "$config")}
threads=${THREADS:-1}
seed=${SEED:-1}
data=${DATA:-$root/data/char_lm}
prime=${PRIME:-def }
length=${LENGTH:-300}
temperature=${TEMPERATURE:-0}
source "$root/bench/ringdl_binary.sh"
if [ -n "${LOG_DIR:-}" ]; then
  log_dir=$LOG_DIR
  mkdir -p "$log_dir"
else
  log_dir=$(mktemp -d "${TMPDIR:-/tmp}/ringdl-char-lm.XXXXXX")
  trap 'rm -rf "$log_dir"' EXIT
fi
log_dir=$(cd "$log_dir" && pwd)
[ -f "$data/train.txt" ] || "$root/models/char_lm/prepare.sh" "$data"
export OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads MKL_NUM_THREADS=$threads
common=(--train_data="$data/train.txt" --validation_data="$data/valid.txt" --test_data="$data/test.txt"
  --epochs="$epochs" --threads="$threads" --seed="$seed" --checkpoint_dir= --progress=off
  --save_model="$log_dir/$kind.model")

# RingDL first builds and saves the vocabulary (the first log line after it names the file); PyTorch starts
# once the file is there, so both sides read the same ids.
"$bin" train "$config" "${common[@]}" >"$log_dir/ringdl.log" 2>&1 &
ringdl_pid=$!
for _ in $(seq 600); do
  [ -f "$log_dir/$kind.model.vocab" ] && break
  kill -0 "$ringdl_pid" 2>/dev/null || break
  sleep 1
done
[ -f "$log_dir/$kind.model.vocab" ] || {
  echo "char_lm.sh: ringdl saved no vocabulary:" >&2
  tail "$log_dir/ringdl.log" >&2
  exit 1
}
seq_len=$(sed -n 's/^ *seq_len: *\([0-9]*\).*/\1/p' "$config")
batch=$(sed -n 's/^ *batch_size: *\([0-9]*\).*/\1/p' "$config")
# PyTorch in its best configuration here: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset for it alone.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$root/bench/torch_char_lm.py" --model "$kind" \
  --vocab "$log_dir/$kind.model.vocab" --train "$data/train.txt" --valid "$data/valid.txt" \
  --test "$data/test.txt" --seq-len "$seq_len" --batch "$batch" --epochs "$epochs" --clip 5 \
  --threads "$threads" --seed "$seed" --prime "$prime" --length "$length" --temperature "$temperature" \
  "${torch_args[@]}" >"$log_dir/torch.log" 2>&1 &
torch_pid=$!
status=0
wait "$ringdl_pid" || { echo "char_lm.sh: ringdl failed:" >&2; tail "$log_dir/ringdl.log" >&2; status=1; }
wait "$torch_pid" || { echo "char_lm.sh: PyTorch failed:" >&2; tail "$log_dir/torch.log" >&2; status=1; }
[ "$status" -eq 0 ] || exit 1
"$bin" generate "$log_dir/$kind.model" --prime "$prime" --length "$length" --temperature "$temperature" \
  --seed "$seed" >"$log_dir/ringdl.sample" 2>&1

# Per epoch: RingDL's "[Epoch E ...] BitsPerCharacter is BitsPerCharacter(..., bits per character: X)" and
# PyTorch's "[Epoch E] Validation bits/char: X".
sed -n 's/^\[Epoch .*BitsPerCharacter is .*bits per character: \([0-9.]*\)).*/\1/p' "$log_dir/ringdl.log" \
  >"$log_dir/ringdl.bpc"
sed -n 's/^\[Epoch [0-9]*\] Validation bits\/char: \([0-9.]*\).*/\1/p' "$log_dir/torch.log" >"$log_dir/torch.bpc"
echo "$kind on $(wc -c <"$data/train.txt") bytes of training text ($data);" \
  "$(sed -n 's/^\(windows of .*\)/\1/p' "$log_dir/torch.log"); $epochs epochs, seed $seed, $threads thread(s)"
echo "RingDL: $(sed -n 's/^RingDL training \(.*\) on \([0-9]*\) records.*/\1, \2 training windows/p' "$log_dir/ringdl.log")"
echo "$(sed -n 's/^\(PyTorch .*\)/\1/p' "$log_dir/torch.log")"
echo "validation bits per character:"
printf '%6s %10s %10s\n' epoch RingDL PyTorch
paste "$log_dir/ringdl.bpc" "$log_dir/torch.bpc" | awk '{ printf "%6d %10s %10s\n", NR, $1, $2 }'
echo "test bits per character: RingDL" \
  "$(sed -n 's/^Test BitsPerCharacter is .*bits per character: \([0-9.]*\)).*/\1/p' "$log_dir/ringdl.log")," \
  "PyTorch $(sed -n 's/^Test bits\/char: \([0-9.]*\)/\1/p' "$log_dir/torch.log")"
echo "--- RingDL sample (ringdl generate --prime '$prime' --length $length --temperature $temperature):"
cat "$log_dir/ringdl.sample"
echo "--- PyTorch sample (the same prime, length and temperature):"
sed -n '/^Sample:$/,$p' "$log_dir/torch.log" | tail -n +2
