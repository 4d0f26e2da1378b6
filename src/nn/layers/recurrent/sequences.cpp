// Sequence helpers of the recurrent containers: lengths and masks, reversal within lengths, last steps.
#include "ringdl/nn/layers/recurrent/detail/sequences.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace ringdl::detail {

template <typename T>
SequenceInput<T> SequenceInput<T>::parse(const Activity<T>& input, const std::string& who) {
  SequenceInput<T> in;
  if (input.isTensor()) {
    in.x = input.toTensor();
  } else {
    const auto& t = input.toTable();
    RINGDL_CHECK(t.size() == 2 && t[0].isTensor() && t[1].isTensor(), who,
                 ": takes a sequence [N, T, ...] or a Table {sequence, lengths [N] or mask [N, T]}, got a Table of ",
                 t.size(), " entries");
    in.x = t[0].toTensor();
    in.rest = t[1];
    in.table = true;
  }
  RINGDL_CHECK(in.x.dim() >= 3, who, ": expected a batch of sequences [N, T, ...] (batch first), got ",
               toString(in.x.shape()));
  if (!in.table) return in;
  const int64_t n = in.x.size(0), steps = in.x.size(1);
  const Tensor<T> m = in.rest.toTensor().contiguous();
  if (m.dim() == 1) {
    RINGDL_CHECK(m.size(0) == n, who, ": got ", m.size(0), " lengths for a batch of ", n);
    for (int64_t i = 0; i < n; ++i) {
      const T v = m.data()[i];
      RINGDL_CHECK(v == std::floor(v) && v >= 0 && v <= steps, who, ": sample ", i, " has length ", v,
                   "; lengths must be whole numbers in [0, ", steps, "]");
      in.lengths.push_back(static_cast<int64_t>(v));
    }
  } else {
    RINGDL_CHECK(m.dim() == 2 && m.size(0) == n && m.size(1) == steps, who, ": a mask must be [", n, ", ",
                 steps, "], got ", toString(m.shape()));
    for (int64_t i = 0; i < n; ++i) {
      int64_t len = 0;
      while (len < steps && m.data()[i * steps + len] != T(0)) ++len;
      for (int64_t t = len; t < steps; ++t)
        RINGDL_CHECK(m.data()[i * steps + t] == T(0), who, ": the mask of sample ", i, " has a real step ", t,
                     " after padding at step ", len, "; padding must come last (left-padded batches: reverse them)");
      in.lengths.push_back(len);
    }
  }
  return in;
}

template <typename T>
Activity<T> SequenceInput<T>::gradient(Tensor<T> gx) const {
  if (!table) return Activity<T>(std::move(gx));
  return Activity<T>::table({Activity<T>(std::move(gx)), Activity<T>(Tensor<T>(rest.toTensor().shape()))});
}

template <typename T>
Tensor<T> reverseWithin(const Tensor<T>& x, const SequenceLengths& lengths) {
  const Tensor<T> c = x.contiguous();
  const int64_t n = c.size(0), steps = c.size(1), row = steps == 0 ? 0 : c.numel() / (n * steps);
  Tensor<T> out(c.shape());
  for (int64_t i = 0; i < n; ++i) {
    const int64_t len = lengths.empty() ? steps : lengths[i];
    for (int64_t t = 0; t < steps; ++t) {
      const int64_t from = t < len ? len - 1 - t : t;
      std::memcpy(out.data() + (i * steps + t) * row, c.data() + (i * steps + from) * row, sizeof(T) * row);
    }
  }
  return out;
}

template <typename T>
Tensor<T> lastSteps(const Tensor<T>& y, const SequenceLengths& lengths) {
  const Tensor<T> c = y.contiguous();
  const int64_t n = c.size(0), steps = c.size(1), row = c.numel() / std::max<int64_t>(n * steps, 1);
  Shape shape = c.shape();
  shape.erase(shape.begin() + 1);
  Tensor<T> out(shape);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t len = lengths.empty() ? steps : lengths[i];
    if (len == 0) {
      std::fill(out.data() + i * row, out.data() + (i + 1) * row, T(0));
    } else {
      std::memcpy(out.data() + i * row, c.data() + (i * steps + len - 1) * row, sizeof(T) * row);
    }
  }
  return out;
}

template <typename T>
Tensor<T> lastStepsGradient(const Tensor<T>& gy, const Shape& yShape, const SequenceLengths& lengths) {
  Tensor<T> out = Tensor<T>::zeros(yShape);
  const Tensor<T> g = gy.contiguous();
  const int64_t n = yShape[0], steps = yShape[1], row = out.numel() / std::max<int64_t>(n * steps, 1);
  RINGDL_CHECK(g.numel() == n * row, "the gradient of the last steps has shape ", toString(gy.shape()),
               ", expected ", n, " rows of ", row);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t len = lengths.empty() ? steps : lengths[i];
    if (len > 0) std::memcpy(out.data() + (i * steps + len - 1) * row, g.data() + i * row, sizeof(T) * row);
  }
  return out;
}

#define RINGDL_INSTANTIATE_SEQUENCES(T)                                                         \
  template struct SequenceInput<T>;                                                             \
  template Tensor<T> reverseWithin<T>(const Tensor<T>&, const SequenceLengths&);                \
  template Tensor<T> lastSteps<T>(const Tensor<T>&, const SequenceLengths&);                    \
  template Tensor<T> lastStepsGradient<T>(const Tensor<T>&, const Shape&, const SequenceLengths&);
RINGDL_INSTANTIATE_SEQUENCES(float)
RINGDL_INSTANTIATE_SEQUENCES(double)

}  // namespace ringdl::detail
