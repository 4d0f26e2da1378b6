#!/usr/bin/env bash
# Checks the dependency direction tensor <- nn <- optim <- dist <- tools (data on tensor only; io on nn and
# optim) by reading every #include "ringdl/..." in include/ and src/, and that MPI, protobuf and OpenCV headers
# stay in their modules. Usage: layering_test.sh SOURCE_DIR
set -uo pipefail
root=$1
declare -A allowed=(
  [util]="util"
  [tensor]="util tensor"
  [data]="util tensor data"
  [nn]="util tensor nn"
  [models]="util tensor nn models"
  [optim]="util tensor nn data optim"
  [io]="util tensor nn optim io proto"
  [dist]="util tensor nn data optim io dist"
)
failures=0
check_file() {  # file module
  local file=$1 module=$2 dep
  while read -r dep; do
    [[ " ${allowed[$module]} " == *" $dep "* ]] && continue
    echo "FAIL: $file ($module) includes ringdl/$dep"
    failures=$((failures + 1))
  done < <(sed -n 's|^#include "ringdl/\([a-z_]*\)[/.].*|\1|p' "$file" | sort -u)
}
for module in "${!allowed[@]}"; do
  for dir in "$root/include/ringdl/$module" "$root/src/$module"; do
    [ -d "$dir" ] || continue
    while IFS= read -r f; do check_file "$f" "$module"; done < <(find "$dir" -name '*.h' -o -name '*.cpp')
  done
done
while IFS= read -r f; do check_file "$f" models; done < <(find "$root/models" -name '*.cpp')
# Umbrella headers (include/ringdl/<module>.h) belong to their module.
for module in "${!allowed[@]}"; do
  [ -f "$root/include/ringdl/$module.h" ] && check_file "$root/include/ringdl/$module.h" "$module"
done
if grep -rln '#include <mpi.h>' "$root/include" "$root/src" "$root/tools" "$root/models" 2>/dev/null | grep -v '/dist/'; then
  echo "FAIL: <mpi.h> outside dist/"; failures=$((failures + 1))
fi
if grep -rln 'google/protobuf\|\.pb\.h' "$root/include" 2>/dev/null; then
  echo "FAIL: protobuf in a public header"; failures=$((failures + 1))
fi
if grep -rln 'google/protobuf\|\.pb\.h' "$root/src" 2>/dev/null | grep -v '/src/io/'; then
  echo "FAIL: protobuf outside src/io"; failures=$((failures + 1))
fi
if grep -rln 'opencv2/' "$root/include" 2>/dev/null; then
  echo "FAIL: OpenCV in a public header (images are bytes and Tensors in the API)"; failures=$((failures + 1))
fi
if grep -rln 'opencv2/' "$root/src" "$root/tools" "$root/models" 2>/dev/null | grep -v '/src/data/'; then
  echo "FAIL: OpenCV outside src/data"; failures=$((failures + 1))
fi
echo "$((failures == 0 ? 1 : 0)) passed, $((failures > 0 ? 1 : 0)) failed"
[ $failures -eq 0 ]
