#!/usr/bin/env bash
# Debian package descriptions labelled by their archive section, as text_csv part files for
# models/package_sections: reads apt's Packages lists (deb822 stanzas, plain or .lz4/.gz/.xz/.zst), one record a
# package, deduplicated, split into train and test by a hash of the source package. bash, awk and coreutils only
# (a fresh Debian has no python3), plus the decompressor of the lists given.
#
# Usage: models/package_sections/prepare.sh [-k CLASSES] [-t TEST_PERCENT] [-p PARTS] OUT_DIR [PACKAGES_FILE ...]
#   PACKAGES_FILE   apt lists (default: /var/lib/apt/lists/*_Packages*, as `apt-get update` leaves them)
#   -k CLASSES      keep the records of this many most frequent sections (default 20; ties by name)
#   -t TEST_PERCENT percent of the source packages whose records go to the test set (default 10)
#   -p PARTS        training part files (default 4)
# Writes OUT_DIR/train/part-00000.. (and _SUCCESS), OUT_DIR/test.csv, rows `section,"summary long description"`,
# and OUT_DIR/classes.txt (the kept sections in byte order, one a line: what `label_names: auto` gives), and prints
# the counts. The rules:
#   - text: the Description's summary line, then its long description's lines (" ." paragraph breaks dropped),
#     joined by single spaces, white space runs made one space; a tab or CR is white space;
#   - label: Section with any area prefix ("contrib/", "non-free/", "non-free-firmware/") removed;
#   - a package named again (in a later stanza or list: bookworm-updates, -security) keeps its first stanza;
#     a stanza without Package, Section or Description is left out and counted;
#   - packages in byte order of their names; one whose text equals an earlier one's, ignoring ASCII case, is a
#     duplicate and left out (whatever its section), so no text is in both sets or twice in one;
#   - split: a package's source (Source: without its version; else the package itself) hashed
#     (h = (h * 131 + byte) mod 4294967291), test when h mod 100 < TEST_PERCENT, so -dev, -doc and -dbg siblings
#     share a side;
#   - rows in the order of the same hash of the package name (a fixed shuffle), dealt to the parts in turn.
set -euo pipefail
export LC_ALL=C

usage() {
  sed -n 's/^# Usage: /usage: /p' "$0" >&2
  exit 2
}
die() {
  echo "prepare.sh: $*" >&2
  exit 1
}

classes=20
test_percent=10
parts=4
while getopts "k:t:p:h" opt; do
  case $opt in
    k) classes=$OPTARG ;;
    t) test_percent=$OPTARG ;;
    p) parts=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
out=$1
shift
[[ $classes =~ ^[1-9][0-9]*$ ]] || die "-k $classes: the class count must be a whole number of at least 1"
[[ $test_percent =~ ^[0-9]+$ ]] && [ "$test_percent" -ge 1 ] && [ "$test_percent" -le 99 ] ||
  die "-t $test_percent: the test share must be a whole percent from 1 to 99"
[[ $parts =~ ^[1-9][0-9]*$ ]] && [ "$parts" -le 99999 ] ||
  die "-p $parts: the part count must be a whole number from 1 to 99999"

lists=("$@")
if [ ${#lists[@]} -eq 0 ]; then
  shopt -s nullglob
  lists=(/var/lib/apt/lists/*_Packages /var/lib/apt/lists/*_Packages.{lz4,gz,xz,zst})
  shopt -u nullglob
  [ ${#lists[@]} -gt 0 ] ||
    die "no Packages lists in /var/lib/apt/lists (run apt-get update as root), or name Packages files after OUT_DIR"
fi

# Every list decompressed in turn, one stanza stream (a blank line between lists ends a stanza cut short).
decompress() {
  local f=$1 tool
  case $f in
    *.lz4) tool=lz4 ;;
    *.gz) tool=gzip ;;
    *.xz) tool=xz ;;
    *.zst) tool=zstd ;;
    *) tool=cat ;;
  esac
  [ -r "$f" ] || die "cannot read the Packages list $f"
  command -v "$tool" >/dev/null || die "$f needs $tool to decompress it (apt-get install $tool)"
  if [ "$tool" = cat ]; then cat -- "$f"; else "$tool" -dc -- "$f"; fi || die "cannot decompress $f with $tool"
  echo
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/package-sections.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# 1. Stanzas to "package TAB source TAB section TAB text" lines; what was left out goes to stderr as counts.
for f in "${lists[@]}"; do decompress "$f"; done | awk -v stats="$tmp/parse.stats" '
  function flush() {
    if (started) {
      if (pkg == "" || section == "" || !has_desc) incomplete++
      else if (pkg in seen) renamed++
      else {
        seen[pkg] = 1
        if (src == "") src = pkg
        sub(/^[^\/]*\//, "", section)
        gsub(/[ \t\r\f\v]+/, " ", text); sub(/^ /, "", text); sub(/ $/, "", text)
        if (text == "") empty++
        else print pkg "\t" src "\t" section "\t" text
      }
    }
    started = 0; pkg = ""; src = ""; section = ""; text = ""; has_desc = 0; field = ""
  }
  /^[ \t\r]*$/ { flush(); next }
  /^[ \t]/ {  # a continuation line of the field above
    if (field == "Description") {
      line = $0; sub(/^[ \t]/, "", line)
      if (line != ".") text = text " " line
    }
    next
  }
  {
    started = 1
    i = index($0, ":")
    if (i == 0) { field = ""; next }
    field = substr($0, 1, i - 1); value = substr($0, i + 1)
    gsub(/^[ \t]+|[ \t\r]+$/, "", value)
    if (field == "Package") pkg = value
    else if (field == "Source") { src = value; sub(/[ \t].*/, "", src) }
    else if (field == "Section") section = value
    else if (field == "Description") { text = value; has_desc = 1 }
  }
  END {
    flush()
    printf "%d %d %d\n", incomplete, renamed, empty > stats
  }' >"$tmp/packages.tsv"
read -r incomplete renamed empty <"$tmp/parse.stats"
packages=$(wc -l <"$tmp/packages.tsv")
[ "$packages" -gt 0 ] || die "no package with a Package, a Section and a Description in ${lists[*]}"

# 2. Byte order of names, texts deduplicated ignoring ASCII case; the K most frequent sections (ties by name).
sort -t "$(printf '\t')" -k1,1 "$tmp/packages.tsv" |
  awk -F '\t' '{ key = tolower($4); if (key in seen) next; seen[key] = 1; print }' >"$tmp/unique.tsv"
unique=$(wc -l <"$tmp/unique.tsv")
cut -f3 "$tmp/unique.tsv" | sort | uniq -c | sort -k1,1nr -k2,2 | head -n "$classes" |
  awk '{ print $2 }' | sort >"$tmp/classes.txt"
kept_classes=$(wc -l <"$tmp/classes.txt")

# 3. The split by the source's hash, the rows ordered by the package's hash, CSV with the text quoted.
mkdir -p "$out/train"
rm -f "$out"/train/part-* "$out/train/_SUCCESS" "$out/test.csv"
cp "$tmp/classes.txt" "$out/classes.txt"
awk -F '\t' -v test_percent="$test_percent" -v classes="$tmp/classes.txt" '
  BEGIN {
    for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i
    while ((getline c < classes) > 0) keep[c] = 1
  }
  function hash(s,    h, i) {
    h = 0
    for (i = 1; i <= length(s); i++) h = (h * 131 + ord[substr(s, i, 1)]) % 4294967291
    return h
  }
  $3 in keep {
    text = $4; gsub(/"/, "\"\"", text)
    printf "%s\t%s\t%010.0f\t%s\t%s,\"%s\"\n", (hash($2) % 100 < test_percent ? "test" : "train"), $3, hash($1), $1,
      $3, text
  }' "$tmp/unique.tsv" | sort -t "$(printf '\t')" -k1,1 -k3,3 -k4,4 >"$tmp/rows.tsv"
awk -F '\t' -v out="$out" -v parts="$parts" '
  $1 == "test" { print $5 > (out "/test.csv"); next }
  { printf "%s\n", $5 > sprintf("%s/train/part-%05d", out, n++ % parts) }' "$tmp/rows.tsv"
train=$(awk -F '\t' '$1 == "train"' "$tmp/rows.tsv" | wc -l)
test=$(awk -F '\t' '$1 == "test"' "$tmp/rows.tsv" | wc -l)
[ "$train" -gt 0 ] || die "no training record: every source package hashed into the test share ($test_percent%)"
[ "$test" -gt 0 ] || die "no test record: no source package hashed into the test share ($test_percent%)"
for ((i = 0; i < parts; i++)); do  # a part left empty (fewer records than parts) is still there
  f=$(printf '%s/train/part-%05d' "$out" "$i")
  [ -e "$f" ] || : >"$f"
done
touch "$out/train/_SUCCESS"

echo "packages: $packages from ${#lists[@]} list(s) ($incomplete stanzas without Package, Section or" \
  "Description, $renamed repeated names, $empty empty descriptions left out)"
echo "unique texts: $unique ($((packages - unique)) duplicates left out)"
echo "classes: $kept_classes of $(cut -f3 "$tmp/unique.tsv" | sort -u | wc -l) sections, $((train + test)) records:" \
  "$(tr '\n' ' ' <"$out/classes.txt")"
echo "train: $train records in $parts parts ($out/train), test: $test ($out/test.csv), split by source package"
