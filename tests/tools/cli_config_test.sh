#!/usr/bin/env bash
# The ringdl command's configs and names as a new user meets them: paths in a config file relative to the file
# (and on the command line to the working directory), kept absolute in checkpoints; "did you mean" only for
# close names, else the nearest section's keys (command line, config files, subcommands, evaluate, predict,
# data); help by section; evaluate and predict refusing training keys; keys nested in sections and dotted on the
# command line; and the progress bar's line.
# Usage: cli_config_test.sh RINGDL_BINARY SOURCE_DIR
set -uo pipefail
ringdl=$1
src=$2
source "$(dirname "$0")/lib.sh"
cd "$work" || exit 1  # anything a broken build writes by a relative path lands in the scratch directory

fm=/usr/share/datasets/fashion-mnist
cfg=$src/models/lenet5/train.yaml

# ---- unknown names: "did you mean" only when close, else the nearest section ----

expect_fail "a close typo is suggested (--learning_rat)" \
  "unknown option '--learning_rat=0.1' for 'ringdl train'; did you mean '--learning_rate'?" \
  "$ringdl" train "$cfg" --learning_rat=0.1
expect_fail "a close typo is suggested (--batchsize)" "did you mean '--batch_size'?" \
  "$ringdl" train "$cfg" --batchsize=32
expect_fail "a close typo is suggested (--epoch)" "did you mean '--epochs'?" "$ringdl" train "$cfg" --epoch=3
"$ringdl" train "$cfg" --ema_decay=5 >"$work/out" 2>"$work/err"
rc=$?
far="unknown option '--ema_decay=5' for 'ringdl train'; nothing is spelt like it; the nearest section, [a-z_]*, has --"
if [ $rc -ne 0 ] && ! grep -q "did you mean" "$work/err" && grep -q "$far[a-z_0-9]*, --" "$work/err"; then
  ok "--ema_decay is not 'did you mean --model' but the nearest section's keys"
else
  bad "--ema_decay: $(cat "$work/err")"
fi
# Names from other frameworks land in the section of the key sharing a word or the initials.
expect_fail "--num_epochs points at the training section" "the nearest section, training, has --batch_size, --epochs," \
  "$ringdl" train "$cfg" --num_epochs=5
expect_fail "--lr points at the optimizer section" "the nearest section, optimizer, has --optimizer, --learning_rate," \
  "$ringdl" train "$cfg" --lr=0.1
expect_fail "--output_dir points at the checkpoints section" \
  "the nearest section, checkpoints, has --checkpoint_dir, --checkpoint_every, --keep_last, --keep_best, --save_model (see ringdl train --help)" \
  "$ringdl" train "$cfg" --output_dir=out

printf 'model: lenet5\nlearning_rat: 0.1\n' >"$work/typo.yaml"
expect_fail "a config file's close typo: file, line and suggestion" \
  "$work/typo.yaml line 2: unknown config key 'learning_rat'; did you mean 'learning_rate'?" \
  "$ringdl" train "$work/typo.yaml"
printf 'model: lenet5\nepochs: 2\nema_decay: 5\n' >"$work/far.yaml"
"$ringdl" train "$work/far.yaml" >"$work/out" 2>"$work/err"
rc=$?
far="$work/far.yaml line 3: unknown config key 'ema_decay'; nothing is spelt like it; the nearest section, [a-z_]*, has "
if [ $rc -ne 0 ] && ! grep -q "did you mean" "$work/err" && grep -q "$far[a-z_0-9]*, [a-z]" "$work/err"; then
  ok "a config file's unrelated key: file, line and the nearest section's keys (no --)"
else
  bad "ema_decay in a config file: $(cat "$work/err")"
fi
printf 'model: lenet5\nwarmup: 5\n' >"$work/section.yaml"
expect_fail "a section given a single value says it is a section" \
  "$work/section.yaml line 2: 'warmup' is a section: give its keys (iterations, delta) in it, e.g. warmup: {iterations: ...}" \
  "$ringdl" train "$work/section.yaml"
printf 'model: lenet5\nmomentum: 1.5\n' >"$work/range.yaml"
expect_fail "a bad value in a config file names its line" \
  "$work/range.yaml line 2: config field 'momentum' must be in [0, 1)" "$ringdl" train "$work/range.yaml"

expect_fail "an unknown subcommand close to one" \
  "unknown subcommand 'trian' of 'ringdl'; did you mean 'train'? (the subcommands are data, evaluate, generate, model, predict and train" \
  "$ringdl" trian "$cfg"
"$ringdl" fit "$cfg" >"$work/out" 2>"$work/err"
rc=$?
listed="unknown subcommand 'fit' of 'ringdl' (the subcommands are data, evaluate, generate, model, predict and train; see ringdl"
[ $rc -ne 0 ] && ! grep -q "did you mean" "$work/err" && grep -qF "$listed" "$work/err" &&
  ok "an unknown subcommand far from all lists them" || bad "ringdl fit: $(cat "$work/err")"
expect_fail "ringdl data's subcommands too" \
  "unknown subcommand 'convrt' of 'ringdl data'; did you mean 'convert'? (the subcommands are convert and inspect" \
  "$ringdl" data convrt --from x

expect_fail "evaluate: a training key says so" \
  "'--learning_rate' is a training key (only ringdl train reads it); ringdl evaluate does not read it" \
  "$ringdl" evaluate "$work/none" --learning_rate=0.1
expect_fail "evaluate: --checkpoint_dir is a training key" "'--checkpoint_dir' is a training key" \
  "$ringdl" evaluate "$work/none" --checkpoint_dir=x
expect_fail "predict: --criterion is evaluate's, not predict's" \
  "'--criterion' is a config key of ringdl train and evaluate; ringdl predict does not read it" \
  "$ringdl" predict "$work/none" --output=x.csv --criterion=mse
expect_fail "evaluate: a typo of one of its keys is suggested" "did you mean '--label_column'?" \
  "$ringdl" evaluate "$work/none" --labl_column=last
expect_fail "evaluate: a typo of its own option is suggested" "did you mean '--data'?" \
  "$ringdl" evaluate "$work/none" --dta=x
expect_fail "data convert: a typo is suggested" \
  "unknown option '--shard=3' for 'ringdl data convert'; did you mean '--shards'?" \
  "$ringdl" data convert --output x --format tfrecord --shard=3
expect_fail "data convert: a run config key is not one of its options" \
  "'--test_data' is a config key of ringdl train, evaluate and predict; ringdl data convert does not read it" \
  "$ringdl" data convert --output x --format tfrecord --test_data=y

# ---- help: train's keys by section; evaluate and predict list only the keys they read ----

"$ringdl" train --help >"$work/help" 2>&1
# The section a key is listed under: the last "Config keys: S" line before it.
section_of() { awk -v key="--$1" '/^Config keys: /{s=$3; sub(/:$/, "", s)} $1==key{print s; exit}' "$work/help"; }
sections=""
for pair in model:model learning_rate:optimizer momentum:optimizer epochs:training batch_size:training \
  train_data:data test_data:data image_feature:decoding label_column:decoding checkpoint_dir:checkpoints \
  save_model:checkpoints bucket_mb:distributed progress:output log_every:output; do
  [ "$(section_of "${pair%%:*}")" = "${pair#*:}" ] || sections="$sections ${pair%%:*}($(section_of "${pair%%:*}"))"
done
[ -z "$sections" ] && ok "train --help groups its keys by section" || bad "train --help sections:$sections"

"$ringdl" evaluate --help >"$work/help" 2>&1
wrong=""
for key in test_data test_format test_images test_labels label_column image_feature test_transforms criterion \
  classes prefetch_batches normalize batch_size; do
  grep -q -- "--$key\b" "$work/help" || wrong="$wrong missing:$key"
done
for key in learning_rate momentum epochs checkpoint_dir bucket_mb save_model shuffle_buffer log_every train_data; do
  grep -q -- "--$key\b" "$work/help" && wrong="$wrong extra:$key"
done
[ -z "$wrong" ] && ok "evaluate --help lists only the keys evaluate reads" || bad "evaluate --help:$wrong"
"$ringdl" predict --help >"$work/help" 2>&1
wrong=""
for key in test_data label_column test_transforms output; do
  grep -q -- "--$key\b" "$work/help" || wrong="$wrong missing:$key"
done
for key in criterion test_labels labels learning_rate epochs checkpoint_dir; do
  grep -q -- "--$key\b" "$work/help" && wrong="$wrong extra:$key"
done
[ -z "$wrong" ] && ok "predict --help lists only the keys predict reads" || bad "predict --help:$wrong"

if [ ! -f "$fm/t10k-images-idx3-ubyte.gz" ]; then
  echo "Fashion-MNIST missing: skipping the training part (apt-get install dataset-fashion-mnist)"
  finish
  exit
fi

# ---- paths: relative to the config file, or to the working directory on the command line ----

# A project: data/tfr (2 TFRecord shards), data/test.txt listing one of them relative to data/, and
# cfg/run.yaml naming everything relative to cfg/.
proj=$(cd "$work" && pwd -P)/proj  # as the paths are shown: symbolic links resolved
mkdir -p "$proj/cfg" "$work/elsewhere/deeper"
"$ringdl" data convert --images "$fm/t10k-images-idx3-ubyte.gz" --labels "$fm/t10k-labels-idx1-ubyte.gz" \
  --output "$proj/data/tfr" --format tfrecord --shards 2 >"$work/out" 2>&1 || bad "convert: $(cat "$work/out")"
printf '# the test shard, relative to this list\ntfr/part-00001.tfrecord\n' >"$proj/data/test.txt"
cat >"$proj/cfg/run.yaml" <<'EOF'
model: lenet5
train_format: tfrecord
train_data: ../data/tfr/part-*
test_data: "@../data/test.txt"
checkpoint_dir: ./../ckpt
checkpoint_every: 2
save_model: ../model.ringdl
normalize: 0.286,0.353
shuffle_buffer: 100
batch_size: 64
epochs: 0
max_iterations: 4
validate_every: never
log_every: 2
progress: "off"
threads: 1
EOF
# From another directory, with the config named by a relative path.
(cd "$work/elsewhere/deeper" && "$ringdl" train ../../proj/cfg/run.yaml) >"$work/run.log" 2>&1 &&
  [ -f "$proj/ckpt/checkpoint.4.ringdl" ] && [ -f "$proj/model.ringdl" ] &&
  grep -q "2 tfrecord shards in $proj/data/tfr/part-\*" "$work/run.log" &&
  grep -q "validating on 1 tfrecord shard in @$proj/data/test.txt" "$work/run.log" &&
  ok "config paths (glob, @list, checkpoint_dir, save_model) resolve against the config file's directory" ||
  bad "config-relative paths: $(tail -5 "$work/run.log"; ls "$proj")"
# The saved config holds absolute paths: resume and evaluate from a directory where ../data means nothing.
(cd "$work/elsewhere/deeper" && "$ringdl" train --resume ../../proj/ckpt --max_iterations=6) >"$work/resume.log" 2>&1 &&
  grep -q "Resuming from ../../proj/ckpt/checkpoint.4.ringdl" "$work/resume.log" &&
  [ -f "$proj/ckpt/checkpoint.6.ringdl" ] && ok "--resume from another directory finds the data and checkpoints" ||
  bad "resume elsewhere: $(tail -5 "$work/resume.log")"
(cd / && "$ringdl" evaluate "$proj/ckpt") >"$work/eval.log" 2>&1 &&
  grep -q "Evaluating on 5000 records (1 tfrecord shard in @$proj/data/test.txt)" "$work/eval.log" &&
  ok "evaluate a checkpoint from / reads the run's test set" || bad "evaluate from /: $(cat "$work/eval.log")"
# Command-line paths resolve against the working directory, not the config's: from proj/, data/... is right
# and cfg/data/... does not exist; save_model lands in proj/, not proj/cfg/.
(cd "$proj" && "$ringdl" train cfg/run.yaml --train_data='data/tfr/part-*' --test_data=data/tfr --checkpoint_dir= \
  --save_model=cli.ringdl --max_iterations=2) >"$work/cli.log" 2>&1 &&
  [ -f "$proj/cli.ringdl" ] && grep -q "2 tfrecord shards in $proj/data/tfr/part-\*" "$work/cli.log" &&
  ok "command-line paths resolve against the working directory (an empty one stays empty)" ||
  bad "command-line paths: $(tail -5 "$work/cli.log")"
# A relative path that names nothing is reported resolved, so the user sees where it was looked for.
sed 's|^train_data:.*|train_data: ../nowhere/part-*|' "$proj/cfg/run.yaml" >"$proj/cfg/bad.yaml"
expect_fail "a missing relative path is named as resolved" "shard spec $proj/nowhere/part-*: no file matches it" \
  "$ringdl" train "$proj/cfg/bad.yaml"
# Absolute paths stay as they are (the Fashion-MNIST defaults of the zoo's config).
"$ringdl" train "$cfg" --max_iterations=1 --epochs=0 --validate_every=never --progress=off --threads=1 \
  >"$work/abs.log" 2>&1 && grep -q "IDX $fm/train-images-idx3-ubyte.gz" "$work/abs.log" &&
  ok "absolute paths stay as they are" || bad "absolute paths: $(tail -3 "$work/abs.log")"

# ---- sections: keys nested in their sections, and dotted paths on the command line ----

small=(--checkpoint_dir= --save_model= --epochs=1 --max_iterations=3 --batch_size=32 --log_every=1 --progress=off)
cat >"$work/nested.yaml" <<'EOF'
model:
  type: mlp
optimizer:
  type: sgd
  learning_rate: 0.03
  momentum: 0.5
training:
  seed: 7
EOF
printf 'model: mlp\noptimizer: sgd\nlearning_rate: 0.03\nmomentum: 0.5\nseed: 7\n' >"$work/flat.yaml"
"$ringdl" train "$work/nested.yaml" "${small[@]}" >"$work/nested.log" 2>&1
"$ringdl" train "$work/flat.yaml" "${small[@]}" >"$work/flat.log" 2>&1
losses() { grep -o 'Loss is [0-9][0-9.e+-]*' "$1"; }
if grep -q "training mlp " "$work/nested.log" && grep -q "Current learning rate is 0.03\." "$work/nested.log" &&
  [ "$(losses "$work/nested.log" | wc -l)" = 3 ] && [ "$(losses "$work/nested.log")" = "$(losses "$work/flat.log")" ]; then
  ok "a config nested in sections (model.type, optimizer.*) trains exactly as the same keys written flat"
else
  bad "nested config: $(head -5 "$work/nested.log") / $(head -5 "$work/flat.log")"
fi
"$ringdl" train "$work/nested.yaml" "${small[@]}" --optimizer.learning_rate=0.01 --model.type=lenet5 \
  >"$work/dotted.log" 2>&1
if grep -q "training lenet5 " "$work/dotted.log" && grep -q "Current learning rate is 0.01\." "$work/dotted.log"; then
  ok "--optimizer.learning_rate and --model.type override a nested config's keys"
else
  bad "dotted overrides: $(head -5 "$work/dotted.log")"
fi
"$ringdl" train "$cfg" "${small[@]}" --training.seed=3 --max_iterations=1 --checkpoint_every=1 --checkpoint_dir="$work/ck-nested" \
  >/dev/null 2>&1
if "$ringdl" train --resume "$work/ck-nested" --max_iterations=2 >"$work/resumed.log" 2>&1 &&
  grep -q "Iteration 2\]" "$work/resumed.log"; then
  ok "a run from the nested zoo config resumes from its checkpoint"
else
  bad "resume of a nested config's run: $(tail -3 "$work/resumed.log")"
fi
printf 'optimizer:\n  epochs: 3\n' >"$work/wrong-section.yaml"
expect_fail "a key in another section than its own names both" \
  "$work/wrong-section.yaml line 2: config key 'epochs' belongs in section 'training', not 'optimizer' (write it as training.epochs, or flat)" \
  "$ringdl" train "$work/wrong-section.yaml"
printf 'optimizer:\n  type: adam\n  learning_rat: 0.1\n' >"$work/section-typo.yaml"
expect_fail "a typo in a section: file, line, section and suggestion" \
  "$work/section-typo.yaml line 3: unknown config key 'learning_rat' in section 'optimizer'; did you mean 'learning_rate'?" \
  "$ringdl" train "$work/section-typo.yaml"
printf 'learning_rate: 0.1\noptimizer:\n  learning_rate: 0.2\n' >"$work/twice.yaml"
expect_fail "a key given flat and in its section is refused with both lines" \
  "$work/twice.yaml line 3: config field 'learning_rate' (optimizer.learning_rate) is given twice in $work/twice.yaml, first at $work/twice.yaml line 1" \
  "$ringdl" train "$work/twice.yaml"
printf 'optimizer:\n  optimizer: adam\n' >"$work/own-name.yaml"
expect_fail "a section's own key is written type" "in section 'optimizer', the key 'optimizer' is written 'type'" \
  "$ringdl" train "$work/own-name.yaml"
printf 'epochs:\n  max: 3\n' >"$work/map-value.yaml"
expect_fail "a map under a key that is not a section" \
  "$work/map-value.yaml line 1: key 'epochs' must hold a single value (e.g. learning_rate: 0.05); a map is a section, and the sections are model, criterion, data," \
  "$ringdl" train "$work/map-value.yaml"
printf 'training:\n  epochs:\n    max: 3\n' >"$work/deep.yaml"
expect_fail "sections are one level deep" "key 'training.epochs' must hold a single value" \
  "$ringdl" train "$work/deep.yaml"
expect_fail "a key given flat and dotted on the command line" \
  "--epochs and --training.epochs set the same config key; give one of them" \
  "$ringdl" train "$cfg" --epochs=3 --training.epochs=4
expect_fail "a dotted typo is suggested within its section" \
  "unknown option '--optimizer.learnin_rate=3' for 'ringdl train'; did you mean '--optimizer.learning_rate'?" \
  "$ringdl" train "$cfg" --optimizer.learnin_rate=3
expect_fail "evaluate refuses a dotted training key as it does the flat one" \
  "'--optimizer.type' is a training key (only ringdl train reads it); ringdl evaluate does not read it" \
  "$ringdl" evaluate --optimizer.type=sgd "$work/none.ringdl"
if "$ringdl" train --help | grep -q -- "--training.batch_size=64 is --batch_size=64" &&
  ! "$ringdl" train --help | grep -q -- "--optimizer.momentum"; then
  ok "train --help says keys have dotted paths without listing every key twice"
else
  bad "train --help and dotted paths"
fi

# ---- learning-rate schedules, warm-up, gradient clipping and regularisers ----

sched_args=(--checkpoint_dir= --save_model= --epochs=0 --max_iterations=4 --batch_size=16 --log_every=1
  --progress=off --validate_every=never --threads=1 --learning_rate=0.1)
cat >"$work/sched.yaml" <<'EOF'
model: mlp
lr_schedule: {type: step, step_size: 2, gamma: 0.5}
warmup: {iterations: 1, delta: 0.1}
gradient_clipping: {type: l2_norm, max_norm: 1}
regularizer: {l2: 0.0005}
EOF
# Warmup serves iterations 0..1 (0.1, 0.2); Step then starts from 0.2 and halves every 2 of its iterations.
"$ringdl" train "$work/sched.yaml" "${sched_args[@]}" >"$work/sched.log" 2>&1 &&
  grep -q "Iteration 1\].*Current learning rate is 0.1\." "$work/sched.log" &&
  grep -q "Iteration 2\].*Current learning rate is 0.2\." "$work/sched.log" &&
  grep -q "Iteration 3\].*Current learning rate is 0.2\." "$work/sched.log" &&
  grep -q "Iteration 4\].*Current learning rate is 0.1\." "$work/sched.log" &&
  ok "lr_schedule step behind a warmup section, with clipping and a regularizer: 0.1, 0.2, 0.2, 0.1" ||
  bad "schedule run: $(grep -a "rate\|rror" "$work/sched.log" | head -5)"
"$ringdl" train "$cfg" "${sched_args[@]}" --model=mlp --lr_schedule.type=one_cycle \
  --lr_schedule.total_iterations=8 --lr_schedule.max_lr=1 >"$work/cycle.log" 2>&1 &&
  grep -q "Iteration 1\].*Current learning rate is 0.04\." "$work/cycle.log" &&
  ok "dotted lr_schedule keys: one_cycle starts at max_lr / 25" ||
  bad "one_cycle: $(grep -a "rate\|rror" "$work/cycle.log" | head -3)"
expect_fail "a schedule without its required option" \
  "lr_schedule step: Step: option 'stepSize' is required (an integer)" \
  "$ringdl" train "$cfg" "${sched_args[@]}" --lr_schedule=step
expect_fail "an option the schedule does not take lists those it does" \
  "lr_schedule plateau: Plateau has no option 'gamma' (its options: cooldown, epsilon, factor, minLr, mode, monitor, patience)" \
  "$ringdl" train "$cfg" "${sched_args[@]}" --lr_schedule.type=plateau --lr_schedule.gamma=0.5
expect_fail "an unknown schedule lists the schedules" \
  "config field 'lr_schedule' must be one of cosine_annealing, default, epoch_decay," \
  "$ringdl" train "$cfg" "${sched_args[@]}" --lr_schedule=cosine
"$ringdl" train --help >"$work/help.txt" 2>&1
grep -q "Config keys: lr_schedule" "$work/help.txt" && grep -q -- "--max_norm" "$work/help.txt" &&
  grep -q -- "--regularizer_l2" "$work/help.txt" && grep -q -- "--warmup_iterations" "$work/help.txt" &&
  ok "train --help lists the lr_schedule, warmup, gradient_clipping and regularizer keys" ||
  bad "train --help lacks the schedule keys"

# ---- a method per submodule ----
cat >"$work/per_layer.yaml" <<'EOF'
model: mlp
optimizer:
  type: sgd
  momentum: 0.9
  submodule_optimizers:
    "3": {type: adam, learning_rate: 0.001}
EOF
loss_at_4() { grep -a "Iteration 4\]" "$1" | sed 's/.*Loss is //'; }
# The whole run, and the same stopped at iteration 2 and resumed from its checkpoint: the losses agree.
"$ringdl" train "$work/per_layer.yaml" "${sched_args[@]}" >"$work/per_layer.log" 2>&1 &&
  "$ringdl" train "$work/per_layer.yaml" "${sched_args[@]}" --max_iterations=2 --checkpoint_dir="$work/per_ck" \
    --checkpoint_every=2 >"$work/per_first.log" 2>&1 &&
  "$ringdl" train --resume "$work/per_ck" --max_iterations=4 >"$work/per_resumed.log" 2>&1 &&
  [ -n "$(loss_at_4 "$work/per_layer.log")" ] &&
  [ "$(loss_at_4 "$work/per_layer.log")" = "$(loss_at_4 "$work/per_resumed.log")" ] &&
  ok "submodule_optimizers: Adam on one Linear, SGD on the rest, resumed from a checkpoint alike" ||
  bad "submodule_optimizers run: $(tail -n 3 "$work/per_layer.log" "$work/per_resumed.log")"
# The command line's YAML flow text is the file's map; without the entry the run differs.
grep -v "submodule_optimizers\|\"3\"" "$work/per_layer.yaml" >"$work/per_plain.yaml"
"$ringdl" train "$work/per_plain.yaml" "${sched_args[@]}" \
  --submodule_optimizers='{"3": {type: adam, learning_rate: 0.001}}' >"$work/per_cli.log" 2>&1 &&
  "$ringdl" train "$work/per_plain.yaml" "${sched_args[@]}" >"$work/per_none.log" 2>&1 &&
  [ "$(loss_at_4 "$work/per_cli.log")" = "$(loss_at_4 "$work/per_layer.log")" ] &&
  [ "$(loss_at_4 "$work/per_none.log")" != "$(loss_at_4 "$work/per_layer.log")" ] &&
  ok "--submodule_optimizers on the command line equals the file's; without it the run differs" ||
  bad "submodule_optimizers on the command line: $(grep -a "Iteration 4\]\|rror" "$work"/per_{cli,none}.log)"
expect_fail "an option the entry's method does not take lists its keys" \
  "submodule_optimizers.3: adam has no option 'momentum' (its keys: beta1, beta2, epsilon, learning_rate," \
  "$ringdl" train "$work/per_layer.yaml" "${sched_args[@]}" --submodule_optimizers='{"3": {type: adam, momentum: 0.9}}'
expect_fail "a submodule without parameters is named" \
  "submodule '2' has no trainable parameters" \
  "$ringdl" train "$work/per_layer.yaml" "${sched_args[@]}" --submodule_optimizers='{"2": {type: adam}}'
expect_fail "an entry that is not a map of options" \
  "config field 'submodule_optimizers' maps each path to a map of options" \
  "$ringdl" train "$work/per_layer.yaml" "${sched_args[@]}" --submodule_optimizers='{"3": adam}'

# ---- the progress bar: step/total, rate, loss and ETA; nothing when stdout is not a terminal ----

bar_run=("$ringdl" train "$proj/cfg/run.yaml" --checkpoint_dir= --save_model= --epochs=2 --max_iterations=3)
"${bar_run[@]}" --progress=on >"$work/bar.log" 2>&1
line='^.\[Kepoch 1/2 \[[=> ]{20}\] [1-3]/157 iters  (--|[0-9.]+k?) rec/s  loss [0-9.]+  ETA (-:--|[0-9]+:[0-9]{2})$'
tr '\r' '\n' <"$work/bar.log" | grep -Eq "$line" &&
  ok "progress: on draws 'epoch 1/2 [bar] i/157 iters  R rec/s  loss L  ETA m:ss'" ||
  bad "progress bar line: $(tr '\r' '\n' <"$work/bar.log" | grep -a iters | head -3)"
"${bar_run[@]}" --progress=auto >"$work/auto.log" 2>&1
! grep -q $'\r' "$work/auto.log" && ! grep -q "iters" "$work/auto.log" && grep -q "Iteration 2" "$work/auto.log" &&
  ok "progress: auto draws nothing into a file" || bad "progress auto wrote a bar: $(head -3 "$work/auto.log")"

# ---- validation methods, early stopping and the checkpoints kept ----

"$ringdl" train --help >"$work/help.txt" 2>&1
grep -q -- "--validation TEXT .*{bits_per_character,confusion_matrix,f1,hit_ratio,loss,mae," "$work/help.txt" &&
  grep -q -- "--patience TEXT" "$work/help.txt" && grep -q -- "--keep_best TEXT" "$work/help.txt" &&
  ok "help lists the validation methods, early_stopping and keep_best" || bad "help: validation keys missing"
expect_fail "an unknown validation method is named with the choices" \
  "config field 'validation' lists 'top2', which is not one of bits_per_character, confusion_matrix, f1, hit_ratio, loss, mae" \
  "$ringdl" train "$cfg" --validation=top1,top2
cat >"$work/validation.yaml" <<'EOF'
epochs: 1
validation: [top1, hit_rate]
EOF
expect_fail "a YAML list of validation methods is checked item by item, with its line" \
  "validation.yaml line 2: config field 'validation' lists 'hit_rate', which is not one of" \
  "$ringdl" train "$work/validation.yaml"
expect_fail "a validation method listed twice" "config field 'validation' lists 'loss' twice" \
  "$ringdl" train "$cfg" --validation.type=loss,top1,loss
# A short run: validation every 2 iterations, stopped by patience 1 (no gain of 1 is possible), the best kept.
"$ringdl" train "$cfg" --train_images=$fm/t10k-images-idx3-ubyte.gz --train_labels=$fm/t10k-labels-idx1-ubyte.gz \
  --batch_size=50 --epochs=0 --max_iterations=20 --validate_every=2 --validation=top1,confusion_matrix,top_k \
  --top_k=3 --early_stopping.monitor=top_k --patience=1 --min_delta=1 --keep_best=true --keep_last=1 \
  --checkpoint_every=1 --checkpoint_dir="$work/best" --progress=off --threads=1 >"$work/early.log" 2>&1 &&
  grep -q "Iteration 4.* Early stopping: TopKAccuracy has not improved for 1 validations (best .* at iteration 2)" \
    "$work/early.log" &&
  grep -q "^  true.predicted" "$work/early.log" && grep -q "^Test accuracy: .* after 4 iterations" "$work/early.log" &&
  [ "$(cd "$work/best" && ls)" = "$(printf 'checkpoint.2.ringdl\ncheckpoint.4.ringdl\ncheckpoint.best.ringdl')" ] &&
  ok "early stopping after patience validations; keep_last 1 keeps the newest and the best" ||
  bad "early stopping run: $(ls "$work/best") $(grep -v Trained "$work/early.log" | tail -5)"
"$ringdl" evaluate "$work/best" --validation=mae,f1 >"$work/eval-methods.log" 2>&1 &&
  grep -q "^MAE is (Loss: .*, count: 10000, Average Loss: " "$work/eval-methods.log" &&
  grep -q "^F1 is F1(count: 10000, macro average: " "$work/eval-methods.log" &&
  ok "evaluate --validation=mae,f1 prints those methods" || bad "evaluate methods: $(cat "$work/eval-methods.log")"

finish
