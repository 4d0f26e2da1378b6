// Shared helpers for the io tests: a scratch directory removed afterwards, raw file access, bit comparison.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "ringdl/io/file_format.h"
#include "ringdl/nn/module.h"
#include "ringdl/util/error.h"

namespace ringdl::test {

/// A fresh directory under the system temp dir, named after the running test, removed on destruction.
class ScratchDir {
 public:
  ScratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() / ("ringdl_io_" + std::string(info->test_suite_name()) +
                                                      "_" + info->name() + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string str() const { return path_.string(); }
  /// Every entry's file name, sorted.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(path_))
      names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::filesystem::path path_;
};

inline std::string readBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void writeBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// CRC-32 (the zlib / gzip polynomial), written out here so the tests check the format independently of zlib.
inline uint32_t crc32Of(const std::string& bytes) {
  uint32_t crc = 0xffffffffu;
  for (unsigned char c : bytes) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

/// Rewrites the header's CRC to match a (deliberately edited) payload, so a test reaches the checks after it.
inline void fixCrc(std::string& fileBytes) {
  const uint32_t crc = crc32Of(fileBytes.substr(kFileHeaderSize));
  for (size_t i = 0; i < 4; ++i) fileBytes[kFileCrcOffset + i] = static_cast<char>((crc >> (8 * i)) & 0xff);
}

/// True if both tensors have the same shape and identical bits in every element (NaNs included).
template <typename T>
bool bitEqual(const Tensor<T>& a, const Tensor<T>& b) {
  if (a.shape() != b.shape()) return false;
  const std::vector<T> va = a.toVector(), vb = b.toVector();
  return va.empty() || std::memcmp(va.data(), vb.data(), va.size() * sizeof(T)) == 0;
}

/// Expects the same parameter names, shapes and bits in both modules.
template <typename T>
void expectSameParameters(Module<T>& expected, Module<T>& actual) {
  auto pe = expected.parameters();
  auto pa = actual.parameters();
  ASSERT_EQ(pe.size(), pa.size());
  for (size_t i = 0; i < pe.size(); ++i) {
    EXPECT_EQ(pe[i].name, pa[i].name);
    EXPECT_TRUE(bitEqual(*pe[i].weight, *pa[i].weight)) << "parameter " << pe[i].name << " differs";
  }
}

/// Runs f, expects a ringdl::Error, and returns its message.
template <typename F>
std::string errorOf(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.message();
  }
  ADD_FAILURE() << "expected a ringdl::Error";
  return "";
}

}  // namespace ringdl::test
