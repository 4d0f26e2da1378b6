// HDF5 data sets: files written here with the C API (every numeric type, chunked and compressed datasets,
// groups) and one written by h5py (tests/fixtures/hdf5, gen_hdf5.py): values converted into float and
// double, uint8 features read as pixels k / 255 (or raw), rank hyperslabs for 1 to 4 ranks covering every row
// exactly once by partitionRows, partitions read as data sets (only their rows, counted), and every error
// (missing file, not HDF5, missing dataset listing those present, groups, strings, enums, row counts,
// scalars, NaN, labels), with HDF5's own error printing kept off stderr.
#include "ringdl/data/hdf5_data_set.h"

#include <gtest/gtest.h>
#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "data/temp_dir.h"
#include "ringdl/data/mini_batch.h"
#include "ringdl/data/record_decoder.h"

namespace ringdl {
namespace {

using test::expectError;
using test::TempDir;

// An HDF5 file created with the C API, closed at scope exit.
class H5Writer {
 public:
  explicit H5Writer(const std::string& path) {
    file_ = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    EXPECT_GE(file_, 0) << path;
    links_ = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(links_, 1);
  }
  ~H5Writer() {
    H5Pclose(links_);
    H5Fclose(file_);
  }

  // Writes `values` (C type matching memType) as dataset `name` of element type fileType; chunkRows > 0
  // stores it chunked by that many rows and deflate-compressed.
  template <typename V>
  void write(const std::string& name, hid_t fileType, hid_t memType, const Shape& shape,
             const std::vector<V>& values, hsize_t chunkRows = 0) {
    std::vector<hsize_t> dims(shape.begin(), shape.end());
    const hid_t space = shape.empty() ? H5Screate(H5S_SCALAR)
                                      : H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
    const hid_t create = H5Pcreate(H5P_DATASET_CREATE);
    if (chunkRows > 0) {
      std::vector<hsize_t> chunk = dims;
      chunk[0] = chunkRows;
      H5Pset_chunk(create, static_cast<int>(chunk.size()), chunk.data());
      H5Pset_deflate(create, 6);
    }
    const hid_t d = H5Dcreate2(file_, name.c_str(), fileType, space, links_, create, H5P_DEFAULT);
    ASSERT_GE(d, 0) << name;
    if (!values.empty()) ASSERT_GE(H5Dwrite(d, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0);
    H5Dclose(d);
    H5Pclose(create);
    H5Sclose(space);
  }
  void group(const std::string& name) {
    H5Gclose(H5Gcreate2(file_, name.c_str(), links_, H5P_DEFAULT, H5P_DEFAULT));
  }
  hid_t file() const { return file_; }

 private:
  hid_t file_ = -1;
  hid_t links_ = -1;
};

template <typename V>
std::vector<V> iota(int64_t n, double scale = 1, double offset = 0) {
  std::vector<V> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[static_cast<size_t>(i)] = static_cast<V>(offset + scale * double(i));
  return v;
}

// Bytes k as the pixels k / 255 (correctly rounded in T), the values every image source of RingDL gives.
template <typename T>
std::vector<T> pixels(const std::vector<uint8_t>& bytes) {
  std::vector<T> v;
  for (uint8_t k : bytes) v.push_back(static_cast<T>(k) / T(255));
  return v;
}

TEST(Hdf5, EveryNumericTypeIntoFloatAndDouble) {
  TempDir dir;
  const std::string path = dir.file("types.h5");
  const int64_t n = 6;
  {
    H5Writer w(path);
    w.write("/u8", H5T_STD_U8LE, H5T_NATIVE_UINT8, {n, 2, 3}, iota<uint8_t>(n * 6, 7));
    w.write("/i16be", H5T_STD_I16BE, H5T_NATIVE_INT16, {n, 2}, iota<int16_t>(n * 2, -300, 100));
    w.write("/i32", H5T_STD_I32LE, H5T_NATIVE_INT32, {n}, iota<int32_t>(n, 1000, -2000));
    w.write("/u64", H5T_STD_U64LE, H5T_NATIVE_UINT64, {n}, iota<uint64_t>(n, 1, 0));
    w.write("/i64", H5T_STD_I64LE, H5T_NATIVE_INT64, {n, 1}, iota<int64_t>(n, 1, 0));
    w.write("/f32", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, {n, 4}, iota<float>(n * 4, 0.125, -1));
    w.write("/f64be", H5T_IEEE_F64BE, H5T_NATIVE_DOUBLE, {n, 4}, iota<double>(n * 4, 0.1, 0));
  }
  const Tensor<double> u8 = readHdf5<double>(path, "/u8");
  EXPECT_EQ(u8.shape(), (Shape{n, 2, 3}));
  EXPECT_EQ(u8.toVector(), iota<double>(n * 6, 7));
  EXPECT_EQ(readHdf5<float>(path, "i16be").toVector(), iota<float>(n * 2, -300, 100));
  EXPECT_EQ(readHdf5<float>(path, "/i32").toVector(), iota<float>(n, 1000, -2000));
  EXPECT_EQ(readHdf5<double>(path, "/f32").toVector(), iota<double>(n * 4, 0.125, -1));
  const std::vector<double> f64 = iota<double>(n * 4, 0.1, 0);
  EXPECT_EQ(readHdf5<double>(path, "/f64be").toVector(), f64);
  const std::vector<float> f64AsFloat = readHdf5<float>(path, "/f64be").toVector();
  for (size_t i = 0; i < f64.size(); ++i) EXPECT_EQ(f64AsFloat[i], static_cast<float>(f64[i]));

  // Rows 2..4 only.
  const Tensor<float> part = readHdf5<float>(path, "/u8", 2, 3);
  EXPECT_EQ(part.shape(), (Shape{3, 2, 3}));
  EXPECT_EQ(part.toVector(), iota<float>(18, 7, 7 * 12));

  const LabeledData<float> d = loadHdf5<float>(path, "/u8", "/u64");
  EXPECT_EQ(d.features.shape(), (Shape{n, 2, 3}));
  EXPECT_EQ(d.features.toVector(), pixels<float>(iota<uint8_t>(n * 6, 7)));  // uint8 features: k / 255
  EXPECT_EQ(d.labels.toVector(), iota<float>(n));
  const LabeledData<float> values = loadHdf5<float>(path, "/i16be", "/u64");  // other integers: their values
  EXPECT_EQ(values.features.toVector(), iota<float>(n * 2, -300, 100));
  const LabeledData<double> column = loadHdf5<double>(path, "/i32", "/i64");  // [N] features, [N, 1] labels
  EXPECT_EQ(column.features.shape(), (Shape{n, 1}));
  EXPECT_EQ(column.labels.shape(), (Shape{n}));

  const std::vector<Hdf5DatasetInfo> all = listHdf5Datasets(path);
  ASSERT_EQ(all.size(), 7u);
  EXPECT_EQ(all[0].name, "/f32");
  EXPECT_EQ(all[0].type, "float32");
  EXPECT_EQ(all[2].name, "/i16be");
  EXPECT_EQ(all[2].type, "int16");
  EXPECT_EQ(all[6].name, "/u8");
  EXPECT_EQ(all[6].shape, (Shape{n, 2, 3}));
  EXPECT_TRUE(all[6].numeric);
  EXPECT_EQ(hdf5DatasetInfo(path, "u64").type, "uint64");
}

// uint8 features are 8-bit pixels: loadHdf5 and openHdf5Partition give k / 255, exactly scalePixels' values
// (those of IDX, CIFAR-10 and pixels in shards), in float and double and on every rank; withRawBytes gives
// the bytes 0..255; readHdf5 gives what is stored; labels and features of other types are never scaled.
TEST(Hdf5, Uint8FeaturesArePixels) {
  TempDir dir;
  const std::string path = dir.file("pixels.h5");
  const int64_t n = 9;
  std::vector<uint8_t> bytes;
  for (int64_t i = 0; i < n * 4; ++i) bytes.push_back(static_cast<uint8_t>(i == 1 ? 255 : (i * 37) % 256));
  {
    H5Writer w(path);
    w.write("/x", H5T_STD_U8LE, H5T_NATIVE_UINT8, {n, 2, 2}, bytes, 4);
    w.write("/x8", H5T_STD_I8LE, H5T_NATIVE_INT8, {n, 4}, iota<int8_t>(n * 4, 3, -50));
    w.write("/x16", H5T_STD_U16BE, H5T_NATIVE_UINT16, {n, 4}, iota<uint16_t>(n * 4, 7));
    w.write("/y", H5T_STD_U8LE, H5T_NATIVE_UINT8, {n}, iota<uint8_t>(n, 25, 50));  // labels 50 ... 250
    w.write("/t", H5T_STD_U8LE, H5T_NATIVE_UINT8, {n, 2}, iota<uint8_t>(n * 2, 13));
  }
  std::vector<float> asFloat(bytes.size());
  std::vector<double> asDouble(bytes.size());
  scalePixels(bytes.data(), bytes.size(), asFloat.data());
  scalePixels(bytes.data(), bytes.size(), asDouble.data());
  EXPECT_EQ(asFloat, pixels<float>(bytes));
  EXPECT_EQ(asDouble, pixels<double>(bytes));
  const Hdf5Options names = Hdf5Options().withNames("/x", "/y");

  const LabeledData<float> f = loadHdf5<float>(path, names);
  EXPECT_EQ(f.features.shape(), (Shape{n, 2, 2}));
  EXPECT_EQ(f.features.toVector(), asFloat);
  EXPECT_EQ(f.features.at({0, 0, 1}), 1.f);                // byte 255
  EXPECT_EQ(f.labels.toVector(), iota<float>(n, 25, 50));  // uint8 labels are class indices, not pixels
  EXPECT_EQ(loadHdf5<double>(path, names).features.toVector(), asDouble);
  const LabeledData<double> raw = loadHdf5<double>(path, Hdf5Options(names).withRawBytes(true));
  EXPECT_EQ(raw.features.toVector(), std::vector<double>(bytes.begin(), bytes.end()));
  EXPECT_EQ(raw.labels.toVector(), iota<double>(n, 25, 50));
  EXPECT_EQ(readHdf5<float>(path, "/x").toVector(), std::vector<float>(bytes.begin(), bytes.end()));

  // Other integer types are their values; uint8 regression targets are not scaled either.
  EXPECT_EQ(loadHdf5<float>(path, Hdf5Options().withNames("/x8", "/y")).features.toVector(),
            iota<float>(n * 4, 3, -50));
  EXPECT_EQ(loadHdf5<float>(path, Hdf5Options().withNames("/x16", "/y")).features.toVector(),
            iota<float>(n * 4, 7));
  const LabeledData<float> targets =
      loadHdf5<float>(path, Hdf5Options().withNames("/x", "/t").withClassLabels(false));
  EXPECT_EQ(targets.labels.toVector(), iota<float>(n * 2, 13));

  // Every rank's rows, as loadHdf5 reads them and as a partition holds them: the same pixels.
  for (int world = 1; world <= 4; ++world) {
    std::vector<float> joined;
    for (int rank = 0; rank < world; ++rank) {
      const BatchPart mine = partitionRows(n, rank, world);
      const std::vector<float> expected(asFloat.begin() + mine.offset * 4,
                                        asFloat.begin() + (mine.offset + mine.length) * 4);
      const LabeledData<float> part = loadHdf5<float>(path, Hdf5Options(names).withRank(rank, world));
      EXPECT_EQ(part.features.toVector(), expected) << "rank " << rank << " of " << world;
      auto set = openHdf5Partition<float>(path, Hdf5Options(names).withRank(rank, world));
      EXPECT_EQ(set->local().features.toVector(), expected) << "rank " << rank << " of " << world;
      auto rawSet =
          openHdf5Partition<double>(path, Hdf5Options(names).withRank(rank, world).withRawBytes(true));
      EXPECT_EQ(rawSet->local().features.toVector(),
                std::vector<double>(bytes.begin() + mine.offset * 4,
                                    bytes.begin() + (mine.offset + mine.length) * 4));
      joined.insert(joined.end(), expected.begin(), expected.end());
    }
    EXPECT_EQ(joined, asFloat);
  }
}

// Every rank reads its partitionRows rows (the rule openHdf5Partition and ringdl train use: the later ranks
// take the extra rows); together the ranks read every row once, in order.
TEST(Hdf5, RankHyperslabsCoverEveryRowOnce) {
  TempDir dir;
  for (const int64_t n : {int64_t(0), int64_t(1), int64_t(3), int64_t(10), int64_t(11), int64_t(37)}) {
    const std::string path = dir.file("rows" + std::to_string(n) + ".h5");
    {
      H5Writer w(path);
      // Chunked and compressed by 4 rows: slabs cross chunk boundaries.
      w.write("/data/x", H5T_STD_I32LE, H5T_NATIVE_INT32, {n, 3, 2}, iota<int32_t>(n * 6),
              std::min<hsize_t>(4, n));
      w.write("/data/y", H5T_STD_U8LE, H5T_NATIVE_UINT8, {n}, iota<uint8_t>(n));
      w.write("/data/ycol", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, {n, 1}, iota<float>(n));
    }
    const LabeledData<float> whole = loadHdf5<float>(path, Hdf5Options().withNames("/data/x", "/data/y"));
    ASSERT_EQ(whole.features.shape(), (Shape{n, 3, 2}));
    for (int world = 1; world <= 4; ++world) {
      std::vector<float> x, y;
      for (int rank = 0; rank < world; ++rank) {
        const LabeledData<double> part = loadHdf5<double>(path, "/data/x", "/data/y", rank, world);
        const BatchPart expected = partitionRows(n, rank, world);
        ASSERT_EQ(part.features.shape(), (Shape{expected.length, 3, 2})) << "n " << n << " rank " << rank;
        ASSERT_EQ(part.labels.shape(), (Shape{expected.length}));
        const LabeledData<float> column = loadHdf5<float>(path, "/data/x", "/data/ycol", rank, world);
        ASSERT_EQ(column.labels.shape(), (Shape{expected.length}));  // [N, 1] labels read as [N]
        EXPECT_EQ(column.labels.toVector(), iota<float>(expected.length, 1, double(expected.offset)));
        for (double v : part.features.toVector()) x.push_back(static_cast<float>(v));
        for (double v : part.labels.toVector()) {
          EXPECT_EQ(v, double(y.size()));  // labels are the row numbers
          y.push_back(static_cast<float>(v));
        }
      }
      EXPECT_EQ(x, whole.features.toVector()) << "n " << n << " world " << world;
      EXPECT_EQ(y, iota<float>(n)) << "n " << n << " world " << world;
    }
  }
}

// Explicit row ranges, and each rank's partition as a data set: rank r of W reads only the rows
// [floor(r N / W), floor((r + 1) N / W)) (counted by hdf5ValuesRead), and the ranks together serve every row
// once per epoch.
TEST(Hdf5, PartitionsReadOnlyTheirRows) {
  TempDir dir;
  for (const int64_t n : {int64_t(1), int64_t(3), int64_t(10), int64_t(37)}) {
    const std::string path = dir.file("part" + std::to_string(n) + ".h5");
    {
      H5Writer w(path);
      w.write("/x", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, {n, 3}, iota<float>(n * 3), std::min<hsize_t>(4, n));
      w.write("/y", H5T_STD_I64LE, H5T_NATIVE_INT64, {n}, iota<int64_t>(n));
    }
    const LabeledData<double> rows =
        loadHdf5<double>(path, Hdf5Options().withNames("/x", "/y").withRows(1, n - 1));
    EXPECT_EQ(rows.labels.toVector(), iota<double>(n - 1, 1, 1));
    for (int world = 1; world <= 4; ++world) {
      std::vector<int> seen(static_cast<size_t>(n), 0);
      for (int rank = 0; rank < world; ++rank) {
        const int64_t before = hdf5ValuesRead();
        auto set =
            openHdf5Partition<float>(path, Hdf5Options().withNames("/x", "/y").withRank(rank, world), 7);
        const BatchPart mine = partitionRows(n, rank, world);
        EXPECT_EQ(hdf5ValuesRead() - before, mine.length * 4) << "rank " << rank << " read only its rows";
        EXPECT_EQ(set->size(), n);
        EXPECT_EQ(set->firstRow(), mine.offset);
        ASSERT_EQ(set->local().features.shape(), (Shape{mine.length, 3}));
        // loadHdf5 with the rank gives a rank the same rows as its partition.
        const LabeledData<float> load = loadHdf5<float>(path, "/x", "/y", rank, world);
        EXPECT_EQ(load.features.toVector(), set->local().features.toVector()) << "rank " << rank;
        EXPECT_EQ(load.labels.toVector(), set->local().labels.toVector()) << "rank " << rank;
        set->shuffle();
        while (set->position() < n) {
          const MiniBatch<float> b = set->nextBatchPart(4, rank, world);
          for (int64_t i = 0; i < b.size(); ++i) {
            const auto row = static_cast<int64_t>(b.target().data()[i]);
            EXPECT_EQ(b.input().data()[3 * i], float(3 * row));
            ++seen[static_cast<size_t>(row)];
          }
        }
      }
      for (int64_t i = 0; i < n; ++i)
        EXPECT_EQ(seen[static_cast<size_t>(i)], 1) << "row " << i << " world " << world;
    }
    expectError([&] { loadHdf5<float>(path, Hdf5Options().withNames("/x", "/y").withRows(1, n)); },
                {"rows [1, " + std::to_string(n + 1) + ") of features /x are out of range: it has " +
                 std::to_string(n) + " rows"});
  }
  const std::string empty = dir.file("empty.h5");
  {
    H5Writer w(empty);
    w.write("/x", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, {0, 3}, std::vector<float>());
    w.write("/y", H5T_STD_I64LE, H5T_NATIVE_INT64, {0}, std::vector<int64_t>());
  }
  expectError([&] { openHdf5Partition<float>(empty, Hdf5Options().withNames("/x", "/y")); },
              {"HDF5 file " + empty + ": features /x [0, 3] hold no rows"});
  expectError([&] { openHdf5Partition<float>(empty, Hdf5Options().withNames("/x", "/y").withRank(2, 2)); },
              {"rank 2 is not in a world of 2 ranks"});
}

TEST(Hdf5, ReadsWhatH5pyWrote) {
  const std::string path = std::string(RINGDL_FIXTURE_DIR) + "/hdf5/h5py_written.h5";
  const LabeledData<float> images = loadHdf5<float>(path, "images", "labels");
  ASSERT_EQ(images.features.shape(), (Shape{7, 1, 4, 4}));
  for (int64_t r = 0; r < 7; ++r)
    for (int64_t y = 0; y < 4; ++y)
      for (int64_t x = 0; x < 4; ++x)
        EXPECT_EQ(images.features.at({r, 0, y, x}), float((37 * r + 5 * y + x) % 256) / 255.f);
  EXPECT_EQ(images.labels.toVector(), (std::vector<float>{3, 1, 4, 1, 5, 9, 2}));

  const LabeledData<double> rank1 = loadHdf5<double>(path, "/features", "/labels_col", 1, 3);  // rows 2, 3
  ASSERT_EQ(rank1.features.shape(), (Shape{2, 3}));
  EXPECT_EQ(rank1.features.toVector(), (std::vector<double>{2, 2.125, 2.25, 3, 3.125, 3.25}));
  EXPECT_EQ(rank1.labels.toVector(), (std::vector<double>{2, 0}));
  const LabeledData<float> bytes =
      loadHdf5<float>(path, Hdf5Options().withNames("images", "labels").withRawBytes(true));
  EXPECT_EQ(bytes.features.at({6, 0, 3, 3}), float((37 * 6 + 5 * 3 + 3) % 256));

  const LabeledData<double> targets =
      loadHdf5<double>(path, Hdf5Options().withNames("/images", "/meta/targets").withClassLabels(false));
  ASSERT_EQ(targets.labels.shape(), (Shape{7, 2}));
  EXPECT_EQ(targets.labels.at({6, 1}), -1.5);

  const std::vector<Hdf5DatasetInfo> all = listHdf5Datasets(path);
  std::vector<std::string> names;
  for (const auto& d : all) names.push_back(d.name + " " + d.type);
  EXPECT_EQ(names, (std::vector<std::string>{"/features float32", "/images uint8", "/labels int64",
                                             "/labels_col float32", "/meta/mask enum", "/meta/names string",
                                             "/meta/targets float64"}));
  expectError([&] { loadHdf5<float>(path, "images", "/meta/mask"); },
              {"/meta/mask holds enum values, not numbers", "booleans"});
  expectError([&] { loadHdf5<float>(path, "/meta/names", "labels"); }, {"/meta/names holds string values"});
}

TEST(Hdf5, ErrorsNameFileDatasetAndProblem) {
  TempDir dir;
  const std::string path = dir.file("bad.h5");
  {
    H5Writer w(path);
    w.write("/x", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, {4, 2}, iota<float>(8));
    w.write("/y3", H5T_STD_I32LE, H5T_NATIVE_INT32, {3}, iota<int32_t>(3));
    w.write("/y", H5T_STD_I32LE, H5T_NATIVE_INT32, {4}, std::vector<int32_t>{0, 1, -2, 1});
    w.write("/yfrac", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {4}, std::vector<double>{0, 1, 1.5, 1});
    w.write("/yonehot", H5T_STD_U8LE, H5T_NATIVE_UINT8, {4, 3}, std::vector<uint8_t>(12, 0));
    w.write("/scalar", H5T_STD_I32LE, H5T_NATIVE_INT32, {}, std::vector<int32_t>{5});
    w.write("/xnan", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {4, 2},
            std::vector<double>{0, 1, 2, 3, 4, NAN, 6, 7});
    w.write("/yok", H5T_STD_I32LE, H5T_NATIVE_INT32, {4}, std::vector<int32_t>{0, 1, 2, 1});
    w.group("/grp/sub");
  }
  testing::internal::CaptureStderr();
  expectError([&] { loadHdf5<float>(path, "/features", "/y"); },
              {"HDF5 file ",
               "bad.h5: no dataset /features; the file holds /scalar [] int32, /x [4, 2] float32, /xnan",
               "/y [4] int32"});
  const std::string printed = testing::internal::GetCapturedStderr();
  EXPECT_EQ(printed, "") << "HDF5 printed its error stack";

  expectError([&] { loadHdf5<float>(path, "/x", "/y3"); },
              {"bad.h5", "the row counts differ: features /x [4, 2] has 4 rows, labels /y3 [3] has 3"});
  expectError([&] { loadHdf5<float>(path, "/x", "/y"); },
              {"dataset /y row 2 holds label -2, a negative number"});
  expectError([&] { loadHdf5<double>(path, "/x", "/yfrac"); },
              {"/yfrac row 2 holds label 1.5, not a whole number"});
  expectError([&] { loadHdf5<float>(path, "/x", "/yonehot"); }, {"/yonehot is [4, 3]", "class indices"});
  expectError([&] { loadHdf5<float>(path, "/scalar", "/y"); }, {"features dataset /scalar is a scalar"});
  expectError([&] { loadHdf5<float>(path, "/xnan", "/yok"); },
              {"/xnan row 2 holds nan (element 1 of the row)"});
  expectError([&] { loadHdf5<float>(path, "/xnan", "/yok", 1, 2); }, {"/xnan row 2 holds nan"});
  EXPECT_EQ(loadHdf5<float>(path, "/xnan", "/yok", 0, 2).size(), 2);  // rank 0's rows are fine
  expectError([&] { loadHdf5<float>(path, "/grp", "/y"); }, {"/grp is a group, not a dataset"});
  expectError([&] { loadHdf5<float>(path, "/grp/sub/deeper", "/y"); }, {"no dataset /grp/sub/deeper"});
  expectError([&] { loadHdf5<float>(path, "/x", "/y", 2, 2); }, {"rank 2 is not in a world of 2 ranks"});
  expectError([&] { readHdf5<float>(path, "/x", 3, 2); },
              {"rows [3, 5) of dataset /x are out of range: it has 4"});
  EXPECT_EQ(readHdf5<float>(path, "/scalar").item(), 5.0f);
  EXPECT_EQ(
      loadHdf5<float>(path, Hdf5Options().withNames("/x", "/yonehot").withClassLabels(false)).labels.shape(),
      (Shape{4, 3}));

  expectError([&] { loadHdf5<float>(dir.file("missing.h5"), "/x", "/y"); },
              {"cannot open HDF5 file", "missing.h5", "No such file"});
  test::writeBytes(dir.file("text.h5"), {'h', 'e', 'l', 'l', 'o'});
  expectError([&] { loadHdf5<float>(dir.file("text.h5"), "/x", "/y"); }, {"text.h5 is not an HDF5 file"});
  expectError([&] { listHdf5Datasets(dir.path()); }, {"is a directory"});
}

}  // namespace
}  // namespace ringdl
