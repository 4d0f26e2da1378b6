// Hdf5Writer: records appended row by row to an HDF5 file as a features dataset [N, ...] and a labels dataset
// [N] (int64), chunked by rows, for loadHdf5 / readHdf5 (and h5py) to read.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ringdl/tensor/shape.h"

namespace ringdl {

/// The element type of the features dataset.
enum class Hdf5FeatureType {
  kUint8,    ///< 8-bit pixels: bytes k, read back by loadHdf5 as k / 255 (readHdf5: the bytes 0..255)
  kFloat32,  ///< IEEE single precision (the values as they are)
};

/// "uint8", "float32".
const char* hdf5FeatureTypeName(Hdf5FeatureType type);

struct Hdf5WriterOptions {
  std::string features = "/features";  ///< dataset [N, ...row shape]; groups in the path are created
  std::string labels = "/labels";      ///< dataset [N] of int64
  Hdf5FeatureType featureType = Hdf5FeatureType::kFloat32;
  /// Rows per chunk (0: as many as fill about 1 MiB, at least 1). A rank reading its rows as a hyperslab
  /// then reads whole chunks of its own rows only, but for the chunks at the ends of its range.
  int64_t chunkRows = 0;
  /// Deflate (gzip) level 1..9 applied to every chunk, or 0 for none.
  int deflate = 0;

  Hdf5WriterOptions& withNames(std::string f, std::string l) {
    features = std::move(f);
    labels = std::move(l);
    return *this;
  }
  Hdf5WriterOptions& withFeatureType(Hdf5FeatureType t) {
    featureType = t;
    return *this;
  }
  Hdf5WriterOptions& withChunkRows(int64_t rows) {
    chunkRows = rows;
    return *this;
  }
  Hdf5WriterOptions& withDeflate(int level) {
    deflate = level;
    return *this;
  }
};

/// Creates (or truncates) an HDF5 file holding two datasets, extensible along dimension 0 and chunked by
/// rows: options.features [N, rowShape...] of options.featureType and options.labels [N] of int64, where N
/// grows as rows are appended. Rows are buffered a chunk at a time and written as hyperslabs; the datasets
/// are created with the first full chunk (or at close, chunked by the row count, for files of fewer rows).
/// Complete after close(); the destructor closes too but swallows errors.
///
/// Errors (ringdl::Error) name the file and, for rows, the row (0-based): a row of another size, a value that
/// is NaN or infinite (loadHdf5 refuses them), a uint8 row whose values are not 8-bit pixels, a label that is
/// not a whole number >= 0 (loadHdf5 reads class labels), the two datasets given one name, HDF5's own failure
/// (with its words).
class Hdf5Writer {
 public:
  Hdf5Writer(const std::string& path, const Shape& rowShape, Hdf5WriterOptions options = {});
  ~Hdf5Writer();
  Hdf5Writer(const Hdf5Writer&) = delete;
  Hdf5Writer& operator=(const Hdf5Writer&) = delete;

  /// Appends a row of pixel bytes (uint8 files: stored as they are; float32 files: stored as k / 255).
  void appendBytes(std::string_view pixels, int64_t label);
  /// Appends a row of n values: float32 files store them as float; uint8 files store the bytes k of values
  /// k / 255 (pixels as the decoders scale them) and refuse any other value.
  template <typename T>
  void append(const T* values, int64_t n, T label);
  /// Writes the buffered rows and closes the file; a second close does nothing, appends after it are errors.
  void close();

  const std::string& path() const { return path_; }
  const Shape& rowShape() const { return rowShape_; }
  const Hdf5WriterOptions& options() const { return options_; }
  /// Rows appended so far.
  int64_t rows() const { return rows_; }
  /// Rows per chunk: options.chunkRows, or as many as fill about 1 MiB; after close(), the row count if the
  /// file holds fewer rows than that (its datasets are created when the first chunk is full, or at close).
  int64_t chunkRows() const { return chunkRows_; }

 private:
  struct Impl;
  void createDatasets();
  void checkRow(int64_t n, double label) const;
  void flush();

  std::string path_;
  Shape rowShape_;
  Hdf5WriterOptions options_;
  int64_t rowSize_ = 0;
  int64_t chunkRows_ = 0;
  int64_t rows_ = 0;
  std::unique_ptr<Impl> impl_;
};

extern template void Hdf5Writer::append(const float*, int64_t, float);
extern template void Hdf5Writer::append(const double*, int64_t, double);

}  // namespace ringdl
