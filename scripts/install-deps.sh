#!/usr/bin/env bash
# Installs the Debian packages RingDL builds, tests and benchmarks with (only those missing). Needs root or sudo.
set -euo pipefail
packages=(
  build-essential cmake pkg-config
  libopenblas-dev libeigen3-dev libprotobuf-dev protobuf-compiler zlib1g-dev libisal-dev libdnnl-dev ocl-icd-opencl-dev
  libopenmpi-dev openmpi-bin libhdf5-dev libopencv-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev libyaml-cpp-dev
  dataset-fashion-mnist
  python3  # the CLI tests write their PNG folders, CIFAR-10 batches and checks with its standard library
  lz4  # models/package_sections/prepare.sh reads apt lists kept compressed (Acquire::GzipIndexes, as in Docker images)
)
# Only to regenerate the PyTorch fixtures (tests/fixtures/gen_*.py; gen_images.py needs torchvision).
if [ "${RINGDL_WITH_TORCH:-0}" = 1 ]; then packages+=(python3-torch python3-numpy python3-torchvision); fi
# Only to regenerate tests/fixtures/tfrecord (tests/fixtures/gen_tf_examples.py); the tests use the committed files.
if [ "${RINGDL_WITH_PYPROTOBUF:-0}" = 1 ]; then packages+=(python3-protobuf); fi
# Only to regenerate tests/fixtures/hdf5 (tests/fixtures/gen_hdf5.py); the tests use the committed file.
if [ "${RINGDL_WITH_H5PY:-0}" = 1 ]; then packages+=(python3-h5py); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The package lists themselves are data: models/package_sections (and its test) reads the descriptions in them.
shopt -s nullglob
lists=(/var/lib/apt/lists/*_Packages*)
shopt -u nullglob
if [ ${#missing[@]} -eq 0 ] && [ ${#lists[@]} -gt 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
[ ${#missing[@]} -gt 0 ] || echo "install-deps: no package lists in /var/lib/apt/lists; fetching them"
"${sudo_cmd[@]}" apt-get update -q
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
