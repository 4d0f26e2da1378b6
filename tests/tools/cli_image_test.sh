#!/usr/bin/env bash
# ringdl train on image folders (root/<class>/*.png) with per-image transforms, as a user meets it: the log
# naming the pipelines, training and validation, exact resume with random augmentation, and the errors for a
# bad transform spec, mismatched class folders, too many classes and double normalisation; the folders
# converted to encoded SequenceFile and TFRecord shards and trained with transforms and without them (to_tensor,
# or a resize to image_shape first).
# Usage: cli_image_test.sh RINGDL_BINARY SOURCE_DIR
set -uo pipefail
ringdl=$1
src=$2
source "$(dirname "$0")/lib.sh"

fm=/usr/share/datasets/fashion-mnist
if [ ! -f "$fm/t10k-images-idx3-ubyte.gz" ] || [ ! -x /usr/bin/python3 ]; then
  echo "Fashion-MNIST or python3 missing"
  exit 77
fi

# Fashion-MNIST test images as grey PNGs in class folders c0..c9 (so folder labels equal the IDX labels):
# 1,000 for training, 300 for validation. The PNG writer uses only Python's standard library.
/usr/bin/python3 "$src/tests/tools/make_png_folder.py" "$fm" "$work/train" 0 1000 &&
  /usr/bin/python3 "$src/tests/tools/make_png_folder.py" "$fm" "$work/test" 1000 1300
[ -f "$work/train/c9/00000.png" ] && ok "wrote 1,300 PNGs in class folders" || bad "PNG folders: $(ls "$work")"

cfg=$src/models/lenet5/train.yaml
folders=(--train_format=imagefolder --train_data="$work/train" --test_data="$work/test" --image_channels=grey
  --epochs=0 --log_every=5 --progress=off --batch_size=50 --threads=1 --shuffle_buffer=300)
augment="random_crop 28 2; hflip; to_tensor; normalize 0.286 0.353"

"$ringdl" train --help >"$work/help" 2>&1
grep -q -- "--transforms" "$work/help" && grep -q -- "--test_transforms" "$work/help" &&
  grep -q "imagefolder" "$work/help" && ok "train --help lists transforms, test_transforms and imagefolder" ||
  bad "train --help: $(grep -c . "$work/help") lines"

"$ringdl" train "$cfg" "${folders[@]}" --transforms="$augment" --max_iterations=40 --validate_every=20 \
  >"$work/train.log" 2>&1
grep -q "on 1000 records, validating on 300 (image folder of 1000 images \[RandomCrop(28x28, padding 2 constant) >> HorizontalFlip(p=0.5) >> ToTensor(scaled to \[0, 1\]) >> Normalize(mean=\[0.286\], std=\[0.353\])\] in $work/train, validating on image folder of 300 images \[CenterCrop(28x28) >> ToTensor(scaled to \[0, 1\]) >> Normalize(mean=\[0.286\], std=\[0.353\])\] in $work/test); normalize none" "$work/train.log" &&
  [ "$(grep -c 'Wall Clock .*Top1Accuracy is Accuracy(correct: [0-9]*, count: 300' "$work/train.log")" -eq 2 ] &&
  grep -q "^Test accuracy: .* after 40 iterations" "$work/train.log" &&
  ok "train on an image folder with augmentation, validating on a folder with the derived pipeline" ||
  bad "train on a folder: $(head -3 "$work/train.log"; tail -3 "$work/train.log")"
acc=$(sed -n 's/^Test accuracy: \([0-9.]*\) .*/\1/p' "$work/train.log")
python3 -c "import sys; sys.exit(0 if float('${acc:-0}') > 0.4 else 1)" &&
  ok "40 iterations on 1,000 images learn something (test accuracy $acc)" || bad "test accuracy ${acc:-none}"

# normalize: auto without a normalize step: a pass over the (transformed) training images.
"$ringdl" train "$cfg" "${folders[@]}" --transforms="hflip; to_tensor" --max_iterations=2 \
  --validate_every=never >"$work/auto.log" 2>&1
grep -q "normalize 0\.[0-9]*,0\.[0-9]*;" "$work/auto.log" && grep -q "^Test accuracy" "$work/auto.log" &&
  ok "normalize: auto measures the transformed training images ($(grep -o 'normalize [0-9.,]*' "$work/auto.log"))" ||
  bad "normalize auto on a folder: $(head -3 "$work/auto.log"; tail -2 "$work/auto.log")"

# Exact resume: the augmentation of each record depends on (seed, epoch, record) only.
"$ringdl" train "$cfg" "${folders[@]}" --transforms="$augment" --max_iterations=45 --validate_every=never \
  >"$work/straight.log" 2>&1
"$ringdl" train "$cfg" "${folders[@]}" --transforms="$augment" --max_iterations=27 --validate_every=never \
  --checkpoint_dir="$work/ckpt" --checkpoint_every=27 >/dev/null 2>&1
"$ringdl" train --resume "$work/ckpt" --max_iterations=45 >"$work/resumed.log" 2>&1
loss() { grep "Iteration 45\]" "$1" | sed -n 's/.*Loss is \([^.]*\.[0-9]*\).*/\1/p'; }
[ -n "$(loss "$work/straight.log")" ] && [ "$(loss "$work/straight.log")" = "$(loss "$work/resumed.log")" ] &&
  ok "a run resumed mid-epoch on an augmented folder matches the uninterrupted run (loss $(loss "$work/straight.log"))" ||
  bad "resume: loss $(loss "$work/resumed.log") vs $(loss "$work/straight.log"): $(tail -3 "$work/resumed.log")"

# Errors.
expect_fail "a bad transform step is named with the known steps" \
  "config field 'transforms' step 2 'flip 0.5': unknown step 'flip'; the known steps are resize SIZE" \
  "$ringdl" train "$cfg" "${folders[@]}" --max_iterations=1 --transforms="to_grey; flip 0.5"
expect_fail "a bad argument is named" "config field 'test_transforms' step 1 'center_crop 28x28': bad size '28x28'" \
  "$ringdl" train "$cfg" "${folders[@]}" --max_iterations=1 --test_transforms="center_crop 28x28"
expect_fail "normalize MEAN,STD with a normalize step" "would normalise twice; set normalize: none" \
  "$ringdl" train "$cfg" "${folders[@]}" --max_iterations=1 --transforms="$augment" --normalize=0.3,0.3
cp -r "$work/test" "$work/test2" && mv "$work/test2/c3" "$work/test2/c3x"
expect_fail "validation folders must have the training folder's classes" \
  "differ from the training folder's, so their labels would not match (missing: c3; not in training: c3x)" \
  "$ringdl" train "$cfg" "${folders[@]}" --max_iterations=1 --test_data="$work/test2"
expect_fail "more class folders than classes" "has 10 classes but config field 'classes' is 5; set classes: 10" \
  "$ringdl" train "$cfg" "${folders[@]}" --max_iterations=1 --classes=5
mkdir -p "$work/test3" && cp -r "$work/test/c1" "$work/test3/" && mkdir -p "$work/test3/c2" &&
  touch "$work/test3/c2/notes.txt"
expect_fail "an empty class folder is named" "class directory c2 holds no images (found 1 other file: notes.txt)" \
  "$ringdl" train "$cfg" "${folders[@]}" --max_iterations=1 --test_data="$work/test3"
printf 'not a png' >"$work/train/c4/zz-broken.png"
expect_fail "an undecodable image stops training with its path" "zz-broken.png (image" \
  "$ringdl" train "$cfg" "${folders[@]}" --max_iterations=30 --transforms="$augment" --validate_every=never
"$ringdl" train "$cfg" "${folders[@]}" --max_iterations=25 --transforms="$augment" --validate_every=never \
  --skip_corrupt=true >"$work/skip.log" 2>&1 &&
  grep -q "Skipped 1 corrupt record in training epoch 1 (first: file $work/train/c4/zz-broken.png" "$work/skip.log" &&
  ok "skip_corrupt skips and reports an undecodable image" || bad "skip_corrupt: $(tail -4 "$work/skip.log")"


# Image folders as shards: inspect the folder, convert it to BigDL's ImageNet SequenceFile layout (Text key
# "name\nlabel", 1-based; the PNG bytes as stored) and to TFRecord Examples (image bytes, int64 label), inspect
# both, and train on them with the folder's transforms.
rm -f "$work/train/c4/zz-broken.png"
"$ringdl" data inspect "$work/train" >"$work/inspect-folder" 2>&1
grep -q "^$work/train: image folder, 10 classes, 1000 images$" "$work/inspect-folder" &&
  [ "$(sed -n 's/^  label [0-9] c[0-9]: \([0-9]*\) images$/\1/p' "$work/inspect-folder" | awk '{ s += $1 } END { print s }')" = 1000 ] &&
  grep -q "^sample c0/[0-9]*\.png (label 0, PNG, [0-9]* bytes): 28x28 (width x height), 1 channel; decoded as \[3, 28, 28\]" "$work/inspect-folder" &&
  ok "inspect an image folder: classes, image counts summing to 1000, a sample" ||
  bad "inspect folder: $(cat "$work/inspect-folder")"
for split in train test; do
  "$ringdl" data convert --from "$work/$split" --from_format imagefolder --output "$work/seq-$split" \
    --format sequencefile --shards 3 >"$work/conv-seq-$split" 2>&1
  "$ringdl" data convert --from "$work/$split" --output "$work/tfr-$split" --format tfrecord --shards 2 \
    >"$work/conv-tfr-$split" 2>&1
done
grep -q "^Wrote 1000 records from image folder $work/train (10 classes) to 3 shards in $work/seq-train (sequencefile, encoded layout;" "$work/conv-seq-train" &&
  grep -q "^Wrote 1000 records from image folder $work/train (10 classes) to 2 shards in $work/tfr-train (tfrecord;" "$work/conv-tfr-train" &&
  [ -f "$work/seq-train/_SUCCESS" ] && [ -f "$work/seq-train/_ringdl_index" ] && [ -f "$work/tfr-train/_SUCCESS" ] &&
  [ -f "$work/tfr-train/_ringdl_index" ] && ok "convert an image folder to SequenceFile and TFRecord shards" ||
  bad "convert folder: $(cat "$work/conv-seq-train" "$work/conv-tfr-train")"
"$ringdl" data inspect "$work/seq-train" >"$work/inspect-seq" 2>&1
key=$(sed -n 's/^record 0 of part-00000 (byte [0-9]*, \([0-9]*\)-byte value, key "\(c[0-9]\/[0-9]*\.png\)\\x0a\([0-9]*\)"): encoded PNG image of \1 bytes.*label \([0-9]\), features \[3,28,28\].*/\1 \2 \3 \4/p' "$work/inspect-seq")
read -r vbytes name label1 label0 <<<"$key"
grep -q "^records: 1000 (from _ringdl_index); per shard: 334 333 333$" "$work/inspect-seq" &&
  grep -q "keys org.apache.hadoop.io.Text, values org.apache.hadoop.io.BytesWritable" "$work/inspect-seq" &&
  [ -n "$name" ] && [ "$vbytes" = "$(stat -c %s "$work/train/$name")" ] && [ "c$((label1 - 1))" = "${name%%/*}" ] &&
  [ "$label0" = "$((label1 - 1))" ] &&
  ok "inspect the SequenceFile: key $name with 1-based label $label1, the file's $vbytes bytes as the value" ||
  bad "inspect sequencefile from a folder: $(cat "$work/inspect-seq")"
"$ringdl" data inspect "$work/tfr-train" >"$work/inspect-tfr" 2>&1
grep -q "^records: 1000 (from _ringdl_index); per shard: 500 500$" "$work/inspect-tfr" &&
  grep -q "^    image: bytes_list of 1 value ([0-9]* bytes)$" "$work/inspect-tfr" &&
  grep -q "^    label: int64_list of 1 value: [0-9]$" "$work/inspect-tfr" &&
  grep -q "encoded PNG image of [0-9]* bytes.*label [0-9], features \[3,28,28\]" "$work/inspect-tfr" &&
  ok "inspect the TFRecord Examples: encoded image bytes and an int64 label" ||
  bad "inspect tfrecord from a folder: $(cat "$work/inspect-tfr")"
expect_fail "the raw layout refuses image folders" "--layout raw holds pixels of one shape, not image files" \
  "$ringdl" data convert --from "$work/test" --output "$work/raw" --format sequencefile --layout raw
for fmt in sequencefile tfrecord; do
  short=$([ $fmt = sequencefile ] && echo seq || echo tfr)
  "$ringdl" train "$cfg" "${folders[@]}" --train_format=$fmt --train_data="$work/$short-train" \
    --test_data="$work/$short-test" --transforms="$augment" --max_iterations=40 --validate_every=never \
    >"$work/train-$fmt.log" 2>&1
  acc=$(sed -n 's/^Test accuracy: \([0-9.]*\) after 40 iterations.*/\1/p' "$work/train-$fmt.log")
  grep -q "on 1000 records, validating on 300 ([0-9] $fmt shards \[RandomCrop" "$work/train-$fmt.log" &&
    python3 -c "import sys; sys.exit(0 if float('${acc:-0}') > 0.4 else 1)" &&
    ok "train 40 iterations on $fmt shards converted from the folder (test accuracy $acc)" ||
    bad "train on converted $fmt: $(head -3 "$work/train-$fmt.log"; tail -3 "$work/train-$fmt.log")"
done

# Encoded shards without transforms: the default pipeline is to_tensor (every image of one size), or a resize
# to image_shape before it.
for fmt in sequencefile tfrecord; do
  short=$([ $fmt = sequencefile ] && echo seq || echo tfr)
  "$ringdl" train "$cfg" "${folders[@]}" --train_format=$fmt --train_data="$work/$short-train" \
    --test_data="$work/$short-test" --max_iterations=40 --validate_every=never >"$work/plain-$fmt.log" 2>&1
  acc=$(sed -n 's/^Test accuracy: \([0-9.]*\) after 40 iterations.*/\1/p' "$work/plain-$fmt.log")
  grep -q "on 1000 records, validating on 300 ([0-9] $fmt shards \[ToTensor(scaled to \[0, 1\])\] in $work/$short-train, validating on [0-9] $fmt shards \[ToTensor(scaled to \[0, 1\])\] in $work/$short-test); normalize 0\.[0-9]*,0\.[0-9]*;" "$work/plain-$fmt.log" &&
    python3 -c "import sys; sys.exit(0 if float('${acc:-0}') > 0.4 else 1)" &&
    ok "train 40 iterations on encoded $fmt shards without transforms: to_tensor (test accuracy $acc)" ||
    bad "train on encoded $fmt without transforms: $(head -3 "$work/plain-$fmt.log"; tail -3 "$work/plain-$fmt.log")"
done
# A 20x20 PNG among the 28x28 ones: without image_shape the error names the record; with it, all are resized.
cp -r "$work/test" "$work/mixed"
/usr/bin/python3 - "$work/mixed/c0/odd.png" <<'PNG'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
rows = b"".join(b"\x00" + bytes((x * 12 + y) % 256 for x in range(20)) for y in range(20))
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 20, 20, 8, 0, 0, 0, 0)) +
                              chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
PNG
"$ringdl" data convert --from "$work/mixed" --output "$work/tfr-mixed" --format tfrecord >"$work/conv-mixed" 2>&1 ||
  bad "convert the mixed folder: $(cat "$work/conv-mixed")"
mixed=(--train_format=tfrecord --train_data="$work/tfr-mixed" --test_data="$work/tfr-test" --max_iterations=2
  --validate_every=never --normalize=none)
expect_fail "encoded images of another size without image_shape name the record" \
  "the 20x20 grey image becomes features [1, 20, 20], but earlier records became [1, 28, 28]: a batch needs images of one size" \
  "$ringdl" train "$cfg" "${folders[@]}" "${mixed[@]}"
grep -q "file $work/tfr-mixed/part-00000.tfrecord: record [0-9]* at byte [0-9]*: " "$work/err" ||
  bad "the size error names no record: $(cat "$work/err")"
"$ringdl" train "$cfg" "${folders[@]}" "${mixed[@]}" --image_shape=1,28,28 >"$work/mixed.log" 2>&1
grep -q "(1 tfrecord shard \[Resize(28x28, bilinear) >> ToTensor(scaled to \[0, 1\])\] in $work/tfr-mixed" "$work/mixed.log" &&
  grep -q "^Test accuracy: [0-9.]* after 2 iterations" "$work/mixed.log" &&
  ok "image_shape resizes encoded images of mixed sizes (the default pipeline becomes resize, to_tensor)" ||
  bad "mixed sizes with image_shape: $(head -3 "$work/mixed.log"; tail -3 "$work/mixed.log")"
expect_fail "image_shape's channels must match image_channels" \
  "config field 'image_shape' is 3,28,28 (3 channels) but image_channels is grey (1 channel); set image_channels: rgb or image_shape: 1,28,28" \
  "$ringdl" train "$cfg" "${folders[@]}" "${mixed[@]}" --image_shape=3,28,28

finish
