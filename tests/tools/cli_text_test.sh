#!/usr/bin/env bash
# ringdl on text: data inspect of text_csv and text_lm sets (GPL-3 when installed); train on text_csv part files
# with named labels, fixed padding and length buckets, the vocabulary saved beside the model; evaluate and
# predict (text_csv and text_lines) reading it back; exact resume from a checkpoint; errors for a missing
# vocabulary, a label not in label_names and invalid UTF-8; two ranks under mpirun when MPIEXEC is given.
# Usage: cli_text_test.sh RINGDL_BINARY SOURCE_DIR [MPIEXEC]
set -uo pipefail
ringdl=$1
mpiexec=${3:-}
source "$2/tests/tools/lib.sh"

# Two part files and a test file of "label,text" rows; the label's word is in the text, the rest is filler.
pos=(good great fine excellent lovely superb)
neg=(bad awful poor terrible dull boring)
filler=(the movie was a and it film story)
row() {  # seed -> one row
  local i=$1 label words n k
  if [ $((i % 2)) -eq 0 ]; then label=pos; words=${pos[$((i % 6))]}; else label=neg; words=${neg[$((i % 6))]}; fi
  n=$((2 + (i * 7) % 9))
  for ((k = 0; k < n; k++)); do words="$words ${filler[$(((i + k * 3) % 8))]}"; done
  printf '%s,"%s, really."\n' "$label" "$words"
}
mkdir -p "$work/train"
for ((i = 0; i < 300; i++)); do row $i; done >"$work/train/part-00000"
for ((i = 300; i < 600; i++)); do row $i; done >"$work/train/part-00001"
touch "$work/train/_SUCCESS"
for ((i = 1000; i < 1100; i++)); do row $i; done >"$work/test.csv"

out=$("$ringdl" data inspect --format text_csv --lowercase "$work/train" 2>&1)
grep -q "records: 600" <<<"$out" && grep -q "labels (2): neg 300 pos 300" <<<"$out" &&
  grep -q "dictionary size 19 " <<<"$out" && grep -q "^most frequent: , 600 . 600 really 600" <<<"$out" &&
  grep -q "tokens per record: min 6, median" <<<"$out" &&
  ok "data inspect text_csv: records, labels, dictionary, most frequent tokens, lengths" ||
  bad "data inspect text_csv: $out"
if [ -f /usr/share/common-licenses/GPL-3 ]; then
  out=$("$ringdl" data inspect --format text_lm --lowercase --top 3 /usr/share/common-licenses/GPL-3 2>&1)
  grep -q "^most frequent: the " <<<"$out" && grep -q "language-model stream: " <<<"$out" &&
    ok "data inspect text_lm on GPL-3" || bad "data inspect text_lm on GPL-3: $out"
fi

# Token indices into a linear layer: checks the pipeline, not a text model (the recurrent layers live in nn/).
cat >"$work/bow.yaml" <<'YAML'
name: bow
input_shape: [12]
params: {classes: 2}
layers:
  - Linear: {inputSize: 12, outputSize: $classes}
  - LogSoftMax
YAML
cat >"$work/run.yaml" <<YAML
model: {type: $work/bow.yaml, classes: 2}
data: {train_format: text_csv, train_data: $work/train, test_data: $work/test.csv, shuffle_buffer: 100}
text: {lowercase: true, label_names: auto, padding: fixed 12, bucket_window: 64}
optimizer: {type: sgd, learning_rate: 0.001}
training: {batch_size: 16, epochs: 2, seed: 1}
checkpoints: {save_model: $work/model/bow.model, checkpoint_dir: $work/ckpt, checkpoint_every: epoch}
output: {progress: "off"}
YAML
"$ringdl" train "$work/run.yaml" >"$work/train.log" 2>&1 &&
  grep -q "on 600 records" "$work/train.log" && grep -q "2 named classes" "$work/train.log" &&
  grep -q "saved as $work/model/bow.model.vocab" "$work/train.log" &&
  head -1 "$work/model/bow.model.vocab" | grep -q "^#ringdl-vocabulary 1$" &&
  [ "$(wc -l <"$work/model/bow.model.vocab")" -eq 20 ] &&
  ok "train on text_csv parts: vocabulary built, saved beside the model" || bad "train text_csv: $(tail -5 "$work/train.log")"
test_acc=$(grep "^Test accuracy:" "$work/train.log" | sed 's/^Test accuracy: \([0-9.]*\).*/\1/')

out=$("$ringdl" evaluate "$work/model/bow.model" --test_data "$work/test.csv" 2>&1)
grep -q "read from $work/model/bow.model.vocab" <<<"$out" &&
  grep -q "count: 100, accuracy: $test_acc)" <<<"$out" &&
  ok "evaluate reads the vocabulary the model names and scores as training did" || bad "evaluate text_csv: $out"

cut -d, -f2- "$work/test.csv" | head -7 >"$work/docs.txt"
"$ringdl" predict "$work/model/bow.model" --test_format text_lines --test_data "$work/docs.txt" \
  --output "$work/pred.csv" >"$work/pred.log" 2>&1 &&
  [ "$(wc -l <"$work/pred.csv")" -eq 8 ] && head -1 "$work/pred.csv" | grep -q "class_name" &&
  grep -qE "^0,[01],(neg|pos)," "$work/pred.csv" &&
  ok "predict on raw text, one document per line, with class names" ||
  bad "predict text_lines: $(cat "$work/pred.log")"

# Resume from the epoch-1 checkpoint: the second epoch's batches (bucketed, shuffled) are those of the
# uninterrupted run, so the final test score is the same.
ckpt=$(ls "$work/ckpt"/checkpoint.*.ringdl 2>/dev/null | sort -t. -k2 -n | head -1)
if [ -n "$ckpt" ]; then
  "$ringdl" train --resume "$ckpt" "$work/run.yaml" --save_model="$work/model/resumed.model" \
    --checkpoint_dir="$work/ckpt2" >"$work/resume.log" 2>&1 &&
    grep -q "^Test accuracy: $test_acc " "$work/resume.log" &&
    [ "$(grep '^Test Loss' "$work/resume.log")" = "$(grep '^Test Loss' "$work/train.log")" ] &&
    ok "resume from a checkpoint ends with the uninterrupted run's test loss" ||
    bad "resume: $(tail -5 "$work/resume.log") / $(grep '^Test Loss' "$work/train.log")"
else
  bad "no checkpoint written in $work/ckpt"
fi

mv "$work/model/bow.model.vocab" "$work/moved.vocab"
expect_fail "a missing vocabulary names the file" "cannot open vocabulary file $work/model/bow.model.vocab" \
  "$ringdl" evaluate "$work/model/bow.model" --test_data "$work/test.csv"
mv "$work/moved.vocab" "$work/model/bow.model.vocab"
printf 'pos,good film\nsprots,bad film\n' >"$work/unknown.csv"
expect_fail "a label not in label_names is named with its line" "line 2 at byte 14: unknown label \"sprots\"" \
  "$ringdl" evaluate "$work/model/bow.model" --test_data "$work/unknown.csv"
printf 'pos,good film\nneg,bad \xff film\n' >"$work/bad.csv"
expect_fail "invalid UTF-8 is named with its file, line and byte" "bad.csv: line 2 at byte 14: the text field: invalid UTF-8 at byte 4" \
  "$ringdl" evaluate "$work/model/bow.model" --test_data "$work/bad.csv"

# A text model: tokens and lengths (lengths_in_input) through an embedding beside an Identity, an LSTM whose
# output is each record's last real step, and a classifier. The label word comes first and the records are
# padded to the longest of their batch, so only the lengths let the last step be a real one.
cat >"$work/lstm.yaml" <<'YAML'
name: lstm_text
params: {classes: 2}
layers:
  - {type: ParallelTable, layers: [LookupTable: {nIndex: 30, nOutput: 16}, Identity]}
  - {type: Recurrent, returnSequences: false, layers: [LSTM: {inputSize: 16, hiddenSize: 32}]}
  - Linear: {inputSize: 32, outputSize: $classes}
  - LogSoftMax
YAML
out=$("$ringdl" train "$work/run.yaml" --model.type="$work/lstm.yaml" --lengths_in_input=true --padding=longest \
  --optimizer.type=adam --learning_rate=0.01 --epochs=3 --save_model= --checkpoint_dir= 2>&1)
acc=$(sed -n 's/^Test accuracy: \([0-9.]*\).*/\1/p' <<<"$out")
awk -v a="${acc:-0}" 'BEGIN { exit !(a >= 0.9) }' &&
  ok "an LSTM over {tokens, lengths} of padded text batches learns the labels (test accuracy $acc)" ||
  bad "LSTM text model: $(tail -5 <<<"$out")"

if [ -n "$mpiexec" ] && command -v "$mpiexec" >/dev/null; then
  mpi=("$mpiexec" --allow-run-as-root --oversubscribe --bind-to none -np 2)
  "${mpi[@]}" "$ringdl" train "$work/run.yaml" --save_model="$work/model/mpi.model" --checkpoint_dir= \
    >"$work/mpi.log" 2>&1 && grep -q "Data-parallel on 2 ranks" "$work/mpi.log" &&
    grep -q "^Test accuracy: " "$work/mpi.log" && cmp -s "$work/model/mpi.model.vocab" "$work/model/bow.model.vocab" &&
    ok "2 ranks build the same vocabulary and train on their own part files" ||
    bad "2 ranks on text: $(tail -5 "$work/mpi.log")"
fi

finish
