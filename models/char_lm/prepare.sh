#!/usr/bin/env bash
# The character language models' text: Python's standard library source (the top-level modules of
# /usr/lib/python3.11, Debian's libpython3.11-minimal and libpython3.11-stdlib), the files in byte order of their
# names, concatenated, cut to the first BYTES bytes at a line break, then split by lines into contiguous
# train (90%), valid (5%) and test (5%) parts. Deterministic: the same Python package gives the same files.
# Usage: models/char_lm/prepare.sh [OUT_DIR] [SOURCE_DIR]   (default: data/char_lm, /usr/lib/python3.11)
# Environment: BYTES (2000000).
set -euo pipefail
out=${1:-data/char_lm}
src=${2:-/usr/lib/python3.11}
bytes=${BYTES:-2000000}
export LC_ALL=C
[ -f "$src/os.py" ] || {
  echo "prepare.sh: $src/os.py not found: give the directory of Python's standard library (apt-get install" \
    "python3.11)" >&2
  exit 1
}
mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/char_lm.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# Byte order of the names (LC_ALL=C), so every machine concatenates the same way.
find "$src" -maxdepth 1 -type f -name '*.py' -print0 | sort -z | xargs -0 cat >"$tmp/all"
head -c "$bytes" "$tmp/all" >"$tmp/cut"
lines=$(wc -l <"$tmp/cut")  # whole lines only: a line cut by head -c has no line break and is not counted
head -n "$lines" "$tmp/cut" >"$tmp/corpus"
train=$((lines * 90 / 100))
valid=$((lines * 5 / 100))
head -n "$train" "$tmp/corpus" >"$out/train.txt"
head -n "$((train + valid))" "$tmp/corpus" | tail -n "$valid" >"$out/valid.txt"
tail -n +"$((train + valid + 1))" "$tmp/corpus" >"$out/test.txt"
for part in train valid test; do
  printf '%s: %s lines, %s bytes, sha256 %s\n' "$out/$part.txt" "$(wc -l <"$out/$part.txt")" \
    "$(wc -c <"$out/$part.txt")" "$(sha256sum "$out/$part.txt" | cut -d' ' -f1)"
done
