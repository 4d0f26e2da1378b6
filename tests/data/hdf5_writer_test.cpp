// Hdf5Writer: files read back with readHdf5 / loadHdf5 (float32 and uint8 features, int64 labels, groups,
// deflate; uint8 pixels round trip as k / 255), row counts that are not a multiple of the chunk, the chunk
// layout by rows, ranks' hyperslabs covering every row once, and every error.
#include "ringdl/data/hdf5_writer.h"

#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "data/temp_dir.h"
#include "ringdl/data/hdf5_data_set.h"

namespace ringdl {
namespace {

using test::expectError;
using test::TempDir;

// The chunk dimensions of a dataset, read with the C API.
std::vector<hsize_t> chunkOf(const std::string& path, const std::string& name) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t d = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  const hid_t plist = H5Dget_create_plist(d);
  std::vector<hsize_t> dims(8, 0);
  const int rank = H5Pget_layout(plist) == H5D_CHUNKED ? H5Pget_chunk(plist, 8, dims.data()) : 0;
  dims.resize(static_cast<size_t>(std::max(rank, 0)));
  H5Pclose(plist);
  H5Dclose(d);
  H5Fclose(file);
  return dims;
}

TEST(Hdf5Writer, FloatRowsReadBack) {
  TempDir dir;
  const std::string path = dir.file("d.h5");
  std::vector<float> rows;
  {
    Hdf5Writer w(path, {2, 3},
                 Hdf5WriterOptions().withNames("/group/x", "y").withChunkRows(4).withDeflate(6));
    EXPECT_EQ(w.chunkRows(), 4);
    for (int i = 0; i < 10; ++i) {  // 10 rows: two whole chunks and a partial one
      float row[6];
      for (int j = 0; j < 6; ++j) row[j] = static_cast<float>(i) * 10 + j + 0.25f * (j % 2 ? -1 : 1);
      rows.insert(rows.end(), row, row + 6);
      w.append<float>(row, 6, static_cast<float>(i % 3));
    }
    EXPECT_EQ(w.rows(), 10);
    w.close();
  }
  const std::vector<Hdf5DatasetInfo> sets = listHdf5Datasets(path);
  ASSERT_EQ(sets.size(), 2u);
  EXPECT_EQ(sets[0].name, "/group/x");
  EXPECT_EQ(sets[0].type, "float32");
  EXPECT_EQ(sets[0].shape, (Shape{10, 2, 3}));
  EXPECT_EQ(sets[1].name, "/y");
  EXPECT_EQ(sets[1].type, "int64");
  EXPECT_EQ(sets[1].shape, (Shape{10}));
  EXPECT_EQ(chunkOf(path, "/group/x"), (std::vector<hsize_t>{4, 2, 3}));
  EXPECT_EQ(chunkOf(path, "/y"), (std::vector<hsize_t>{8192}));  // labels: at least 8192 rows
  const Tensor<float> x = readHdf5<float>(path, "/group/x");
  EXPECT_EQ(x.toVector(), rows);
  // Ranks' rows as hyperslabs: together every row once, in order.
  std::vector<float> joined, labels;
  for (int r = 0; r < 3; ++r) {
    const LabeledData<float> part = loadHdf5<float>(path, "/group/x", "/y", r, 3);
    const std::vector<float> f = part.features.toVector(), l = part.labels.toVector();
    joined.insert(joined.end(), f.begin(), f.end());
    labels.insert(labels.end(), l.begin(), l.end());
  }
  EXPECT_EQ(joined, rows);
  EXPECT_EQ(labels, (std::vector<float>{0, 1, 2, 0, 1, 2, 0, 1, 2, 0}));
}

TEST(Hdf5Writer, Uint8PixelsAndDefaultChunks) {
  TempDir dir;
  const std::string path = dir.file("p.h5");
  std::vector<float> expected, stored;
  std::vector<double> appended;
  {
    Hdf5Writer w(path, {1, 28, 28}, Hdf5WriterOptions().withFeatureType(Hdf5FeatureType::kUint8));
    EXPECT_EQ(w.chunkRows(), (1 << 20) / 784);  // about 1 MiB of rows
    std::vector<double> values(784);
    std::string bytes(784, '\0');
    for (int i = 0; i < 5; ++i) {
      for (int j = 0; j < 784; ++j) {
        const int k = (i * 31 + j * 7) % 256;
        values[j] = k / 255.0;
        bytes[j] = static_cast<char>(k);
        expected.push_back(static_cast<float>(k) / 255.f);
        stored.push_back(static_cast<float>(k));
      }
      appended.insert(appended.end(), values.begin(), values.end());
      if (i % 2)
        w.append<double>(values.data(), 784, i);
      else
        w.appendBytes(bytes, i);
    }
    w.close();
  }
  EXPECT_EQ(hdf5DatasetInfo(path, "/features").type, "uint8");
  // Fewer rows than a chunk: chunks of the row count (HDF5 allocates whole chunks).
  EXPECT_EQ(chunkOf(path, "/features"), (std::vector<hsize_t>{5, 1, 28, 28}));
  EXPECT_EQ(chunkOf(path, "/labels"), (std::vector<hsize_t>{5}));
  const LabeledData<float> back = loadHdf5<float>(path);  // the default names
  EXPECT_EQ(back.features.shape(), (Shape{5, 1, 28, 28}));
  EXPECT_EQ(back.features.toVector(), expected);  // pixels k / 255, as appended
  EXPECT_EQ(back.labels.toVector(), (std::vector<float>{0, 1, 2, 3, 4}));
  EXPECT_EQ(loadHdf5<double>(path).features.toVector(), appended);   // the values appended, exactly
  EXPECT_EQ(readHdf5<float>(path, "/features").toVector(), stored);  // the bytes, 0..255
  EXPECT_EQ(loadHdf5<float>(path, Hdf5Options().withRawBytes(true)).features.toVector(), stored);

  // A float32 file stores bytes as k / 255.
  const std::string f = dir.file("f.h5");
  {
    Hdf5Writer w(f, {2});
    w.appendBytes(std::string("\x00\xff", 2), 0);
  }  // closed by the destructor
  EXPECT_EQ(readHdf5<float>(f, "/features").toVector(), (std::vector<float>{0.f, 1.f}));
}

TEST(Hdf5Writer, LargeAndEmptyFiles) {
  TempDir dir;
  const std::string big = dir.file("big.h5");
  {
    Hdf5Writer w(big, {1024}, Hdf5WriterOptions().withFeatureType(Hdf5FeatureType::kUint8));
    EXPECT_EQ(w.chunkRows(), 1024);  // 1 MiB of 1 KiB rows
    const std::string row(1024, '\x07');
    for (int i = 0; i < 2500; ++i) w.appendBytes(row, i % 4);
    w.close();
    EXPECT_EQ(w.chunkRows(), 1024);
  }
  EXPECT_EQ(chunkOf(big, "/features"), (std::vector<hsize_t>{1024, 1024}));
  EXPECT_EQ(chunkOf(big, "/labels"), (std::vector<hsize_t>{8192}));
  const Tensor<float> tail = readHdf5<float>(big, "/labels", 2496);
  EXPECT_EQ(tail.toVector(), (std::vector<float>{0, 1, 2, 3}));
  EXPECT_EQ(readHdf5<float>(big, "/features", 2499).toVector(), std::vector<float>(1024, 7.f));

  const std::string empty = dir.file("empty.h5");
  Hdf5Writer(empty, {3}).close();
  EXPECT_EQ(hdf5DatasetInfo(empty, "/features").shape, (Shape{0, 3}));
  EXPECT_EQ(hdf5DatasetInfo(empty, "/labels").shape, (Shape{0}));
}

TEST(Hdf5Writer, Errors) {
  TempDir dir;
  const std::string path = dir.file("e.h5");
  expectError([&] { Hdf5Writer w(path, {3}, Hdf5WriterOptions().withNames("/a", "a")); },
              {"HDF5 file " + path, "both to be dataset /a"});
  expectError([&] { Hdf5Writer w(path, {3, 0}); }, {"row shape [3,0]"});
  expectError([&] { Hdf5Writer w(path, {3}, Hdf5WriterOptions().withDeflate(10)); }, {"deflate level 10"});
  expectError([&] { Hdf5Writer w(dir.file("no/such.h5"), {3}); }, {"cannot create HDF5 file", "no/such.h5"});
  Hdf5Writer w(path, {3}, Hdf5WriterOptions().withFeatureType(Hdf5FeatureType::kUint8));
  const float x[] = {0, 1, 0.5f};
  const float pixels[] = {0, 1, 128 / 255.f};
  expectError([&] { w.append<float>(pixels, 2, 0); },
              {"row 0 holds 2 values but the rows of /features are [3]"});
  expectError([&] { w.append<float>(x, 3, 0); }, {"row 0 value 2 is 0.5", "not an 8-bit pixel", "float32"});
  expectError([&] { w.append<float>(pixels, 3, 1.5f); }, {"row 0 has label 1.5", "int64 class labels"});
  expectError([&] { w.append<float>(pixels, 3, -1); }, {"label -1"});
  w.append<float>(pixels, 3, 7);
  w.close();
  expectError([&] { w.append<float>(pixels, 3, 7); }, {"append after close()"});
  const LabeledData<float> back = loadHdf5<float>(path);
  EXPECT_EQ(back.features.toVector(), (std::vector<float>{0, 1, 128 / 255.f}));  // refused rows left nothing
  Hdf5Writer floats(dir.file("n.h5"), {2});
  const float nan[] = {1, std::nanf("")};
  const double huge[] = {1, 1e300};
  expectError([&] { floats.append<float>(nan, 2, 0); }, {"row 0 value 1 is nan", "refused"});
  expectError([&] { floats.append<double>(huge, 2, 0); }, {"value 1 is 1e+300, beyond float32's range"});
  floats.append<float>(x, 2, 0);
  floats.close();
  EXPECT_EQ(readHdf5<float>(dir.file("n.h5"), "/features").toVector(), (std::vector<float>{0, 1}));
}

}  // namespace
}  // namespace ringdl
