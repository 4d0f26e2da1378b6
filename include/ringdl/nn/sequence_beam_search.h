// SequenceBeamSearch<T>: BigDL's SequenceBeamSearch, which follows TensorFlow's official Transformer
// beam_search.py (not a layer: a search over a model's outputs, without a gradient). For each of N batch
// elements it keeps beamSize alive sequences and up to beamSize finished ones. Every sequence starts with
// one column of paddingValue (the start id). Step i (0-based) asks the logits function for the next token's
// logits [N*beamSize, vocabSize] of the alive sequences [N*beamSize, i + 1] (row b * beamSize + k: batch
// element b, beam k); takes their log-softmax, adds it to each sequence's log probability and keeps the top
// 2 * beamSize extensions per element. Those ending in eosId become finished candidates with score
// logprob / ((5 + (i + 1)) / 6)^alpha; the best beamSize of the others stay alive. The finished set keeps the
// beamSize best by score (earlier ones first on ties), padded with paddingValue up to the current length.
// The search stops after maxDecodeLength steps, or as soon as, for every element, the worst finished score
// beats the best alive log probability normalised at maxDecodeLength (no alive sequence can overtake it).
//
// Result: sequences [N, beamSize, 1 + steps] (column 0 the start id, as TensorFlow's and BigDL's), best
// first, and their scores [N, beamSize]. An element with no finished sequence returns its alive sequences and
// their raw log probabilities instead (TensorFlow's rule; finished() says which). TensorFlow's arithmetic is
// kept: candidates are set aside by adding -1e7 to their scores, and the initial alive log probabilities are
// 0 for beam 0 and -inf for the others. So an element with fewer than beamSize real finished sequences fills
// its other places with set-aside ones scored below -1e6 (unfinished ones, finished() 0; or, when the beam is
// wider than the sequences there are, an eos-ended one carried on alive and extended). Differences from
// BigDL: 0-based ids (BigDL adds 1 to each id), TensorFlow's length penalty ((5 + len) / 6)^alpha (BigDL
// computes 5 + len/6), the unused finished places start as paddingValue (TensorFlow: zeros). The search's
// bookkeeping is in double whatever T.
//
// transformerBeamSearch() decodes with a TransformerModel: "translation" encodes the source once and decodes
// every step over the whole prefix again (no key/value cache: step i costs a decoder pass over i + 1
// positions, so a search of L steps costs O(L^2) positions per sequence); "language_model" continues a
// prefix of ids the same way.
#pragma once

#include <functional>

#include "ringdl/nn/layers/attention/transformer.h"
#include "ringdl/nn/options.h"
#include "ringdl/tensor/tensor.h"

namespace ringdl {

struct SequenceBeamSearchOptions {
  int64_t vocabSize = 0;
  int64_t beamSize = 4;
  double alpha = 0.6;           ///< the strength of the length normalisation; 0: none
  int64_t maxDecodeLength = 0;  ///< steps at most (tokens after the start id)
  int64_t eosId = 0;            ///< the id that ends a sequence
  int64_t paddingValue = 0;     ///< the start id, and the id after a sequence's end
  template <typename V>
  void fields(V& v) {
    v("vocabSize", vocabSize, kRequired);
    v("beamSize", beamSize);
    v("alpha", alpha);
    v("maxDecodeLength", maxDecodeLength, kRequired);
    v("eosId", eosId, kRequired);
    v("paddingValue", paddingValue);
  }
};

template <typename T>
struct BeamSearchResult {
  Tensor<T> sequences;  ///< [N, beamSize, 1 + steps]: the start id, then the ids, then paddingValue
  Tensor<T> scores;     ///< [N, beamSize]: length-normalised scores, or log probabilities (nothing finished)
  Tensor<T> finished;   ///< [N, beamSize]: 1 where the sequence ended in eosId
};

template <typename T>
class SequenceBeamSearch {
 public:
  /// The next token's logits [N*beamSize, vocabSize] of the alive sequences ids [N*beamSize, step + 1].
  using LogitsFn = std::function<Tensor<T>(const Tensor<T>& ids, int64_t step)>;

  SequenceBeamSearch(const SequenceBeamSearchOptions& options, LogitsFn logits);
  const SequenceBeamSearchOptions& options() const { return options_; }
  /// Searches for N batch elements.
  BeamSearchResult<T> search(int64_t batchSize) const;

 private:
  SequenceBeamSearchOptions options_;
  LogitsFn logits_;
};

/// Beam search with a TransformerModel that gives logits (withShareWeightsLinear), in evaluate() mode.
/// "translation": input source ids [N, S]; the target is decoded from the start id. "language_model": input
/// a prefix of ids [N, P] that every sequence continues, or [N, 0] / an empty Tensor with batchSize N for
/// none. The result's sequences hold the start id and the decoded ids (not the prefix). options.vocabSize
/// must be the model's.
template <typename T>
BeamSearchResult<T> transformerBeamSearch(TransformerModel<T>& model, const Tensor<T>& input,
                                          const SequenceBeamSearchOptions& options, int64_t batchSize = 0);

extern template class SequenceBeamSearch<float>;
extern template class SequenceBeamSearch<double>;

}  // namespace ringdl
