#!/usr/bin/env bash
# ringdl train across ranks as a user meets it under mpirun: one voice for the job, checkpoints that move
# between world sizes, ranks that disagree, and a rank that fails ending the whole job.
# Usage: cli_dist_test.sh RINGDL_BINARY SOURCE_DIR MPIEXEC
set -uo pipefail
ringdl=$1
src=$2
mpiexec=$3
source "$(dirname "$0")/lib.sh"
# CI runs as root on a 2-core machine.
mpi=("$mpiexec" --allow-run-as-root --oversubscribe --bind-to none)
fm=/usr/share/datasets/fashion-mnist
if [ ! -f "$fm/train-images-idx3-ubyte.gz" ]; then
  echo "Fashion-MNIST missing (apt-get install dataset-fashion-mnist)"
  exit 77
fi
cfg=$src/models/lenet5/train.yaml
small=(--epochs=0 --log_every=4 --validate_every=4 --progress=off --batch_size=64 --threads=1 --bucket_mb=0.01)

# 2 ranks, 8 iterations, sharded optimizer state, checkpoint at 8.
"${mpi[@]}" -np 2 "$ringdl" train "$cfg" "${small[@]}" --max_iterations=8 --momentum=0.9 \
  --shard_optimizer_state=true --checkpoint_dir="$work/ckpt2" --checkpoint_every=8 >"$work/two.log" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q "Data-parallel on 2 ranks" "$work/two.log" &&
  [ "$(grep -c '^Test accuracy: ' "$work/two.log")" -eq 1 ] &&
  [ "$(grep -c 'Iteration 8\]\[Wall Clock .*Top1Accuracy is Accuracy(correct: [0-9]*, count: 10000' "$work/two.log")" -eq 1 ] &&
  ok "2 ranks train, validate over the whole test set, and rank 0 alone logs" ||
  bad "2 ranks (exit $rc): $(tail -5 "$work/two.log")"
[ -f "$work/ckpt2/checkpoint.8.ringdl" ] && ok "rank 0 writes the checkpoint" || bad "no checkpoint: $(ls "$work/ckpt2" 2>&1)"

# That checkpoint resumed on 1 rank and on 3.
"$ringdl" train --resume "$work/ckpt2" --max_iterations=12 >"$work/one.log" 2>&1 &&
  grep -q "at epoch 1, iteration 8" "$work/one.log" && grep -q "^Test accuracy: .* after 12 iterations" "$work/one.log" &&
  ok "a 2-rank checkpoint resumes on 1 rank" || bad "resume on 1: $(tail -3 "$work/one.log")"
"${mpi[@]}" -np 3 "$ringdl" train --resume "$work/ckpt2" --max_iterations=12 >"$work/three.log" 2>&1 &&
  grep -q "Data-parallel on 3 ranks" "$work/three.log" &&
  grep -q "^Test accuracy: .* after 12 iterations" "$work/three.log" &&
  ok "a 2-rank checkpoint resumes on 3 ranks" || bad "resume on 3: $(tail -3 "$work/three.log")"

# Ranks given different configs refuse to train together, on every rank.
"${mpi[@]}" -np 1 "$ringdl" train "$cfg" "${small[@]}" --max_iterations=2 --learning_rate=0.01 : \
  -np 1 "$ringdl" train "$cfg" "${small[@]}" --max_iterations=2 --learning_rate=0.02 >"$work/mix.log" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "disagree" "$work/mix.log" && grep -q "rank 1's run config differs from rank 0's" "$work/mix.log" &&
  ok "ranks with different configs stop with the reason" || bad "config mismatch (exit $rc): $(tail -5 "$work/mix.log")"

# A rank that fails ends the job at once, saying which rank and why (not after the 600 s timeout).
"${mpi[@]}" -np 1 "$ringdl" train "$cfg" "${small[@]}" --max_iterations=2 : \
  -np 1 "$ringdl" train "$cfg" "${small[@]}" --max_iterations=2 --train_images=/nonexistent/train.gz \
  >"$work/fail.log" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "error on rank 1 of 2: .*/nonexistent/train.gz" "$work/fail.log" &&
  ok "a failing rank ends every rank with its message" || bad "failing rank (exit $rc): $(tail -5 "$work/fail.log")"

finish
