// Writes IDX images and labels as an HDF5 file for the CLI tests (CI has no h5py): /features [N, 1, 28, 28]
// float32 holding pixel / 255 (exactly the values loadIdxDataSet gives) and /labels [N] int64.
// Usage: write_hdf5 IMAGES LABELS OUT.h5 [N (default: all records)]
#include <hdf5.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "ringdl/data/idx_data_set.h"
#include "ringdl/util/error.h"

namespace {

bool writeDataset(hid_t file, const char* name, hid_t fileType, hid_t memType,
                  const std::vector<hsize_t>& dims, const void* data) {
  const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
  const hid_t set = H5Dcreate2(file, name, fileType, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  const bool ok = set >= 0 && H5Dwrite(set, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) >= 0;
  if (set >= 0) H5Dclose(set);
  H5Sclose(space);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || argc > 5) {
    std::fprintf(stderr, "usage: %s IMAGES LABELS OUT.h5 [N]\n", argv[0]);
    return 2;
  }
  try {
    const ringdl::LabeledData<float> data = ringdl::loadIdxDataSet<float>(argv[1], argv[2]);
    int64_t n = data.size();
    if (argc == 5) n = std::min<int64_t>(n, std::atoll(argv[4]));
    const ringdl::Tensor<float> x = data.features.narrow(0, 0, n).contiguous();
    std::vector<int64_t> y(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) y[static_cast<size_t>(i)] = static_cast<int64_t>(data.labels.data()[i]);
    std::vector<hsize_t> dims;
    for (int64_t d : x.shape()) dims.push_back(static_cast<hsize_t>(d));
    const hid_t file = H5Fcreate(argv[3], H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (file < 0) {
      std::fprintf(stderr, "cannot create %s\n", argv[3]);
      return 1;
    }
    const bool ok =
        writeDataset(file, "/features", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, dims, x.data()) &&
        writeDataset(file, "/labels", H5T_STD_I64LE, H5T_NATIVE_INT64, {static_cast<hsize_t>(n)}, y.data());
    H5Fclose(file);
    if (!ok) {
      std::fprintf(stderr, "cannot write the datasets of %s\n", argv[3]);
      return 1;
    }
    std::printf("wrote %lld records to %s\n", static_cast<long long>(n), argv[3]);
  } catch (const ringdl::Error& e) {
    std::fprintf(stderr, "%s\n", e.message().c_str());
    return 1;
  }
  return 0;
}
