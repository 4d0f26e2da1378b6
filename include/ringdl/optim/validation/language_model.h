// Language-model validation methods: BitsPerCharacter and Perplexity of next-token scores, from the summed
// negative log-likelihood of every predicted token, so they add exactly across batches and ranks.
#pragma once

#include <memory>
#include <string>

#include "ringdl/optim/validation_method.h"

namespace ringdl {

/// Summed negative log-likelihood in nats (total) over predicted tokens (count) of a batch of next-token
/// scores: output [N, T, V] with target [N, T] (text_lm's batches), or [N, V] with target [N], 0-based
/// token ids. Each score row goes through a log-softmax first, so logits and log-probabilities (a model
/// ending in LogSoftMax, whose log-softmax is itself) give the same figure. Sums are in double.
template <typename T>
ValidationResult tokenNegativeLogLikelihood(const std::string& method, const Tensor<T>& output,
                                            const Tensor<T>& target);

/// What BitsPerCharacter and Perplexity share: the summed NLL per batch, a figure from the mean (`bits`:
/// nats / ln 2, else exp), lower is better.
template <typename T>
class TokenNllMethod : public ValidationMethod<T> {
 public:
  ValidationResult apply(const Tensor<T>& output, const Tensor<T>& target) override;
  bool lowerIsBetter() const override { return true; }
  std::shared_ptr<const ValidationSummary> summary() const override { return summary_; }

 protected:
  explicit TokenNllMethod(bool bits);

 private:
  std::shared_ptr<const ValidationSummary> summary_;
};

/// Bits per character (per predicted token: characters with the char tokenizer, bytes with byte): the mean
/// negative log-likelihood in nats / ln 2, averaged over every predicted token of the set (not per batch).
/// PyTorch: F.cross_entropy(logits.reshape(-1, V), target.reshape(-1)) / math.log(2). Lower is better.
template <typename T>
class BitsPerCharacter : public TokenNllMethod<T> {
 public:
  BitsPerCharacter() : TokenNllMethod<T>(true) {}
  explicit BitsPerCharacter(const Attributes& a) : BitsPerCharacter() {
    optionsFrom<NoValidationOptions>(a, "BitsPerCharacter");
  }
  std::string name() const override { return "BitsPerCharacter"; }
};

/// Perplexity: exp of the mean negative log-likelihood (nats) over every predicted token of the set, i.e.
/// 2^BitsPerCharacter. PyTorch: math.exp(F.cross_entropy(logits.reshape(-1, V), target.reshape(-1))).
/// Lower is better.
template <typename T>
class Perplexity : public TokenNllMethod<T> {
 public:
  Perplexity() : TokenNllMethod<T>(false) {}
  explicit Perplexity(const Attributes& a) : Perplexity() { optionsFrom<NoValidationOptions>(a, "Perplexity"); }
  std::string name() const override { return "Perplexity"; }
};

}  // namespace ringdl
