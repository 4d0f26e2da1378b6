// planEpilogue: which layers after a convolution fold into its evaluate-mode forward (nn/fusion.h).
#include "ringdl/nn/fusion.h"

#include "ringdl/nn/module.h"

namespace ringdl {

template <typename T>
size_t planEpilogue(Module<T>& producer, const Activity<T>& input, Module<T>* next, Module<T>* afterNext,
                    ChannelEpilogue<T>& epilogue) {
  auto* p = dynamic_cast<EpilogueProducer<T>*>(&producer);
  if (p == nullptr || producer.isTraining() || next == nullptr) return 0;
  if (!input.isTensor() || input.toTensor().dim() != 4) return 0;
  epilogue = ChannelEpilogue<T>();
  size_t absorbed = 0;
  Module<T>* m = next;
  if (auto* affine = dynamic_cast<const ChannelAffine<T>*>(m)) {
    Tensor<T> scale, shift;
    if (!affine->channelAffine(scale, shift) || scale.numel() != p->epilogueChannels()) return 0;
    epilogue.scale = std::move(scale);
    epilogue.shift = std::move(shift);
    ++absorbed;
    m = afterNext;
  }
  // ReLU has no options: its type name says all there is to know.
  if (m != nullptr && m->typeName() == "ReLU" && !m->isTraining()) {
    epilogue.relu = true;
    ++absorbed;
  }
  return absorbed;
}

template size_t planEpilogue<float>(Module<float>&, const Activity<float>&, Module<float>*, Module<float>*,
                                    ChannelEpilogue<float>&);
template size_t planEpilogue<double>(Module<double>&, const Activity<double>&, Module<double>*,
                                     Module<double>*, ChannelEpilogue<double>&);

}  // namespace ringdl
