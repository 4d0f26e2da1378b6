// HDF5 datasets through the C API: RAII handles, HDF5's error stack silenced and turned into ringdl::Error,
// datasets listed for errors, rows read as hyperslabs converted to T by HDF5 (uint8 features as pixels
// k/255), and per-rank LabeledData.
#include "ringdl/data/hdf5_data_set.h"

#include <hdf5.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <utility>
#include <vector>

#include "detail/hdf5_lock.h"
#include "ringdl/data/record_decoder.h"
#include "ringdl/util/error.h"

namespace ringdl {

namespace {

using detail::Hdf5Calls;

// An HDF5 identifier closed by the matching H5*close when it goes away.
class Handle {
 public:
  Handle() = default;
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Handle() { reset(); }
  Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, H5I_INVALID_HID)), close_(o.close_) {}
  Handle& operator=(Handle&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = std::exchange(o.id_, H5I_INVALID_HID);
      close_ = o.close_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  void reset() {
    if (id_ >= 0 && close_) close_(id_);
    id_ = H5I_INVALID_HID;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
  herr_t (*close_)(hid_t) = nullptr;
};

std::string why(const std::string& fallback) {
  const std::string hdf5 = Hdf5Calls::lastError();
  return hdf5.empty() ? fallback : fallback + " (HDF5: " + hdf5 + ")";
}

Handle openFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    RINGDL_FAIL("cannot open HDF5 file ", path, ": ", std::strerror(err));
  }
  RINGDL_CHECK(!S_ISDIR(st.st_mode), "HDF5 file ", path, " is a directory, not a file");
  const htri_t isHdf5 = H5Fis_hdf5(path.c_str());
  if (isHdf5 <= 0) {
    Hdf5Calls::lastError();
    RINGDL_FAIL("file ", path,
                " is not an HDF5 file (no HDF5 signature \\211HDF\\r\\n\\032\\n at byte 0, 512, "
                "1024, ...)");
  }
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file.valid()) RINGDL_FAIL(why("cannot open HDF5 file " + path));
  return file;
}

std::string typeName(hid_t type, bool& numeric) {
  numeric = false;
  const size_t bits = H5Tget_size(type) * 8;
  switch (H5Tget_class(type)) {
    case H5T_INTEGER:
      numeric = true;
      return (H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") + std::to_string(bits);
    case H5T_FLOAT:
      numeric = true;
      return "float" + std::to_string(bits);
    case H5T_STRING:
      return "string";
    case H5T_COMPOUND:
      return "compound";
    case H5T_ENUM:
      return "enum";
    case H5T_ARRAY:
      return "array";
    case H5T_OPAQUE:
      return "opaque";
    case H5T_BITFIELD:
      return "bitfield";
    case H5T_REFERENCE:
      return "reference";
    case H5T_VLEN:
      return "vlen";
    case H5T_TIME:
      return "time";
    default:
      return "unknown";
  }
}

Shape datasetShape(hid_t dataset) {
  Handle space(H5Dget_space(dataset), H5Sclose);
  const int rank = space.valid() ? H5Sget_simple_extent_ndims(space.get()) : -1;
  RINGDL_CHECK(rank >= 0, why("cannot read a dataset's dimensions"));
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  if (rank > 0) H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return Shape(dims.begin(), dims.end());
}

Hdf5DatasetInfo describe(hid_t dataset, const std::string& name) {
  Hdf5DatasetInfo info;
  info.name = name;
  info.shape = datasetShape(dataset);
  Handle type(H5Dget_type(dataset), H5Tclose);
  info.type = type.valid() ? typeName(type.get(), info.numeric) : "unknown";
  return info;
}

std::vector<Hdf5DatasetInfo> listDatasets(hid_t file) {
  std::vector<Hdf5DatasetInfo> out;
  H5Lvisit(
      file, H5_INDEX_NAME, H5_ITER_INC,
      [](hid_t group, const char* name, const H5L_info_t* link, void* data) -> herr_t {
        if (link->type != H5L_TYPE_HARD) return 0;
        Handle object(H5Oopen(group, name, H5P_DEFAULT), H5Oclose);
        if (object.valid() && H5Iget_type(object.get()) == H5I_DATASET)
          static_cast<std::vector<Hdf5DatasetInfo>*>(data)->push_back(
              describe(object.get(), std::string("/") + name));
        return 0;
      },
      &out);
  Hdf5Calls::lastError();  // a damaged object somewhere only shortens the list
  std::sort(out.begin(), out.end(),
            [](const Hdf5DatasetInfo& a, const Hdf5DatasetInfo& b) { return a.name < b.name; });
  return out;
}

std::string infoText(const Hdf5DatasetInfo& info) {
  return info.name + " " + toString(info.shape) + " " + info.type;
}

std::string presentText(hid_t file) {
  const std::vector<Hdf5DatasetInfo> all = listDatasets(file);
  if (all.empty()) return "the file holds no datasets";
  std::string s = "the file holds ";
  const size_t shown = std::min<size_t>(all.size(), 20);
  for (size_t i = 0; i < shown; ++i) s += (i ? ", " : "") + infoText(all[i]);
  if (shown < all.size()) s += " and " + std::to_string(all.size() - shown) + " more";
  return s;
}

std::string absolute(const std::string& name) { return !name.empty() && name[0] == '/' ? name : "/" + name; }

Handle openDataset(hid_t file, const std::string& path, const std::string& name) {
  Handle dataset(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (dataset.valid()) return dataset;
  Hdf5Calls::lastError();
  Handle object(H5Oopen(file, name.c_str(), H5P_DEFAULT), H5Oclose);
  const bool exists = object.valid();
  const bool group = exists && H5Iget_type(object.get()) == H5I_GROUP;
  Hdf5Calls::lastError();
  if (exists)
    RINGDL_FAIL("HDF5 file ", path, ": ", absolute(name),
                group ? " is a group, not a dataset; " : " is not a dataset; ", presentText(file));
  RINGDL_FAIL("HDF5 file ", path, ": no dataset ", absolute(name), "; ", presentText(file),
              " (give the names as features/labels, e.g. \"/group/x\")");
}

std::atomic<int64_t>& valuesRead() {
  static std::atomic<int64_t> count{0};
  return count;
}

// Rows [offset, offset + rows) of an open dataset into a tensor of T. With `pixels`, a uint8 dataset is read
// as bytes and each byte k becomes k / 255 through scalePixels, the values every other image source of RingDL
// gives (IDX, CIFAR-10, raw and encoded pixels in shards); any other type is converted to T by HDF5.
template <typename T>
Tensor<T> readRows(hid_t dataset, const std::string& path, const std::string& name, int64_t offset,
                   int64_t rows, bool pixels) {
  const Hdf5DatasetInfo info = describe(dataset, absolute(name));
  RINGDL_CHECK(info.numeric, "HDF5 file ", path, ": dataset ", info.name, " holds ", info.type,
               " values, not numbers (integers or floats)",
               info.type == "enum" ? " (h5py stores booleans as an enum: convert them to uint8)" : "");
  if (info.shape.empty()) {
    RINGDL_CHECK(offset == 0 && (rows < 0 || rows == 1), "HDF5 file ", path, ": dataset ", info.name,
                 " is a scalar, so it has no rows to select");
    rows = -1;
  } else {
    const int64_t n = info.shape[0];
    if (rows < 0) rows = n - offset;
    RINGDL_CHECK(offset >= 0 && rows >= 0 && offset + rows <= n, "HDF5 file ", path, ": rows [", offset, ", ",
                 offset + rows, ") of dataset ", info.name, " are out of range: it has ", n, " rows");
  }
  Shape shape = info.shape;
  if (!shape.empty()) shape[0] = rows;
  Tensor<T> t(shape);
  if (t.numel() == 0) return t;
  const bool bytes = pixels && info.type == "uint8";
  std::vector<unsigned char> pixelBytes(bytes ? static_cast<size_t>(t.numel()) : 0);
  hid_t memoryType = sizeof(T) == sizeof(float) ? H5T_NATIVE_FLOAT : H5T_NATIVE_DOUBLE;
  if (bytes) memoryType = H5T_NATIVE_UCHAR;
  void* buffer = bytes ? static_cast<void*>(pixelBytes.data()) : static_cast<void*>(t.data());
  if (info.shape.empty()) {
    RINGDL_CHECK(H5Dread(dataset, memoryType, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer) >= 0,
                 why("HDF5 file " + path + ": cannot read dataset " + info.name));
  } else {
    Handle file(H5Dget_space(dataset), H5Sclose);
    std::vector<hsize_t> start(info.shape.size(), 0), count(shape.begin(), shape.end());
    start[0] = static_cast<hsize_t>(offset);
    Handle memory(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), H5Sclose);
    const bool selected =
        file.valid() && memory.valid() &&
        H5Sselect_hyperslab(file.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr) >= 0;
    RINGDL_CHECK(selected, why("HDF5 file " + path + ": cannot select rows of dataset " + info.name));
    RINGDL_CHECK(H5Dread(dataset, memoryType, memory.get(), file.get(), H5P_DEFAULT, buffer) >= 0,
                 why("HDF5 file " + path + ": cannot read rows [" + std::to_string(offset) + ", " +
                     std::to_string(offset + rows) + ") of dataset " + info.name + " (" + info.type + ")"));
  }
  if (bytes) scalePixels(pixelBytes.data(), pixelBytes.size(), t.data());
  valuesRead() += t.numel();
  return t;
}

// The first non-finite value of t (rows of `rowSize` values, the first being global row `firstRow`).
template <typename T>
void checkFinite(const Tensor<T>& t, int64_t firstRow, const std::string& path, const std::string& name) {
  const T* p = t.data();
  const int64_t rowSize = t.dim() > 0 && t.size(0) > 0 ? t.numel() / t.size(0) : 1;
  for (int64_t i = 0; i < t.numel(); ++i)
    if (!std::isfinite(p[i]))
      RINGDL_FAIL("HDF5 file ", path, ": dataset ", absolute(name), " row ", firstRow + i / rowSize,
                  " holds ", p[i], " (element ", i % rowSize,
                  " of the row); NaN and infinite values are refused");
}

}  // namespace

int64_t hdf5ValuesRead() { return valuesRead().load(); }

std::vector<Hdf5DatasetInfo> listHdf5Datasets(const std::string& path) {
  Hdf5Calls calls;
  Handle file = openFile(path);
  return listDatasets(file.get());
}

Hdf5DatasetInfo hdf5DatasetInfo(const std::string& path, const std::string& name) {
  Hdf5Calls calls;
  Handle file = openFile(path);
  Handle dataset = openDataset(file.get(), path, name);
  return describe(dataset.get(), absolute(name));
}

template <typename T>
Tensor<T> readHdf5(const std::string& path, const std::string& name, int64_t rowOffset, int64_t rows) {
  Hdf5Calls calls;
  Handle file = openFile(path);
  Handle dataset = openDataset(file.get(), path, name);
  return readRows<T>(dataset.get(), path, name, rowOffset, rows, /*pixels=*/false);
}

template <typename T>
LabeledData<T> loadHdf5(const std::string& path, const Hdf5Options& options) {
  RINGDL_CHECK(options.world >= 1 && options.rank >= 0 && options.rank < options.world, "loadHdf5 ", path,
               ": rank ", options.rank, " is not in a world of ", options.world, " ranks");
  Hdf5Calls calls;
  Handle file = openFile(path);
  Handle features = openDataset(file.get(), path, options.features);
  Handle labels = openDataset(file.get(), path, options.labels);
  const Hdf5DatasetInfo f = describe(features.get(), absolute(options.features));
  const Hdf5DatasetInfo l = describe(labels.get(), absolute(options.labels));
  RINGDL_CHECK(!f.shape.empty(), "HDF5 file ", path, ": features dataset ", f.name,
               " is a scalar; features are [N, ...], one row per record");
  RINGDL_CHECK(!l.shape.empty(), "HDF5 file ", path, ": labels dataset ", l.name,
               " is a scalar; labels are [N], one per record");
  RINGDL_CHECK(f.shape[0] == l.shape[0], "HDF5 file ", path, ": the row counts differ: features ", f.name,
               " ", toString(f.shape), " has ", f.shape[0], " rows, labels ", l.name, " ", toString(l.shape),
               " has ", l.shape[0]);
  RINGDL_CHECK(!options.classLabels || l.shape.size() == 1 || (l.shape.size() == 2 && l.shape[1] == 1),
               "HDF5 file ", path, ": labels dataset ", l.name, " is ", toString(l.shape),
               "; class labels are [N] or [N, 1] (one-hot labels: store the class indices instead; other "
               "targets: turn classLabels off)");
  BatchPart part;
  if (options.rowCount >= 0) {
    RINGDL_CHECK(options.firstRow >= 0 && options.firstRow + options.rowCount <= f.shape[0], "HDF5 file ",
                 path, ": rows [", options.firstRow, ", ", options.firstRow + options.rowCount,
                 ") of features ", f.name, " are out of range: it has ", f.shape[0], " rows");
    part = BatchPart{options.firstRow, options.rowCount};
  } else {
    part = partitionRows(f.shape[0], options.rank, options.world);
  }
  LabeledData<T> data;
  data.features =
      readRows<T>(features.get(), path, options.features, part.offset, part.length, !options.rawBytes);
  data.labels = readRows<T>(labels.get(), path, options.labels, part.offset, part.length, /*pixels=*/false);
  if (data.features.dim() == 1) data.features = data.features.unsqueeze(1);
  if (options.classLabels && data.labels.dim() == 2) data.labels = data.labels.view({part.length});
  checkFinite(data.features, part.offset, path, options.features);
  checkFinite(data.labels, part.offset, path, options.labels);
  if (options.classLabels) {
    const T* y = data.labels.data();
    for (int64_t i = 0; i < part.length; ++i)
      RINGDL_CHECK(y[i] >= 0 && std::floor(y[i]) == y[i], "HDF5 file ", path, ": dataset ", l.name, " row ",
                   part.offset + i, " holds label ", y[i],
                   y[i] < 0 ? ", a negative number" : ", not a whole number",
                   "; class labels are 0-based class indices (regression targets: turn classLabels off)");
  }
  return data;
}

template <typename T>
LabeledData<T> loadHdf5(const std::string& path, const std::string& featureName, const std::string& labelName,
                        int rank, int world) {
  return loadHdf5<T>(path, Hdf5Options().withNames(featureName, labelName).withRank(rank, world));
}

template <typename T>
std::shared_ptr<PartitionedArrayDataSet<T>> openHdf5Partition(const std::string& path,
                                                              const Hdf5Options& options, uint64_t seed) {
  RINGDL_CHECK(options.world >= 1 && options.rank >= 0 && options.rank < options.world, "openHdf5Partition ",
               path, ": rank ", options.rank, " is not in a world of ", options.world, " ranks");
  const Hdf5DatasetInfo f = hdf5DatasetInfo(path, options.features);
  const int64_t n = f.shape.empty() ? 0 : f.shape[0];
  const BatchPart mine = partitionRows(n, options.rank, options.world);
  Hdf5Options rows = options;
  rows.withRows(mine.offset, mine.length);
  LabeledData<T> data = loadHdf5<T>(path, rows);  // checks the shapes, types and values of this rank's rows
  RINGDL_CHECK(n > 0, "HDF5 file ", path, ": features ", f.name, " ", toString(f.shape),
               " hold no rows; a data set needs at least one record");
  return std::make_shared<PartitionedArrayDataSet<T>>(std::move(data), n, options.rank, options.world, seed);
}

template Tensor<float> readHdf5(const std::string&, const std::string&, int64_t, int64_t);
template Tensor<double> readHdf5(const std::string&, const std::string&, int64_t, int64_t);
template LabeledData<float> loadHdf5(const std::string&, const Hdf5Options&);
template LabeledData<double> loadHdf5(const std::string&, const Hdf5Options&);
template LabeledData<float> loadHdf5(const std::string&, const std::string&, const std::string&, int, int);
template LabeledData<double> loadHdf5(const std::string&, const std::string&, const std::string&, int, int);
template std::shared_ptr<PartitionedArrayDataSet<float>> openHdf5Partition(const std::string&,
                                                                           const Hdf5Options&, uint64_t);
template std::shared_ptr<PartitionedArrayDataSet<double>> openHdf5Partition(const std::string&,
                                                                            const Hdf5Options&, uint64_t);

}  // namespace ringdl
