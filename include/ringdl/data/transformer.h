// Transformer<T>: a preprocessing step on features [N, ...], chained BigDL-style with `a >> b` or a.then(b).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ringdl/data/mini_batch.h"
#include "ringdl/tensor/tensor.h"

namespace ringdl {

template <typename T>
class ChainedTransformer;

/// A preprocessing step applied to the features of N records at once: a MiniBatch's input, or a whole
/// features array [N, ...] (preprocess once before training, which is cheaper than per batch). Dimension 0 is
/// the record, dimension 1 the channel. Transformers are immutable once built and deterministic (a random
/// augmentation would have to keep its generator in DataSet::state() to keep resume exact).
///
/// The public functions are fixed; a concrete transformer writes transformFeatures (which may work in place
/// or replace the view with a new tensor, e.g. of a different shape), clone() and describe().
template <typename T>
class Transformer {
 public:
  virtual ~Transformer() = default;

  /// Transforms features [N, ...] in place (or replaces the view when the shape changes). The caller's data
  /// changes: use applied() to keep the original.
  void apply(Tensor<T>& features) const;
  /// Transforms batch.input() in place; the target is untouched.
  void apply(MiniBatch<T>& batch) const { apply(batch.input()); }
  /// A transformed copy; the argument is untouched.
  Tensor<T> applied(const Tensor<T>& features) const;

  /// This step followed by next (copies of both), as BigDL's `this -> next`.
  ChainedTransformer<T> then(const Transformer<T>& next) const;

  /// A copy of this transformer (chains own copies of their steps).
  virtual std::unique_ptr<Transformer<T>> clone() const = 0;
  /// One line for logs, e.g. "Normalize(mean=[0.286], std=[0.353])".
  virtual std::string describe() const = 0;

 protected:
  /// The step itself; features has at least one dimension.
  virtual void transformFeatures(Tensor<T>& features) const = 0;
};

/// Steps applied in order. Chaining a chain appends its steps (the result is flat, never nested).
template <typename T>
class ChainedTransformer : public Transformer<T> {
 public:
  /// An empty chain (the identity).
  ChainedTransformer() = default;
  /// Appends a copy of step (or of each of its steps if it is a chain); returns *this for chaining.
  ChainedTransformer& add(const Transformer<T>& step);
  /// Number of steps.
  size_t size() const { return steps_.size(); }
  /// Step i (0-based).
  const Transformer<T>& step(size_t i) const;

  std::unique_ptr<Transformer<T>> clone() const override;
  /// The steps' descriptions joined by " >> "; "Identity" for an empty chain.
  std::string describe() const override;

 protected:
  void transformFeatures(Tensor<T>& features) const override;

 private:
  std::vector<std::shared_ptr<const Transformer<T>>> steps_;
};

/// a then b, as BigDL's `a -> b`: `Scale<float>(1.0 / 255) >> Normalize<float>(0.286, 0.353)`.
template <typename T>
ChainedTransformer<T> operator>>(const Transformer<T>& a, const Transformer<T>& b);

extern template class Transformer<float>;
extern template class Transformer<double>;
extern template class ChainedTransformer<float>;
extern template class ChainedTransformer<double>;
extern template ChainedTransformer<float> operator>>(const Transformer<float>&, const Transformer<float>&);
extern template ChainedTransformer<double> operator>>(const Transformer<double>&, const Transformer<double>&);

}  // namespace ringdl
