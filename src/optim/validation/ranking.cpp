// HitRatio and NDCG: the positive item's rank per record, kept as a histogram of ranks 1..k.
#include "ringdl/optim/validation/ranking.h"

#include <cmath>
#include <sstream>

#include "ringdl/util/error.h"

namespace ringdl {

namespace {

// Records whose positive ranked r (1..k) are counted in sums[r - 1]; the figure weighs them.
class RankSummary : public ValidationSummary {
 public:
  RankSummary(std::string name, bool discounted) : name_(std::move(name)), discounted_(discounted) {}

  double result(const ValidationResult& r) const override {
    if (r.count == 0) return 0.0;
    double s = 0;
    for (size_t i = 0; i < r.sums.size(); ++i)
      s += discounted_ ? r.sums[i] / std::log2(static_cast<double>(i) + 2.0) : r.sums[i];
    return s / static_cast<double>(r.count);
  }

  std::string toString(const ValidationResult& r) const override {
    double hits = 0;
    for (double v : r.sums) hits += v;
    std::ostringstream os;
    os << name_ << "@" << r.sums.size() << "(count: " << r.count << ", in the top " << r.sums.size() << ": "
       << static_cast<int64_t>(hits) << ", " << name_ << ": " << result(r) << ")";
    return os.str();
  }

 private:
  std::string name_;
  bool discounted_;
};

}  // namespace

template <typename T>
PositiveRank<T>::PositiveRank(std::string name, const RankingOptions& options,
                              std::shared_ptr<const ValidationSummary> s)
    : name_(std::move(name)), options_(options), summary_(std::move(s)) {
  RINGDL_CHECK(options_.k >= 1, name_, " needs k >= 1 (the cut-off rank), got ", options_.k);
  RINGDL_CHECK(options_.negNum >= 0, name_, " needs negNum >= 0 (negative items per record), got ",
               options_.negNum);
}

template <typename T>
ValidationResult PositiveRank<T>::apply(const Tensor<T>& output, const Tensor<T>& target) {
  const int64_t items = options_.negNum + 1;
  const Tensor<T> out = output.contiguous();
  const Tensor<T> tgt = target.contiguous();
  RINGDL_CHECK(out.numel() > 0 && out.numel() % items == 0, name_, ": with negNum ", options_.negNum,
               " each record has ", items, " scores (its positive item and ", options_.negNum,
               " negatives), but output ", toString(output.shape()), " has ", out.numel(),
               " elements; set negNum to the number of negatives per record");
  const int64_t n = out.numel() / items;
  const bool marks = tgt.numel() == out.numel();
  RINGDL_CHECK(marks || tgt.numel() == n, name_, ": output ", toString(output.shape()), " holds ", n,
               " record(s) of ", items, " items, so target must mark the positive item among them (",
               out.numel(), " 0/1 values) or give its 0-based position (", n, " values); got target ",
               toString(target.shape()));
  ValidationResult r{name_, 0, n, false};
  r.summary = summary_;
  r.sums.assign(static_cast<size_t>(options_.k), 0.0);
  for (int64_t i = 0; i < n; ++i) {
    const T* scores = out.data() + i * items;
    int64_t positive = -1;
    if (marks) {
      const T* t = tgt.data() + i * items;
      for (int64_t j = 0; j < items; ++j) {
        RINGDL_CHECK(t[j] == T(0) || t[j] == T(1), name_, ": target marks must be 0 or 1, got ", t[j],
                     " for item ", j, " of record ", i);
        if (t[j] == T(1)) {
          RINGDL_CHECK(positive < 0, name_, ": record ", i, " marks more than one positive item (items ",
                       positive, " and ", j, "); each record has exactly one");
          positive = j;
        }
      }
      RINGDL_CHECK(positive >= 0, name_, ": record ", i,
                   " marks no positive item; each record has exactly one");
    } else {
      const T p = tgt.data()[i];
      positive = static_cast<int64_t>(p);
      RINGDL_CHECK(positive >= 0 && positive < items && static_cast<T>(positive) == p, name_, ": target ", p,
                   " of record ", i, " is not a 0-based item position in 0..", items - 1);
    }
    int64_t higher = 0;
    for (int64_t j = 0; j < items; ++j) higher += scores[j] > scores[positive];
    if (higher < options_.k) r.sums[static_cast<size_t>(higher)] += 1;
  }
  return r;
}

template <typename T>
HitRatio<T>::HitRatio(const RankingOptions& options)
    : PositiveRank<T>("HitRatio", options, std::make_shared<RankSummary>("HitRatio", false)) {}

template <typename T>
NDCG<T>::NDCG(const RankingOptions& options)
    : PositiveRank<T>("NDCG", options, std::make_shared<RankSummary>("NDCG", true)) {}

template class PositiveRank<float>;
template class PositiveRank<double>;
template class HitRatio<float>;
template class HitRatio<double>;
template class NDCG<float>;
template class NDCG<double>;

}  // namespace ringdl
