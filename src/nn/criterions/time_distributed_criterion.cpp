// TimeDistributedCriterion<T> and TimeDistributedMaskCriterion<T>: one inner criterion run step by step (its
// forward again before each backward, since criterions may keep state from their forward).
#include "ringdl/nn/criterions/time_distributed_criterion.h"

#include "ringdl/nn/criterions/detail/nested_config.h"
#include "ringdl/nn/criterions/time_distributed_mask_criterion.h"
#include "ringdl/tensor/math.h"

namespace ringdl {

namespace {
// A composite's own options without its nested criterion's type.
Attributes ownWithoutCriterion(const Attributes& a) {
  Attributes o;
  const Attributes all = detail::ownOptions(a);
  for (const auto& [k, v] : all.values())
    if (k != "criterion") o.set(k, v);
  return o;
}

template <typename T>
const Tensor<T>& tensorOf(const Activity<T>& a, const std::string& where, const char* what) {
  RINGDL_CHECK(a.isTensor(), where, ": takes a Tensor ", what, " [N, T, ...], got a Table of ",
               a.toTable().size(), " entries");
  return a.toTensor();
}
}  // namespace

// ---- TimeDistributedCriterion ----

template <typename T>
TimeDistributedCriterion<T>::TimeDistributedCriterion(CriterionPtr<T> criterion, bool sizeAverage,
                                                      int64_t dimension)
    : Criterion<T>("TimeDistributedCriterion"),
      options_{sizeAverage, dimension},
      criterion_(std::move(criterion)) {
  RINGDL_CHECK(criterion_ != nullptr, "TimeDistributedCriterion needs a criterion");
  RINGDL_CHECK(options_.dimension >= 1, "TimeDistributedCriterion: dimension ", options_.dimension,
               " cannot be the time dimension: it is 0-based and 0 holds the records (BigDL's 2 is 1 here)");
}

template <typename T>
TimeDistributedCriterion<T>::TimeDistributedCriterion(const Attributes& a)
    : Criterion<T>("TimeDistributedCriterion"),
      options_(
          optionsFrom<TimeDistributedCriterionOptions>(ownWithoutCriterion(a), "TimeDistributedCriterion")),
      criterion_(detail::nestedCriterion<T>(a, "criterion", "TimeDistributedCriterion")) {
  RINGDL_CHECK(options_.dimension >= 1, "TimeDistributedCriterion: dimension ", options_.dimension,
               " cannot be the time dimension: it is 0-based and 0 holds the records (BigDL's 2 is 1 here)");
}

template <typename T>
Attributes TimeDistributedCriterion<T>::config() const {
  Attributes a = attributesOf(options_);
  detail::putCriterion(a, "criterion", *criterion_);
  return a;
}

template <typename T>
int64_t TimeDistributedCriterion<T>::steps(const Activity<T>& input, const Activity<T>& target) const {
  const Tensor<T>& x = tensorOf(input, this->where(), "input");
  const Tensor<T>& t = tensorOf(target, this->where(), "target");
  const int64_t d = options_.dimension;
  RINGDL_CHECK_CRITERION(x.dim() > d && t.dim() > d && x.size(d) == t.size(d), "input of shape ",
                         toString(x.shape()), " and target of shape ", toString(t.shape()),
                         " must both have the time dimension ", d, ", of one size");
  return x.size(d);
}

template <typename T>
T TimeDistributedCriterion<T>::updateOutput(const Activity<T>& input, const Activity<T>& target) {
  const int64_t n = steps(input, target);
  double loss = 0;
  for (int64_t s = 0; s < n; ++s) {
    try {
      loss += static_cast<double>(criterion_->forward(Activity<T>(step(input.toTensor(), s)),
                                                      Activity<T>(step(target.toTensor(), s))));
    } catch (const Error& e) {
      RINGDL_FAIL(this->where(), ", at step ", s, ": ", e.message());
    }
  }
  return static_cast<T>(options_.sizeAverage && n > 0 ? loss / static_cast<double>(n) : loss);
}

template <typename T>
const Activity<T>& TimeDistributedCriterion<T>::updateGradInput(const Activity<T>& input,
                                                                const Activity<T>& target) {
  const int64_t n = steps(input, target);
  if (!this->gradInput_.isTensor()) this->gradInput_ = Activity<T>(Tensor<T>());
  Tensor<T>& g = this->gradInput_.toTensor();
  g.resize(input.toTensor().shape());
  const double scale = options_.sizeAverage && n > 0 ? 1 / static_cast<double>(n) : 1.0;
  for (int64_t s = 0; s < n; ++s) {
    const Activity<T> x(step(input.toTensor(), s)), t(step(target.toTensor(), s));
    criterion_->forward(x, t);
    const Tensor<T>& gs = tensorOf(criterion_->backward(x, t), this->where(), "gradient from its criterion");
    Tensor<T> slot = g.select(options_.dimension, s);
    Tensor<T> scaled = gs.reshape(slot.shape()).clone();
    if (scale != 1.0) ringdl::scale(static_cast<T>(scale), scaled);
    slot.copyFrom(scaled);
  }
  return this->gradInput_;
}

template <typename T>
std::optional<double> TimeDistributedCriterion<T>::batchNormalizer(const Activity<T>& input,
                                                                   const Activity<T>& target) const {
  const int64_t n = steps(input, target);
  std::vector<std::optional<double>> ns;
  for (int64_t s = 0; s < n; ++s)
    ns.push_back(criterion_->batchNormalizer(Activity<T>(step(input.toTensor(), s)),
                                             Activity<T>(step(target.toTensor(), s))));
  const std::optional<double> per = detail::commonNormalizer(this->where() + " (its steps)", ns);
  if (!per) return std::nullopt;
  return *per * (options_.sizeAverage ? static_cast<double>(n) : 1.0);
}

// ---- TimeDistributedMaskCriterion ----

template <typename T>
TimeDistributedMaskCriterion<T>::TimeDistributedMaskCriterion(CriterionPtr<T> criterion, double paddingValue)
    : Criterion<T>("TimeDistributedMaskCriterion"), options_{paddingValue}, criterion_(std::move(criterion)) {
  RINGDL_CHECK(criterion_ != nullptr, "TimeDistributedMaskCriterion needs a criterion");
}

template <typename T>
TimeDistributedMaskCriterion<T>::TimeDistributedMaskCriterion(const Attributes& a)
    : Criterion<T>("TimeDistributedMaskCriterion"),
      options_(optionsFrom<TimeDistributedMaskCriterionOptions>(ownWithoutCriterion(a),
                                                                "TimeDistributedMaskCriterion")),
      criterion_(detail::nestedCriterion<T>(a, "criterion", "TimeDistributedMaskCriterion")) {}

template <typename T>
Attributes TimeDistributedMaskCriterion<T>::config() const {
  Attributes a = attributesOf(options_);
  detail::putCriterion(a, "criterion", *criterion_);
  return a;
}

template <typename T>
int64_t TimeDistributedMaskCriterion<T>::read(const Tensor<T>& x, const Tensor<T>& t) const {
  RINGDL_CHECK_CRITERION(x.dim() >= 2 && t.dim() >= 2 && x.size(0) == t.size(0) && x.size(1) == t.size(1),
                         "input of shape ", toString(x.shape()), " and target of shape ", toString(t.shape()),
                         " must both be [N, T, ...] with the same N and T");
  const int64_t n = x.size(0), steps = x.size(1), per = t.numel() / (n * steps);
  const Tensor<T> tc = t.contiguous();
  keep_.assign(static_cast<size_t>(steps), {});
  int64_t count = 0;
  for (int64_t r = 0; r < n; ++r)
    for (int64_t s = 0; s < steps; ++s) {
      const T* v = tc.data() + (r * steps + s) * per;
      bool padding = true;
      for (int64_t k = 0; k < per && padding; ++k)
        padding = static_cast<double>(v[k]) == options_.paddingValue;
      if (!padding) keep_[static_cast<size_t>(s)].push_back(r), ++count;
    }
  return count;
}

template <typename T>
void TimeDistributedMaskCriterion<T>::gather(const Tensor<T>& x, const Tensor<T>& t, int64_t s) {
  const std::vector<int64_t>& rows = keep_[static_cast<size_t>(s)];
  Shape xs = x.shape(), ts = t.shape();
  xs.erase(xs.begin() + 1), ts.erase(ts.begin() + 1);
  xs[0] = ts[0] = static_cast<int64_t>(rows.size());
  stepInput_.resize(xs);
  stepTarget_.resize(ts);
  const Tensor<T> xsel = x.select(1, s), tsel = t.select(1, s);
  for (size_t i = 0; i < rows.size(); ++i) {
    Tensor<T> xi = stepInput_.select(0, static_cast<int64_t>(i)),
              ti = stepTarget_.select(0, static_cast<int64_t>(i));
    xi.copyFrom(xsel.select(0, rows[i]));
    ti.copyFrom(tsel.select(0, rows[i]));
  }
}

template <typename T>
T TimeDistributedMaskCriterion<T>::updateOutput(const Activity<T>& input, const Activity<T>& target) {
  const Tensor<T>& x = tensorOf(input, this->where(), "input");
  const Tensor<T>& t = tensorOf(target, this->where(), "target");
  const int64_t count = read(x, t);
  double sum = 0;
  for (int64_t s = 0; s < x.size(1); ++s) {
    if (keep_[static_cast<size_t>(s)].empty()) continue;
    gather(x, t, s);
    try {
      const Activity<T> xa(stepInput_), ta(stepTarget_);
      const double loss = static_cast<double>(criterion_->forward(xa, ta));
      const std::optional<double> n = criterion_->batchNormalizer(xa, ta);
      sum += n ? loss * *n : loss;
    } catch (const Error& e) {
      RINGDL_FAIL(this->where(), ", at step ", s, ": ", e.message());
    }
  }
  return static_cast<T>(count > 0 ? sum / static_cast<double>(count) : 0.0);
}

template <typename T>
const Activity<T>& TimeDistributedMaskCriterion<T>::updateGradInput(const Activity<T>& input,
                                                                    const Activity<T>& target) {
  const Tensor<T>& x = tensorOf(input, this->where(), "input");
  const Tensor<T>& t = tensorOf(target, this->where(), "target");
  const int64_t count = read(x, t);
  if (!this->gradInput_.isTensor()) this->gradInput_ = Activity<T>(Tensor<T>());
  Tensor<T>& g = this->gradInput_.toTensor();
  g.resize(x.shape());
  g.zero();
  for (int64_t s = 0; s < x.size(1); ++s) {
    const std::vector<int64_t>& rows = keep_[static_cast<size_t>(s)];
    if (rows.empty()) continue;
    gather(x, t, s);
    const Activity<T> xa(stepInput_), ta(stepTarget_);
    criterion_->forward(xa, ta);
    const std::optional<double> n = criterion_->batchNormalizer(xa, ta);
    const Tensor<T> gs = tensorOf(criterion_->backward(xa, ta), this->where(), "gradient from its criterion")
                             .reshape(stepInput_.shape());
    Tensor<T> scaled = gs.clone();
    ringdl::scale(static_cast<T>(n.value_or(1.0) / static_cast<double>(count)), scaled);
    const Tensor<T> gsel = g.select(1, s);
    for (size_t i = 0; i < rows.size(); ++i) {
      Tensor<T> slot = gsel.select(0, rows[i]);
      slot.copyFrom(scaled.select(0, static_cast<int64_t>(i)));
    }
  }
  return this->gradInput_;
}

template <typename T>
std::optional<double> TimeDistributedMaskCriterion<T>::batchNormalizer(const Activity<T>& input,
                                                                       const Activity<T>& target) const {
  return static_cast<double>(
      read(tensorOf(input, this->where(), "input"), tensorOf(target, this->where(), "target")));
}

template class TimeDistributedCriterion<float>;
template class TimeDistributedCriterion<double>;
template class TimeDistributedMaskCriterion<float>;
template class TimeDistributedMaskCriterion<double>;

}  // namespace ringdl
