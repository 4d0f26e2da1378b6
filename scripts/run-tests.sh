#!/usr/bin/env bash
# Sets everything up, builds RingDL with its tests and runs the whole suite with ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" -DRINGDL_BUILD_TESTS=ON -DRINGDL_BUILD_BENCH=ON
cd "${RINGDL_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j 2 "$@"
