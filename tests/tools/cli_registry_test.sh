#!/usr/bin/env bash
# ringdl train's criterion, optimizer and validation methods come from the library's registries: the keys'
# allowed values are the registered types in snake_case (an unknown one lists them, --help shows them), the
# optimizer's keys reach its options (learning_rate -> learningRate, learning_rate_decay -> learningRateDecay),
# the criterion section's keys reach the criterion's (label_smoothing -> labelSmoothing), and the test results
# are printed under their methods' own names.
# Usage: cli_registry_test.sh RINGDL_BINARY SOURCE_DIR
set -uo pipefail
ringdl=$1
src=$2
source "$(dirname "$0")/lib.sh"
cd "$work" || exit 1

fm=/usr/share/datasets/fashion-mnist
[ -f "$fm/t10k-images-idx3-ubyte.gz" ] || { echo "Fashion-MNIST not installed (dataset-fashion-mnist)"; exit 77; }
cfg=$src/models/lenet5/train.yaml

# ---- allowed values: the registries' types ----
expect_fail "an unknown optimizer lists the registered ones" \
  "config field 'optimizer' must be one of adadelta, adagrad, adam, adamw, adamax, ftrl, lbfgs, lars_sgd, rmsprop, sgd, got 'nadam'" \
  "$ringdl" train "$cfg" --optimizer=nadam
expect_fail "an unknown criterion lists the registered ones" \
  "config field 'criterion' must be one of abs, bce, bce_with_logits, categorical_cross_entropy, class_nll," \
  "$ringdl" train "$cfg" --criterion=nll
expect_fail "registry spellings are not config spellings" "must be one of adadelta, adagrad, adam, adamw, adamax, ftrl, lbfgs, lars_sgd, rmsprop, sgd, got 'SGD'" \
  "$ringdl" train "$cfg" --optimizer=SGD
"$ringdl" train --help >"$work/help" 2>&1
grep -q -- "--optimizer.*{adadelta,adagrad,adam,adamw,adamax,ftrl,lbfgs,lars_sgd,rmsprop,sgd}" "$work/help" &&
  grep -q -- "--line_search.*{none,strong_wolfe}" "$work/help" && grep -q -- "--decay_rate" "$work/help" &&
  grep -q -- "--criterion .*{abs,bce,bce_with_logits,.*,class_nll,.*,cross_entropy,.*,mse,.*softmax_with,.*}" "$work/help" &&
  ok "--help lists the registered optimizers and criterions" || bad "--help: $(grep -e '--optimizer\|--criterion' "$work/help")"

# ---- a short run through the registries ----
short=(--model=mlp --normalize=0.286,0.353 --epochs=0 --max_iterations=3 --batch_size=32 --log_every=1
  --validate_every=never --progress=off --threads=1)
# Adam with BigDL's decay: lr / (1 + step * decay) logs 0.04, 0.02, 0.0133333 if both keys reach the options.
"$ringdl" train "$cfg" "${short[@]}" --optimizer=adam --criterion=cross_entropy --learning_rate=0.04 \
  --learning_rate_decay=1 >"$work/adam.log" 2>&1 &&
  grep -q "Iteration 1\].*Current learning rate is 0.04\.$" "$work/adam.log" &&
  grep -q "Iteration 2\].*Current learning rate is 0.02\.$" "$work/adam.log" &&
  grep -q "Iteration 3\].*Current learning rate is 0.0133333\.$" "$work/adam.log" &&
  ok "optimizer adam gets learning_rate and learning_rate_decay" || bad "adam run: $(tail -5 "$work/adam.log")"
# The test results carry their methods' names, in the order ringdl asks for them.
[ "$(grep '^Test .* is ' "$work/adam.log" | sed 's/ is .*//')" = "$(printf 'Test Top1Accuracy\nTest Top5Accuracy\nTest Loss')" ] &&
  grep -q "^Test Top5Accuracy is Accuracy(correct: [0-9]*, count: 10000," "$work/adam.log" &&
  grep -q "^Test Loss is (Loss: [0-9.e+]*, count: 10000, Average Loss: " "$work/adam.log" &&
  ok "test results are printed under their methods' names" || bad "test lines: $(grep '^Test' "$work/adam.log")"
# SGD and class_nll, lenet5's config: no decay asked, none applied.
"$ringdl" train "$cfg" "${short[@]}" --learning_rate_decay=0 >"$work/sgd.log" 2>&1 &&
  grep -q "Iteration 3\].*Current learning rate is 0.05\.$" "$work/sgd.log" && grep -q "^Test Loss is" "$work/sgd.log" &&
  ok "optimizer sgd and criterion class_nll" || bad "sgd run: $(tail -5 "$work/sgd.log")"
# Every method's options are keys of the optimizer section: RMSprop's learning-rate decay logs BigDL's rates,
# and an LBFGS run with the strong-Wolfe line search (nested, as a config file writes it) trains.
"$ringdl" train "$cfg" "${short[@]}" --optimizer=rmsprop --learning_rate=0.01 --learning_rate_decay=1 \
  --decay_rate=0.9 --centered=true --momentum=0.5 >"$work/rmsprop.log" 2>&1 &&
  grep -q "Iteration 2\].*Current learning rate is 0.005\.$" "$work/rmsprop.log" &&
  ok "optimizer rmsprop gets its keys" || bad "rmsprop run: $(tail -5 "$work/rmsprop.log")"
"$ringdl" train "$cfg" "${short[@]}" --optimizer.type=lbfgs --optimizer.max_iter=3 --optimizer.learning_rate=1 \
  --optimizer.line_search=strong_wolfe >"$work/lbfgs.log" 2>&1 && grep -q "Iteration 3\].*Loss is" "$work/lbfgs.log" &&
  ok "optimizer lbfgs with the strong-Wolfe line search" || bad "lbfgs run: $(tail -5 "$work/lbfgs.log")"
expect_fail "a method's keys are checked as the config reads them" "config field 'learning_rate_power' must be in" \
  "$ringdl" train "$cfg" "${short[@]}" --optimizer=ftrl --learning_rate_power=0.5

# The criterion's options: a section in YAML (type and options), dotted keys on the command line. The same
# seed gives the same first batch, so label smoothing shows in the first loss; an option the criterion lacks
# and a value that is not a number are errors naming them.
printf 'criterion: {type: cross_entropy, label_smoothing: 0.3}\n' >"$work/smooth.yaml"
"$ringdl" train "$cfg" "${short[@]}" --max_iterations=1 --criterion=cross_entropy >"$work/ce0.log" 2>&1
"$ringdl" train "$work/smooth.yaml" "${short[@]}" --max_iterations=1 --model=mlp >"$work/ce3.log" 2>&1
"$ringdl" train "$cfg" "${short[@]}" --max_iterations=1 --criterion=cross_entropy \
  --criterion.label_smoothing=0.3 >"$work/ce3b.log" 2>&1
first_loss() { grep "Iteration 1\]" "$1" | sed 's/.*Loss is \([^ ]*\)\. .*/\1/'; }
[ -n "$(first_loss "$work/ce0.log")" ] && [ -n "$(first_loss "$work/ce3.log")" ] &&
  [ "$(first_loss "$work/ce0.log")" != "$(first_loss "$work/ce3.log")" ] &&
  [ "$(first_loss "$work/ce3.log")" = "$(first_loss "$work/ce3b.log")" ] &&
  ok "criterion section and --criterion.label_smoothing reach CrossEntropyCriterion" ||
  bad "label smoothing: $(first_loss "$work/ce0.log") / $(first_loss "$work/ce3.log") / $(first_loss "$work/ce3b.log"): $(tail -3 "$work/ce3.log")"
expect_fail "an option the criterion does not have" \
  "config section criterion (criterion: mse): MSECriterion has no option 'labelSmoothing'" \
  "$ringdl" train "$cfg" "${short[@]}" --criterion=mse --criterion.label_smoothing=0.1
expect_fail "a criterion option that is not a number" "config field 'padding_value' must be a number, got 'x'" \
  "$ringdl" train "$cfg" "${short[@]}" --criterion.padding_value=x
grep -q "Config keys: criterion" "$work/help" && grep -q -- "--label_smoothing" "$work/help" &&
  grep -q -- "--size_average" "$work/help" && grep -q -- "--padding_value" "$work/help" &&
  ok "--help lists the criterion's options in their section" || bad "--help: $(grep -e 'criterion' "$work/help")"

# A bad option combination is refused by the optim method itself, naming the key as the config spells it.
expect_fail "SGD's own checks reach the user" "SGD nesterov needs momentum > 0 and dampening = 0" \
  "$ringdl" train "$cfg" "${short[@]}" --nesterov=true --momentum=0

finish
