// The one HDF5 lock: reading (loadHdf5, listHdf5Datasets, openHdf5Partition) and writing (Hdf5Writer) both
// wait for detail::hdf5Mutex(), and files written and read by two threads at once come out whole, with HDF5's
// error printing still off inside and restored outside.
#include "data/detail/hdf5_lock.h"

#include <gtest/gtest.h>
#include <hdf5.h>

#include <chrono>
#include <cstdint>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "data/temp_dir.h"
#include "ringdl/data/hdf5_data_set.h"
#include "ringdl/data/hdf5_writer.h"

namespace ringdl {
namespace {

using test::TempDir;

// Writes `rows` rows of `width` values: row r holds r * width + j (j = 0 .. width - 1), label r mod 5.
void writeRows(const std::string& path, int64_t rows, int64_t width, int64_t chunkRows) {
  Hdf5Writer w(path, {width}, Hdf5WriterOptions().withChunkRows(chunkRows));
  std::vector<float> row(static_cast<size_t>(width));
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t j = 0; j < width; ++j) row[static_cast<size_t>(j)] = static_cast<float>(r * width + j);
    w.append<float>(row.data(), width, static_cast<float>(r % 5));
  }
  w.close();
}

// True when the rows read are those writeRows wrote.
bool rowsAreWhole(const LabeledData<float>& d, int64_t firstRow, int64_t width) {
  const std::vector<float> x = d.features.toVector(), y = d.labels.toVector();
  for (size_t i = 0; i < x.size(); ++i)
    if (x[i] != static_cast<float>(firstRow * width + static_cast<int64_t>(i))) return false;
  for (size_t i = 0; i < y.size(); ++i)
    if (y[i] != static_cast<float>((firstRow + static_cast<int64_t>(i)) % 5)) return false;
  return true;
}

// While another thread holds the lock, a reader and a writer both wait; they run once it is released.
TEST(Hdf5Lock, ReadersAndWritersShareOneLock) {
  TempDir dir;
  const std::string existing = dir.file("existing.h5");
  writeRows(existing, 10, 3, 4);
  std::future<LabeledData<float>> read, part;
  std::future<void> written;
  std::future<size_t> listed;
  {
    std::lock_guard<std::recursive_mutex> held(detail::hdf5Mutex());
    read = std::async(std::launch::async, [&] { return loadHdf5<float>(existing); });
    part = std::async(std::launch::async, [&] {
      return openHdf5Partition<float>(existing, Hdf5Options().withRank(1, 2))->local();
    });
    listed = std::async(std::launch::async, [&] { return listHdf5Datasets(existing).size(); });
    written = std::async(std::launch::async, [&] { writeRows(dir.file("new.h5"), 7, 2, 0); });
    // None can enter HDF5 while the lock is held (a wait that ends only when they would have run unguarded).
    EXPECT_EQ(read.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout) << "loadHdf5";
    EXPECT_EQ(part.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout)
        << "openHdf5Partition";
    EXPECT_EQ(listed.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout)
        << "listHdf5Datasets";
    EXPECT_EQ(written.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout) << "Hdf5Writer";
  }
  EXPECT_TRUE(rowsAreWhole(read.get(), 0, 3));
  EXPECT_TRUE(rowsAreWhole(part.get(), 5, 3));
  EXPECT_EQ(listed.get(), 2u);
  written.get();
  EXPECT_TRUE(rowsAreWhole(loadHdf5<float>(dir.file("new.h5")), 0, 2));
}

// Two threads write files while two others read (and fail to read) HDF5 files: every file is whole, every
// read gives the rows written, every error is a ringdl::Error, nothing is printed on stderr, and HDF5's
// automatic error printing is as it was before.
TEST(Hdf5Lock, ConcurrentReadsAndWrites) {
  TempDir dir;
  const std::string shared = dir.file("shared.h5");
  writeRows(shared, 101, 5, 8);
  H5E_auto2_t before = nullptr;
  void* beforeData = nullptr;
  H5Eget_auto2(H5E_DEFAULT, &before, &beforeData);
  testing::internal::CaptureStderr();
  constexpr int kRounds = 20;
  std::vector<std::future<int>> jobs;
  for (int writer = 0; writer < 2; ++writer)
    jobs.push_back(std::async(std::launch::async, [&, writer] {
      int good = 0;
      for (int i = 0; i < kRounds; ++i) {
        const std::string path = dir.file("w" + std::to_string(writer) + "_" + std::to_string(i) + ".h5");
        writeRows(path, 30 + i, 4, 7);
        good += rowsAreWhole(loadHdf5<float>(path), 0, 4) ? 1 : 0;
      }
      return good;
    }));
  for (int reader = 0; reader < 2; ++reader)
    jobs.push_back(std::async(std::launch::async, [&, reader] {
      int good = 0;
      for (int i = 0; i < kRounds; ++i) {
        const int world = 1 + i % 3, rank = (reader + i) % world;
        auto set = openHdf5Partition<float>(shared, Hdf5Options().withRank(rank, world));
        bool ok = rowsAreWhole(set->local(), set->firstRow(), 5);
        try {
          loadHdf5<float>(shared, "/nope", "/labels");
          ok = false;
        } catch (const Error& e) {
          ok = ok && std::string(e.what()).find("no dataset /nope") != std::string::npos;
        }
        good += ok ? 1 : 0;
      }
      return good;
    }));
  for (auto& job : jobs) EXPECT_EQ(job.get(), kRounds);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "") << "HDF5 printed its error stack";
  H5E_auto2_t after = nullptr;
  void* afterData = nullptr;
  H5Eget_auto2(H5E_DEFAULT, &after, &afterData);
  EXPECT_EQ(after, before);
  EXPECT_EQ(afterData, beforeData);
}

}  // namespace
}  // namespace ringdl
