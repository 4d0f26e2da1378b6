#!/usr/bin/env bash
# ringdl generate: a character LSTM and a character Transformer trained on a periodic text (text_lm, cross_entropy
# at every step, bits per character) must continue a prime with the period exactly when greedy (temperature 0);
# sampling is the same for the same seed; errors for an empty prime, a missing vocabulary and a model that is not
# a language model.
# Usage: cli_generate_test.sh RINGDL_BINARY SOURCE_DIR
set -uo pipefail
ringdl=$1
source "$2/tests/tools/lib.sh"

# 300 lines of one line: each line is a period of 21 characters and <eos>; "a" is followed by b, c, d, b and
# " ", and "ka" by "z", so the next character needs a few characters of context. A window's first steps see too
# little of it to know where they are, so the bits per character stay above 0 (measured 0.05; untrained 4).
# seq_len 25 is prime to the period 21, so the windows start at every place of the period, as generation's do:
# with 24 they would start at every third place only, and the Transformer, which knows absolute positions, would
# meet windows at the others for the first time when generating.
line="abracadabra alakazam"
for ((i = 0; i < 300; i++)); do echo "$line"; done >"$work/train.txt"
for ((i = 0; i < 20; i++)); do echo "$line"; done >"$work/valid.txt"

cat >"$work/lstm.yaml" <<'YAML'
name: tiny_char_lstm
params: {classes: 16}
layers:
  - LookupTable: {nIndex: $classes, nOutput: 16}
  - {type: Recurrent, returnSequences: true, layers: [LSTM: {inputSize: 16, hiddenSize: 48}]}
  - {type: TimeDistributed, layers: [Linear: {inputSize: 48, outputSize: $classes}]}
YAML
cat >"$work/transformer.yaml" <<'YAML'
name: tiny_char_transformer
params: {classes: 16}
layers:
  - {type: Transformer, vocabSize: $classes, hiddenSize: 32, numHeads: 4, filterSize: 64, numHiddenlayers: 2,
     withShareWeightsLinear: false, shiftRight: false}
  - {type: TimeDistributed, layers: [Linear: {inputSize: 32, outputSize: $classes}]}
YAML
# 10 distinct characters and <pad>, <unk>, <eos>: 13 tokens (the models have 16 rows, more than needed).
cat >"$work/run.yaml" <<YAML
model: {type: $work/lstm.yaml, classes: 16}
criterion: {type: cross_entropy, time_distributed: true}
data: {train_format: text_lm, train_data: $work/train.txt, test_data: $work/valid.txt, shuffle_buffer: 1000}
text: {tokenizer: char, seq_len: 25}
validation: [bits_per_character, loss]
optimizer: {type: adam, learning_rate: 0.01}
training: {batch_size: 16, epochs: 30, seed: 1, threads: 1}
checkpoints: {save_model: $work/lstm.model}
output: {progress: "off", log_every: 100}
YAML

period() {  # the text greedy generation must give after PRIME: the lines continued, N characters
  local prime=$1 n=$2 text=""
  while [ ${#text} -lt $((n + ${#prime} + ${#line})) ]; do text="$text$line"$'\n'; done
  printf '%s' "${text:0:$((${#prime} + n))}"
}

for kind in lstm transformer; do
  "$ringdl" train "$work/run.yaml" --model.type="$work/$kind.yaml" --save_model="$work/$kind.model" \
    >"$work/$kind.log" 2>&1
  bits=$(sed -n 's/^Test BitsPerCharacter is .*bits per character: \([0-9.e-]*\)).*/\1/p' "$work/$kind.log")
  grep -q "13-token dictionary" "$work/$kind.log" && [ -f "$work/$kind.model.vocab" ] &&
    awk -v b="${bits:-9}" 'BEGIN { exit !(b < 0.15) }' &&
    ok "$kind: trained on the periodic text, test bits per character $bits" ||
    bad "$kind training: $(tail -5 "$work/$kind.log")"
  # "abracad" (which only the line's start holds: "abra" alone could be either of its two) then 60 characters:
  # the rest of the line, its <eos> as a line break, the next lines.
  out=$("$ringdl" generate "$work/$kind.model" --prime abracad --length 60 --temperature 0 2>&1)
  expected=$(period abracad 60)
  [ "$out" = "$expected" ] && ok "$kind: greedy generation reproduces the period" ||
    bad "$kind greedy: got '$out', expected '$expected'"
done

# A prime ending with a line break starts from <eos>; a character never seen reads as <unk> and still goes on.
out=$("$ringdl" generate "$work/lstm.model" --prime $'zam\n' --length 21 --temperature 0 2>&1)
[ "$out" = $'zam\n'"$line" ] && ok "a prime ending in a line break continues with the next line" ||
  bad "prime with a line break: '$out'"
a=$("$ringdl" generate "$work/lstm.model" --prime abra --length 40 --temperature 1.5 --top_k 5 --seed 7 2>&1)
b=$("$ringdl" generate "$work/lstm.model" --prime abra --length 40 --temperature 1.5 --top_k 5 --seed 7 2>&1)
[ -n "$a" ] && [ "$a" = "$b" ] && [ "${#a}" -ge 44 ] && ok "sampling with one seed gives one text" ||
  bad "sampling: '$a' / '$b'"

expect_fail "an empty prime is refused" "--prime is empty" \
  "$ringdl" generate "$work/lstm.model" --prime "" --length 5
mv "$work/lstm.model.vocab" "$work/moved.vocab"
expect_fail "a missing vocabulary names the files looked for and --vocab" \
  "no vocabulary for $work/lstm.model: neither $work/lstm.model.vocab nor the run config's vocab" \
  "$ringdl" generate "$work/lstm.model" --prime abra --length 5
out=$("$ringdl" generate "$work/lstm.model" --vocab "$work/moved.vocab" --prime abracad --length 17 --temperature 0 2>&1)
[ "$out" = "$(period abracad 17)" ] && ok "--vocab gives the vocabulary" || bad "--vocab: '$out'"

# A classifier of text_csv rows is not a language model.
printf 'pos,good film\nneg,bad film\n' >"$work/rows.csv"
cat >"$work/bow.yaml" <<'YAML'
name: bow
params: {classes: 2}
layers:
  - Linear: {inputSize: 4, outputSize: $classes}
  - LogSoftMax
YAML
cat >"$work/bow_run.yaml" <<YAML
model: {type: $work/bow.yaml, classes: 2}
data: {train_format: text_csv, train_data: $work/rows.csv, test_data: $work/rows.csv}
text: {padding: fixed 4, label_names: auto}
training: {batch_size: 2, epochs: 1}
checkpoints: {save_model: $work/bow.model}
output: {progress: "off"}
YAML
"$ringdl" train "$work/bow_run.yaml" >"$work/bow.log" 2>&1 || bad "training the classifier: $(tail -3 "$work/bow.log")"
expect_fail "a classifier is refused as not a language model" \
  "$work/bow.model is not a language model: it was trained on text_csv data" \
  "$ringdl" generate "$work/bow.model" --prime "good" --length 5

finish
