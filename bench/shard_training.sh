#!/usr/bin/env bash
# Training throughput of LeNet-5 on Fashion-MNIST fed from shard files against the IDX arrays in memory, in one
# run: the same training (batch 128, same normalisation) from IDX, SequenceFile shards (block-compressed and
# uncompressed) and TFRecord shards (gzipped and plain), each in several rounds taken in rotating order so that
# other work on the machine falls on every source alike. Prints steady-state records/second per source (median over the
# rounds) and each shard source's ratio to IDX.
# Usage: bench/shard_training.sh [RINGDL_BINARY]   (default: builds ringdl in $RINGDL_BENCH_BUILD_DIR or
# build-bench)
# Environment: ITERATIONS (938, two epochs), LOG_EVERY (50), WARMUP (2 log windows left out), ROUNDS (3),
# THREADS (1: BLAS threads; the reading thread comes on top), LOG_DIR (keep the logs and shards there).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
iterations=${ITERATIONS:-938}
log_every=${LOG_EVERY:-50}
warmup=${WARMUP:-2}
rounds=${ROUNDS:-3}
threads=${THREADS:-1}
[ $((iterations / log_every)) -gt "$warmup" ] ||
  { echo "shard_training.sh: ITERATIONS=$iterations leaves no log window of $log_every after WARMUP=$warmup" >&2; exit 2; }

if [ $# -ge 1 ]; then
  bin=$(realpath "$1")
else
  build=${RINGDL_BENCH_BUILD_DIR:-$root/build-bench}
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DRINGDL_NATIVE=ON -DRINGDL_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build" -j 2 --target ringdl_cli >"$build/build.log" 2>&1 || { cat "$build/build.log"; exit 1; }
  bin=$build/tools/ringdl
fi
[ -x "$bin" ] || { echo "shard_training.sh: no ringdl binary at $bin" >&2; exit 1; }
fm=/usr/share/datasets/fashion-mnist
[ -f "$fm/train-images-idx3-ubyte.gz" ] || { echo "Fashion-MNIST missing (apt-get install dataset-fashion-mnist)" >&2; exit 1; }

cores=$(getconf _NPROCESSORS_ONLN)
load=$(cut -d' ' -f1 /proc/loadavg)  # other work on the machine skews every figure; say how much there was
if [ -n "${LOG_DIR:-}" ]; then
  dir=$LOG_DIR
  mkdir -p "$dir"
else
  dir=$(mktemp -d "${TMPDIR:-/tmp}/ringdl-shards.XXXXXX")
  trap 'rm -rf "$dir"' EXIT
fi

idx=(--images "$fm/train-images-idx3-ubyte.gz" --labels "$fm/train-labels-idx1-ubyte.gz")
"$bin" data convert "${idx[@]}" --output "$dir/seq" --format sequencefile --shards 4 --compression block --force >/dev/null
"$bin" data convert "${idx[@]}" --output "$dir/seq-plain" --format sequencefile --shards 4 --force >/dev/null
"$bin" data convert "${idx[@]}" --output "$dir/tfr-gz" --format tfrecord --shards 4 --compression gzip --force >/dev/null
"$bin" data convert "${idx[@]}" --output "$dir/tfr" --format tfrecord --shards 4 --force >/dev/null

# Fixed normalisation (the training set's, as normalize: auto finds it) so that no source spends a pass on it;
# validation off and the final evaluation on the IDX test set, outside the measured windows.
# shellcheck disable=SC2054  # the comma is normalize's MEAN,STD, not an array separator
common=("$root/models/lenet5/train.yaml" --batch_size=128 --epochs=0 --max_iterations="$iterations"
        --validate_every=never --log_every="$log_every" --progress=off --threads="$threads"
        --normalize=0.286040602,0.35302425 --test_format=idx)
declare -A source_args=(
  [idx]=""
  [seq]="--train_format=sequencefile --train_data=$dir/seq"
  [seq-plain]="--train_format=sequencefile --train_data=$dir/seq-plain"
  [tfr-gz]="--train_format=tfrecord --train_data=$dir/tfr-gz"
  [tfr]="--train_format=tfrecord --train_data=$dir/tfr"
)
names=(idx seq seq-plain tfr-gz tfr)
declare -A label=(
  [idx]="IDX arrays in memory"
  [seq]="SequenceFile, 4 block-compressed shards"
  [seq-plain]="SequenceFile, 4 uncompressed shards"
  [tfr-gz]="TFRecord, 4 gzipped shards"
  [tfr]="TFRecord, 4 plain shards"
)

# Records/second over the log windows after the first $warmup: total records over total seconds.
steady() {
  sed -n 's/.*Trained \([0-9]*\) records in \([0-9.]*\) seconds.*/\1 \2/p' "$1" |
    awk -v skip="$warmup" 'NR > skip { r += $1; s += $2 } END { if (s > 0) printf "%.0f", r / s; else print 0 }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else printf "%.0f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A results
for ((round = 0; round < rounds; ++round)); do
  for ((k = 0; k < ${#names[@]}; ++k)); do
    name=${names[$(((k + round) % ${#names[@]}))]}
    log="$dir/$name.$round.log"
    # shellcheck disable=SC2086  # source_args holds several words on purpose
    "$bin" train "${common[@]}" ${source_args[$name]} >"$log" 2>&1 ||
      { cat "$log"; echo "shard_training.sh: $name failed" >&2; exit 1; }
    results[$name]="${results[$name]:-} $(steady "$log")"
  done
done

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $cores cores, load average $load before the runs"
echo "LeNet-5, Fashion-MNIST, batch 128, $threads BLAS thread(s), $iterations iterations, $rounds rounds;" \
  "records/second over the log windows of $log_every iterations after the first $warmup"
base=$(echo "${results[idx]}" | tr ' ' '\n' | grep . | median)
printf '%-42s %12s %8s   %s\n' source "records/s" "vs IDX" "rounds"
for name in "${names[@]}"; do
  m=$(echo "${results[$name]}" | tr ' ' '\n' | grep . | median)
  printf '%-42s %12s %7.1f%%  %s\n' "${label[$name]}" "$m" "$(awk -v a="$m" -v b="$base" 'BEGIN { print (b > 0 ? 100 * a / b : 0) }')" \
    "${results[$name]# }"
done
