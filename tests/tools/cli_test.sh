#!/usr/bin/env bash
# The ringdl command as a user meets it: help, config errors, train, checkpoint, resume, evaluate, predict.
# Usage: cli_test.sh RINGDL_BINARY SOURCE_DIR STRIP_MODEL_METADATA
set -uo pipefail
ringdl=$1
src=$2
strip=$3
source "$(dirname "$0")/lib.sh"

fm=/usr/share/datasets/fashion-mnist
small=(--max_iterations=12 --epochs=0 --log_every=4 --validate_every=never --progress=off --batch_size=64)

"$ringdl" --help >"$work/help" 2>&1 && grep -q train "$work/help" && grep -q evaluate "$work/help" &&
  grep -q predict "$work/help" && ok "ringdl --help lists the subcommands" || bad "ringdl --help"

"$ringdl" train --help >"$work/help" 2>&1
missing=""
for key in model classes train_images train_labels test_images test_labels normalize batch_size optimizer \
  learning_rate learning_rate_decay momentum dampening nesterov weight_decay beta1 beta2 epsilon criterion \
  epochs max_iterations min_loss max_score validate_every checkpoint_dir checkpoint_every save_model seed \
  log_every threads progress; do
  grep -q -- "--$key" "$work/help" || missing="$missing $key"
done
[ -z "$missing" ] && grep -q -- "--resume" "$work/help" && ok "train --help lists every config key" ||
  bad "train --help misses:$missing"
# (into a file: grep -q would close a pipe early and the long help would end with SIGPIPE)
"$ringdl" evaluate --help >"$work/help" 2>&1
grep -q -- "--labels" "$work/help" && grep -q -- "--data" "$work/help" && grep -q -- "--format" "$work/help" &&
  grep -q -- "--test_transforms" "$work/help" && ok "evaluate --help lists --data, --format and the config keys" ||
  bad "evaluate --help"
"$ringdl" predict --help >"$work/help" 2>&1
grep -q -- "--output" "$work/help" && grep -q -- "--data" "$work/help" && ok "predict --help" || bad "predict --help"

expect_fail "misspelt override suggests the key" "did you mean '--learning_rate'" \
  "$ringdl" train "$src/models/lenet5/train.yaml" --learnin_rate=0.1
printf 'model: lenet5\nlearning_rat: 0.1\n' >"$work/typo.yaml"
expect_fail "misspelt config key names the file and line and suggests" "$work/typo.yaml line 2: unknown config key 'learning_rat'; did you mean 'learning_rate'" \
  "$ringdl" train "$work/typo.yaml"
expect_fail "out-of-range value names field and range" "config field 'momentum' must be in [0, 1), got 1.5" \
  "$ringdl" train "$src/models/lenet5/train.yaml" --momentum=1.5
expect_fail "non-numeric value" "config field 'batch_size' must be a number, got 'big'" \
  "$ringdl" train "$src/models/lenet5/train.yaml" --batch_size=big
expect_fail "unknown model lists the known ones" "must be a zoo model (char_lm, inception_v1, lenet5, lstm_fashion_mnist, mlp, package_sections, resnet18, resnet20, resnet32, resnet50, resnet56, vgg16, vgg_cifar10) or a model definition file" \
  "$ringdl" train "$src/models/lenet5/train.yaml" --model=resnet
expect_fail "missing dataset names the path" "/nonexistent/train.gz" \
  "$ringdl" train "$src/models/lenet5/train.yaml" --train_images=/nonexistent/train.gz
expect_fail "missing config file" "cannot read config file $work/none.yaml" "$ringdl" train "$work/none.yaml"
printf 'model: [lenet5\n' >"$work/broken.yaml"
expect_fail "broken YAML names the file and line" "$work/broken.yaml: not valid YAML at line" \
  "$ringdl" train "$work/broken.yaml"
expect_fail "nothing to resume" "no checkpoint in directory" "$ringdl" train --resume "$work"

if [ ! -f "$fm/train-images-idx3-ubyte.gz" ]; then
  echo "Fashion-MNIST missing: skipping the training part (apt-get install dataset-fashion-mnist)"
else
  # Uninterrupted: 12 iterations.
  "$ringdl" train "$src/models/lenet5/train.yaml" "${small[@]}" --save_model="$work/full.ringdl" >"$work/full.log" 2>&1 &&
    grep -q "\[Epoch 1 768/60000\]\[Iteration 12\]\[Wall Clock" "$work/full.log" &&
    grep -q "Test accuracy: " "$work/full.log" && ok "train runs and logs BigDL lines" ||
    bad "train: $(tail -3 "$work/full.log")"
  # Interrupted after 8 (checkpoints at 4 and 8), then resumed to 12 from the directory.
  "$ringdl" train "$src/models/lenet5/train.yaml" "${small[@]}" --max_iterations=8 --checkpoint_dir="$work/ckpt" \
    --checkpoint_every=4 >"$work/part.log" 2>&1
  [ -f "$work/ckpt/checkpoint.4.ringdl" ] && [ -f "$work/ckpt/checkpoint.8.ringdl" ] && ok "checkpoints written" ||
    bad "checkpoints: $(ls "$work/ckpt" 2>&1)"
  "$ringdl" train --resume "$work/ckpt" --max_iterations=12 --save_model="$work/resumed.ringdl" >"$work/resume.log" 2>&1 &&
    grep -q "Resuming from $work/ckpt/checkpoint.8.ringdl at epoch 1, iteration 8" "$work/resume.log" &&
    ok "resume picks the latest checkpoint" || bad "resume: $(tail -3 "$work/resume.log")"
  # The files also hold each run's config (which differ: checkpoint_dir, save_model, ...): compare the models.
  "$strip" "$work/full.ringdl" "$work/full-model.ringdl" &&
    "$strip" "$work/resumed.ringdl" "$work/resumed-model.ringdl" &&
    cmp -s "$work/full-model.ringdl" "$work/resumed-model.ringdl" &&
    ok "resumed model is bit-identical to the uninterrupted one" ||
    bad "resumed model differs from the uninterrupted one"
  # A corrupt checkpoint is refused with its name.
  cp "$work/ckpt/checkpoint.8.ringdl" "$work/corrupt.ringdl"
  printf '\xff' | dd of="$work/corrupt.ringdl" bs=1 seek=100 conv=notrunc status=none
  expect_fail "corrupt checkpoint refused with its name" "$work/corrupt.ringdl" \
    "$ringdl" train --resume "$work/corrupt.ringdl"
  "$ringdl" evaluate "$work/ckpt" >"$work/eval.log" 2>&1 && grep -q "Top1Accuracy is Accuracy(correct: " "$work/eval.log" &&
    grep -q "Top5Accuracy is" "$work/eval.log" && grep -q "Loss is (Loss: " "$work/eval.log" &&
    ok "evaluate a checkpoint directory" || bad "evaluate: $(cat "$work/eval.log")"
  expect_fail "evaluate a bare model file needs the normalisation" "--normalize" \
    "$ringdl" evaluate "$work/full-model.ringdl"
  "$ringdl" predict "$work/ckpt" --output="$work/pred.csv" >"$work/pred.log" 2>&1 &&
    [ "$(wc -l <"$work/pred.csv")" -eq 10001 ] && head -1 "$work/pred.csv" | grep -q "index,class,score" &&
    awk -F, 'NR > 1 && ($1 != NR - 2 || $2 < 0 || $2 > 9 || $3 <= 0 || $3 > 1) { bad = 1 } END { exit bad }' \
      "$work/pred.csv" &&
    ok "predict writes one line per test image with a class and its probability" || bad "predict: $(cat "$work/pred.log")"
fi

finish
