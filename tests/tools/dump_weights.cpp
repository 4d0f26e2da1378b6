// Prints one line per parameter of a model file or checkpoint: its name, shape and a hash of its bits, so
// the CLI tests can say which weights training left bit-identical.
// Usage: dump_weights MODEL.ringdl
#include <cstdint>
#include <cstring>
#include <iostream>

#include "ringdl/io/model_io.h"
#include "ringdl/util/error.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: dump_weights MODEL.ringdl\n";
    return 2;
  }
  try {
    auto model = ringdl::loadModel<float>(argv[1]);
    for (const auto& p : model->parameters()) {
      uint64_t h = 14695981039346656037ull;  // FNV-1a over the values' bits
      const ringdl::Tensor<float> w = p.weight->contiguous();
      for (int64_t i = 0; i < w.numel(); ++i) {
        uint32_t bits = 0;
        std::memcpy(&bits, w.data() + i, sizeof bits);
        for (int b = 0; b < 4; ++b) {
          h ^= (bits >> (8 * b)) & 0xffu;
          h *= 1099511628211ull;
        }
      }
      std::cout << p.name << " " << ringdl::toString(w.shape()) << " " << std::hex << h << std::dec << "\n";
    }
  } catch (const ringdl::Error& e) {
    std::cerr << e.message() << "\n";
    return 1;
  }
  return 0;
}
