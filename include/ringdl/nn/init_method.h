// InitMethod: weight initialisers (Xavier, MSRA, uniform, normal, constant), BigDL's InitializationMethod.
#pragma once

#include <cstdint>
#include <string>

#include "ringdl/nn/attributes.h"
#include "ringdl/tensor/random.h"
#include "ringdl/tensor/tensor.h"

namespace ringdl {

/// A value type so that it is trivially copied into layers and saved with them.
class InitMethod {
 public:
  enum class Kind {
    kDefaultUniform,  ///< U(-1/sqrt(fanIn), 1/sqrt(fanIn)): Torch/BigDL's default for Linear and convolution
    kUniform,         ///< U(a, b)
    kNormal,          ///< N(a, b^2): mean a, standard deviation b
    kXavier,          ///< U(-sqrt(6/(fanIn+fanOut)), +sqrt(6/(fanIn+fanOut))) (Glorot)
    kMsra,            ///< N(0, 2/fanIn) (He); BigDL's MsraFiller with varianceNormAverage=false
    kConstant,        ///< all a
  };

  static InitMethod defaultUniform() { return InitMethod(Kind::kDefaultUniform); }
  static InitMethod uniform(double lo, double hi) { return InitMethod(Kind::kUniform, lo, hi); }
  static InitMethod normal(double mean, double stddev) { return InitMethod(Kind::kNormal, mean, stddev); }
  static InitMethod xavier() { return InitMethod(Kind::kXavier); }
  static InitMethod msra() { return InitMethod(Kind::kMsra); }
  static InitMethod constant(double value) { return InitMethod(Kind::kConstant, value); }
  static InitMethod zeros() { return constant(0); }
  static InitMethod ones() { return constant(1); }

  /// Parses "xavier", "msra", "default", "zeros", "ones", "constant:V", "uniform:LO:HI", "normal:MEAN:STD".
  static InitMethod parse(const std::string& text);
  /// The inverse of parse().
  std::string toString() const;

  Kind kind() const { return kind_; }

  /// Fills t; fanIn/fanOut come from the layer (for a weight of shape [out, in, kh, kw]: in*kh*kw, out*kh*kw).
  template <typename T>
  void apply(Tensor<T>& t, int64_t fanIn, int64_t fanOut, Random& rng = Random::global()) const;

 private:
  explicit InitMethod(Kind kind, double a = 0, double b = 0) : kind_(kind), a_(a), b_(b) {}
  Kind kind_;
  double a_, b_;
};

}  // namespace ringdl
