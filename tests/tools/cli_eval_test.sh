#!/usr/bin/env bash
# ringdl evaluate and predict on the data formats ringdl train reads, as a user meets them: the run's saved test
# set and decoding keys, --data/--format and --key=value overrides, the same scores and predictions from the same
# records in IDX, HDF5, TFRecord and image folders, predictions in the set's order, the errors; and ringdl train
# on an HDF5 file under mpirun with each rank reading only its rows (counted), the statistics of the whole file
# and an exact resume.
# Usage: cli_eval_test.sh RINGDL_BINARY SOURCE_DIR WRITE_HDF5 [MPIEXEC]
set -uo pipefail
ringdl=$1
src=$2
write_hdf5=$3
mpiexec=${4:-}
source "$(dirname "$0")/lib.sh"

fm=/usr/share/datasets/fashion-mnist
if [ ! -f "$fm/t10k-images-idx3-ubyte.gz" ] || [ ! -x /usr/bin/python3 ]; then
  echo "Fashion-MNIST or python3 missing (apt-get install dataset-fashion-mnist python3)"
  exit 77
fi
cfg=$src/models/lenet5/train.yaml
small=(--epochs=0 --log_every=4 --progress=off --batch_size=64 --threads=1)
images=$fm/t10k-images-idx3-ubyte.gz
labels=$fm/t10k-labels-idx1-ubyte.gz
# "correct count" of an evaluate log's Top1 line.
top1() { sed -n 's/^Top1Accuracy is Accuracy(correct: \([0-9]*\), count: \([0-9]*\).*/\1 \2/p' "$1"; }

# A LeNet-5 checkpoint trained briefly on the IDX files; its run config says test_format idx.
"$ringdl" train "$cfg" "${small[@]}" --max_iterations=20 --validate_every=never --checkpoint_dir="$work/ckpt" \
  --checkpoint_every=20 >"$work/train.log" 2>&1 || bad "train: $(tail -3 "$work/train.log")"
"$ringdl" evaluate "$work/ckpt" >"$work/idx.log" 2>&1
idx=$(top1 "$work/idx.log")
[ -n "$idx" ] && [ "${idx#* }" = 10000 ] && grep -q "^Evaluating on 10000 records (IDX $images)" "$work/idx.log" &&
  ok "evaluate the run's IDX test set ($idx)" || bad "evaluate IDX: $(cat "$work/idx.log")"
"$ringdl" predict "$work/ckpt" --output "$work/idx.csv" >"$work/out" 2>&1 && [ "$(wc -l <"$work/idx.csv")" -eq 10001 ] &&
  ok "predict the run's IDX test set" || bad "predict IDX: $(cat "$work/out")"

# The same records as an HDF5 file: the same scores, the same predictions line by line (file order).
"$write_hdf5" "$images" "$labels" "$work/t10k.h5" >/dev/null || bad "write_hdf5 failed"
"$ringdl" evaluate "$work/ckpt" --format hdf5 --data "$work/t10k.h5" >"$work/h5.log" 2>&1 &&
  grep -q "^Evaluating on 10000 records (HDF5 $work/t10k.h5)" "$work/h5.log" && [ "$(top1 "$work/h5.log")" = "$idx" ] &&
  [ "$(grep '^Loss' "$work/h5.log")" = "$(grep '^Loss' "$work/idx.log")" ] &&
  ok "evaluate --format hdf5 --data FILE scores as the IDX test set" || bad "evaluate hdf5: $(cat "$work/h5.log")"
"$ringdl" predict "$work/ckpt" --format hdf5 --data "$work/t10k.h5" --output "$work/h5.csv" >"$work/out" 2>&1 &&
  cmp -s "$work/idx.csv" "$work/h5.csv" && grep -q "^Wrote 10000 predictions" "$work/out" &&
  ok "predict on HDF5 writes the IDX predictions, in file order" || bad "predict hdf5: $(cat "$work/out")"
# The uint8 HDF5 file ringdl data convert writes for pixel bytes: read as k/255, the IDX values, so the same scores,
# loss and predictions (normalised with the run's IDX statistics).
"$ringdl" data convert --images "$images" --labels "$labels" --output "$work/t10k-u8.h5" --format hdf5 \
  >"$work/out" 2>&1 && grep -q "/features uint8" "$work/out" || bad "convert to uint8 hdf5: $(cat "$work/out")"
"$ringdl" evaluate "$work/ckpt" --format hdf5 --data "$work/t10k-u8.h5" >"$work/h5u8.log" 2>&1 &&
  [ "$(top1 "$work/h5u8.log")" = "$idx" ] && [ "$(grep '^Loss' "$work/h5u8.log")" = "$(grep '^Loss' "$work/idx.log")" ] &&
  ok "evaluate a uint8 HDF5 file (pixels k/255) scores as the IDX test set" ||
  bad "evaluate uint8 hdf5: $(top1 "$work/h5u8.log") vs $idx: $(cat "$work/h5u8.log")"
"$ringdl" predict "$work/ckpt" --format hdf5 --data "$work/t10k-u8.h5" --output "$work/h5u8.csv" >"$work/out" 2>&1 &&
  cmp -s "$work/idx.csv" "$work/h5u8.csv" && ok "predict on a uint8 HDF5 file writes the IDX predictions" ||
  bad "predict uint8 hdf5: $(cat "$work/out")"
"$ringdl" evaluate "$work/ckpt" --test_format=hdf5 --test_data="$work/t10k.h5" --batch_size=1000 >"$work/out" 2>&1 &&
  [ "$(top1 "$work/out")" = "$idx" ] && ok "config keys as --key=value (--test_format, --test_data)" ||
  bad "--key=value: $(cat "$work/out")"

# TFRecord shards: one shard gives the IDX order; three (records dealt round-robin) are predicted shard by shard,
# each in file order.
"$ringdl" data convert --images "$images" --labels "$labels" --output "$work/tfr1" --format tfrecord --shards 1 \
  >/dev/null 2>&1 &&
  "$ringdl" data convert --images "$images" --labels "$labels" --output "$work/tfr3" --format tfrecord --shards 3 \
    >/dev/null 2>&1 || bad "data convert failed"
"$ringdl" evaluate "$work/ckpt" --format tfrecord --data "$work/tfr3" >"$work/tfr.log" 2>&1 &&
  [ "$(top1 "$work/tfr.log")" = "$idx" ] && grep -q "^Evaluating on 10000 records (3 tfrecord shards in" "$work/tfr.log" &&
  ok "evaluate TFRecord shards" || bad "evaluate tfrecord: $(cat "$work/tfr.log")"
"$ringdl" predict "$work/ckpt" --format tfrecord --data "$work/tfr1" --output "$work/tfr1.csv" >/dev/null 2>&1 &&
  cmp -s "$work/idx.csv" "$work/tfr1.csv" && ok "predict on one TFRecord shard writes the IDX predictions" ||
  bad "predict one shard: $(diff "$work/idx.csv" "$work/tfr1.csv" | head -3)"
"$ringdl" predict "$work/ckpt" --format tfrecord --data "$work/tfr3" --output "$work/tfr3.csv" >/dev/null 2>&1
# Line k of shard s's records is IDX record 3k + s; shard 0 holds 3334 records, the others 3333.
awk -F, 'NR == FNR { if (FNR > 1) want[FNR - 2] = $2 "," $3; next }
  FNR > 1 { k = FNR - 2; i = k < 3334 ? 3 * k : k < 6667 ? 3 * (k - 3334) + 1 : 3 * (k - 6667) + 2
    if ($1 != k || want[i] != $2 "," $3) bad++; n++ }
  END { exit !(n == 10000 && !bad) }' "$work/idx.csv" "$work/tfr3.csv" &&
  ok "predict on three shards: shards in list order, records in file order" ||
  bad "predict three shards: $(head -3 "$work/tfr3.csv")"

# An image folder of 300 test images as grey PNGs (c0..c9), and the same images as IDX files.
/usr/bin/python3 "$src/tests/tools/make_png_folder.py" "$fm" "$work/folder" 0 300 "$work/sub"
"$ringdl" evaluate "$work/ckpt" --images "$work/sub-images" --labels "$work/sub-labels" >"$work/sub.log" 2>&1
"$ringdl" evaluate "$work/ckpt" --format imagefolder --data "$work/folder" --image_channels=grey >"$work/folder.log" 2>&1 &&
  [ -n "$(top1 "$work/sub.log")" ] && [ "$(top1 "$work/folder.log")" = "$(top1 "$work/sub.log")" ] &&
  grep -q "^Evaluating on 300 records (image folder of 300 images \[ToTensor" "$work/folder.log" &&
  ok "evaluate an image folder: the scores of the same images as IDX ($(top1 "$work/sub.log"))" ||
  bad "evaluate image folder: $(cat "$work/folder.log") vs $(cat "$work/sub.log")"
# Folder records come in a fixed mixed order, so each line names its file: NNNNN.png is IDX record NNNNN. The
# folder names the classes (c0..c9).
"$ringdl" predict "$work/ckpt" --images "$work/sub-images" --output "$work/sub.csv" >/dev/null 2>&1
"$ringdl" predict "$work/ckpt" --format imagefolder --data "$work/folder" --image_channels=grey \
  --output "$work/folder.csv" >/dev/null 2>&1 &&
  head -1 "$work/folder.csv" | grep -q "^index,class,class_name,score,file$" &&
  awk -F, 'NR == FNR { if (FNR > 1) want[$1] = $2 "," $3; next }
    FNR > 1 { n++; f = $5; sub(/.*\//, "", f); sub(/\.png$/, "", f); i = f + 0
      if ($1 != FNR - 2 || want[i] != $2 "," $4 || $3 != "c" $2 || seen[i]++) bad++ }
    END { exit !(n == 300 && !bad) }' "$work/sub.csv" "$work/folder.csv" &&
  ok "predict an image folder: a line per image naming its file and class, as predicted from IDX" ||
  bad "predict image folder: $(head -3 "$work/folder.csv")"
expect_fail "image folder predictions refuse skip_corrupt (it would shift the file names)" \
  "give --skip_corrupt=false" "$ringdl" predict "$work/ckpt" --format imagefolder --data "$work/folder" \
  --image_channels=grey --skip_corrupt=true --output "$work/x.csv"
expect_fail "shard-set predictions refuse skip_corrupt (it would shift the indices)" \
  "skip_corrupt would leave damaged records out and shift the index of every prediction" \
  "$ringdl" predict "$work/ckpt" --format tfrecord --data "$work/tfr3" --skip_corrupt=true --output "$work/x.csv"

# A run trained on CSV part files (header lines, the label last): evaluate reads its saved test set and keys.
mkdir -p "$work/csv"
for part in 0 1; do
  awk -v seed=$part 'BEGIN { srand(seed + 1); h = ""; for (j = 0; j < 784; j++) h = h "f" j ","; print h "label"
    for (i = 0; i < 60; i++) { line = ""; for (j = 0; j < 784; j++) line = line sprintf("%.3f", rand()) ","
    print line (i % 10) } }' >"$work/csv/part-0000$part"
done
# The same records with the label first and no header.
awk -F, 'FNR > 1 { line = $NF; for (j = 1; j < NF; j++) line = line "," $j; print line }' "$work/csv/part-00000" \
  "$work/csv/part-00001" >"$work/first.csv"
"$ringdl" train "$cfg" "${small[@]}" --model=mlp --max_iterations=4 --validate_every=never --batch_size=32 \
  --train_format=csv --train_data="$work/csv" --test_data="$work/csv" --header_lines=1 --label_column=last \
  --checkpoint_dir="$work/csv-ckpt" --checkpoint_every=4 >"$work/csv-train.log" 2>&1
acc=$(sed -n 's/^Test accuracy: \([0-9.]*\) .*/\1/p' "$work/csv-train.log")
"$ringdl" evaluate "$work/csv-ckpt" >"$work/csv.log" 2>&1 &&
  grep -q "^Evaluating on 120 records (2 csv shards in $work/csv)" "$work/csv.log" && [ -n "$acc" ] &&
  grep -q "^Top1Accuracy is Accuracy(correct: [0-9]*, count: 120, accuracy: $acc)" "$work/csv.log" &&
  ok "evaluate a CSV run from its checkpoint alone (test_data, header_lines, label_column saved)" ||
  bad "evaluate csv: $(cat "$work/csv.log") (training: $acc)"
"$ringdl" evaluate "$work/csv-ckpt" --data "$work/first.csv" --header_lines=0 --label_column=first \
  >"$work/first.log" 2>&1 && [ "$(top1 "$work/first.log")" = "$(top1 "$work/csv.log")" ] &&
  ok "decoding keys as --key=value (another CSV layout, same scores)" || bad "csv keys: $(cat "$work/first.log")"
"$ringdl" predict "$work/csv-ckpt" --output "$work/csv.csv" >/dev/null 2>&1 && [ "$(wc -l <"$work/csv.csv")" -eq 121 ] &&
  ok "predict a CSV run's test set" || bad "predict csv: $(head -3 "$work/csv.csv")"

# Errors.
expect_fail "--data with an IDX run needs --format" "give --format" \
  "$ringdl" evaluate "$work/ckpt" --data "$work/t10k.h5"
expect_fail "--images with another format" "--images and --labels are IDX files, but --format is hdf5" \
  "$ringdl" evaluate "$work/ckpt" --format hdf5 --images "$images"
expect_fail "an unknown format lists the known ones" "config field 'test_format' must be one of same, idx," \
  "$ringdl" evaluate "$work/ckpt" --format parquet --data "$work/t10k.h5"
expect_fail "a format without data says how to give it" "'test_data' is empty: give the shard spec" \
  "$ringdl" predict "$work/ckpt" --format tfrecord --output "$work/x.csv"
expect_fail "a missing HDF5 dataset lists those present" "no dataset /nope; the file holds /features [10000, 1, 28, 28] float32" \
  "$ringdl" evaluate "$work/ckpt" --format hdf5 --data "$work/t10k.h5" --label_dataset=/nope
expect_fail "a misspelt option suggests the right one" "did you mean '--label_column'" \
  "$ringdl" evaluate "$work/ckpt" --label_colum=last

# ringdl train on the HDF5 file, one rank and two: each rank reads only its rows (the values counted where
# the HDF5 layer reads them: 5000 rows x (784 features + 1 label) each, not the file's 7,850,000), normalize:
# auto gives the statistics of the whole file on both, and a 2-rank checkpoint resumes exactly.
h5=(--train_format=hdf5 --train_data="$work/t10k.h5" --test_data="$work/t10k.h5" --validate_every=never)
norm() { sed -n 's/.*; normalize \([^;]*\);.*/\1/p' "$1"; }
"$ringdl" train "$cfg" "${small[@]}" "${h5[@]}" --max_iterations=4 >"$work/h5-one.log" 2>&1 &&
  grep -q "on 10000 records, validating on 10000 (HDF5 $work/t10k.h5, validating on HDF5" "$work/h5-one.log" &&
  ! grep -q "HDF5 rows per rank" "$work/h5-one.log" && ok "train on HDF5 on one rank" ||
  bad "train hdf5: $(tail -3 "$work/h5-one.log")"
if [ -n "$mpiexec" ] && command -v "$mpiexec" >/dev/null; then
  mpi=("$mpiexec" --allow-run-as-root --oversubscribe --bind-to none -np 2)
  dist=(--bucket_mb=0.01 --log_every=4)
  "${mpi[@]}" "$ringdl" train "$cfg" "${small[@]}" "${h5[@]}" "${dist[@]}" --max_iterations=12 \
    --validate_every=6 >"$work/h5-two.log" 2>&1
  grep -q "Data-parallel on 2 ranks" "$work/h5-two.log" &&
    grep -q "^HDF5 rows per rank (hyperslabs): rank 0 rows \[0, 5000) of 10000, 3925000 values read; rank 1 rows \[5000, 10000) of 10000, 3925000 values read$" "$work/h5-two.log" &&
    ok "2 ranks: each reads only its own 5000 rows of the HDF5 file" ||
    bad "2 ranks' rows: $(grep -i 'hdf5\|error' "$work/h5-two.log" | head -5)"
  [ "$(grep -c 'Wall Clock .*Top1Accuracy is Accuracy(correct: [0-9]*, count: 10000' "$work/h5-two.log")" -eq 2 ] &&
    grep -q "^Test accuracy: .* after 12 iterations" "$work/h5-two.log" &&
    ok "2 ranks validate over the whole HDF5 test set" || bad "2-rank validation: $(tail -5 "$work/h5-two.log")"
  awk -v a="$(norm "$work/h5-one.log")" -v b="$(norm "$work/h5-two.log")" 'BEGIN { split(a, x, ","); split(b, y, ",")
    d1 = x[1] - y[1]; d2 = x[2] - y[2]; exit !(a != "" && d1 * d1 < 1e-14 && d2 * d2 < 1e-14) }' &&
    ok "normalize: auto over 2 ranks equals the whole file's statistics ($(norm "$work/h5-two.log"))" ||
    bad "normalize over ranks: $(norm "$work/h5-two.log") vs $(norm "$work/h5-one.log")"
  "${mpi[@]}" "$ringdl" train "$cfg" "${small[@]}" "${h5[@]}" "${dist[@]}" --max_iterations=8 \
    --checkpoint_dir="$work/h5-ckpt" --checkpoint_every=8 >/dev/null 2>&1
  "${mpi[@]}" "$ringdl" train --resume "$work/h5-ckpt" --max_iterations=12 --validate_every=6 \
    >"$work/h5-resumed.log" 2>&1
  loss() { grep "Iteration 12\]" "$1" | sed -n 's/.*Loss is \([^.]*\.[0-9]*\).*/\1/p'; }
  [ -n "$(loss "$work/h5-two.log")" ] && [ "$(loss "$work/h5-two.log")" = "$(loss "$work/h5-resumed.log")" ] &&
    [ "$(grep '^Test accuracy' "$work/h5-two.log" | cut -d' ' -f3)" = \
      "$(grep '^Test accuracy' "$work/h5-resumed.log" | cut -d' ' -f3)" ] &&
    ok "a 2-rank HDF5 run resumed from its checkpoint matches the uninterrupted run" ||
    bad "resume on HDF5: $(loss "$work/h5-resumed.log") vs $(loss "$work/h5-two.log"): $(tail -3 "$work/h5-resumed.log")"
  "$ringdl" evaluate "$work/h5-ckpt" >"$work/out" 2>&1 &&
    grep -q "^Evaluating on 10000 records (HDF5 $work/t10k.h5)" "$work/out" && [ -n "$(top1 "$work/out")" ] &&
    ok "evaluate a 2-rank HDF5 run's checkpoint on one rank" || bad "evaluate the HDF5 run: $(cat "$work/out")"
else
  echo "skip: 2-rank HDF5 training (no MPIEXEC given)"
fi

finish
