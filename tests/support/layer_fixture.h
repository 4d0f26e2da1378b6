// Runs a layer's forward and backward on a fixture case ("<case>.input", "<case>.gradOutput") and compares
// the output and gradInput with PyTorch's ("<case>.output", "<case>.gradInput"), in the layer's own scalar
// type.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "ringdl/nn/module.h"
#include "support/fixture.h"
#include "support/fixture_compare.h"

namespace ringdl::test {

template <typename T>
void expectLayerMatchesFixture(Module<T>& layer, const Fixture& fixture, const std::string& name) {
  SCOPED_TRACE("fixture case '" + name + "' in " + (sizeof(T) == 4 ? "float" : "double"));
  const Tensor<T> input = fixture.get(name + ".input").template to<T>();
  const Tensor<T> gradOutput = fixture.get(name + ".gradOutput").template to<T>();
  EXPECT_TRUE(matchesReference(layer.forward(input).toTensor(), fixture.get(name + ".output")));
  EXPECT_TRUE(
      matchesReference(layer.backward(input, gradOutput).toTensor(), fixture.get(name + ".gradInput")));
}

}  // namespace ringdl::test
