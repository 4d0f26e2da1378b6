#!/usr/bin/env bash
# ringdl train on image folders (root/<class>/*.png) with per-image transforms, as a user meets it: the log
# naming the pipelines, training and validation, exact resume with random augmentation, and the errors for a
# bad transform spec, mismatched class folders, too many classes and double normalisation.
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
/usr/bin/python3 - "$fm" "$work" <<'EOF'
import gzip, os, struct, sys, zlib
fm, work = sys.argv[1], sys.argv[2]
images = gzip.open(fm + "/t10k-images-idx3-ubyte.gz").read()[16:]
labels = gzip.open(fm + "/t10k-labels-idx1-ubyte.gz").read()[8:]
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
def png(pixels):
    rows = b"".join(b"\x00" + pixels[28 * y:28 * (y + 1)] for y in range(28))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 28, 28, 8, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
for split, begin, end in (("train", 0, 1000), ("test", 1000, 1300)):
    for i in range(begin, end):
        d = "%s/%s/c%d" % (work, split, labels[i])
        os.makedirs(d, exist_ok=True)
        open("%s/%05d.png" % (d, i), "wb").write(png(images[784 * i:784 * (i + 1)]))
EOF
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

finish
