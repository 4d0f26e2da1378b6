#!/usr/bin/env bash
# Installs the built RingDL into a scratch prefix, then configures, builds and runs the consumer project
# against it with find_package(RingDL), and runs the installed ringdl command with no LD_LIBRARY_PATH, from the
# prefix and from a copy of it moved elsewhere. Usage: run.sh RINGDL_BUILD_DIR WORK_DIR
set -euo pipefail
build=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$here" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/build" >/dev/null
LD_LIBRARY_PATH="$work/prefix/lib:${LD_LIBRARY_PATH:-}" "$work/build/train_xor" | tail -3
LD_LIBRARY_PATH="$work/prefix/lib:${LD_LIBRARY_PATH:-}" "$work/build/dist_check"
# The installed command finds its libraries through its RPATH ($ORIGIN/../lib), wherever the prefix lives.
if [ -e "$work/prefix/bin/ringdl" ]; then
  for prefix in "$work/prefix" "$work/moved/elsewhere"; do
    if [ "$prefix" != "$work/prefix" ]; then
      mkdir -p "$(dirname "$prefix")"
      cp -a "$work/prefix" "$prefix"
    fi
    out=$(env -u LD_LIBRARY_PATH "$prefix/bin/ringdl" --help 2>&1) || {
      echo "consumer: FAIL: $prefix/bin/ringdl --help failed without LD_LIBRARY_PATH:" >&2
      echo "$out" >&2
      exit 1
    }
    grep -q "train" <<<"$out" || {
      echo "consumer: FAIL: $prefix/bin/ringdl --help does not list the train subcommand:" >&2
      echo "$out" >&2
      exit 1
    }
  done
  echo "consumer: installed ringdl runs from its prefix and from a moved copy, without LD_LIBRARY_PATH"
fi
