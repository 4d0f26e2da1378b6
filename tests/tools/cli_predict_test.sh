#!/usr/bin/env bash
# ringdl evaluate and predict with a model file alone, as a user meets them: the file written by save_model
# carries the run's config (decoding, transforms, resolved normalisation) and the training folder's class names,
# so it scores and predicts as the run's checkpoint does without --normalize; a file without them (as written
# before) asks for --normalize. The messages that lead to the fix: images with the wrong number of channels for
# the model (image folders, encoded images in TFRecord shards, BigDL's SequenceFile layout) stop before
# training, naming image_channels; cross_entropy on a model ending in LogSoftMax is a warning from rank 0.
# Predictions: class names, --top_k, and a folder of unlabelled images.
# Usage: cli_predict_test.sh RINGDL_BINARY SOURCE_DIR STRIP_MODEL_METADATA [MPIEXEC]
set -uo pipefail
ringdl=$1
src=$2
strip=$3
mpiexec=${4:-}
source "$(dirname "$0")/lib.sh"

fm=/usr/share/datasets/fashion-mnist
if [ ! -f "$fm/t10k-images-idx3-ubyte.gz" ] || [ ! -x /usr/bin/python3 ]; then
  echo "Fashion-MNIST or python3 missing (apt-get install dataset-fashion-mnist python3)"
  exit 77
fi
cfg=$src/models/lenet5/train.yaml
small=(--epochs=0 --log_every=10 --progress=off --batch_size=50 --threads=1 --validate_every=never)
# "correct count" of an evaluate log's Top1 line.
top1() { sed -n 's/^Top1Accuracy is Accuracy(correct: \([0-9]*\), count: \([0-9]*\).*/\1 \2/p' "$1"; }
# The scores of an evaluate log (Top1, Top5 and Loss lines).
scores() { grep -E '^(Top1Accuracy|Top5Accuracy|Loss) is' "$1"; }

# Fashion-MNIST test images as grey PNGs in class folders c0..c9: 1,000 for training, 300 for testing (also as
# IDX files, sub-images and sub-labels), and the 300 test images again in one folder without classes.
/usr/bin/python3 "$src/tests/tools/make_png_folder.py" "$fm" "$work/train" 0 1000 &&
  /usr/bin/python3 "$src/tests/tools/make_png_folder.py" "$fm" "$work/test" 1000 1300 "$work/sub" &&
  mkdir -p "$work/flat" && cp "$work"/test/c*/*.png "$work/flat/" || bad "PNG folders"
[ "$(ls "$work/flat" | wc -l)" -eq 300 ] || bad "flat folder: $(ls "$work/flat" | wc -l) files"

# 1. A run on IDX files: its model file alone scores and predicts as its checkpoint.
"$ringdl" train "$cfg" "${small[@]}" --max_iterations=20 --save_model="$work/idx.ringdl" \
  --checkpoint_dir="$work/idx-ckpt" --checkpoint_every=20 >"$work/idx-train.log" 2>&1 ||
  bad "train on IDX: $(tail -3 "$work/idx-train.log")"
"$ringdl" evaluate "$work/idx-ckpt" >"$work/idx-ckpt.log" 2>&1
"$ringdl" evaluate "$work/idx.ringdl" >"$work/idx-model.log" 2>&1 &&
  [ -n "$(top1 "$work/idx-model.log")" ] && [ "$(scores "$work/idx-model.log")" = "$(scores "$work/idx-ckpt.log")" ] &&
  grep -q "^Evaluating on 10000 records (IDX $fm/t10k-images-idx3-ubyte.gz)" "$work/idx-model.log" &&
  ok "evaluate a model file alone: the run's test set and scores, as its checkpoint ($(top1 "$work/idx-model.log"))" ||
  bad "evaluate the IDX model file: $(cat "$work/idx-model.log") vs $(cat "$work/idx-ckpt.log")"
"$ringdl" evaluate "$work/idx-ckpt" --images "$work/sub-images" --labels "$work/sub-labels" >"$work/sub-ckpt.log" 2>&1
"$ringdl" evaluate "$work/idx.ringdl" --images "$work/sub-images" --labels "$work/sub-labels" \
  >"$work/sub-model.log" 2>&1 &&
  [ -n "$(top1 "$work/sub-model.log")" ] && [ "$(scores "$work/sub-model.log")" = "$(scores "$work/sub-ckpt.log")" ] &&
  ok "evaluate a model file on --images/--labels without --normalize, as its checkpoint" ||
  bad "evaluate the model file on other IDX files: $(cat "$work/sub-model.log")"
"$ringdl" predict "$work/idx-ckpt" --images "$work/sub-images" --output "$work/sub-ckpt.csv" >/dev/null 2>&1
"$ringdl" predict "$work/idx.ringdl" --images "$work/sub-images" --output "$work/sub-model.csv" >"$work/out" 2>&1 &&
  [ "$(wc -l <"$work/sub-model.csv")" -eq 301 ] && cmp -s "$work/sub-ckpt.csv" "$work/sub-model.csv" &&
  head -1 "$work/sub-model.csv" | grep -qx "index,class,score" &&
  ok "predict with a model file on --images: the checkpoint's predictions, no class names to give" ||
  bad "predict with the IDX model file: $(cat "$work/out"; head -3 "$work/sub-model.csv")"
# An IDX run's config keeps image_channels' default, rgb: a PNG folder decoded so is refused, naming the key;
# with image_channels grey it scores as the same images in IDX.
expect_fail "evaluate: a folder decoded as RGB for a 1-channel model names image_channels" \
  "image folder $work/test: the images have 3 channels but model lenet5 takes 1 (input shape 1x28x28): set image_channels: grey (or use a model for 3 channels)" \
  "$ringdl" evaluate "$work/idx.ringdl" --format imagefolder --data "$work/test"
"$ringdl" evaluate "$work/idx.ringdl" --format imagefolder --data "$work/test" --image_channels=grey \
  >"$work/folder-model.log" 2>&1 && [ "$(scores "$work/folder-model.log")" = "$(scores "$work/sub-model.log")" ] &&
  ok "evaluate an IDX model file on a PNG folder with image_channels grey: the IDX scores" ||
  bad "evaluate the IDX model on a folder: $(cat "$work/folder-model.log")"

# 2. A file without a run config (as every model file was before) asks for the normalisation, and then works.
"$strip" "$work/idx.ringdl" "$work/plain.ringdl" || bad "strip_model_metadata failed"
expect_fail "a model file without a run config asks for --normalize" \
  "$work/plain.ringdl holds no run config (it was saved by an older RingDL, or by saveModel without metadata), so the normalisation it was trained with is unknown: pass --normalize=MEAN,STD (the training run printed the values it used) or --normalize=none" \
  "$ringdl" evaluate "$work/plain.ringdl" --images "$work/sub-images" --labels "$work/sub-labels"
norm=$(sed -n 's/.*; normalize \([^;]*\);.*/\1/p' "$work/idx-train.log")
"$ringdl" evaluate "$work/plain.ringdl" --images "$work/sub-images" --labels "$work/sub-labels" --normalize="$norm" \
  >"$work/plain.log" 2>&1 && [ -n "$norm" ] && [ "$(scores "$work/plain.log")" = "$(scores "$work/sub-model.log")" ] &&
  ok "... and with the run's --normalize=$norm scores as the file with its config" ||
  bad "evaluate the stripped file: $(cat "$work/plain.log")"

# 3. A run on the PNG folders (grey, augmented, a normalize step): the model file carries the decoding, the
# transforms and the class names.
images=(--train_data="$work/train" --test_format=imagefolder --test_data="$work/test" --shuffle_buffer=300)
folders=(--train_format=imagefolder "${images[@]}" --image_channels=grey
  --transforms="random_crop 28 2; hflip; to_tensor; normalize 0.286 0.353")
"$ringdl" train "$cfg" "${small[@]}" "${folders[@]}" --max_iterations=40 --save_model="$work/folder.ringdl" \
  --checkpoint_dir="$work/folder-ckpt" --checkpoint_every=40 >"$work/folder-train.log" 2>&1 ||
  bad "train on folders: $(tail -3 "$work/folder-train.log")"
"$ringdl" evaluate "$work/folder-ckpt" >"$work/f-ckpt.log" 2>&1
"$ringdl" evaluate "$work/folder.ringdl" --format imagefolder --data "$work/test" >"$work/f-model.log" 2>&1 &&
  [ -n "$(top1 "$work/f-model.log")" ] && [ "$(scores "$work/f-model.log")" = "$(scores "$work/f-ckpt.log")" ] &&
  grep -q "^Evaluating on 300 records (image folder of 300 images \[CenterCrop(28x28) >> ToTensor(scaled to \[0, 1\]) >> Normalize(mean=\[0.286\], std=\[0.353\])\] in $work/test)" "$work/f-model.log" &&
  ok "evaluate a folder run's model file on --data: its transforms, the checkpoint's scores ($(top1 "$work/f-model.log"))" ||
  bad "evaluate the folder model file: $(cat "$work/f-model.log") vs $(cat "$work/f-ckpt.log")"
cp -r "$work/test" "$work/renamed" && mv "$work/renamed/c3" "$work/renamed/c3x"
expect_fail "evaluate checks a folder's classes against the model file's" \
  "differ from the training folder's, so their labels would not match (missing: c3; not in training: c3x)" \
  "$ringdl" evaluate "$work/folder.ringdl" --format imagefolder --data "$work/renamed"
# Predictions on the labelled folder name the classes (the model's, c0..c9); on the flat folder the same images
# get the same classes and scores, each line naming its file.
"$ringdl" predict "$work/folder-ckpt" --output "$work/f-ckpt.csv" >/dev/null 2>&1
"$ringdl" predict "$work/folder.ringdl" --format imagefolder --data "$work/test" --output "$work/f-model.csv" \
  >"$work/out" 2>&1 && head -1 "$work/f-model.csv" | grep -qx "index,class,class_name,score,file" &&
  awk -F, 'NR > 1 { n++; if ($3 != "c" $2) bad++ } END { exit !(n == 300 && !bad) }' "$work/f-model.csv" &&
  cmp -s "$work/f-model.csv" "$work/f-ckpt.csv" &&
  ok "predict with a folder run's model file: class names from the file, the checkpoint's predictions" ||
  bad "predict on the labelled folder: $(cat "$work/out"; head -3 "$work/f-model.csv"; head -3 "$work/f-ckpt.csv")"
"$ringdl" predict "$work/folder.ringdl" --format imagefolder --data "$work/flat" --output "$work/flat.csv" \
  >"$work/flat.log" 2>&1 && head -1 "$work/flat.csv" | grep -qx "index,class,class_name,score,file" &&
  grep -q "^Predicting 300 records (folder of 300 unlabelled images \[CenterCrop" "$work/flat.log" &&
  awk -F, 'NR == FNR { if (FNR > 1) { f = $5; sub(/.*\//, "", f); want[f] = $2 "," $3 "," $4 }; next }
    FNR > 1 { n++; f = $5; sub(/.*\//, "", f); if ($1 != FNR - 2 || want[f] != $2 "," $3 "," $4 || seen[f]++) bad++ }
    END { exit !(n == 300 && !bad) }' "$work/f-model.csv" "$work/flat.csv" &&
  ok "predict a folder of unlabelled images: a line per file, decoded as in training, the same predictions" ||
  bad "predict on the flat folder: $(cat "$work/flat.log"; head -3 "$work/flat.csv")"
expect_fail "evaluate needs labels: a folder without classes is refused" \
  "holds no class directories (only 300 files:" \
  "$ringdl" evaluate "$work/folder.ringdl" --format imagefolder --data "$work/flat"
# A model without class names (the IDX run) takes them from a labelled folder, and has none for a flat one.
"$ringdl" predict "$work/idx.ringdl" --format imagefolder --data "$work/test" --image_channels=grey \
  --output "$work/idx-folder.csv" >/dev/null 2>&1 &&
  head -1 "$work/idx-folder.csv" | grep -qx "index,class,class_name,score,file" &&
  awk -F, 'NR > 1 { n++; if ($3 != "c" $2) bad++ } END { exit !(n == 300 && !bad) }' "$work/idx-folder.csv" &&
  ok "predict names the classes of a labelled folder when the model has none" ||
  bad "class names from the folder: $(head -3 "$work/idx-folder.csv")"
"$ringdl" predict "$work/idx.ringdl" --format imagefolder --data "$work/flat" --image_channels=grey \
  --output "$work/idx-flat.csv" >/dev/null 2>&1 && head -1 "$work/idx-flat.csv" | grep -qx "index,class,score,file" &&
  [ "$(wc -l <"$work/idx-flat.csv")" -eq 301 ] && ok "no class names to give: no class_name column" ||
  bad "flat folder without class names: $(head -3 "$work/idx-flat.csv")"

# 4. --top_k: K class/name/score triples, best first, the first as without it.
"$ringdl" predict "$work/folder.ringdl" --format imagefolder --data "$work/test" --top_k 3 --output "$work/top3.csv" \
  >"$work/out" 2>&1 &&
  head -1 "$work/top3.csv" | grep -qx "index,class,class_name,score,class_2,class_name_2,score_2,class_3,class_name_3,score_3,file" &&
  cmp -s <(cut -d, -f1-4,11 "$work/top3.csv") "$work/f-model.csv" &&
  awk -F, 'NR > 1 { n++; if (!($4 >= $7 && $7 >= $10) || $2 == $5 || $5 == $8 || $2 == $8 || $6 != "c" $5) bad++ }
    END { exit !(n == 300 && !bad) }' "$work/top3.csv" &&
  ok "--top_k 3: three distinct classes per line, scores in decreasing order, the first as without --top_k" ||
  bad "--top_k 3: $(cat "$work/out"; head -3 "$work/top3.csv")"
"$ringdl" predict "$work/idx.ringdl" --images "$work/sub-images" --top_k 10 --output "$work/top10.csv" \
  >/dev/null 2>&1 &&
  awk -F, 'NR > 1 { n++; s = 0; for (i = 3; i <= 21; i += 2) s += $i; if (s < 0.999 || s > 1.001) bad++ }
    END { exit !(n == 300 && !bad) }' "$work/top10.csv" &&
  ok "--top_k 10 of 10 classes: every class, probabilities summing to 1" ||
  bad "--top_k 10: $(head -2 "$work/top10.csv")"
expect_fail "--top_k above the class count" \
  "--top_k 11 is more than the 10 classes model lenet5 tells apart; give --top_k from 1 to 10" \
  "$ringdl" predict "$work/idx.ringdl" --images "$work/sub-images" --top_k 11 --output "$work/x.csv"
expect_fail "--top_k 0" "--top_k must be at least 1" \
  "$ringdl" predict "$work/idx.ringdl" --images "$work/sub-images" --top_k 0 --output "$work/x.csv"

# 5. Training on 3-channel images with a 1-channel model stops before training, naming image_channels, for
# each image source: an image folder, encoded PNGs in TFRecord shards, BigDL's SequenceFile pixel layout.
"$ringdl" data convert --from "$work/train" --output "$work/tfr" --format tfrecord --shards 2 >/dev/null 2>&1 &&
  "$ringdl" data convert --from "$work/train" --output "$work/bigdl" --format sequencefile --layout bigdl --shards 2 \
    >/dev/null 2>&1 || bad "data convert failed"
rgb=("${images[@]}" --max_iterations=2 --normalize=none)
for source in "imagefolder $work/train image folder $work/train" "tfrecord $work/tfr tfrecord shards in $work/tfr" \
  "sequencefile $work/bigdl sequencefile shards in $work/bigdl"; do
  read -r format dir where <<<"$source"
  expect_fail "$format: 3-channel images for lenet5 name image_channels" \
    "ringdl: error: $where: the images have 3 channels but model lenet5 takes 1 (input shape 1x28x28): set image_channels: grey (or use a model for 3 channels)" \
    "$ringdl" train "$cfg" "${small[@]}" "${rgb[@]}" --train_format="$format" --train_data="$dir"
  grep -q "RingDL training" "$work/out" && bad "$format: the error came after training started: $(cat "$work/out")"
done
"$ringdl" train "$cfg" "${small[@]}" "${rgb[@]}" --train_format=sequencefile --train_data="$work/bigdl" \
  --image_channels=grey >"$work/out" 2>&1 && grep -q "^Test accuracy: .* after 2 iterations" "$work/out" &&
  ok "... and with image_channels: grey the BigDL layout trains" || bad "grey BigDL layout: $(tail -3 "$work/out")"
# A validation set of its own is checked as the test set is, and records held out of the training set through
# the validation transforms too, before training.
expect_fail "validation_data: 3-channel images for lenet5 name image_channels" \
  "ringdl: error: image folder $work/test: the images have 3 channels but model lenet5 takes 1 (input shape 1x28x28): set image_channels: grey" \
  "$ringdl" train "$cfg" "${small[@]}" --max_iterations=2 --validation_format=imagefolder --validation_data="$work/test"
grep -q "RingDL training" "$work/out" && bad "validation_data: the error came after training started: $(cat "$work/out")"
expect_fail "validation_split: held-out records of another size name the resize" \
  "ringdl: error: image folder $work/train (its held-out records): the images have shape 1x32x32 (1024 values) but model lenet5 takes input shape 1x28x28 (784 values): resize them to 28x28" \
  "$ringdl" train "$cfg" "${small[@]}" "${folders[@]}" --max_iterations=2 --validation_split=0.1 \
  --test_transforms="resize 32,32; to_tensor"
expect_fail "1-channel images for a 3-channel model say rgb, and the size" \
  "the images have 1 channel but model vgg_cifar10 takes 3 (input shape 3x32x32): set image_channels: rgb (or use a model for 1 channel); they are also 28x28: resize them to 32x32 (e.g. a 'resize 32,32' step in transforms)" \
  "$ringdl" train "$cfg" "${small[@]}" "${folders[@]}" --max_iterations=2 --model=vgg_cifar10
expect_fail "images of another size name the resize" \
  "image folder $work/test: the images have shape 1x32x32 (1024 values) but model lenet5 takes input shape 1x28x28 (784 values): resize them to 28x28" \
  "$ringdl" evaluate "$work/folder.ringdl" --format imagefolder --data "$work/test" \
  --test_transforms="resize 32,32; to_tensor"

# 6. cross_entropy on a model ending in LogSoftMax: one warning saying why, and training goes on.
"$ringdl" train "$cfg" "${small[@]}" --max_iterations=3 --criterion=cross_entropy >"$work/ce.log" 2>"$work/ce.err"
[ "$(grep -c "warning: criterion cross_entropy applies LogSoftMax itself" "$work/ce.err")" -eq 1 ] &&
  grep -q "model lenet5 already ends in LogSoftMax, so LogSoftMax is applied twice" "$work/ce.err" &&
  grep -q "set criterion: class_nll" "$work/ce.err" && grep -q "^Test accuracy: .* after 3 iterations" "$work/ce.log" &&
  ok "cross_entropy on lenet5 warns once and trains" ||
  bad "cross_entropy warning: $(cat "$work/ce.err"; tail -2 "$work/ce.log")"
"$ringdl" train "$cfg" "${small[@]}" --max_iterations=3 >"$work/nll.log" 2>&1
grep -q "warning" "$work/nll.log" && bad "class_nll warned: $(grep warning "$work/nll.log")" ||
  ok "class_nll: no warning"
if [ -n "$mpiexec" ] && command -v "$mpiexec" >/dev/null; then
  "$mpiexec" --allow-run-as-root --oversubscribe --bind-to none -np 2 "$ringdl" train "$cfg" "${small[@]}" \
    --max_iterations=3 --criterion=cross_entropy --bucket_mb=0.01 >"$work/ce2.log" 2>&1
  [ "$(grep -c "warning: criterion cross_entropy" "$work/ce2.log")" -eq 1 ] &&
    grep -q "^Test accuracy: .* after 3 iterations" "$work/ce2.log" &&
    ok "2 ranks: the warning comes once, from rank 0" ||
    bad "2-rank warning: $(grep -c warning "$work/ce2.log"): $(tail -3 "$work/ce2.log")"
else
  echo "skip: 2-rank warning (no MPIEXEC given)"
fi

finish
