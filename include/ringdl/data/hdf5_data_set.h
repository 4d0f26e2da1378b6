// HDF5 files (h5py, Keras, MATLAB v7.3, PyTables): numeric datasets read into Tensors, whole or one rank's
// rows, and features with labels loaded as LabeledData.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ringdl/data/array_data_set.h"
#include "ringdl/data/partitioned_data_set.h"

namespace ringdl {

/// What one dataset of an HDF5 file holds.
struct Hdf5DatasetInfo {
  std::string name;  ///< full path in the file, "/group/name"
  Shape shape;       ///< its dimensions ({} for a scalar)
  /// The element type: "int8" ... "int64", "uint8" ... "uint64", "float16", "float32", "float64", or what
  /// it is when not numeric ("string", "compound", "enum", "array", "opaque", "bitfield", "reference", ...).
  std::string type;
  bool numeric = false;  ///< an integer or floating-point type, which reads into T
};

/// Every dataset in the file (groups walked, each object once), sorted by name. Throws ringdl::Error naming
/// the file if it is missing or not an HDF5 file.
std::vector<Hdf5DatasetInfo> listHdf5Datasets(const std::string& path);

/// What one dataset holds (see listHdf5Datasets); the error for a missing dataset lists those present.
Hdf5DatasetInfo hdf5DatasetInfo(const std::string& path, const std::string& name);

/// Rows [rowOffset, rowOffset + rows) of dataset `name` (dimension 0 is the row; rows < 0 reads to the last
/// row), every other dimension whole, converted to T by HDF5 (any integer or float type; int64 beyond 2^24
/// rounds in float): the values as stored, uint8 too (0..255; loadHdf5 and openHdf5Partition read uint8
/// features as pixels k / 255). Only those rows are read from the file (a hyperslab). The result has the
/// dataset's shape with dimension 0 = rows (a scalar dataset reads as [] with rowOffset 0 and rows -1 or 1).
/// Errors name the file, the dataset and what was wrong: missing (with the datasets present), not numeric,
/// rows out of range.
template <typename T>
Tensor<T> readHdf5(const std::string& path, const std::string& name, int64_t rowOffset = 0,
                   int64_t rows = -1);

/// Values (elements, converted to T) that this process has read from HDF5 datasets so far, counted where
/// the data is read (readHdf5, loadHdf5, openHdf5Partition): a program can check that a rank read only its
/// rows (`ringdl train` reports it per rank).
int64_t hdf5ValuesRead();

struct Hdf5Options {
  std::string features = "/features";  ///< [N, ...]; a 1-D [N] dataset gives features [N, 1]
  std::string labels = "/labels";      ///< [N] or [N, 1] (read as [N]); [N, ...] when classLabels is false
  int rank = 0;                        ///< this process's rank
  int world = 1;                       ///< ranks sharing the file
  /// rowCount >= 0: read rows [firstRow, firstRow + rowCount) instead of the rank's rows (rank and world are
  /// then ignored by loadHdf5).
  int64_t firstRow = 0;
  int64_t rowCount = -1;
  /// Labels are 0-based class indices: whole numbers >= 0 ([N] or [N, 1]). false: any finite values of any
  /// shape [N, ...] (regression targets).
  bool classLabels = true;
  /// false (default): a uint8 features dataset holds 8-bit pixels, read as k / 255 in [0, 1], exactly the
  /// values scalePixels (record_decoder.h) gives and every other image source of RingDL reads (IDX, CIFAR-10,
  /// pixels in shards, images), so a model sees the same numbers from an HDF5 copy of its data. true: uint8
  /// features are read as their values 0..255 (columns of small counts or codes, not pixels). Other types
  /// are always read as their values; labels are never scaled.
  bool rawBytes = false;

  Hdf5Options& withNames(std::string f, std::string l) {
    features = std::move(f);
    labels = std::move(l);
    return *this;
  }
  Hdf5Options& withRank(int r, int w) {
    rank = r;
    world = w;
    return *this;
  }
  Hdf5Options& withRows(int64_t first, int64_t count) {
    firstRow = first;
    rowCount = count;
    return *this;
  }
  Hdf5Options& withClassLabels(bool on) {
    classLabels = on;
    return *this;
  }
  Hdf5Options& withRawBytes(bool on) {
    rawBytes = on;
    return *this;
  }
};

/// Features and labels of one rank: rows partitionRows(N, rank, world) (partitioned_data_set.h:
/// [floor(rank N / world), floor((rank + 1) N / world)), the later ranks taking the extra rows; the rows
/// openHdf5Partition and `ringdl train` give each rank), read as hyperslabs, so ranks 0..world-1 together
/// read every row exactly once and each reads only its own; world 1 reads the whole file. With
/// options.rowCount >= 0, rows [firstRow, firstRow + rowCount) instead (an Error naming the range when it
/// is not inside [0, N)). Both datasets are converted to T, uint8 features as pixels k / 255 unless
/// options.rawBytes. Errors name the file, the dataset and what was wrong: a missing dataset (listing the
/// datasets present), a type that is not numeric, row counts that differ, a scalar, NaN or infinite values
/// (with the row), class labels that are negative or not whole (with the row and value).
template <typename T>
LabeledData<T> loadHdf5(const std::string& path, const Hdf5Options& options = {});

/// loadHdf5 with the dataset names and the rank given directly.
template <typename T>
LabeledData<T> loadHdf5(const std::string& path, const std::string& featureName, const std::string& labelName,
                        int rank = 0, int world = 1);

/// This rank's rows of the file as a data set: rank options.rank of options.world reads only the rows
/// partitionRows(N, rank, world) of the features and labels (hyperslabs, through loadHdf5 with withRows, so
/// with its checks and errors) into a PartitionedArrayDataSet of size N, whose orders are seeded by `seed`.
/// An Error when the file holds no rows.
template <typename T>
std::shared_ptr<PartitionedArrayDataSet<T>> openHdf5Partition(const std::string& path,
                                                              const Hdf5Options& options, uint64_t seed = 1);

extern template Tensor<float> readHdf5(const std::string&, const std::string&, int64_t, int64_t);
extern template Tensor<double> readHdf5(const std::string&, const std::string&, int64_t, int64_t);
extern template LabeledData<float> loadHdf5(const std::string&, const Hdf5Options&);
extern template LabeledData<double> loadHdf5(const std::string&, const Hdf5Options&);
extern template LabeledData<float> loadHdf5(const std::string&, const std::string&, const std::string&, int,
                                            int);
extern template LabeledData<double> loadHdf5(const std::string&, const std::string&, const std::string&, int,
                                             int);
extern template std::shared_ptr<PartitionedArrayDataSet<float>> openHdf5Partition(const std::string&,
                                                                                  const Hdf5Options&,
                                                                                  uint64_t);
extern template std::shared_ptr<PartitionedArrayDataSet<double>> openHdf5Partition(const std::string&,
                                                                                   const Hdf5Options&,
                                                                                   uint64_t);

}  // namespace ringdl
