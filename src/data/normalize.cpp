// Normalize<T> and featureStats: per-channel or overall standardisation of features [N, C, ...].
#include "ringdl/data/normalize.h"

#include <cmath>
#include <sstream>
#include <utility>

#include "ringdl/util/error.h"

namespace ringdl {

namespace {

std::string listText(const std::vector<double>& values) {
  std::ostringstream os;
  os.precision(6);
  os << "[";
  for (size_t i = 0; i < values.size(); ++i) os << (i ? ", " : "") << values[i];
  os << "]";
  return os.str();
}

// Calls f(channel, pointer, count) for every contiguous run of one channel in a contiguous [N, C, ...] array.
template <typename P, typename F>
void forEachChannelRun(P* data, int64_t records, int64_t channels, int64_t inner, F&& f) {
  for (int64_t n = 0; n < records; ++n)
    for (int64_t c = 0; c < channels; ++c) f(c, data + (n * channels + c) * inner, inner);
}

}  // namespace

template <typename T>
FeatureStats featureStats(const Tensor<T>& features, bool perChannel) {
  RINGDL_CHECK(features.numel() > 0, "featureStats: the features ", toString(features.shape()), " are empty");
  RINGDL_CHECK(!perChannel || features.dim() >= 2,
               "featureStats: per-channel statistics need features [N, C, ...], got ",
               toString(features.shape()));
  const Tensor<T> x = features.contiguous();
  const int64_t records = perChannel ? x.size(0) : 1;
  const int64_t channels = perChannel ? x.size(1) : 1;
  const int64_t inner = x.numel() / (records * channels);
  std::vector<double> sum(channels, 0.0), squares(channels, 0.0);
  // Two passes (mean, then squared deviations) in double: no cancellation, unlike E[x^2] - E[x]^2.
  forEachChannelRun(x.data(), records, channels, inner, [&](int64_t c, const T* p, int64_t n) {
    double s = 0;
    for (int64_t i = 0; i < n; ++i) s += static_cast<double>(p[i]);
    sum[c] += s;
  });
  const double count = static_cast<double>(records * inner);
  FeatureStats stats;
  for (int64_t c = 0; c < channels; ++c) stats.mean.push_back(sum[c] / count);
  forEachChannelRun(x.data(), records, channels, inner, [&](int64_t c, const T* p, int64_t n) {
    const double m = stats.mean[c];
    double s = 0;
    for (int64_t i = 0; i < n; ++i) s += (static_cast<double>(p[i]) - m) * (static_cast<double>(p[i]) - m);
    squares[c] += s;
  });
  for (int64_t c = 0; c < channels; ++c) stats.std.push_back(std::sqrt(squares[c] / count));
  return stats;
}

template <typename T>
Normalize<T>::Normalize(double mean, double stddev)
    : Normalize(std::vector<double>{mean}, std::vector<double>{stddev}) {}

template <typename T>
Normalize<T>::Normalize(std::vector<double> mean, std::vector<double> stddev)
    : mean_(std::move(mean)), std_(std::move(stddev)) {
  RINGDL_CHECK(!mean_.empty() && mean_.size() == std_.size(), "Normalize: ", mean_.size(), " means and ",
               std_.size(), " standard deviations were given; they need the same (non-zero) count");
  for (size_t c = 0; c < std_.size(); ++c) {
    RINGDL_CHECK(std::isfinite(mean_[c]), "Normalize: mean ", c, " is ", mean_[c]);
    RINGDL_CHECK(std::isfinite(std_[c]) && std_[c] > 0, "Normalize: standard deviation ", c, " is ", std_[c],
                 "; it must be positive (a constant feature has std 0 and cannot be normalised)");
  }
}

template <typename T>
std::unique_ptr<Transformer<T>> Normalize<T>::clone() const {
  return std::make_unique<Normalize<T>>(*this);
}

template <typename T>
std::string Normalize<T>::describe() const {
  return "Normalize(mean=" + listText(mean_) + ", std=" + listText(std_) + ")";
}

template <typename T>
void Normalize<T>::transformFeatures(Tensor<T>& features) const {
  const int64_t channels = static_cast<int64_t>(mean_.size());
  if (channels > 1) {
    RINGDL_CHECK(features.dim() >= 2 && features.size(1) == channels, describe(), ": ", channels,
                 " per-channel values need features [N, ", channels, ", ...] but got ",
                 toString(features.shape()));
  }
  if (features.numel() == 0) return;
  Tensor<T> x = features.isContiguous() ? features : features.contiguous();
  const int64_t records = channels > 1 ? x.size(0) : 1;
  const int64_t inner = x.numel() / (records * channels);
  forEachChannelRun(x.data(), records, channels, inner, [&](int64_t c, T* p, int64_t n) {
    const T m = static_cast<T>(mean_[c]);
    const T inv = static_cast<T>(1.0 / std_[c]);
    for (int64_t i = 0; i < n; ++i) p[i] = (p[i] - m) * inv;
  });
  if (!features.isContiguous()) features.copyFrom(x);
}

template FeatureStats featureStats(const Tensor<float>&, bool);
template FeatureStats featureStats(const Tensor<double>&, bool);
template class Normalize<float>;
template class Normalize<double>;

}  // namespace ringdl
