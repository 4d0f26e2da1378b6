// Recommendation metrics (BigDL's HitRatio and NDCG, as in neural collaborative filtering): each record is a
// user's positive item scored among negNum negatives; what counts is the positive's rank. The shared base
// keeps a histogram of ranks 1..k in ValidationResult::sums, so results add exactly across batches and ranks
// and the figures are computed once, in a fixed order.
#pragma once

#include <memory>
#include <string>

#include "ringdl/optim/validation_method.h"

namespace ringdl {

/// HitRatio's and NDCG's options, BigDL's names and defaults: the cut-off k and the number of negative
/// items scored with each positive one.
struct RankingOptions {
  int k = 10;
  int negNum = 100;
  template <typename V>
  void fields(V& v) {
    v("k", k);
    v("negNum", negNum);
  }
};

/// The base. Output: negNum + 1 scores per record, consecutive ([N, negNum + 1], or BigDL's one user per
/// batch, [negNum + 1] or [negNum + 1, 1]). Target: BigDL's marks, one 1 among the record's negNum + 1 items
/// and 0 elsewhere (same shape as the output), or [N] 0-based positions of the positive item. The rank of
/// the positive is 1 + the number of its items scoring strictly higher (a tie counts in its favour).
template <typename T>
class PositiveRank : public ValidationMethod<T> {
 public:
  ValidationResult apply(const Tensor<T>& output, const Tensor<T>& target) override;
  std::string name() const override { return name_; }
  Attributes config() const override { return attributesOf(options_); }
  std::shared_ptr<const ValidationSummary> summary() const override { return summary_; }
  const RankingOptions& options() const { return options_; }

 protected:
  PositiveRank(std::string name, const RankingOptions& options, std::shared_ptr<const ValidationSummary> s);

 private:
  std::string name_;
  RankingOptions options_;
  std::shared_ptr<const ValidationSummary> summary_;
};

/// BigDL's HitRatio(k = 10, negNum = 100): the fraction of records whose positive item ranks within the top
/// k. PyTorch: ((scores > scores[pos]).sum(1) < k).float().mean().
template <typename T>
class HitRatio : public PositiveRank<T> {
 public:
  explicit HitRatio(const RankingOptions& options = {});
  explicit HitRatio(const Attributes& a) : HitRatio(optionsFrom<RankingOptions>(a, "HitRatio")) {}
};

/// BigDL's NDCG(k = 10, negNum = 100): the mean over records of 1 / log2(rank + 1) for a positive ranked
/// within the top k, 0 otherwise (one relevant item, so the ideal DCG is 1).
template <typename T>
class NDCG : public PositiveRank<T> {
 public:
  explicit NDCG(const RankingOptions& options = {});
  explicit NDCG(const Attributes& a) : NDCG(optionsFrom<RankingOptions>(a, "NDCG")) {}
};

}  // namespace ringdl
