#!/usr/bin/env bash
# ringdl data convert / inspect and ringdl train on shard sets, as a user meets them: conversions between
# IDX, SequenceFile and TFRecord, atomic output, errors, damaged records with and without skip_corrupt,
# resume, and (when MPIEXEC is given) two ranks reading their own shards.
# Usage: cli_data_test.sh RINGDL_BINARY SOURCE_DIR [MPIEXEC]
set -uo pipefail
ringdl=$1
src=$2
mpiexec=${3:-}
source "$(dirname "$0")/lib.sh"

fm=/usr/share/datasets/fashion-mnist
if [ ! -f "$fm/t10k-images-idx3-ubyte.gz" ]; then
  echo "Fashion-MNIST missing (apt-get install dataset-fashion-mnist)"
  exit 77
fi
cfg=$src/models/lenet5/train.yaml
small=(--epochs=0 --log_every=4 --progress=off --batch_size=64 --threads=1)
idx_test=(--images "$fm/t10k-images-idx3-ubyte.gz" --labels "$fm/t10k-labels-idx1-ubyte.gz")

"$ringdl" data --help >"$work/help" 2>&1 && grep -q convert "$work/help" && grep -q inspect "$work/help" &&
  ok "ringdl data --help lists convert and inspect" || bad "ringdl data --help: $(cat "$work/help")"
"$ringdl" train --help >"$work/help" 2>&1
missing=""
for key in train_format test_format train_data test_data image_feature label_feature image_channels image_shape \
  shuffle_buffer prefetch_batches skip_corrupt; do
  grep -q -- "--$key" "$work/help" || missing="$missing $key"
done
[ -z "$missing" ] && ok "train --help lists the shard keys" || bad "train --help misses:$missing"

# IDX -> SequenceFile (block-compressed) in 3 shards: Hadoop's layout, an index, nothing left behind.
"$ringdl" data convert "${idx_test[@]}" --output "$work/seq" --format sequencefile --shards 3 \
  --compression block >"$work/out" 2>&1 &&
  grep -q "Wrote 10000 records .* to 3 shards" "$work/out" && [ -f "$work/seq/_SUCCESS" ] &&
  [ -f "$work/seq/_ringdl_index" ] && [ -f "$work/seq/part-00002" ] &&
  [ -z "$(find "$work" -mindepth 1 -maxdepth 1 -name '.*' -print -quit)" ] &&
  ok "convert IDX to 3 block-compressed SequenceFile shards with _SUCCESS and _ringdl_index" ||
  bad "convert to sequencefile: $(cat "$work/out"; ls -la "$work" "$work/seq")"

"$ringdl" data inspect "$work/seq" --samples 2 >"$work/out" 2>&1 &&
  grep -q "3 sequencefile shards" "$work/out" && grep -q "records: 10000 (from _ringdl_index)" "$work/out" &&
  grep -q "keys org.apache.hadoop.io.IntWritable" "$work/out" && grep -q "ringdl.shape = 1,28,28" "$work/out" &&
  grep -q "label 9, features \[1,28,28\], values in \[0, 1\]" "$work/out" &&
  ok "inspect a SequenceFile set: shards, records, classes, metadata, a decoded sample" ||
  bad "inspect sequencefile: $(cat "$work/out")"

# SequenceFile set -> TFRecord (gzip) and back to BigDL's layout; then inspect them.
"$ringdl" data convert --from "$work/seq" --output "$work/tfr" --format tfrecord --compression gzip \
  --shards 2 >"$work/out" 2>&1 && grep -q "Wrote 10000 records from 3 sequencefile shards" "$work/out" &&
  "$ringdl" data inspect "$work/tfr/part-*" >"$work/out" 2>&1 && grep -q "2 tfrecord shards" "$work/out" &&
  grep -q "gzip-compressed" "$work/out" && grep -q "image: bytes_list of 1 value (784 bytes)" "$work/out" &&
  grep -q "shape: int64_list of 3 values: 1 28 28" "$work/out" &&
  ok "convert a SequenceFile set to gzipped TFRecord and inspect its features" ||
  bad "sequencefile to tfrecord: $(cat "$work/out")"
"$ringdl" data convert --from "$work/tfr" --output "$work/bigdl" --format sequencefile --layout bigdl \
  >"$work/out" 2>&1 &&
  "$ringdl" data inspect "$work/bigdl" --image_channels grey >"$work/out" 2>&1 &&
  grep -q 'key "10"' "$work/out" && grep -q "label 9, features \[1,28,28\]" "$work/out" &&
  ok "convert to BigDL's image layout (1-based Text labels), read back as grey" ||
  bad "bigdl layout: $(cat "$work/out")"

# The output is replaced only with --force; the failed attempt leaves the old set intact.
expect_fail "an existing output needs --force" "exists; give --force to replace it" \
  "$ringdl" data convert "${idx_test[@]}" --output "$work/seq" --format sequencefile
"$ringdl" data convert "${idx_test[@]}" --output "$work/seq" --format sequencefile --shards 2 --force \
  >/dev/null 2>&1 && [ ! -f "$work/seq/part-00002" ] && [ -f "$work/seq/part-00001" ] &&
  ok "--force replaces the set as a whole" || bad "--force: $(ls -la "$work/seq")"

# Listing and format errors.
mkdir -p "$work/empty/_logs" && touch "$work/empty/_SUCCESS" "$work/empty/.part-00000.crc"
expect_fail "an output directory without part files says what it found" \
  "holds no shard files (found only _SUCCESS, 1 .crc file and 1 directory (_logs))" \
  "$ringdl" data inspect "$work/empty"
expect_fail "train_format without train_data" "'train_data' is empty" \
  "$ringdl" train "$cfg" "${small[@]}" --max_iterations=1 --train_format=sequencefile
expect_fail "the detected format must match the configured one" "is a tfrecord file, not sequencefile" \
  "$ringdl" train "$cfg" "${small[@]}" --max_iterations=1 --train_format=sequencefile --train_data="$work/tfr" \
  --test_format=idx
expect_fail "convert needs one source" "either IDX files (--images and --labels) or a shard set" \
  "$ringdl" data convert --output "$work/x" --format tfrecord

# The same trained model scores the same on the IDX test set and on its shards.
acc() { sed -n 's/^Test accuracy: \([0-9.]*\) .*/\1/p' "$1"; }
"$ringdl" train "$cfg" "${small[@]}" --max_iterations=30 --validate_every=never >"$work/idx.log" 2>&1
for set in seq tfr; do
  format=$([ $set = seq ] && echo sequencefile || echo tfrecord)
  "$ringdl" train "$cfg" "${small[@]}" --max_iterations=30 --validate_every=never --test_format=$format \
    --test_data="$work/$set" >"$work/$set.log" 2>&1
  [ -n "$(acc "$work/idx.log")" ] && [ "$(acc "$work/idx.log")" = "$(acc "$work/$set.log")" ] &&
    ok "the $format test set gives the IDX test set's accuracy ($(acc "$work/idx.log"))" ||
    bad "$format test set: $(acc "$work/$set.log") vs IDX $(acc "$work/idx.log"): $(tail -3 "$work/$set.log")"
done

# Training from shards, with validation on shards.
shards=(--train_format=tfrecord --train_data="$work/tfr" --test_data="$work/tfr" --shuffle_buffer=500)
"$ringdl" train "$cfg" "${small[@]}" "${shards[@]}" --max_iterations=20 --validate_every=10 >"$work/train.log" 2>&1 &&
  grep -q "on 10000 records, validating on 10000 (2 tfrecord shards in" "$work/train.log" &&
  [ "$(grep -c 'Wall Clock .*Top1Accuracy is Accuracy(correct: [0-9]*, count: 10000' "$work/train.log")" -eq 2 ] &&
  grep -q "^Test accuracy: .* after 20 iterations" "$work/train.log" &&
  ok "train on TFRecord shards, validating on shards" || bad "train on shards: $(tail -5 "$work/train.log")"

# A checkpoint resumes at the same record: the resumed run ends exactly where an uninterrupted one does.
"$ringdl" train "$cfg" "${small[@]}" "${shards[@]}" --max_iterations=24 --validate_every=never \
  >"$work/straight.log" 2>&1
"$ringdl" train "$cfg" "${small[@]}" "${shards[@]}" --max_iterations=14 --validate_every=never \
  --checkpoint_dir="$work/ckpt" --checkpoint_every=14 >/dev/null 2>&1
"$ringdl" train --resume "$work/ckpt" --max_iterations=24 >"$work/resumed.log" 2>&1
loss() { grep "Iteration 24\]" "$1" | sed -n 's/.*Loss is \([^.]*\.[0-9]*\).*/\1/p'; }
[ -n "$(loss "$work/straight.log")" ] && [ "$(loss "$work/straight.log")" = "$(loss "$work/resumed.log")" ] &&
  [ "$(acc "$work/straight.log")" = "$(acc "$work/resumed.log")" ] &&
  ok "a run resumed from a checkpoint on shards matches the uninterrupted run" ||
  bad "resume: loss $(loss "$work/resumed.log") vs $(loss "$work/straight.log"): $(tail -3 "$work/resumed.log")"

# A damaged record: a clear error naming the file and record, or skipped and reported with skip_corrupt.
cp -r "$work/tfr" "$work/bad"
rm "$work/bad/part-00000.tfrecord.gz" "$work/bad/_ringdl_index"
"$ringdl" data convert "${idx_test[@]}" --output "$work/plain" --format tfrecord --shards 2 >/dev/null 2>&1
cp "$work/plain/part-00000.tfrecord" "$work/bad/part-00000.tfrecord"
# Records are 856 bytes (840 of data): byte 100000 is in record 116, which starts at byte 99296.
printf '\xff\xff\xff' | dd of="$work/bad/part-00000.tfrecord" bs=1 seek=100000 conv=notrunc status=none
expect_fail "a damaged TFRecord stops training with the file and record" \
  "$work/bad/part-00000.tfrecord: record 116 at byte 99296: data CRC32C mismatch" \
  "$ringdl" train "$cfg" "${small[@]}" --max_iterations=2 --train_format=tfrecord --train_data="$work/bad" \
  --test_format=idx
"$ringdl" train "$cfg" "${small[@]}" --max_iterations=160 --validate_every=never --train_format=tfrecord \
  --train_data="$work/bad" --test_format=idx --skip_corrupt=true --shuffle_buffer=100 >"$work/skip.log" 2>&1 &&
  grep -q "on 9999 records" "$work/skip.log" &&
  grep -q "Skipped 1 corrupt record in training epoch 1 (first: .*part-00000.tfrecord: record 116" \
    "$work/skip.log" && grep -q "^Test accuracy" "$work/skip.log" &&
  ok "skip_corrupt skips the damaged record, counts it and reports it at the epoch's end" ||
  bad "skip_corrupt: $(tail -5 "$work/skip.log")"

# Text part files, CIFAR-10 batches and HDF5 as train_format: files made here with random values (784 features,
# what the mlp takes), a few iterations each, ending in a test accuracy.
mlp=(--model=mlp --max_iterations=4 --validate_every=never --batch_size=32)
mkdir -p "$work/csv" "$work/svm" "$work/cifar"
for part in 0 1; do
  awk -v seed=$part 'BEGIN { srand(seed + 1); h = "label"; for (j = 0; j < 784; j++) h = h ",f" j; print h
    for (i = 0; i < 60; i++) {
    line = i % 10; for (j = 0; j < 784; j++) line = line "," sprintf("%.3f", rand()); print line } }' \
    >"$work/csv/part-0000$part"
  awk -v seed=$part 'BEGIN { srand(seed + 7); for (i = 0; i < 60; i++) { line = i % 10 + 1
    for (j = 1; j <= 784; j += 7) line = line " " j ":" sprintf("%.3f", rand()); print line } }' \
    >"$work/svm/part-0000$part.libsvm"
done
"$ringdl" train "$cfg" "${small[@]}" "${mlp[@]}" --train_format=csv --train_data="$work/csv" \
  --test_data="$work/csv" --header_lines=1 >"$work/csv.log" 2>&1 &&
  grep -q "on 120 records" "$work/csv.log" && grep -q "^Test accuracy: " "$work/csv.log" &&
  ok "train the mlp on CSV part files with a header" || bad "csv: $(tail -5 "$work/csv.log")"
"$ringdl" train "$cfg" "${small[@]}" "${mlp[@]}" --train_format=libsvm --train_data="$work/svm" \
  --test_data="$work/svm" --label_mapping=one_based --features=784 >"$work/svm.log" 2>&1 &&
  grep -q "on 120 records" "$work/svm.log" && grep -q "^Test accuracy: " "$work/svm.log" &&
  ok "train the mlp on LibSVM files with 1-based labels" || bad "libsvm: $(tail -5 "$work/svm.log")"
"$ringdl" data inspect "$work/svm" --label_mapping=one_based >"$work/out" 2>&1 &&
  grep -q "2 libsvm shards" "$work/out" && grep -q "records: 120 (counted)" "$work/out" &&
  grep -q "label 0, features \[778\]" "$work/out" &&
  ok "inspect LibSVM files: records and a decoded sample (feature count inferred)" ||
  bad "inspect libsvm: $(cat "$work/out")"
"$ringdl" data inspect "$work/csv" --format csv --header_lines=1 >"$work/out" 2>&1 &&
  grep -q "records: 120 (counted)" "$work/out" && grep -q 'header "label,f0,f1,' "$work/out" &&
  ok "inspect CSV part files named without .csv given --format csv" || bad "inspect csv: $(cat "$work/out")"
expect_fail "CSV part files without a .csv name need the format" "set the format" \
  "$ringdl" data inspect "$work/csv"
# CIFAR-10 batches: 3x32x32 images fit no model of the zoo, so they are inspected only.
for b in data_batch_1 test_batch; do
  for i in 0 1 2 3 4 5 6 7 8 9 0 1; do
    printf "\\x0$i"
    head -c 3072 /dev/urandom
  done >"$work/cifar/$b.bin"
done
"$ringdl" data inspect "$work/cifar/data_batch_1.bin" --samples 2 >"$work/out" 2>&1 &&
  grep -q "1 cifar10 shard" "$work/out" && grep -q "records: 12 (counted)" "$work/out" &&
  grep -q "label 1, features \[3,32,32\]" "$work/out" &&
  ok "inspect a CIFAR-10 batch recognised by name and size" || bad "inspect cifar10: $(cat "$work/out")"
if /usr/bin/python3 -c "import h5py, numpy" 2>/dev/null; then
  /usr/bin/python3 -c "
import h5py, numpy
r = numpy.random.default_rng(3)
with h5py.File('$work/d.h5', 'w') as f:
    f['x'] = r.random((100, 784), dtype=numpy.float32)
    f['y'] = (numpy.arange(100) % 10).astype(numpy.int64)
"
  "$ringdl" train "$cfg" "${small[@]}" "${mlp[@]}" --train_format=hdf5 --train_data="$work/d.h5" \
    --test_data="$work/d.h5" --feature_dataset=/x --label_dataset=/y >"$work/h5.log" 2>&1 &&
    grep -q "^Test accuracy: " "$work/h5.log" &&
    ok "train the mlp on an HDF5 file" || bad "hdf5: $(tail -5 "$work/h5.log")"
  "$ringdl" data inspect "$work/d.h5" >"$work/out" 2>&1 && grep -q "/x: float32 \[100, 784\]" "$work/out" &&
    ok "inspect an HDF5 file's datasets" || bad "inspect hdf5: $(cat "$work/out")"
else
  echo "skip: HDF5 cases (python3 with h5py is needed to write the file; apt-get install python3-h5py)"
fi

# Two ranks, each reading its own shards, under mpirun.
if [ -n "$mpiexec" ] && command -v "$mpiexec" >/dev/null; then
  mpi=("$mpiexec" --allow-run-as-root --oversubscribe --bind-to none -np 2)
  "${mpi[@]}" "$ringdl" train "$cfg" "${small[@]}" --train_format=sequencefile --train_data="$work/seq" \
    --test_data="$work/seq" --max_iterations=10 --validate_every=5 --bucket_mb=0.01 >"$work/mpi.log" 2>&1 &&
    grep -q "Data-parallel on 2 ranks" "$work/mpi.log" &&
    [ "$(grep -c 'Wall Clock .*Top1Accuracy is Accuracy(correct: [0-9]*, count: 10000' "$work/mpi.log")" -eq 2 ] &&
    grep -q "^Test accuracy: .* after 10 iterations" "$work/mpi.log" &&
    ok "2 ranks train on their own SequenceFile shards and validate over the whole set" ||
    bad "2 ranks on shards: $(tail -5 "$work/mpi.log")"
fi

finish
