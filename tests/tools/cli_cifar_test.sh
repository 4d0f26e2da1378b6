#!/usr/bin/env bash
# CIFAR-10 end to end with the zoo's vgg_cifar10 and models/vgg_cifar10/train.yaml, on synthetic binary batches
# written byte by byte here (the real set is not on the machine): ringdl data inspect describes the batches,
# ringdl train learns the pattern well above chance, ringdl evaluate reads the checkpoint back, the batches
# train with augmentation (models/vgg_cifar10/train-augmented.yaml), and a tfrecord copy of them decodes to the
# same features through the same transforms.
# Usage: cli_cifar_test.sh RINGDL_BINARY SOURCE_DIR
set -uo pipefail
ringdl=$1
src=$2
source "$(dirname "$0")/lib.sh"

if [ ! -x /usr/bin/python3 ]; then
  echo "python3 missing"
  exit 77
fi

# CIFAR-10's binary layout: per record 1 label byte (0..9), then 1024 red, 1024 green and 1024 blue bytes
# (32x32 planes, row-major). Each image is dark noise with one 10x10 square of its class's colour (plus
# noise) at a random place: learnable by a small convnet in a few epochs, chance is 10%.
batches=$work/cifar-10-batches-bin
mkdir -p "$batches"
/usr/bin/python3 - "$batches" <<'EOF'
import random, sys
out = sys.argv[1]
palette = [(230, 25, 75), (60, 180, 75), (255, 225, 25), (0, 130, 200), (245, 130, 48),
           (145, 30, 180), (70, 240, 240), (240, 50, 230), (250, 190, 212), (0, 0, 128)]
rng = random.Random(1)
def record(label):
    planes = [bytearray(rng.randrange(0, 128) for _ in range(1024)) for _ in range(3)]
    top, left = rng.randrange(0, 22), rng.randrange(0, 22)
    for c in range(3):
        for y in range(top, top + 10):
            for x in range(left, left + 10):
                planes[c][32 * y + x] = max(0, min(255, palette[label][c] + rng.randrange(-20, 21)))
    return bytes([label]) + b"".join(bytes(p) for p in planes)
for name, n in (("data_batch_1.bin", 300), ("data_batch_2.bin", 300), ("test_batch.bin", 200)):
    with open(out + "/" + name, "wb") as f:
        for i in range(n):
            f.write(record(rng.randrange(10)))
EOF
[ "$(stat -c %s "$batches/data_batch_1.bin")" = $((300 * 3073)) ] &&
  [ "$(stat -c %s "$batches/test_batch.bin")" = $((200 * 3073)) ] &&
  ok "wrote two 300-record training batches and a 200-record test batch" || bad "batches: $(ls -l "$batches")"

# inspect: one batch, then the training glob of the config.
label0=$(od -An -tu1 -N1 "$batches/data_batch_1.bin" | tr -d ' ')
"$ringdl" data inspect "$batches/data_batch_1.bin" --samples 2 >"$work/inspect1" 2>&1
grep -q "^$batches/data_batch_1.bin: 1 cifar10 shard" "$work/inspect1" &&
  grep -q "^records: 300 (counted)" "$work/inspect1" &&
  grep -q "CIFAR-10 binary batch, 3073-byte records (label, R, G, B planes)" "$work/inspect1" &&
  grep -q "^record 0 of data_batch_1.bin (byte 0, 3073-byte value): label $label0, features \[3,32,32\], values in \[0, " "$work/inspect1" &&
  grep -q "^record 1 of data_batch_1.bin (byte 3073, 3073-byte value): label [0-9], features \[3,32,32\]" "$work/inspect1" &&
  ok "inspect a CIFAR-10 batch: format, 300 records, the record layout, samples with label $label0 first" ||
  bad "inspect data_batch_1.bin: $(cat "$work/inspect1")"
"$ringdl" data inspect "$batches/data_batch_*.bin" --samples 1 >"$work/inspect2" 2>&1
grep -q "2 cifar10 shards (data_batch_1.bin ... data_batch_2.bin)" "$work/inspect2" &&
  grep -q "^records: 600 (counted); per shard: 300 300" "$work/inspect2" &&
  ok "inspect the training glob: 2 batches, 600 records" || bad "inspect data_batch_*.bin: $(cat "$work/inspect2")"

# train: the model's config, with the data paths and the length overridden (8 epochs of 5 iterations).
cfg=$src/models/vgg_cifar10/train.yaml
data=(--train_data="$batches/data_batch_*.bin" --test_data="$batches/test_batch.bin" --progress=off --threads=1)
"$ringdl" train "$cfg" "${data[@]}" --epochs=8 --validate_every=never --log_every=10 \
  --checkpoint_dir="$work/ckpt" --checkpoint_every=40 >"$work/train.log" 2>&1
acc=$(sed -n 's/^Test accuracy: \([0-9.]*\) after 40 iterations.*/\1/p' "$work/train.log")
grep -q "^RingDL training vgg_cifar10 (666538 parameters) on 600 records, validating on 200 (2 cifar10 shards in $batches/data_batch_\*.bin, validating on 1 cifar10 shard in $batches/test_batch.bin); normalize 0\.[0-9]*,0\.[0-9]*;" "$work/train.log" &&
  ok "train vgg_cifar10 on the batches: the log names the model, the records and the normalisation" ||
  bad "train log: $(head -3 "$work/train.log"; tail -3 "$work/train.log")"
python3 -c "import sys; sys.exit(0 if float('${acc:-0}') > 0.6 else 1)" &&
  ok "8 epochs on 600 synthetic records: test accuracy $acc (chance 0.1)" ||
  bad "test accuracy ${acc:-none}: $(tail -5 "$work/train.log")"

# evaluate the checkpoint: the run's saved test set and normalisation give the final accuracy again.
"$ringdl" evaluate "$work/ckpt" --threads=1 >"$work/eval.log" 2>&1
top1=$(sed -n 's/.*Top1Accuracy is Accuracy(correct: \([0-9]*\), count: 200.*/\1/p' "$work/eval.log" | head -1)
[ -n "$top1" ] && [ -n "$acc" ] && python3 -c "import sys; sys.exit(0 if abs($top1 / 200 - $acc) < 1e-9 else 1)" &&
  ok "evaluate the checkpoint on test_batch.bin: $top1 of 200, as at the end of training" ||
  bad "evaluate: $(cat "$work/eval.log")"

# A model for other input is refused before training, naming both shapes.
expect_fail "lenet5 on CIFAR-10 images names the shapes" \
  "the images have 3 channels but model lenet5 takes 1 (input shape 1x28x28): use a model for 3 channels, or data with 1 channel; they are also 32x32: resize them to 28x28" \
  "$ringdl" train "$cfg" "${data[@]}" --model=lenet5 --max_iterations=1 --batch_size=32 --normalize=none

# Augmentation as models/vgg_cifar10/train-augmented.yaml does it, on the batches themselves: random crops,
# flips and per-channel normalisation; validation uses the same pipeline without its random steps.
norm="Normalize(mean=\[0.4914, 0.4822, 0.4465\], std=\[0.247, 0.2435, 0.2616\])"
"$ringdl" train "$src/models/vgg_cifar10/train-augmented.yaml" --train_data="$batches/data_batch_*.bin" \
  --test_data="$batches/test_batch.bin" --progress=off --threads=1 --max_iterations=10 --validate_every=never \
  >"$work/augment.log" 2>&1
grep -q "on 600 records, validating on 200 (2 cifar10 shards \[RandomCrop(32x32, padding 4 constant) >> HorizontalFlip(p=0.5) >> ToTensor(scaled to \[0, 1\]) >> $norm\] in $batches/data_batch_\*.bin, validating on 1 cifar10 shard \[CenterCrop(32x32) >> ToTensor(scaled to \[0, 1\]) >> $norm\] in $batches/test_batch.bin); normalize none;" "$work/augment.log" &&
  grep -q "^Test accuracy: [0-9.]* after 10 iterations" "$work/augment.log" &&
  ok "train-augmented.yaml on the batches: random crops, flips, per-channel normalisation" ||
  bad "augmented training: $(head -3 "$work/augment.log"; tail -3 "$work/augment.log")"

# A batch converted to a tfrecord shard (raw pixels with their shape) goes through the same deterministic
# transforms to the same features: one shard each, records in file order (no shuffle buffer), the same loss.
"$ringdl" data convert --from "$batches/data_batch_1.bin" --from_format cifar10 --output "$work/tfr-train" \
  --format tfrecord --shards 1 >"$work/conv1" 2>&1 &&
  ok "convert the batches to a tfrecord shard" || bad "convert: $(cat "$work/conv1")"
same=(--progress=off --threads=1 --max_iterations=6 --validate_every=never --shuffle_buffer=0
  --transforms="hflip 1; to_tensor; normalize 0.5,0.5,0.5 0.25,0.25,0.25" --log_every=6)
"$ringdl" train "$cfg" --train_data="$batches/data_batch_1.bin" --test_data="$batches/test_batch.bin" "${same[@]}" \
  >"$work/same-bin.log" 2>&1
"$ringdl" train "$cfg" --train_format=tfrecord --train_data="$work/tfr-train" --test_data="$batches/test_batch.bin" \
  --test_format=cifar10 "${same[@]}" >"$work/same-tfr.log" 2>&1
loss_bin=$(grep -o 'Loss is [0-9][0-9.e+-]*' "$work/same-bin.log" | tail -1)
loss_tfr=$(grep -o 'Loss is [0-9][0-9.e+-]*' "$work/same-tfr.log" | tail -1)
[ -n "$loss_bin" ] && [ "$loss_bin" = "$loss_tfr" ] &&
  ok "a batch and its tfrecord copy train to the same loss through the same transforms ($loss_bin)" ||
  bad "same transforms: '$loss_bin' vs '$loss_tfr': $(tail -3 "$work/same-bin.log"; tail -3 "$work/same-tfr.log")"

# convert decodes CIFAR-10 records through --transforms too: a centre crop to 28x28 lands in an HDF5 file.
"$ringdl" data convert --from "$batches/data_batch_1.bin" --from_format cifar10 --transforms "center_crop 28; to_tensor" \
  --format hdf5 --output "$work/c28.h5" >"$work/c28.log" 2>&1 &&
  "$ringdl" data inspect "$work/c28.h5" 2>&1 | grep -q "/features: uint8 \[300, 3, 28, 28\]" &&
  ok "convert CIFAR-10 records through --transforms (a 28x28 centre crop into HDF5)" ||
  bad "convert with transforms: $(cat "$work/c28.log")"

finish
