#!/usr/bin/env bash
# ringdl train --resume trains what was asked, and validation that is not the test set, as a user meets them:
# a resume asking for another model, class count or record shape is refused with both values and the way out;
# the banner names the model trained; a finished run is left untouched; raised epochs continue. validation_split
# holds out training records (the same on 1 and 2 ranks, for IDX, HDF5 and TFRecord shards, kept by a resume)
# and validation_data names a set of its own: validation and max_score use them, the test set is evaluated once
# at the end; by default a note says validation uses the test set.
# Usage: cli_resume_test.sh RINGDL_BINARY SOURCE_DIR WRITE_HDF5 STRIP_MODEL_METADATA [MPIEXEC]
set -uo pipefail
ringdl=$1
src=$2
write_hdf5=$3
strip=$4
mpiexec=${5:-}
source "$(dirname "$0")/lib.sh"

fm=/usr/share/datasets/fashion-mnist
if [ ! -f "$fm/train-images-idx3-ubyte.gz" ] || [ ! -x /usr/bin/python3 ]; then
  echo "Fashion-MNIST or python3 missing (apt-get install dataset-fashion-mnist python3)"
  exit 77
fi
cfg=$src/models/lenet5/train.yaml

# Small IDX sets cut from Fashion-MNIST (an epoch is 12 iterations of 50): the first 600 training records; the
# first 200 test records; the first 150 of those; the 200 with every label moved to the next class (a model
# scores badly on them); and the 600 training images at 14x14 (every other pixel).
python3 - "$fm" "$work" <<'EOF'
import gzip, struct, sys
fm, out = sys.argv[1], sys.argv[2]
def read(name):
    with gzip.open(f"{fm}/{name}") as f:
        return f.read()
def images(data, n, step=1):
    rows, cols = struct.unpack(">II", data[8:16])
    pixels = data[16:16 + n * rows * cols]
    r, c = len(range(0, rows, step)), len(range(0, cols, step))
    body = bytearray()
    for i in range(n):
        img = pixels[i * rows * cols:(i + 1) * rows * cols]
        for y in range(0, rows, step):
            body += img[y * cols:(y + 1) * cols:step]
    return struct.pack(">IIII", 2051, n, r, c) + bytes(body)
def labels(data, n, shift=0):
    return struct.pack(">II", 2049, n) + bytes((b + shift) % 10 for b in data[8:8 + n])
def write(name, blob):
    with gzip.open(f"{out}/{name}", "wb") as f:
        f.write(blob)
ti, tl = read("train-images-idx3-ubyte.gz"), read("train-labels-idx1-ubyte.gz")
vi, vl = read("t10k-images-idx3-ubyte.gz"), read("t10k-labels-idx1-ubyte.gz")
write("train-images.gz", images(ti, 600)); write("train-labels.gz", labels(tl, 600))
write("train14-images.gz", images(ti, 600, 2))
write("test-images.gz", images(vi, 200)); write("test-labels.gz", labels(vl, 200))
write("val-images.gz", images(vi, 150)); write("val-labels.gz", labels(vl, 150))
write("wrong-labels.gz", labels(vl, 200, 1))
EOF
[ -f "$work/wrong-labels.gz" ] || { echo "could not write the small IDX sets"; exit 1; }
data=(--train_images="$work/train-images.gz" --train_labels="$work/train-labels.gz"
  --test_images="$work/test-images.gz" --test_labels="$work/test-labels.gz")
small=("${data[@]}" --batch_size=50 --log_every=4 --progress=off --threads=1)
# Files (each file of a directory) with their sizes, times to the nanosecond and checksums.
snapshot() {
  local f
  for f in "$@"; do
    if [ -d "$f" ]; then snapshot "$f"/*; else echo "$f $(stat -c '%s %y' "$f") $(md5sum <"$f")"; fi
  done
}

# ---- Resume trains what was asked ----

# A LeNet-5 run of 2 epochs (24 iterations), a checkpoint per epoch and the model saved.
"$ringdl" train "$cfg" "${small[@]}" --epochs=2 --checkpoint_dir="$work/ckpt" --save_model="$work/model.ringdl" \
  >"$work/run.log" 2>&1 && [ -f "$work/ckpt/checkpoint.24.ringdl" ] && [ -f "$work/model.ringdl" ] &&
  ok "a 2-epoch run with checkpoints and a saved model" || bad "first run: $(tail -3 "$work/run.log")"
params=$(sed -n 's/^RingDL training lenet5 (\([0-9]*\) parameters).*/\1/p' "$work/run.log")
note="^Note: validation (validate_every, max_score) uses the test set; to keep the test set for the final test alone,"
note+=" hold out part of the training set with --validation_split=0.1, or give validation_data$"
[ "$(grep -c "$note" "$work/run.log")" -eq 1 ] &&
  ok "by default a note says validation uses the test set and how to hold out training records" ||
  bad "default note: $(head -3 "$work/run.log")"
"$ringdl" train "$cfg" "${small[@]}" --epochs=1 --validate_every=never >"$work/never.log" 2>&1 &&
  ! grep -q "^Note: validation" "$work/never.log" && ok "no note when nothing is validated" ||
  bad "note with validate_every never: $(head -3 "$work/never.log")"

# The run has finished: resuming it says so, exits 0 and leaves every file as it was.
more="raise --epochs to train further"
before=$(snapshot "$work/ckpt" "$work/model.ringdl")
sleep 1.1  # a rewrite would get a later time even on file systems with coarse times
"$ringdl" train --resume "$work/ckpt" >"$work/finished.log" 2>&1
rc=$?
after=$(snapshot "$work/ckpt" "$work/model.ringdl")
[ $rc -eq 0 ] &&
  grep -qx "ringdl train: run in $work/ckpt already finished at epoch 2, iteration 24; nothing to do: $more" \
    "$work/finished.log" &&
  ! grep -q "Test accuracy\|Saved" "$work/finished.log" && [ "$before" = "$after" ] &&
  ok "resuming a finished run says so, exits 0 and rewrites nothing" ||
  bad "finished run (exit $rc): $(cat "$work/finished.log"); $(diff <(echo "$before") <(echo "$after"))"
"$ringdl" train --resume "$work/ckpt" --epochs=0 --max_iterations=20 >"$work/finished-it.log" 2>&1 &&
  grep -q "already finished at epoch 2, iteration 24; nothing to do: raise --max_iterations to train further" \
    "$work/finished-it.log" &&
  ok "the message names the condition that ended the run" ||
  bad "finished by iterations: $(cat "$work/finished-it.log")"

# Another model, class count or record shape is refused, naming what the checkpoint has and what asked.
msg="--resume $work/ckpt: the checkpoint's model was trained with model: lenet5, but --model=mlp asks for another;"
msg+=" drop --model to continue that run, or start a new run (without --resume, and with another checkpoint_dir)"
expect_fail "resume --model=mlp is refused" "$msg" \
  "$ringdl" train --resume "$work/ckpt" --model=mlp --epochs=3
expect_fail "resume --classes=5 is refused" \
  "the checkpoint's model was trained with classes: 10, but --classes=5 asks for another; drop --classes" \
  "$ringdl" train --resume "$work/ckpt" --classes=5 --epochs=3
printf 'model: mlp\nepochs: 3\n' >"$work/mlp.yaml"
expect_fail "a CONFIG asking for another model is named" \
  "model: lenet5, but model: mlp in $work/mlp.yaml asks for another; drop 'model' from $work/mlp.yaml" \
  "$ringdl" train "$work/mlp.yaml" --resume "$work/ckpt"
msg="the training records have shape [1, 14, 14] but the run being resumed (epoch 3, iteration 24) was trained"
msg+=" on records of shape [1, 28, 28]"
expect_fail "resume on records of another shape is refused with both shapes" "$msg" \
  "$ringdl" train --resume "$work/ckpt" --epochs=3 --train_images="$work/train14-images.gz"
[ ! -f "$work/ckpt/checkpoint.36.ringdl" ] && [ "$before" = "$(snapshot "$work/ckpt" "$work/model.ringdl")" ] &&
  ok "refused resumes write nothing" || bad "a refused resume wrote: $(ls "$work/ckpt")"

# Raising --epochs continues the run, and the banner names the checkpoint's model.
"$ringdl" train --resume "$work/ckpt" --epochs=3 >"$work/more.log" 2>&1 &&
  grep -q "^RingDL training lenet5 ($params parameters) on 600 records" "$work/more.log" &&
  grep -q "^Resuming from $work/ckpt/checkpoint.24.ringdl at epoch 3, iteration 24$" "$work/more.log" &&
  grep -q "^Test accuracy: .* after 36 iterations" "$work/more.log" && [ -f "$work/ckpt/checkpoint.36.ringdl" ] &&
  ok "resume with raised epochs trains on to epoch 3" || bad "raised epochs: $(tail -5 "$work/more.log")"

# A checkpoint without a saved config (as the C++ API writes them): the banner names the model's type, not the
# config's default model. The run config is the payload's last field (6); drop it and fix the header.
python3 - "$work/ckpt/checkpoint.24.ringdl" "$work/bare/checkpoint.24.ringdl" <<'EOF'
import os, struct, sys, zlib
data = open(sys.argv[1], "rb").read()
payload = data[24:]
def varint(b, i):
    v = s = 0
    while True:
        v |= (b[i] & 0x7f) << s; s += 7; i += 1
        if b[i - 1] < 0x80: return v, i
i, out = 0, bytearray()
while i < len(payload):
    key, j = varint(payload, i)
    field, wire = key >> 3, key & 7
    if wire == 0: _, end = varint(payload, j)
    elif wire == 2: n, j = varint(payload, j); end = j + n
    elif wire == 5: end = j + 4
    elif wire == 1: end = j + 8
    if field != 6: out += payload[i:end]
    i = end
os.makedirs(os.path.dirname(sys.argv[2]), exist_ok=True)
open(sys.argv[2], "wb").write(data[:12] + struct.pack("<QI", len(out), zlib.crc32(out)) + bytes(out))
EOF
"$ringdl" train --resume "$work/bare" "${small[@]}" --epochs=0 --max_iterations=26 --checkpoint_dir="$work/bare-out" \
  >"$work/bare.log" 2>&1 &&
  grep -q "^RingDL training Sequential ($params parameters) on 600 records" "$work/bare.log" &&
  grep -q "^Test accuracy: .* after 26 iterations" "$work/bare.log" &&
  ok "a checkpoint without a saved config: the banner names its model's type" ||
  bad "bare checkpoint: $(head -3 "$work/bare.log")"

# ---- Validation is not the test set ----

# validation_split on IDX: the held-out records validate, the test set is evaluated once, at the end.
"$ringdl" train "$cfg" "${small[@]}" --epochs=2 --validation_split=0.1 >"$work/split.log" 2>&1
banner='^RingDL training lenet5 ([0-9]* parameters) on \([0-9]*\) records, validating on \([0-9]*\) held out'
banner+=' (validation_split 0.1), testing on 200 (IDX .*, testing on IDX .*$'
read -r trained held < <(sed -n "s/$banner/\\1 \\2/p" "$work/split.log")
[ -n "${held:-}" ] && [ $((trained + held)) -eq 600 ] && [ "$held" -gt 30 ] && [ "$held" -lt 90 ] &&
  ok "validation_split 0.1 of 600 records: training on $trained, validating on $held held out, testing on 200" ||
  bad "split banner: $(head -2 "$work/split.log")"
[ "$(grep -c "Wall Clock .*Top1Accuracy is Accuracy(correct: [0-9]*, count: ${held:-x}," "$work/split.log")" -eq 2 ] &&
  ! grep -q "Wall Clock .*count: 200," "$work/split.log" &&
  ok "each epoch validates on the held-out records, never on the test set" ||
  bad "validation lines: $(grep 'Top1Accuracy' "$work/split.log")"
[ "$(grep -c '^Test accuracy: ' "$work/split.log")" -eq 1 ] &&
  [ "$(grep -c '^Test Top1Accuracy is Accuracy(correct: [0-9]*, count: 200,' "$work/split.log")" -eq 1 ] &&
  ! grep -q "^Note: validation" "$work/split.log" &&
  ok "the test set is evaluated once, at the end, with the Test accuracy line" ||
  bad "test lines: $(grep -i 'test' "$work/split.log")"

# max_score reads the validation set: a validation set scored well (the right labels) against a test set
# scored badly (every label moved): the run stops when the validation score passes 0.3, after the first
# epoch; on the test set's score it would train all 4 epochs.
val=(--validation_images="$work/val-images.gz" --validation_labels="$work/val-labels.gz")
"$ringdl" train "$cfg" "${small[@]}" --test_labels="$work/wrong-labels.gz" "${val[@]}" --epochs=4 --max_score=0.3 \
  >"$work/score.log" 2>&1
sets="(IDX $work/train-images.gz, validating on IDX $work/val-images.gz, testing on IDX $work/test-images.gz)"
grep -qF "on 600 records, validating on 150, testing on 200 $sets" "$work/score.log" &&
  grep -q "^\[Epoch 1 600/600\]\[Iteration 12\].*Top1Accuracy is Accuracy(correct: [0-9]*, count: 150," \
    "$work/score.log" &&
  grep -q "^Test accuracy: 0\.[01][0-9]* after 12 iterations" "$work/score.log" &&
  [ "$(grep -c '^Test accuracy: ' "$work/score.log")" -eq 1 ] &&
  ok "max_score stops on the validation set's score (validation_images), not the test set's" ||
  bad "max_score: $(grep -i 'accuracy\|training' "$work/score.log" | head -8)"
expect_fail "validation_split and validation_data exclude each other" \
  "config fields 'validation_split' (0.1) and 'validation_images' both give a validation set; keep one of them" \
  "$ringdl" train "$cfg" "${small[@]}" "${val[@]}" --validation_split=0.1
msg="config field 'validation_data' names records of a shard set, HDF5 file or image folder, but"
msg+=" 'validation_format' is same (train_format idx): give validation_format"
expect_fail "validation_data of records needs their format" "$msg" \
  "$ringdl" train "$cfg" "${small[@]}" --validation_data="$work/val.h5"
expect_fail "a split that holds out nothing is refused" \
  "validation_split 0.0001 held out none of the 600 training records" \
  "$ringdl" train "$cfg" "${small[@]}" --validation_split=0.0001

# A resume keeps the split: interrupted at 8 and resumed to 16, the model is bit-identical to a run of 16; a
# resume asking for another split, or another seed (which chooses the records), is refused.
split=(--epochs=0 --validation_split=0.2 --validate_every=6)
heldout() { sed -n 's/.*\(validating on [0-9]* held out\).*/\1/p' "$1"; }
"$ringdl" train "$cfg" "${small[@]}" "${split[@]}" --max_iterations=16 --save_model="$work/split16.ringdl" \
  >"$work/split16.log" 2>&1
"$ringdl" train "$cfg" "${small[@]}" "${split[@]}" --max_iterations=8 --checkpoint_dir="$work/split-ckpt" \
  --checkpoint_every=8 >/dev/null 2>&1
"$ringdl" train --resume "$work/split-ckpt" --max_iterations=16 --save_model="$work/split-resumed.ringdl" \
  >"$work/split-resumed.log" 2>&1 &&
  [ -n "$(heldout "$work/split16.log")" ] &&
  [ "$(heldout "$work/split-resumed.log")" = "$(heldout "$work/split16.log")" ] &&
  "$strip" "$work/split16.ringdl" "$work/split16-model.ringdl" &&
  "$strip" "$work/split-resumed.ringdl" "$work/split-resumed-model.ringdl" &&
  cmp -s "$work/split16-model.ringdl" "$work/split-resumed-model.ringdl" &&
  ok "a resume keeps the held-out records: bit-identical to the uninterrupted run" ||
  bad "split resume: $(tail -3 "$work/split-resumed.log")"
msg="the checkpoint's run held out its validation records with validation_split: 0.2, but --validation_split=0.1"
msg+=" would hold out other records (the model would validate on records it was trained on); drop --validation_split"
expect_fail "a resume asking for another validation_split is refused" "$msg" \
  "$ringdl" train --resume "$work/split-ckpt" --max_iterations=16 --validation_split=0.1
expect_fail "a resume asking for another seed is refused when records are held out" \
  "held out its validation records with seed: 1, but --seed=2 would hold out other records" \
  "$ringdl" train --resume "$work/split-ckpt" --max_iterations=16 --seed=2

# The same records held out on 1 rank and on 2, for IDX, HDF5 rows and TFRecord shards: a run trained on 1 rank
# for 6 iterations is resumed for one more at learning rate 0 (its weights unchanged) on 1 rank and on 2, and
# both score the same held-out records alike, record for record (the counts and the correct predictions of a
# model that has learnt something).
"$write_hdf5" "$work/train-images.gz" "$work/train-labels.gz" "$work/train.h5" >/dev/null &&
  "$write_hdf5" "$work/test-images.gz" "$work/test-labels.gz" "$work/test.h5" >/dev/null || bad "write_hdf5 failed"
"$ringdl" data convert --images "$work/train-images.gz" --labels "$work/train-labels.gz" --output "$work/train-tfr" \
  --format tfrecord --shards 3 >/dev/null 2>&1 &&
  "$ringdl" data convert --images "$work/test-images.gz" --labels "$work/test-labels.gz" --output "$work/test-tfr" \
    --format tfrecord --shards 1 >/dev/null 2>&1 || bad "data convert to tfrecord failed"
formats=("idx" "hdf5 --train_format=hdf5 --train_data=$work/train.h5 --test_data=$work/test.h5"
  "tfrecord --train_format=tfrecord --train_data=$work/train-tfr --test_data=$work/test-tfr --shuffle_buffer=50")
# "<trained> <held>" from the banner, and the correct predictions and count of the validation at iteration 7.
sides() { sed -n 's/.* on \([0-9]*\) records, validating on \([0-9]*\) held out.*/\1 \2/p' "$1"; }
scored() {
  sed -n 's/.*Iteration 7\].*Top1Accuracy is Accuracy(correct: \([0-9]*\), count: \([0-9]*\),.*/\1 \2/p' "$1"
}
have_mpi=false
[ -n "$mpiexec" ] && command -v "$mpiexec" >/dev/null && have_mpi=true
$have_mpi || echo "mpiexec missing: 1-rank checks only"
for f in "${formats[@]}"; do
  name=${f%% *}
  read -r -a args <<<"${f#"$name"}"
  "$ringdl" train "$cfg" "${small[@]}" "${args[@]}" --epochs=0 --max_iterations=6 --validation_split=0.25 \
    --validate_every=never --bucket_mb=0.01 --checkpoint_dir="$work/$name-ckpt" --checkpoint_every=6 \
    >"$work/$name-0.log" 2>&1 || bad "$name: $(tail -3 "$work/$name-0.log")"
  one=$(sides "$work/$name-0.log")
  [ -n "$one" ] && [ $((${one% *} + ${one#* })) -eq 600 ] && ok "$name: validation_split 0.25 ($one)" ||
    bad "$name sides: $(head -2 "$work/$name-0.log")"
  again=(--max_iterations=7 --learning_rate=0 --validate_every=7)
  "$ringdl" train --resume "$work/$name-ckpt" "${again[@]}" >"$work/$name-1.log" 2>&1 ||
    bad "$name resumed on 1 rank: $(tail -3 "$work/$name-1.log")"
  if $have_mpi; then
    "$mpiexec" --allow-run-as-root --oversubscribe --bind-to none -np 2 "$ringdl" train --resume "$work/$name-ckpt" \
      "${again[@]}" >"$work/$name-2.log" 2>&1 || bad "$name on 2 ranks: $(tail -3 "$work/$name-2.log")"
    grep -q "Data-parallel on 2 ranks" "$work/$name-2.log" && [ "$(sides "$work/$name-2.log")" = "$one" ] &&
      [ "$(sides "$work/$name-1.log")" = "$one" ] && [ -n "$(scored "$work/$name-1.log")" ] &&
      [ "$(scored "$work/$name-2.log")" = "$(scored "$work/$name-1.log")" ] &&
      ok "$name: 2 ranks hold out the same records as 1 ($(scored "$work/$name-2.log"): correct, held out)" ||
      bad "$name on 2 ranks: $(sides "$work/$name-2.log") / $(scored "$work/$name-2.log") vs $one / $(
        scored "$work/$name-1.log")"
  fi
done

finish
