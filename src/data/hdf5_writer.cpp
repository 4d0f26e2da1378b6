// HDF5 files written row by row through the C API: extensible datasets chunked by rows, rows buffered a chunk
// at a time and written as hyperslabs, HDF5's error printing silenced and its failures turned into errors.
#include "ringdl/data/hdf5_writer.h"

#include <hdf5.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <utility>
#include <vector>

#include "detail/hdf5_lock.h"
#include "ringdl/data/pixel_bytes.h"
#include "ringdl/data/record_decoder.h"
#include "ringdl/util/error.h"

namespace ringdl {

namespace {

using detail::Hdf5Calls;

std::string why(const std::string& what) {
  const std::string hdf5 = Hdf5Calls::lastError();
  return hdf5.empty() ? what : what + " (HDF5: " + hdf5 + ")";
}

// An HDF5 identifier closed by the matching H5*close.
class Id {
 public:
  Id() = default;
  Id(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Id() { reset(); }
  Id(Id&& o) noexcept : id_(std::exchange(o.id_, H5I_INVALID_HID)), close_(o.close_) {}
  Id& operator=(Id&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = std::exchange(o.id_, H5I_INVALID_HID);
      close_ = o.close_;
    }
    return *this;
  }
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  // Closes; false if HDF5 reports a failure (e.g. flushing the file).
  bool reset() {
    bool ok = true;
    if (id_ >= 0 && close_) ok = close_(id_) >= 0;
    id_ = H5I_INVALID_HID;
    return ok;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
  herr_t (*close_)(hid_t) = nullptr;
};

std::string absolute(const std::string& name) { return !name.empty() && name[0] == '/' ? name : "/" + name; }

// An extensible dataset [0, dims...] chunked by `chunkRows` rows.
Id createDataset(hid_t file, const std::string& path, const std::string& name, hid_t type, const Shape& row,
                 int64_t chunkRows, int deflate) {
  std::vector<hsize_t> dims{0}, maxDims{H5S_UNLIMITED}, chunk{static_cast<hsize_t>(chunkRows)};
  for (int64_t d : row) {
    dims.push_back(static_cast<hsize_t>(d));
    maxDims.push_back(static_cast<hsize_t>(d));
    chunk.push_back(static_cast<hsize_t>(d));
  }
  Id space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), maxDims.data()), H5Sclose);
  Id create(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  Id links(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  bool ok = space.valid() && create.valid() && links.valid() &&
            H5Pset_chunk(create.get(), static_cast<int>(chunk.size()), chunk.data()) >= 0 &&
            H5Pset_create_intermediate_group(links.get(), 1) >= 0;
  if (ok && deflate > 0) ok = H5Pset_deflate(create.get(), static_cast<unsigned>(deflate)) >= 0;
  RINGDL_CHECK(ok, why("HDF5 file " + path + ": cannot set up dataset " + name));
  Id dataset(H5Dcreate2(file, name.c_str(), type, space.get(), links.get(), create.get(), H5P_DEFAULT),
             H5Dclose);
  RINGDL_CHECK(dataset.valid(), why("HDF5 file " + path + ": cannot create dataset " + name));
  return dataset;
}

// Appends `rows` rows of `row` shape from `data` (memory type `type`) at row `at`, growing the dataset.
void appendRows(hid_t dataset, const std::string& path, const std::string& name, hid_t type, const Shape& row,
                int64_t at, int64_t rows, const void* data) {
  std::vector<hsize_t> size{static_cast<hsize_t>(at + rows)}, start{static_cast<hsize_t>(at)},
      count{static_cast<hsize_t>(rows)};
  for (int64_t d : row) {
    size.push_back(static_cast<hsize_t>(d));
    start.push_back(0);
    count.push_back(static_cast<hsize_t>(d));
  }
  bool ok = H5Dset_extent(dataset, size.data()) >= 0;
  Id file(ok ? H5Dget_space(dataset) : H5I_INVALID_HID, H5Sclose);
  Id memory(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), H5Sclose);
  ok = ok && file.valid() && memory.valid() &&
       H5Sselect_hyperslab(file.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr) >= 0 &&
       H5Dwrite(dataset, type, memory.get(), file.get(), H5P_DEFAULT, data) >= 0;
  RINGDL_CHECK(ok, why("HDF5 file " + path + ": cannot write rows [" + std::to_string(at) + ", " +
                       std::to_string(at + rows) + ") of dataset " + name + " (disk full?)"));
}

}  // namespace

const char* hdf5FeatureTypeName(Hdf5FeatureType type) {
  return type == Hdf5FeatureType::kUint8 ? "uint8" : "float32";
}

struct Hdf5Writer::Impl {
  Id file, features, labels;
  std::vector<unsigned char> bytes;  // buffered rows of a uint8 file
  std::vector<float> floats;         // buffered rows of a float32 file
  std::vector<int64_t> labelRows;    // their labels
};

Hdf5Writer::Hdf5Writer(const std::string& path, const Shape& rowShape, Hdf5WriterOptions options)
    : path_(path), rowShape_(rowShape), options_(std::move(options)), impl_(std::make_unique<Impl>()) {
  rowSize_ = 1;
  for (int64_t d : rowShape_) {
    RINGDL_CHECK(d > 0, "HDF5 file ", path, ": the row shape [", shapeText(rowShape_),
                 "] has a size that is not positive");
    rowSize_ *= d;
  }
  options_.features = absolute(options_.features);
  options_.labels = absolute(options_.labels);
  RINGDL_CHECK(options_.features != options_.labels, "HDF5 file ", path,
               ": the features and the labels are both to be dataset ", options_.features,
               "; give them different names");
  RINGDL_CHECK(options_.features.size() > 1 && options_.labels.size() > 1, "HDF5 file ", path,
               ": a dataset name is empty (features '", options_.features, "', labels '", options_.labels,
               "')");
  RINGDL_CHECK(options_.deflate >= 0 && options_.deflate <= 9, "HDF5 file ", path, ": deflate level ",
               options_.deflate, " is not 0 (none) to 9");
  RINGDL_CHECK(options_.chunkRows >= 0, "HDF5 file ", path, ": chunkRows ", options_.chunkRows,
               " is negative");
  const int64_t elementBytes = options_.featureType == Hdf5FeatureType::kUint8 ? 1 : 4;
  chunkRows_ = options_.chunkRows > 0 ? options_.chunkRows
                                      : std::max<int64_t>(1, (int64_t(1) << 20) / (rowSize_ * elementBytes));
  Hdf5Calls calls;
  impl_->file = Id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
  if (!impl_->file.valid()) {
    const int err = errno;
    RINGDL_FAIL(why("cannot create HDF5 file " + path + ": " + std::strerror(err)));
  }
}

void Hdf5Writer::createDatasets() {
  // A file closed before its first chunk is full gets chunks of its row count: HDF5 allocates whole chunks,
  // and a few rows should not take a megabyte.
  const bool small = rows_ < chunkRows_;
  if (small) chunkRows_ = std::max<int64_t>(rows_, 1);
  const hid_t featureType = options_.featureType == Hdf5FeatureType::kUint8 ? H5T_STD_U8LE : H5T_IEEE_F32LE;
  impl_->features = createDataset(impl_->file.get(), path_, options_.features, featureType, rowShape_,
                                  chunkRows_, options_.deflate);
  // Labels are small: chunks of at least 8192 rows (64 KiB), so that reading them is a few chunks.
  impl_->labels = createDataset(impl_->file.get(), path_, options_.labels, H5T_STD_I64LE, {},
                                small ? chunkRows_ : std::max<int64_t>(chunkRows_, 8192), options_.deflate);
}

Hdf5Writer::~Hdf5Writer() {
  try {
    close();
  } catch (const Error&) {
  }
}

void Hdf5Writer::checkRow(int64_t n, double label) const {
  RINGDL_CHECK(impl_->file.valid(), "HDF5 file ", path_, ": append after close()");
  RINGDL_CHECK(n == rowSize_, "HDF5 file ", path_, ": row ", rows_, " holds ", n, " values but the rows of ",
               options_.features, " are [", shapeText(rowShape_), "] (", rowSize_,
               " values); an HDF5 dataset holds rows of one shape");
  RINGDL_CHECK(label >= 0 && std::floor(label) == label && label < 9.3e18, "HDF5 file ", path_, ": row ",
               rows_, " has label ", label, ", not a class index (a whole number >= 0); ", options_.labels,
               " holds int64 class labels");
}

void Hdf5Writer::appendBytes(std::string_view pixels, int64_t label) {
  checkRow(static_cast<int64_t>(pixels.size()), static_cast<double>(label));
  if (options_.featureType == Hdf5FeatureType::kUint8) {
    impl_->bytes.insert(impl_->bytes.end(), pixels.begin(), pixels.end());
  } else {
    const size_t at = impl_->floats.size();
    impl_->floats.resize(at + pixels.size());
    scalePixels(reinterpret_cast<const unsigned char*>(pixels.data()), pixels.size(),
                impl_->floats.data() + at);
  }
  impl_->labelRows.push_back(label);
  ++rows_;
  if (static_cast<int64_t>(impl_->labelRows.size()) == chunkRows_) flush();
}

template <typename T>
void Hdf5Writer::append(const T* values, int64_t n, T label) {
  checkRow(n, static_cast<double>(label));
  if (options_.featureType == Hdf5FeatureType::kUint8) {
    const size_t at = impl_->bytes.size();
    impl_->bytes.resize(at + static_cast<size_t>(n));
    if (!pixelBytes(values, static_cast<size_t>(n), impl_->bytes.data() + at)) {
      impl_->bytes.resize(at);
      const size_t bad = firstNonPixel(values, static_cast<size_t>(n));
      RINGDL_FAIL("HDF5 file ", path_, ": row ", rows_, " value ", bad, " is ",
                  static_cast<double>(values[bad]),
                  ", not an 8-bit pixel scaled to [0, 1] (k / 255), so it does not fit the uint8 dataset ",
                  options_.features, "; write float32");
    }
  } else {
    for (int64_t i = 0; i < n; ++i) {
      const float v = static_cast<float>(values[i]);
      if (!std::isfinite(v)) {
        impl_->floats.resize(impl_->floats.size() - static_cast<size_t>(i));
        RINGDL_FAIL("HDF5 file ", path_, ": row ", rows_, " value ", i, " is ",
                    static_cast<double>(values[i]),
                    std::isfinite(values[i]) ? ", beyond float32's range" : "",
                    "; NaN and infinite values are refused (loadHdf5 refuses them too)");
      }
      impl_->floats.push_back(v);
    }
  }
  impl_->labelRows.push_back(static_cast<int64_t>(label));
  ++rows_;
  if (static_cast<int64_t>(impl_->labelRows.size()) == chunkRows_) flush();
}

void Hdf5Writer::flush() {
  const int64_t n = static_cast<int64_t>(impl_->labelRows.size());
  Hdf5Calls calls;
  if (!impl_->features.valid()) createDatasets();
  if (n == 0) return;
  const int64_t at = rows_ - n;
  if (options_.featureType == Hdf5FeatureType::kUint8) {
    appendRows(impl_->features.get(), path_, options_.features, H5T_NATIVE_UCHAR, rowShape_, at, n,
               impl_->bytes.data());
  } else {
    appendRows(impl_->features.get(), path_, options_.features, H5T_NATIVE_FLOAT, rowShape_, at, n,
               impl_->floats.data());
  }
  appendRows(impl_->labels.get(), path_, options_.labels, H5T_NATIVE_INT64, {}, at, n,
             impl_->labelRows.data());
  impl_->bytes.clear();
  impl_->floats.clear();
  impl_->labelRows.clear();
}

void Hdf5Writer::close() {
  if (!impl_->file.valid()) return;
  struct CloseAnyway {  // the file is closed even when the last rows fail to write
    Impl& impl;
    ~CloseAnyway() {
      Hdf5Calls calls;
      impl.features.reset();
      impl.labels.reset();
      impl.file.reset();
      Hdf5Calls::lastError();
    }
  } closeAnyway{*impl_};
  flush();
  Hdf5Calls calls;
  const bool ok = impl_->features.reset() & impl_->labels.reset() & impl_->file.reset();
  RINGDL_CHECK(ok, why("closing HDF5 file " + path_ + " failed (disk full?)"));
}

template void Hdf5Writer::append(const float*, int64_t, float);
template void Hdf5Writer::append(const double*, int64_t, double);

}  // namespace ringdl
