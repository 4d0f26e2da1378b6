// Scale<T>: multiplies every feature by a constant (e.g. 1/255 to bring bytes into [0, 1]).
#pragma once

#include "ringdl/data/transformer.h"

namespace ringdl {

/// features *= factor.
template <typename T>
class Scale : public Transformer<T> {
 public:
  explicit Scale(double factor) : factor_(factor) {}
  double factor() const { return factor_; }

  std::unique_ptr<Transformer<T>> clone() const override;
  /// "Scale(0.00392157)".
  std::string describe() const override;

 protected:
  void transformFeatures(Tensor<T>& features) const override;

 private:
  double factor_;
};

extern template class Scale<float>;
extern template class Scale<double>;

}  // namespace ringdl
