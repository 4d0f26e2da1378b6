#!/usr/bin/env bash
# The zoo's character LSTM (models/char_lm) on real text every Debian has: the GNU GPL version 3 from
# /usr/share/common-licenses (base-files), its first 600 lines to train on and the rest to validate on. 25 short
# epochs (400 iterations) must bring the held-out bits per character well below what the untrained model and the
# text's character frequencies give (a floor measured with a margin), and ringdl generate must continue a prime
# from the saved model.
# Usage: cli_char_lm_test.sh RINGDL_BINARY SOURCE_DIR
set -uo pipefail
ringdl=$1
source "$2/tests/tools/lib.sh"

gpl=/usr/share/common-licenses/GPL-3
if [ ! -f "$gpl" ]; then
  bad "$gpl is missing: the base-files package installs it in every Debian"
  finish
  exit
fi
head -n 600 "$gpl" >"$work/train.txt"
tail -n +601 "$gpl" >"$work/valid.txt"

# vocab_size 96 caps the dictionary at the model's 96 rows (GPL-3 has fewer distinct characters).
cat >"$work/run.yaml" <<YAML
model: {type: char_lm, classes: 96, model_params: "embedding=32,hidden=128"}
criterion: {type: cross_entropy, time_distributed: true}
data: {train_format: text_lm, train_data: $work/train.txt, test_data: $work/valid.txt}
text: {tokenizer: char, vocab_size: 96, seq_len: 64}
validation: [bits_per_character, loss]
optimizer: {type: adam, learning_rate: 0.005}
gradient_clipping: {type: l2_norm, max_norm: 5}
training: {batch_size: 32, epochs: 25, seed: 1, threads: 1}
checkpoints: {save_model: $work/gpl.model}
output: {progress: "off", log_every: 1000}
YAML
"$ringdl" train "$work/run.yaml" >"$work/train.log" 2>&1 || bad "training on GPL-3: $(tail -5 "$work/train.log")"
first=$(sed -n 's/^\[Epoch 1 .*BitsPerCharacter is .*bits per character: \([0-9.]*\)).*/\1/p' "$work/train.log")
bits=$(sed -n 's/^Test BitsPerCharacter is .*bits per character: \([0-9.]*\)).*/\1/p' "$work/train.log")
# Untrained: about log2(96) = 6.6 bits. The training part's character frequencies give 5.3 bits on the held-out
# part (mostly the disclaimer, in capitals); measured after 25 epochs 2.98 (epoch 1: 5.36). The floor, 3.4,
# leaves a margin for other BLAS kernels' rounding and stays far below what frequencies alone give.
awk -v b="${bits:-9}" 'BEGIN { exit !(b < 3.4) }' &&
  ok "the char LSTM reaches $bits bits per character on held-out GPL-3 text (epoch 1: $first; floor 3.4)" ||
  bad "bits per character on GPL-3: ${bits:-none} (epoch 1: ${first:-none}): $(tail -3 "$work/train.log")"
awk -v a="${first:-0}" -v b="${bits:-9}" 'BEGIN { exit !(b < a) }' &&
  ok "bits per character fall after the first epoch ($first to $bits)" || bad "no progress: $first to $bits"

out=$("$ringdl" generate "$work/gpl.model" --prime "the " --length 80 --temperature 0 2>&1)
[ "${out:0:4}" = "the " ] && [ "${#out}" -ge 84 ] && ok "ringdl generate continues a prime: '${out//$'\n'/ }'" ||
  bad "generate on the GPL-3 model: '$out'"

finish
