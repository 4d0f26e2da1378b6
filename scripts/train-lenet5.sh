#!/usr/bin/env bash
# The main job: sets everything up, then trains LeNet-5 on Fashion-MNIST and prints the test accuracy.
# Extra arguments are config overrides, e.g. scripts/train-lenet5.sh --epochs=2
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" -DRINGDL_BUILD_TESTS=OFF -DRINGDL_BUILD_BENCH=OFF
build=${RINGDL_BUILD_DIR:-$root/build}
exec "$build/tools/ringdl" train "$root/models/lenet5/train.yaml" "$@"
