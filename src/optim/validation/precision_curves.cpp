// MeanAveragePrecision and PrecisionRecallAUC: records kept whole, ranked once when the figure is asked for.
#include "ringdl/optim/validation/precision_curves.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <utility>
#include <vector>

#include "scored_batch.h"

namespace ringdl {

namespace {

// (score, is positive), ranked by decreasing score, negatives first among equal scores: one order for any
// split of the records.
using Scored = std::pair<double, bool>;
void rank(std::vector<Scored>& v) {
  std::sort(v.begin(), v.end(), [](const Scored& a, const Scored& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
}

// Records: [label, score of class 0, ..., score of class C-1] each; sums: the positives of each class.
class AveragePrecisionSummary : public ValidationSummary {
 public:
  explicit AveragePrecisionSummary(int k) : k_(k) {}

  double averagePrecision(const ValidationResult& r, int64_t c) const {
    const int64_t classes = static_cast<int64_t>(r.sums.size()), width = classes + 1;
    const int64_t n = static_cast<int64_t>(r.records.size()) / width;
    const double positives = r.sums[static_cast<size_t>(c)];
    if (positives <= 0) return 0.0;
    std::vector<Scored> v(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      const double* rec = r.records.data() + i * width;
      v[static_cast<size_t>(i)] = {rec[1 + c], rec[0] == static_cast<double>(c)};
    }
    rank(v);
    const int64_t kept = k_ > 0 ? std::min<int64_t>(k_, n) : n;
    std::vector<double> precisionAtHit;  // [h]: the precision once h + 1 positives are found
    for (int64_t j = 0; j < kept; ++j)
      if (v[static_cast<size_t>(j)].second)
        precisionAtHit.push_back(static_cast<double>(precisionAtHit.size() + 1) / static_cast<double>(j + 1));
    // Recall r / P is reached from the r-th hit on: the best precision from there, for r = 1..P (0 beyond
    // the hits found).
    double sum = 0, best = 0;
    for (size_t h = precisionAtHit.size(); h-- > 0;) {
      best = std::max(best, precisionAtHit[h]);
      sum += best;
    }
    return sum / positives;
  }

  double result(const ValidationResult& r) const override {
    if (r.sums.empty()) return 0.0;
    double s = 0;
    for (size_t c = 0; c < r.sums.size(); ++c) s += averagePrecision(r, static_cast<int64_t>(c));
    return s / static_cast<double>(r.sums.size());
  }

  std::string toString(const ValidationResult& r) const override {
    std::ostringstream os;
    os << "MeanAveragePrecision@" << (k_ > 0 ? std::to_string(k_) : "all") << "(count: " << r.count
       << ", MAP: " << result(r) << "; AP by class:";
    for (size_t c = 0; c < r.sums.size(); ++c) os << (c == 0 ? " " : ", ") << averagePrecision(r, c);
    os << ")";
    return os.str();
  }

 private:
  int k_;
};

// Records: [score, label] pairs.
class PrecisionRecallSummary : public ValidationSummary {
 public:
  double result(const ValidationResult& r) const override {
    const size_t n = r.records.size() / 2;
    std::vector<Scored> v(n);
    double positives = 0;
    for (size_t i = 0; i < n; ++i) {
      v[i] = {r.records[2 * i], r.records[2 * i + 1] == 1.0};
      positives += v[i].second;
    }
    rank(v);
    double tp = 0, fp = 0, area = 0, prevPrecision = 1, prevRecall = 0;
    for (size_t i = 0; i < n && tp < positives; ++i) {
      (v[i].second ? tp : fp) += 1;
      const double precision = tp / (tp + fp), recall = tp / positives;
      area += (recall - prevRecall) * (precision + prevPrecision);
      prevRecall = recall;
      prevPrecision = precision;
    }
    return area / 2;
  }

  std::string toString(const ValidationResult& r) const override {
    double positives = 0;
    for (size_t i = 1; i < r.records.size(); i += 2) positives += r.records[i];
    std::ostringstream os;
    os << "PrecisionRecallAUC(count: " << r.count << ", positives: " << static_cast<int64_t>(positives)
       << ", area: " << result(r) << ")";
    return os.str();
  }
};

template <typename T>
void checkScore(const std::string& method, T score, int64_t record) {
  RINGDL_CHECK(!std::isnan(score), method, ": the score of record ", record,
               " is NaN; scores must be numbers to be ranked");
}

}  // namespace

template <typename T>
MeanAveragePrecision<T>::MeanAveragePrecision(const MeanAveragePrecisionOptions& options)
    : options_(options), summary_(std::make_shared<AveragePrecisionSummary>(options.k)) {
  RINGDL_CHECK(options_.classes >= 0, "MeanAveragePrecision needs classes >= 0 (0: the output's width), got ",
               options_.classes);
}

template <typename T>
ValidationResult MeanAveragePrecision<T>::apply(const Tensor<T>& output, const Tensor<T>& target) {
  const auto b = validation_detail::scoredBatch(name(), output, target);
  const int64_t classes = options_.classes > 0 ? options_.classes : b.classes;
  RINGDL_CHECK(b.classes >= classes, name(), ": classes is ", classes, " but output ",
               toString(output.shape()), " scores only ", b.classes);
  ValidationResult r{name(), 0, b.n, false};
  r.summary = summary_;
  r.sums.assign(static_cast<size_t>(classes), 0.0);
  r.records.reserve(static_cast<size_t>(b.n * (classes + 1)));
  for (int64_t i = 0; i < b.n; ++i) {
    const int64_t label = validation_detail::labelAt(name(), b.target, i, classes);
    r.sums[static_cast<size_t>(label)] += 1;
    r.records.push_back(static_cast<double>(label));
    for (int64_t c = 0; c < classes; ++c) {
      checkScore(name(), b.row(i)[c], i);
      r.records.push_back(static_cast<double>(b.row(i)[c]));
    }
  }
  return r;
}

template <typename T>
PrecisionRecallAUC<T>::PrecisionRecallAUC() : summary_(std::make_shared<PrecisionRecallSummary>()) {}

template <typename T>
ValidationResult PrecisionRecallAUC<T>::apply(const Tensor<T>& output, const Tensor<T>& target) {
  const Tensor<T> out = output.contiguous(), tgt = target.contiguous();
  RINGDL_CHECK(out.numel() == tgt.numel(), name(), " needs one score per label: output ",
               toString(output.shape()), " has ", out.numel(), " scores but target ",
               toString(target.shape()), " has ", tgt.numel(), " labels");
  const int64_t n = out.numel();
  ValidationResult r{name(), 0, n, false};
  r.summary = summary_;
  r.records.resize(static_cast<size_t>(2 * n));
  for (int64_t i = 0; i < n; ++i) {
    const T label = tgt.data()[i];
    RINGDL_CHECK(label == T(0) || label == T(1), name(), ": target ", label, " at position ", i,
                 " is not a binary label (0 or 1)");
    checkScore(name(), out.data()[i], i);
    r.records[static_cast<size_t>(2 * i)] = static_cast<double>(out.data()[i]);
    r.records[static_cast<size_t>(2 * i + 1)] = static_cast<double>(label);
  }
  return r;
}

template class MeanAveragePrecision<float>;
template class MeanAveragePrecision<double>;
template class PrecisionRecallAUC<float>;
template class PrecisionRecallAUC<double>;

}  // namespace ringdl
