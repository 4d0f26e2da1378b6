#!/usr/bin/env bash
# Fine-tuning through the ringdl command: LeNet-5 trained on the ten classes and saved; init_from it into a
# five-class LeNet-5 for classes 5-9 (select_classes) with the convolutions frozen: the head of another shape
# is logged and keeps its initialisation, the frozen weights are bit-identical after training (dump_weights
# hashes every parameter), init_from_match_all refuses the mismatch, freeze names layers that exist; a model
# definition with base: and replace:; the errors.
# Usage: cli_fine_tune_test.sh RINGDL_BINARY SOURCE_DIR DUMP_WEIGHTS_BINARY
set -uo pipefail
ringdl=$(realpath "$1")
src=$2
dump=$(realpath "$3")
source "$(dirname "$0")/lib.sh"
cd "$work" || exit 1

fm=/usr/share/datasets/fashion-mnist
[ -f "$fm/t10k-images-idx3-ubyte.gz" ] || { echo "Fashion-MNIST not installed (dataset-fashion-mnist)"; exit 77; }
quick=(--max_iterations=150 --validate_every=never --progress=off --log_every=1000)

# ---- the model to start from: all ten classes ----
"$ringdl" train "$src/models/lenet5/train.yaml" "${quick[@]}" --save_model=first.ringdl >first.log 2>&1 ||
  bad "training the first model: $(tail -5 first.log)"

# ---- init_from and freeze: classes 5-9 with a new five-class head ----
cat >tune.yaml <<'YAML'
model:
  type: lenet5
  classes: 5
  init_from: first.ringdl
  freeze: ["1", "5"]
data:
  select_classes: [5, 6, 7, 8, 9]
training:
  max_iterations: 120
  validate_every: never
output:
  progress: off
  log_every: 1000
YAML
"$ringdl" train tune.yaml --save_model=tuned.ringdl >tune.log 2>&1 || bad "fine-tuning: $(tail -5 tune.log)"
grep -q "Initialised from $work/first.ringdl: 3 layer(s) loaded, 1 kept their own initialisation" tune.log &&
  grep -q "^  10: kept its own initialisation: weight \[5, 100\] here but \[10, 100\] in the saved model$" tune.log &&
  ok "init_from loads by layer path and logs the head of another shape" || bad "init_from log: $(cat tune.log)"
grep -q "^Frozen: 1, 5 (2 layer(s), 1968 of 21773 parameters)$" tune.log &&
  ok "the frozen layers are logged" || bad "freeze log: $(cat tune.log)"
grep -q "on 30000 records, validating on 5000" tune.log && ok "select_classes keeps the records of five classes" ||
  bad "select_classes: $(head -3 tune.log)"
acc=$(sed -n 's/^Test accuracy: \([0-9.]*\).*/\1/p' tune.log)
# Chance is 0.2; 120 iterations measured 0.9364.
awk -v a="$acc" 'BEGIN { exit !(a > 0.85) }' && ok "the tuned head learns classes 5-9 (accuracy $acc)" ||
  bad "accuracy after fine-tuning: '$acc' $(tail -3 tune.log)"
"$dump" first.ringdl >first.w && "$dump" tuned.ringdl >tuned.w
same() { grep "^$1\." first.w | cut -d' ' -f1,2,3,4 >a.w; grep "^$1\." tuned.w | cut -d' ' -f1,2,3,4 >b.w; cmp -s a.w b.w; }
same 1 && same 5 && ok "the frozen convolutions are bit-identical after training" ||
  bad "frozen weights changed: $(diff first.w tuned.w)"
same 8 && bad "layer 8 is not frozen but did not change" || ok "the layers not frozen trained"

# ---- errors ----
expect_fail "init_from_match_all names every mismatching layer" \
  "10: weight [5, 100] here but [10, 100] in the saved model" \
  "$ringdl" train tune.yaml --init_from_match_all=true
expect_fail "a freeze pattern matching no layer lists the layers" \
  "config field 'freeze': freeze on layer 'lenet5' (Sequential): 'conv*' matches no layer; the layers are 0, 1, 2" \
  "$ringdl" train tune.yaml --freeze='conv*'
expect_fail "init_from of a missing file names it" "config field 'init_from'" \
  "$ringdl" train tune.yaml --init_from=nosuch.ringdl
expect_fail "select_classes must agree with classes" \
  "config field 'select_classes' (5,6,7,8,9) keeps 5 classes, relabelled 0..4, but config field 'classes' is 10: set classes: 5" \
  "$ringdl" train tune.yaml --classes=10

# ---- model summary counts the frozen parameters of a config ----
"$ringdl" model summary tune.yaml >summary.txt 2>&1
grep -q "^Trainable parameters: 19805$" summary.txt && grep -q "^Frozen parameters: 1968$" summary.txt &&
  grep -Eq "^  1 +SpatialConvolution +\[N, 6, 24, 24\] +156  \(frozen\)$" summary.txt &&
  ok "model summary shows the frozen layers and counts" || bad "summary with freeze: $(cat summary.txt)"

# ---- a definition with base: and replace: ----
cat >head.yaml <<'YAML'
# The saved LeNet-5 with a new five-class head.
input_shape: [1, 28, 28]
base: first.ringdl
replace:
  "10": {type: Linear, inputSize: 100, outputSize: $classes}
YAML
"$ringdl" model summary head.yaml --classes 5 >head.txt 2>&1
grep -Eq "^  10 +Linear +\[N, 5\] +505$" head.txt && ok "base: with replace: gives the saved model with a new head" ||
  bad "summary of a base definition: $(cat head.txt)"
"$ringdl" train tune.yaml --model=head.yaml --init_from= --classes=5 --select_classes=5,6,7,8,9 --freeze=1,5 --max_iterations=20 \
  --validate_every=never --progress=off >head.log 2>&1 && grep -q "^Test accuracy" head.log &&
  ok "ringdl train on a base definition" || bad "training a base definition: $(tail -5 head.log)"
cat >bad_head.yaml <<'YAML'
base: first.ringdl
replace:
  fc3: {type: Linear, inputSize: 100, outputSize: 5}
YAML
expect_fail "replace: of a missing layer names it and lists the layers" \
  "bad_head.yaml line 3: replace: layer 'lenet5' (Sequential): cannot replace 'fc3': there is no such layer; the layers are 0, 1, 2" \
  "$ringdl" model summary bad_head.yaml

finish
