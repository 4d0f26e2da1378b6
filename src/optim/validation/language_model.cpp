// BitsPerCharacter and Perplexity: one log-softmax per score row, the target's term summed in double.
#include "ringdl/optim/validation/language_model.h"

#include <cmath>
#include <sstream>

#include "scored_batch.h"

namespace ringdl {

namespace {
// Both figures come from the mean NLL in nats (total / count); they differ in the transform and wording.
class TokenNllSummary : public ValidationSummary {
 public:
  explicit TokenNllSummary(bool bits) : bits_(bits) {}
  double result(const ValidationResult& r) const override {
    if (r.count == 0) return 0;
    const double nats = r.total / static_cast<double>(r.count);
    return bits_ ? nats / std::log(2.0) : std::exp(nats);
  }
  std::string toString(const ValidationResult& r) const override {
    std::ostringstream os;
    os << (bits_ ? "BitsPerCharacter" : "Perplexity") << "(nats: " << r.total << ", tokens: " << r.count
       << ", " << (bits_ ? "bits per character: " : "perplexity: ") << result(r) << ")";
    return os.str();
  }

 private:
  bool bits_;
};
}  // namespace

template <typename T>
ValidationResult tokenNegativeLogLikelihood(const std::string& method, const Tensor<T>& output,
                                            const Tensor<T>& target) {
  RINGDL_CHECK(output.dim() == 2 || output.dim() == 3, method,
               " needs next-token scores [N, T, vocabulary] with target [N, T] (or [N, vocabulary] with "
               "target [N]), got output of shape ",
               toString(output.shape()));
  const int64_t classes = output.size(-1);
  const int64_t rows = output.numel() / std::max<int64_t>(classes, 1);
  const Tensor<T> out = output.contiguous();
  const Tensor<T> tgt = target.contiguous();
  RINGDL_CHECK(classes > 0 && tgt.numel() == rows &&
                   (output.dim() == 2 || (tgt.dim() >= 2 && tgt.size(0) == output.size(0))),
               method, ": output ", toString(output.shape()), " holds ", rows, " score rows but target ",
               toString(target.shape()), " has ", tgt.numel(),
               " token ids; give one 0-based id per step ([N, T] for [N, T, vocabulary])");
  ValidationResult r{method, 0, rows, true};
  for (int64_t i = 0; i < rows; ++i) {
    const int64_t label = validation_detail::labelAt(method, tgt, i, classes);
    const T* row = out.data() + i * classes;
    double peak = -INFINITY;
    for (int64_t j = 0; j < classes; ++j) peak = std::max(peak, static_cast<double>(row[j]));
    double sum = 0;
    for (int64_t j = 0; j < classes; ++j) sum += std::exp(static_cast<double>(row[j]) - peak);
    r.total += peak + std::log(sum) - static_cast<double>(row[label]);
  }
  return r;
}

template <typename T>
TokenNllMethod<T>::TokenNllMethod(bool bits) : summary_(std::make_shared<TokenNllSummary>(bits)) {}

template <typename T>
ValidationResult TokenNllMethod<T>::apply(const Tensor<T>& output, const Tensor<T>& target) {
  ValidationResult r = tokenNegativeLogLikelihood(this->name(), output, target);
  r.summary = summary_;
  return r;
}

template ValidationResult tokenNegativeLogLikelihood(const std::string&, const Tensor<float>&,
                                                    const Tensor<float>&);
template ValidationResult tokenNegativeLogLikelihood(const std::string&, const Tensor<double>&,
                                                    const Tensor<double>&);
template class TokenNllMethod<float>;
template class TokenNllMethod<double>;

}  // namespace ringdl
