// RecurrentDecoder<T>: BigDL's RecurrentDecoder(seqLength): its cell runs seqLength steps from one input
// x [N, ...], each step's output the next step's input, so the cell's output must have its input's shape.
// Output [N, seqLength, ...]. Start it from an encoder's final states with setHiddenState (seq2seq).
#pragma once

#include "ringdl/nn/layers/recurrent/recurrent.h"

namespace ringdl {

struct RecurrentDecoderOptions {
  int64_t seqLength = 0;
  template <typename V>
  void fields(V& v) {
    v("seqLength", seqLength, kRequired);
  }
};

template <typename T>
class RecurrentDecoder : public Recurrent<T> {
 public:
  explicit RecurrentDecoder(int64_t seqLength, ModulePtr<T> cell = nullptr)
      : RecurrentDecoder(RecurrentDecoderOptions{seqLength}, std::move(cell)) {}
  explicit RecurrentDecoder(const RecurrentDecoderOptions& options, ModulePtr<T> cell = nullptr);
  explicit RecurrentDecoder(const Attributes& a)
      : RecurrentDecoder(optionsFrom<RecurrentDecoderOptions>(a, "RecurrentDecoder")) {}
  Attributes config() const override { return attributesOf(options_); }
  const RecurrentDecoderOptions& options() const { return options_; }

  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;

 private:
  RecurrentDecoderOptions options_;
};

extern template class RecurrentDecoder<float>;
extern template class RecurrentDecoder<double>;

}  // namespace ringdl
