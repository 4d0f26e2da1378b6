#!/usr/bin/env bash
# Proves the README on a pristine Debian 12: makes a fresh root with mmdebstrap, copies this source tree (and
# ../shared when it exists) into it, and runs there, as root and with nothing else prepared, the README's test
# command (scripts/run-tests.sh) and its main job for one epoch (scripts/train-lenet5.sh --epochs=1), checking
# the printed test accuracy. Everything it made is unmounted and removed on exit, failure and interrupt included.
#
# Usage (as root): scripts/check-fresh-debian.sh [--keep] [-- ARGS FOR run-tests.sh]
#   --keep                  leave the root in place for a look (its path is printed; the mounts are undone
#                           all the same, so a plain rm -rf removes it)
# Environment:
#   RINGDL_FRESH_DIR        where to make the root (default: a new directory under /var/tmp)
#   RINGDL_FRESH_MIRROR     Debian mirror for mmdebstrap (default: mmdebstrap's, deb.debian.org)
#   RINGDL_FRESH_MIN_ACCURACY  lowest accepted one-epoch test accuracy, a fraction (default 0.80; one epoch
#                           reaches ~0.84)
#   RINGDL_FRESH_CCACHE     a compiler cache directory on this machine kept from one check to the next
#                           (default /var/cache/ringdl-fresh-ccache; empty: none, a cold build). The root then
#                           gets Debian's ccache package, the one thing the README does not install, and the
#                           build goes through it (CMAKE_CXX_COMPILER_LAUNCHER), which cuts a ~20 min build to
#                           a few minutes when few sources changed. A cache hit gives the object file the
#                           compiler gave for the same preprocessed source and flags, so a header or package
#                           missing from the root still fails the build.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
keep=0
if [ "${1:-}" = --keep ]; then
  keep=1
  shift
fi
[ "${1:-}" = -- ] && shift
min_accuracy=${RINGDL_FRESH_MIN_ACCURACY:-0.80}

say() { echo "check-fresh-debian: $*"; }
die() {
  echo "check-fresh-debian: FAIL: $*" >&2
  exit 1
}

[ "$(id -u)" -eq 0 ] || die "needs root (mmdebstrap, chroot and bind mounts); run it with sudo"
if ! command -v mmdebstrap >/dev/null; then
  say "installing mmdebstrap on this machine (not in the root)"
  DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mmdebstrap >/dev/null
fi

work=${RINGDL_FRESH_DIR:-$(mktemp -d /var/tmp/ringdl-fresh.XXXXXX)}
mkdir -p "$work"
rootfs=$work/root
mounted=()  # mount points inside $rootfs, in the order they were made

cleanup() {
  local status=$?
  set +e
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount -R "${mounted[i]}" 2>/dev/null || umount -R -l "${mounted[i]}"
  done
  # Never delete through a mount that is still there.
  if grep -q " $rootfs/" /proc/mounts; then
    echo "check-fresh-debian: mounts under $rootfs remain; not removing it" >&2
  elif [ "$keep" = 1 ]; then
    say "kept $rootfs"
  else
    rm -rf --one-file-system "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start=$SECONDS
say "making a fresh Debian 12 root in $rootfs"
ccache_dir=${RINGDL_FRESH_CCACHE-/var/cache/ringdl-fresh-ccache}
mmdebstrap --quiet --variant=apt ${ccache_dir:+--include=ccache} bookworm "$rootfs" \
  ${RINGDL_FRESH_MIRROR:+"$RINGDL_FRESH_MIRROR"}
say "root made in $((SECONDS - start)) s"

# The source tree as a fresh clone would have it: tracked and untracked files, no build output or ignored files.
dest=/src/ringdl
mkdir -p "$rootfs$dest"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$src" && git ls-files -z --cached --others --exclude-standard |
    tar --null --no-recursion -cf - -T - ) | tar -xf - -C "$rootfs$dest"
  cp -a "$src/.git" "$rootfs$dest/.git"
else
  tar -C "$src" --exclude='./build*' -cf - . | tar -xf - -C "$rootfs$dest"
fi
if [ -d "$src/../shared" ]; then
  mkdir -p "$rootfs/src/shared"
  cp -a "$src/../shared/." "$rootfs/src/shared/"
fi

# The machine's /proc, /sys and /dev, recursively (so /sys/fs/cgroup, /dev/pts and /dev/shm come too: slurmd
# needs the cgroup file system, Open MPI shared memory), as slaves so that nothing unmounted here propagates back.
for m in /proc /sys /dev; do
  mkdir -p "$rootfs$m"
  mount --rbind "$m" "$rootfs$m"
  mounted+=("$rootfs$m")
  mount --make-rslave "$rootfs$m"
done

# The compiler cache, kept on this machine (see RINGDL_FRESH_CCACHE above).
cache_env=()
if [ -n "$ccache_dir" ]; then
  mkdir -p "$ccache_dir" "$rootfs/var/cache/ringdl-ccache"
  mount --bind "$ccache_dir" "$rootfs/var/cache/ringdl-ccache"
  mounted+=("$rootfs/var/cache/ringdl-ccache")
  cache_env=(CCACHE_DIR=/var/cache/ringdl-ccache CCACHE_BASEDIR=/src CCACHE_MAXSIZE=5G
    CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache)
  say "compiler cache: $ccache_dir"
fi

# Inside: root, a clean environment, nothing but what the README says to run.
in_root() {
  chroot "$rootfs" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb "${cache_env[@]}" \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin /bin/bash -c "$1"
}

say "README test command: scripts/run-tests.sh $*"
t=$SECONDS
tests_log=$work/tests.log
in_root "cd $dest && scripts/run-tests.sh $(printf '%q ' "$@")" 2>&1 | tee "$tests_log" ||
  die "scripts/run-tests.sh failed in the fresh root"
# A fresh machine set up by the README must run every test: a skipped one means a missing install step.
if grep -E '\*\*\*Skipped|\(Skipped\)|Not Run' "$tests_log" >/dev/null; then
  grep -E '\*\*\*Skipped|Not Run' "$tests_log" >&2
  die "tests were skipped on the fresh machine (above); scripts/install-deps.sh is missing what they need"
fi
say "tests passed in $((SECONDS - t)) s"

say "README main job: scripts/train-lenet5.sh --epochs=1"
t=$SECONDS
log=$work/train.log
in_root "cd $dest && scripts/train-lenet5.sh --epochs=1" 2>&1 | tee "$log" ||
  die "scripts/train-lenet5.sh failed in the fresh root"
accuracy=$(sed -n 's/^Test accuracy: \([0-9][0-9.eE+-]*\) .*/\1/p' "$log" | tail -n 1)
[ -n "$accuracy" ] || die "scripts/train-lenet5.sh printed no line 'Test accuracy: A after ...'"
awk -v a="$accuracy" -v m="$min_accuracy" 'BEGIN { exit !(a + 0 >= m + 0) }' ||
  die "one epoch of LeNet-5 reached a test accuracy of $accuracy, below $min_accuracy"
say "main job: test accuracy $accuracy after one epoch ($((SECONDS - t)) s)"
say "the README holds on a fresh Debian 12 ($((SECONDS - start)) s in all)"
