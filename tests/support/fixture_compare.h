// Comparisons against PyTorch fixtures: a double result must match float64 reference values to 1e-10, a float
// result to 1e-5 relative; failures report the worst element.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "ringdl/tensor/tensor.h"

namespace ringdl::test {

/// True if shapes agree and |a - e| <= atol + rtol * |e| everywhere; otherwise says where it fails worst.
template <typename T>
::testing::AssertionResult tensorsClose(const Tensor<T>& actual, const Tensor<double>& expected, double rtol,
                                        double atol) {
  if (actual.shape() != expected.shape())
    return ::testing::AssertionFailure()
           << "shape " << toString(actual.shape()) << " differs from expected " << toString(expected.shape());
  const std::vector<T> a = actual.toVector();
  const std::vector<double> e = expected.toVector();
  double worstExcess = 0;
  size_t worstAt = 0;
  bool ok = true;
  for (size_t i = 0; i < a.size(); ++i) {
    const double d = std::abs(static_cast<double>(a[i]) - e[i]);
    const double allowed = atol + rtol * std::abs(e[i]);
    if (!(d <= allowed)) {
      ok = false;
      const double excess = std::isfinite(d) ? d / allowed : INFINITY;
      if (excess >= worstExcess) worstExcess = excess, worstAt = i;
    }
  }
  if (ok) return ::testing::AssertionSuccess();
  std::ostringstream os;
  os.precision(17);
  os << "element " << worstAt << " is " << static_cast<double>(a[worstAt]) << ", expected " << e[worstAt]
     << " (rtol " << rtol << ", atol " << atol << ")";
  return ::testing::AssertionFailure() << os.str();
}

/// Tolerances by scalar type. Float gets a small absolute floor too, for values that are near zero by
/// cancellation (1 - y^2 for |y| near 1), where a relative bound alone would ask for more than float holds.
template <typename T>
::testing::AssertionResult matchesReference(const Tensor<T>& actual, const Tensor<double>& expected) {
  if constexpr (std::is_same_v<T, double>)
    return tensorsClose(actual, expected, 1e-10, 1e-12);
  else
    return tensorsClose(actual, expected, 1e-5, 1e-6);
}

/// A scalar (a loss) against its reference, with the same tolerances.
template <typename T>
::testing::AssertionResult matchesReference(T actual, double expected) {
  return matchesReference(Tensor<T>::full({}, actual), Tensor<double>::full({}, expected));
}

}  // namespace ringdl::test
