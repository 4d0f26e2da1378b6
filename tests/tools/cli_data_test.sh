#!/usr/bin/env bash
# ringdl data convert / inspect and ringdl train on shard sets, as a user meets them: conversions between
# IDX, SequenceFile, TFRecord, CSV, TSV, LibSVM, CIFAR-10, HDF5 and image folders (encoded images kept or
# decoded), atomic output, errors, damaged records with and without skip_corrupt, resume, header lines, and
# (when MPIEXEC is given) two ranks reading their own shards.
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

# A failed replacement puts the previous output back: the second rename (the new set into place) is made to
# fail by a preloaded rename() that refuses the hidden temporary directory.
if command -v cc >/dev/null; then
  cat >"$work/norename.c" <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <string.h>
int rename(const char* from, const char* to) {
  static int (*real)(const char*, const char*);
  if (!real) real = (int (*)(const char*, const char*))dlsym(RTLD_NEXT, "rename");
  const char* tmp = strstr(from, "/.seq.tmp-");
  if (tmp && !strchr(tmp + 1, '/')) {  // the hidden directory itself, not a file in it
    errno = EXDEV;
    return -1;
  }
  return real(from, to);
}
EOF
  cc -shared -fPIC -o "$work/norename.so" "$work/norename.c" -ldl &&
    LD_PRELOAD="$work/norename.so" "$ringdl" data convert "${idx_test[@]}" --output "$work/seq" \
      --format sequencefile --shards 4 --force >"$work/out" 2>"$work/err"
  [ $? -ne 0 ] && grep -qF "cannot replace --output $work/seq" "$work/err" &&
    grep -qF "the previous output is unchanged" "$work/err" && [ -f "$work/seq/part-00001" ] &&
    [ ! -f "$work/seq/part-00003" ] && [ -z "$(find "$work" -mindepth 1 -maxdepth 1 -name '.seq*' -print -quit)" ] &&
    ok "a replacement that fails to move into place restores the previous output and names --output" ||
    bad "failed replacement: $(cat "$work/err"; ls -la "$work" "$work/seq")"
else
  echo "skip: failed replacement (no C compiler for the rename() shim)"
fi

# Labels the output's readers would refuse are refused at the record, never written truncated or negative.
printf '0,0,1,0\n4294967299,1,0,0\n' >"$work/big.csv"
printf '0,0,1\n-1,1,0\n' >"$work/neg.csv"
expect_fail "a label beyond IntWritable is refused, not truncated" \
  "record 1 of 1 csv shard: label 4294967296 is not a class index from 0 to 2147483647" \
  "$ringdl" data convert --from "$work/big.csv" --label_mapping value --output "$work/x" --format sequencefile
expect_fail "BigDL's 1-based labels must fit an int" "label 4294967296 is not a class index from 0 to 2147483646" \
  "$ringdl" data convert --from "$work/big.csv" --label_mapping value --output "$work/x" --format sequencefile \
  --layout bigdl --image_shape 1,1,3
expect_fail "a negative label is refused for a raw SequenceFile" "record 1 of 1 csv shard: label -1 is not a class" \
  "$ringdl" data convert --from "$work/neg.csv" --label_mapping value --output "$work/x" --format sequencefile
expect_fail "a negative label is refused for an Example" "record 1 of 1 csv shard: label -1 is not a class" \
  "$ringdl" data convert --from "$work/neg.csv" --label_mapping value --output "$work/x" --format tfrecord
[ ! -e "$work/x" ] && ok "refused conversions leave no output" || bad "refused conversions left $work/x"

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

# IDX -> CSV (gzipped), TSV, LibSVM: the decoded values (pixels k/255) in their shortest exact text, so the
# readers' defaults give back the IDX features: the model trained above scores the IDX test set's accuracy on
# each, and training on each (2 shards, as $work/seq) gives the SequenceFile set's loss, record for record.
train12=(--max_iterations=12 --validate_every=never --shuffle_buffer=500 --test_format=idx)
"$ringdl" train "$cfg" "${small[@]}" "${train12[@]}" --train_format=sequencefile --train_data="$work/seq" \
  >"$work/seq12.log" 2>&1
loss12() { grep "Iteration 12\]" "$1" | sed -n 's/.*Loss is \([^.]*\.[0-9]*\).*/\1/p'; }
for f in csv tsv libsvm; do
  compression=$([ $f = csv ] && echo gzip || echo none)
  suffix=$([ $f = csv ] && echo .csv.gz || echo .$f)
  "$ringdl" data convert "${idx_test[@]}" --output "$work/$f-out" --format $f --shards 2 \
    --compression $compression >"$work/out" 2>&1 &&
    grep -q "Wrote 10000 records from .* to 2 shards in $work/$f-out ($f" "$work/out" &&
    [ -f "$work/$f-out/part-00001$suffix" ] && [ -f "$work/$f-out/_SUCCESS" ] &&
    [ -f "$work/$f-out/_ringdl_index" ] &&
    ok "convert IDX to 2 $f part files ($compression): part-00001$suffix, _ringdl_index, _SUCCESS" ||
    bad "convert to $f: $(cat "$work/out"; ls "$work/$f-out")"
  "$ringdl" data inspect "$work/$f-out" >"$work/out" 2>&1 && grep -q "2 $f shards" "$work/out" &&
    grep -q "records: 10000 (from _ringdl_index)" "$work/out" &&
    grep -q "label 9, features \[784\], values in \[0, 1\], mean 0.1673" "$work/out" &&
    ok "inspect the $f files: records and the first image, as in IDX" || bad "inspect $f: $(cat "$work/out")"
  "$ringdl" train "$cfg" "${small[@]}" --max_iterations=30 --validate_every=never --test_format=$f \
    --test_data="$work/$f-out" >"$work/$f-test.log" 2>&1
  [ -n "$(acc "$work/idx.log")" ] && [ "$(acc "$work/idx.log")" = "$(acc "$work/$f-test.log")" ] &&
    ok "the $f test set gives the IDX test set's accuracy ($(acc "$work/idx.log"))" ||
    bad "$f test set: $(acc "$work/$f-test.log") vs IDX $(acc "$work/idx.log"): $(tail -3 "$work/$f-test.log")"
  "$ringdl" train "$cfg" "${small[@]}" "${train12[@]}" --train_format=$f --train_data="$work/$f-out" \
    >"$work/$f-train.log" 2>&1
  [ -n "$(loss12 "$work/seq12.log")" ] && [ "$(loss12 "$work/seq12.log")" = "$(loss12 "$work/$f-train.log")" ] &&
    grep -q "on 10000 records" "$work/$f-train.log" &&
    ok "training on the $f files gives the SequenceFile set's loss ($(loss12 "$work/seq12.log"))" ||
    bad "train on $f: $(loss12 "$work/$f-train.log") vs $(loss12 "$work/seq12.log"): $(tail -3 "$work/$f-train.log")"
done

# IDX -> HDF5: one file, uint8 pixels (the default for bytes) or float32, chunked by rows.
"$ringdl" data convert "${idx_test[@]}" --output "$work/fm.h5" --format hdf5 >"$work/out" 2>&1 &&
  grep -q "to HDF5 file $work/fm.h5 (hdf5, /features uint8 \[10000,1,28,28\], /labels int64, 1337 rows per chunk" \
    "$work/out" && [ -z "$(find "$work" -mindepth 1 -maxdepth 1 -name '.*' -print -quit)" ] &&
  ok "convert IDX to one HDF5 file: uint8 features, int64 labels, 1 MiB chunks of rows" ||
  bad "convert to hdf5: $(cat "$work/out")"
"$ringdl" data convert "${idx_test[@]}" --output "$work/fm32.h5" --format hdf5 --feature_type float32 \
  --compression gzip --feature_dataset /x --label_dataset /y >"$work/out" 2>&1 &&
  grep -q "(hdf5, /x float32 \[10000,1,28,28\], /y int64, 334 rows per chunk, deflate" "$work/out" &&
  ok "convert IDX to HDF5 as float32, deflated, under other dataset names" || bad "float32 hdf5: $(cat "$work/out")"
"$ringdl" data inspect "$work/fm.h5" >"$work/out" 2>&1 && grep -q "/features: uint8 \[10000, 1, 28, 28\]" "$work/out" &&
  grep -q "/labels: int64 \[10000\]" "$work/out" && ok "inspect the HDF5 file's datasets" ||
  bad "inspect hdf5: $(cat "$work/out")"
"$ringdl" train "$cfg" "${small[@]}" --max_iterations=30 --validate_every=never --test_format=hdf5 \
  --test_data="$work/fm32.h5" --feature_dataset=/x --label_dataset=/y >"$work/h5-test.log" 2>&1
[ -n "$(acc "$work/idx.log")" ] && [ "$(acc "$work/idx.log")" = "$(acc "$work/h5-test.log")" ] &&
  ok "the float32 HDF5 test set gives the IDX test set's accuracy" ||
  bad "hdf5 test set: $(acc "$work/h5-test.log") vs IDX $(acc "$work/idx.log"): $(tail -3 "$work/h5-test.log")"
# uint8 pixels are read as k/255, the IDX values: validated with the IDX training statistics, the same accuracy.
"$ringdl" train "$cfg" "${small[@]}" --max_iterations=30 --validate_every=never --test_format=hdf5 \
  --test_data="$work/fm.h5" >"$work/h5-8-test.log" 2>&1
[ -n "$(acc "$work/idx.log")" ] && [ "$(acc "$work/idx.log")" = "$(acc "$work/h5-8-test.log")" ] &&
  ok "the uint8 HDF5 test set gives the IDX test set's accuracy (pixels read as k/255)" ||
  bad "uint8 hdf5 test set: $(acc "$work/h5-8-test.log") vs IDX $(acc "$work/idx.log"): $(tail -3 "$work/h5-8-test.log")"
# Both files hold the same values (uint8 k read as k/255, float32 k/255): the same loss.
"$ringdl" train "$cfg" "${small[@]}" "${train12[@]}" --train_format=hdf5 --train_data="$work/fm.h5" \
  >"$work/h5-8.log" 2>&1
"$ringdl" train "$cfg" "${small[@]}" "${train12[@]}" --train_format=hdf5 --train_data="$work/fm32.h5" \
  --feature_dataset=/x --label_dataset=/y >"$work/h5-32.log" 2>&1
grep -q "on 10000 records" "$work/h5-8.log" && grep -q "^Test accuracy: .* after 12 iterations" "$work/h5-8.log" &&
  [ -n "$(loss12 "$work/h5-8.log")" ] && [ "$(loss12 "$work/h5-8.log")" = "$(loss12 "$work/h5-32.log")" ] &&
  ok "train on the uint8 and the float32 HDF5 files: 10000 records, the same loss ($(loss12 "$work/h5-8.log"))" ||
  bad "train on hdf5: $(loss12 "$work/h5-8.log") vs $(loss12 "$work/h5-32.log"): $(tail -3 "$work/h5-8.log")"
"$ringdl" data convert --from "$work/fm.h5" --output "$work/h5-csv" --format csv --shards 2 >/dev/null 2>&1 &&
  cmp -s <(zcat "$work/csv-out/part-00000.csv.gz") "$work/h5-csv/part-00000.csv" &&
  ok "HDF5 back to CSV: the same lines as IDX to CSV (uint8 read as pixels)" || bad "hdf5 to csv: $(ls "$work/h5-csv")"
printf '0,0,1\n1,0.3,0.5\n' >"$work/mixed.csv"
"$ringdl" data convert --from "$work/mixed.csv" --output "$work/mixed.h5" --format hdf5 >"$work/out" 2>&1 &&
  grep -q "/features float32 \[2,2\], /labels int64, 2 rows per chunk" "$work/out" &&
  [ "$(stat -c %s "$work/mixed.h5")" -lt 20000 ] &&
  ok "--feature_type auto: float32 once a record is not 8-bit pixels; a small file has small chunks" ||
  bad "auto feature type: $(cat "$work/out"; ls -l "$work/mixed.h5")"
expect_fail "uint8 features refuse values that are not pixels" "row 1 value 0 is 0.3, not an 8-bit pixel" \
  "$ringdl" data convert --from "$work/mixed.csv" --output "$work/mixed8.h5" --format hdf5 --feature_type uint8
expect_fail "hdf5 output is one file" "--format hdf5 writes one file, so --shards must be 1" \
  "$ringdl" data convert "${idx_test[@]}" --output "$work/x.h5" --format hdf5 --shards 2
expect_fail "hdf5 output is not a directory" "is a directory, but --format hdf5 writes one file" \
  "$ringdl" data convert "${idx_test[@]}" --output "$work/seq" --format hdf5 --force
expect_fail "cifar10 needs 3x32x32 images" \
  "is an image of shape [1,28,28] (784 values); CIFAR-10 batches hold [3, 32, 32] images" \
  "$ringdl" data convert "${idx_test[@]}" --output "$work/x" --format cifar10
expect_fail "transforms apply to images only" "--transforms applies to images" \
  "$ringdl" data convert "${idx_test[@]}" --output "$work/x" --format csv --transforms "resize 8"

# Text part files and CIFAR-10 batches as train_format: files made here with random values (784 features,
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
# Three header lines (a title, units, the column names): skipped in every file with header_lines 3; a file with
# fewer lines than that is an error naming it.
mkdir -p "$work/csv3"
for part in 0 1; do
  { echo "# random values"; echo "units"; cat "$work/csv/part-0000$part"; } >"$work/csv3/part-0000$part.csv"
done
"$ringdl" train "$cfg" "${small[@]}" "${mlp[@]}" --train_format=csv --train_data="$work/csv3" \
  --test_data="$work/csv3" --header_lines=3 >"$work/csv3.log" 2>&1 &&
  grep -q "on 120 records" "$work/csv3.log" && grep -q "^Test accuracy: " "$work/csv3.log" &&
  "$ringdl" data inspect "$work/csv3" --header_lines=3 >"$work/out" 2>&1 &&
  grep -q 'header "label,f0,f1,' "$work/out" && grep -q "records: 120 (counted)" "$work/out" &&
  ok "header_lines 3: three lines skipped in each file, the last one kept as the header" ||
  bad "header_lines 3: $(tail -3 "$work/csv3.log"; cat "$work/out")"
printf 'title\nlabel,a\n' >"$work/csv3/part-00002.csv"
expect_fail "a file shorter than header_lines is named" "$work/csv3/part-00002.csv holds 2 lines but 3 header lines" \
  "$ringdl" train "$cfg" "${small[@]}" "${mlp[@]}" --train_format=csv --train_data="$work/csv3" \
  --test_data="$work/csv3" --header_lines=3

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
# CIFAR-10 batches through TFRecord and HDF5 and back: the same bytes, in CIFAR's file names.
"$ringdl" data convert --from "$work/cifar/data_batch_1.bin" --output "$work/cifar-tfr" --format tfrecord \
  >/dev/null 2>&1 &&
  "$ringdl" data convert --from "$work/cifar-tfr" --output "$work/cifar-back" --format cifar10 >"$work/out" 2>&1 &&
  cmp -s "$work/cifar/data_batch_1.bin" "$work/cifar-back/data_batch_1.bin" &&
  [ ! -e "$work/cifar-back/_SUCCESS" ] && [ -f "$work/cifar-back/_ringdl_index" ] &&
  "$ringdl" data inspect "$work/cifar-back" >"$work/out" 2>&1 &&
  grep -q "1 cifar10 shard (data_batch_1.bin)" "$work/out" && grep -q "records: 12 (from _ringdl_index)" "$work/out" &&
  ok "CIFAR-10 batch to TFRecord and back: identical bytes in data_batch_1.bin" ||
  bad "cifar10 round trip: $(cat "$work/out"; ls "$work/cifar-back")"
"$ringdl" data convert --from "$work/cifar" --output "$work/cifar.h5" --format hdf5 >/dev/null 2>&1 &&
  "$ringdl" data convert --from "$work/cifar.h5" --output "$work/cifar-h5" --format cifar10 >"$work/out" 2>&1 &&
  cmp -s <(cat "$work/cifar/data_batch_1.bin" "$work/cifar/test_batch.bin") "$work/cifar-h5/data_batch_1.bin" &&
  ok "two CIFAR-10 batches to one HDF5 file (uint8) and back: the same records" ||
  bad "cifar10 via hdf5: $(cat "$work/out")"

# HDF5 files written by h5py are read by RingDL, and RingDL's are read by h5py (when h5py is installed).
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
    ok "train the mlp on an HDF5 file written by h5py" || bad "h5py file: $(tail -5 "$work/h5.log")"
  /usr/bin/python3 -c "
import gzip, h5py, numpy
images = numpy.frombuffer(gzip.open('$fm/t10k-images-idx3-ubyte.gz').read()[16:], numpy.uint8)
labels = numpy.frombuffer(gzip.open('$fm/t10k-labels-idx1-ubyte.gz').read()[8:], numpy.uint8)
with h5py.File('$work/fm.h5', 'r') as f, h5py.File('$work/fm32.h5', 'r') as g:
    x, y = f['features'], f['labels']
    assert x.dtype == numpy.uint8 and x.shape == (10000, 1, 28, 28) and x.chunks == (1337, 1, 28, 28), x
    assert y.dtype == numpy.int64 and y.shape == (10000,), y
    assert (x[:].reshape(-1) == images).all() and (y[:] == labels).all()
    assert g['x'].dtype == numpy.float32 and g['x'].compression == 'gzip'
    assert (g['x'][:].reshape(-1) == images.astype(numpy.float32) / numpy.float32(255)).all()
" >"$work/out" 2>&1 && ok "h5py reads RingDL's HDF5 files: dtypes, chunks, the IDX pixels and labels" ||
    bad "h5py reading RingDL's files: $(cat "$work/out")"
else
  echo "skip: h5py cross-checks (apt-get install python3-h5py)"
fi

# Image folders and shards of encoded images (PNGs written here from the first 300 IDX test images, and those
# images as small IDX files): the encoded files are copied as they are between SequenceFile and TFRecord
# (names kept), and decoded for CSV, HDF5 and CIFAR-10, to the IDX pixels exactly.
if [ -x /usr/bin/python3 ]; then
  /usr/bin/python3 "$src/tests/tools/make_png_folder.py" "$fm" "$work/pngs" 0 300 "$work/small"
  "$ringdl" data convert --from "$work/pngs" --output "$work/png-seq" --format sequencefile --shards 2 \
    >/dev/null 2>&1 &&
    "$ringdl" data convert --from "$work/png-seq" --output "$work/png-tfr" --format tfrecord --shards 3 \
      >"$work/out" 2>&1 && grep -q "Wrote 300 records from 2 sequencefile shards to 3 shards" "$work/out" &&
    "$ringdl" data convert --from "$work/png-tfr" --output "$work/png-seq2" --format sequencefile \
      >"$work/out" 2>&1 && grep -q "(sequencefile, encoded layout;" "$work/out" &&
    "$ringdl" data inspect "$work/png-seq2" >"$work/out" 2>&1 &&
    grep -q 'key "c[0-9]/[0-9]*\.png\\x0a[0-9]*"): encoded PNG image' "$work/out" &&
    "$ringdl" data inspect "$work/png-tfr" >"$work/out2" 2>&1 && grep -q "name: bytes_list of 1 value" "$work/out2" &&
    ok "encoded PNGs copied: folder -> SequenceFile -> TFRecord -> SequenceFile, names and labels kept" ||
    bad "encoded copies: $(cat "$work/out" "$work/out2" 2>/dev/null)"
  # Every copy holds each PNG file's bytes unchanged.
  /usr/bin/python3 - "$work" >"$work/out" 2>&1 <<'EOF' && ok "each copy holds the 300 PNG files' bytes as they are" ||
import glob, sys
work = sys.argv[1]
pngs = [open(p, "rb").read() for p in glob.glob(work + "/pngs/*/*.png")]
assert len(pngs) == 300
for copy in ("png-seq", "png-tfr", "png-seq2"):
    data = b"".join(open(p, "rb").read() for p in glob.glob(work + "/" + copy + "/part-*"))
    missing = sum(1 for b in pngs if b not in data)
    assert missing == 0, "%s lacks %d of the PNG files" % (copy, missing)
EOF
    bad "PNG bytes in the copies: $(cat "$work/out")"
  for from in pngs png-seq png-tfr png-seq2; do
    "$ringdl" data convert --from "$work/$from" --output "$work/$from-csv" --format csv --image_channels grey \
      >/dev/null 2>&1
  done
  "$ringdl" data convert --images "$work/small-images" --labels "$work/small-labels" --output "$work/small-csv" \
    --format csv >/dev/null 2>&1
  sorted() { sort "$work/$1/part-00000.csv" 2>/dev/null | md5sum; }
  [ "$(grep -c . "$work/small-csv/part-00000.csv")" = 300 ] && [ "$(sorted small-csv)" = "$(sorted pngs-csv)" ] &&
    [ "$(sorted small-csv)" = "$(sorted png-seq-csv)" ] && [ "$(sorted small-csv)" = "$(sorted png-tfr-csv)" ] &&
    [ "$(sorted small-csv)" = "$(sorted png-seq2-csv)" ] &&
    ok "the folder and every encoded copy decode to the IDX records exactly (CSV, grey)" ||
    bad "decoded copies differ: $(for d in small pngs png-seq png-tfr png-seq2; do sorted $d-csv; done)"
  "$ringdl" data convert --from "$work/png-tfr" --output "$work/png.h5" --format hdf5 --image_channels grey \
    >"$work/out" 2>&1 && grep -q "/features uint8 \[300,1,28,28\]" "$work/out" &&
    "$ringdl" data convert --from "$work/png.h5" --output "$work/png-h5-csv" --format csv >/dev/null 2>&1 &&
    [ "$(sorted small-csv)" = "$(sorted png-h5-csv)" ] &&
    ok "TFRecord of PNGs to HDF5: uint8 [300,1,28,28], the same records" || bad "png to hdf5: $(cat "$work/out")"
  # Copying encoded images: a damaged Example and a float label beyond int64 are errors naming the file and
  # the record (TFRecord files written here: the first record a PNG Example, the second a bad one).
  /usr/bin/python3 - "$work" <<'EOF'
import glob, struct, sys
work = sys.argv[1]
def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF
def masked(data):
    c = crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF
def record(payload):
    n = struct.pack("<Q", len(payload))
    return n + struct.pack("<I", masked(n)) + payload + struct.pack("<I", masked(payload))
def varint(v):
    out = b""
    while True:
        if v < 0x80:
            return out + bytes([v])
        out += bytes([v & 0x7F | 0x80])
        v >>= 7
def field(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload
def example(features):  # name -> (kind 1 bytes / 2 floats, payload of the list)
    entries = b"".join(field(1, field(1, k.encode()) + field(2, field(kind, value)))
                       for k, (kind, value) in features.items())
    return field(1, entries)
png = open(sorted(glob.glob(work + "/pngs/*/*.png"))[0], "rb").read()
good = example({"image": (1, field(1, png)), "label": (2, field(1, struct.pack("<f", 3.0)))})
huge = example({"image": (1, field(1, png)), "label": (2, field(1, struct.pack("<f", 1e19)))})
open(work + "/damaged.tfrecord", "wb").write(record(good) + record(b"\x0a\xff\x01"))
open(work + "/huge.tfrecord", "wb").write(record(good) + record(huge))
EOF
  expect_fail "a damaged Example among encoded images names the file and record" \
    "file $work/damaged.tfrecord: record 1 at byte" \
    "$ringdl" data convert --from "$work/damaged.tfrecord" --output "$work/x" --format sequencefile
  expect_fail "a float label beyond int64 is refused" "huge.tfrecord: record 1 at byte 582: label 1e+19 is not a 0-based class" \
    "$ringdl" data convert --from "$work/huge.tfrecord" --output "$work/x" --format sequencefile
  expect_fail "decoded 28x28 images do not fit CIFAR-10" "record 0 is an image of shape [3,28,28]" \
    "$ringdl" data convert --from "$work/png-seq" --output "$work/png-cifar" --format cifar10
  "$ringdl" data convert --from "$work/png-seq" --output "$work/png-cifar" --format cifar10 \
    --transforms "resize 32,32" >/dev/null 2>&1 &&
    "$ringdl" data inspect "$work/png-cifar" >"$work/out" 2>&1 &&
    grep -q "records: 300 (from _ringdl_index)" "$work/out" && grep -q "features \[3,32,32\]" "$work/out" &&
    ok "PNG shards resized by --transforms to CIFAR-10 batches" || bad "png to cifar10: $(cat "$work/out")"
  # vgg_cifar10 trains on the batch and on its TFRecord copy to the same loss (same records, same order).
  "$ringdl" data convert --from "$work/png-cifar" --output "$work/png-cifar-tfr" --format tfrecord >/dev/null 2>&1
  vgg=("$src/models/vgg_cifar10/train.yaml" --epochs=0 --max_iterations=3 --batch_size=16 --log_every=3
    --progress=off --threads=1 --validate_every=never --shuffle_buffer=100)
  "$ringdl" train "${vgg[@]}" --train_data="$work/png-cifar" --test_data="$work/png-cifar" >"$work/vgg1.log" 2>&1
  "$ringdl" train "${vgg[@]}" --train_format=tfrecord --train_data="$work/png-cifar-tfr" \
    --test_data="$work/png-cifar-tfr" >"$work/vgg2.log" 2>&1
  loss3() { grep "Iteration 3\]" "$1" | sed -n 's/.*Loss is \([^.]*\.[0-9]*\).*/\1/p'; }
  grep -q "on 300 records, validating on 300 (1 cifar10 shard" "$work/vgg1.log" &&
    grep -q "^Test accuracy: .* after 3 iterations" "$work/vgg1.log" && [ -n "$(loss3 "$work/vgg1.log")" ] &&
    [ "$(loss3 "$work/vgg1.log")" = "$(loss3 "$work/vgg2.log")" ] &&
    ok "vgg_cifar10 trains on the converted CIFAR-10 batch and its TFRecord copy to the same loss" ||
    bad "train on converted cifar10: $(tail -3 "$work/vgg1.log"; tail -3 "$work/vgg2.log")"
  "$ringdl" data convert --from "$work/png-seq" --output "$work/png-cifar2" --format cifar10 --image_shape 32,32 \
    >/dev/null 2>&1 && cmp -s "$work/png-cifar/data_batch_1.bin" "$work/png-cifar2/data_batch_1.bin" &&
    ok "--image_shape resizes encoded images as train does: the same batch" || bad "image_shape resize"
  expect_fail "random transforms are refused" "has random steps" \
    "$ringdl" data convert --from "$work/pngs" --output "$work/x" --format hdf5 --transforms "random_crop 24"
  expect_fail "the encoded layout needs image files" "--layout encoded stores image files as they are" \
    "$ringdl" data convert "${idx_test[@]}" --output "$work/x" --format sequencefile --layout encoded
else
  echo "skip: image folder cases (python3 is needed to write the PNGs)"
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
