// Regularizer: BigDL's L1Regularizer, L2Regularizer and L1L2Regularizer, a penalty l1 |w| + l2 / 2 w^2 on a
// parameter whose gradient term l1 sign(w) + l2 w is added to the parameter's gradient (L2 alone is PyTorch's
// weight_decay = l2). Layers with BigDL's wRegularizer / bRegularizer options (Linear, SpatialConvolution and
// the layers sharing its options) are RegularizedLayers; the training engine finds them and adds their terms
// once per iteration to the summed gradient, before clipping and the update (optim/optimizer.h says why there
// rather than in accGradParameters), as the distributed engine finds CrossRankLayers. The penalty is not added
// to the reported loss, as in BigDL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ringdl {

struct Regularizer {
  double l1 = 0;
  double l2 = 0;

  bool active() const { return l1 != 0 || l2 != 0; }
  bool operator==(const Regularizer& o) const { return l1 == o.l1 && l2 == o.l2; }
  /// grad[i] += l1 * sign(w[i]) + l2 * w[i] for n contiguous values (BigDL's accRegularization, scale 1).
  template <typename T>
  void accRegularization(const T* weight, T* grad, int64_t n) const;
};

inline Regularizer L1Regularizer(double l1) { return {l1, 0}; }
inline Regularizer L2Regularizer(double l2) { return {0, l2}; }
inline Regularizer L1L2Regularizer(double l1, double l2) { return {l1, l2}; }

/// A layer option holding a regulariser, as saved: the list [l1, l2] (BigDL's wRegularizer = L2Regularizer(1e-4)
/// is wRegularizer: [0, 1e-4]); unset means none and is not saved.
using RegularizerOption = std::optional<std::vector<double>>;
/// The regulariser an option holds; an Error naming the layer and the option unless it is [l1, l2] with both
/// >= 0.
Regularizer regularizerOf(const RegularizerOption& option, const std::string& layer, const char* name);
/// The option for a regulariser (unset for an inactive one).
RegularizerOption regularizerOption(const Regularizer& regularizer);

/// The regularisers of a layer whose options O hold BigDL's wRegularizer and bRegularizer (and withBias), as
/// RegularizedLayer::regularizers() gives them; `layer` names it in errors.
template <typename O>
std::vector<std::pair<std::string, Regularizer>> weightAndBiasRegularizers(const O& o, const std::string& layer) {
  std::vector<std::pair<std::string, Regularizer>> out;
  if (o.wRegularizer) out.emplace_back("weight", regularizerOf(o.wRegularizer, layer, "wRegularizer"));
  if (o.bRegularizer && o.withBias) out.emplace_back("bias", regularizerOf(o.bRegularizer, layer, "bRegularizer"));
  return out;
}
/// BigDL's setters of wRegularizer and bRegularizer on such options (an inactive regulariser unsets its
/// option), checked.
template <typename O>
void setWeightAndBiasRegularizers(O& o, const Regularizer& weight, const Regularizer& bias, const std::string& layer) {
  o.wRegularizer = regularizerOption(weight);
  o.bRegularizer = regularizerOption(bias);
  regularizerOf(o.wRegularizer, layer, "wRegularizer");
  regularizerOf(o.bRegularizer, layer, "bRegularizer");
}

/// A layer whose parameters may carry regularisers.
class RegularizedLayer {
 public:
  virtual ~RegularizedLayer() = default;
  /// (parameter name, regulariser) for each regularised parameter of this layer ("weight", "bias").
  virtual std::vector<std::pair<std::string, Regularizer>> regularizers() const = 0;
};

extern template void Regularizer::accRegularization<float>(const float*, float*, int64_t) const;
extern template void Regularizer::accRegularization<double>(const double*, double*, int64_t) const;

}  // namespace ringdl
