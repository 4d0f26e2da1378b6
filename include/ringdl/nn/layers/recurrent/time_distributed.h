// TimeDistributed<T>: BigDL's TimeDistributed(layer): the layer on every time step of [N, T, ...], as one call
// on the steps folded into the batch, [N*T, ...], whose output [N*T, ...] is unfolded to [N, T, ...]. The
// layer's weights are thus shared over time, and a Linear over all steps is one GEMM.
#pragma once

#include "ringdl/nn/container.h"
#include "ringdl/nn/options.h"

namespace ringdl {

/// The options of a layer that takes none (optionsFrom<NoOptions> rejects any key given).
struct NoOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class TimeDistributed : public Container<T> {
 public:
  explicit TimeDistributed(ModulePtr<T> layer = nullptr);
  explicit TimeDistributed(const Attributes& a);

  /// Sets the layer (once).
  TimeDistributed& add(ModulePtr<T> layer) override;
  const ModulePtr<T>& layer() const { return this->at(0); }

  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;

 private:
  Shape inputShape_;
  Tensor<T> folded_;
};

extern template class TimeDistributed<float>;
extern template class TimeDistributed<double>;

}  // namespace ringdl
