// The options of TransformerEncoderLayer and TransformerDecoderLayer: torch.nn.TransformerEncoderLayer's and
// TransformerDecoderLayer's (batch_first=True), plus causal for the (self-)attention mask.
#pragma once

#include <string>

#include "ringdl/nn/options.h"

namespace ringdl {

struct TransformerLayerOptions {
  int64_t dModel = 0;
  int64_t nHead = 0;
  int64_t dimFeedforward = 2048;
  double dropout = 0.1;            ///< after each attention and the feed-forward block, and inside the latter
  std::string activation = "relu";  ///< "relu" or "gelu" (the exact, erf form)
  bool normFirst = false;           ///< pre-norm (LayerNorm before each block) instead of post-norm
  double layerNormEps = 1e-5;
  bool causal = false;  ///< the (decoder's) self-attention sees only earlier steps: PyTorch's triu(1) mask
  template <typename V>
  void fields(V& v) {
    v("dModel", dModel, kRequired);
    v("nHead", nHead, kRequired);
    v("dimFeedforward", dimFeedforward);
    v("dropout", dropout);
    v("activation", activation);
    v("normFirst", normFirst);
    v("layerNormEps", layerNormEps);
    v("causal", causal);
  }
};

}  // namespace ringdl
