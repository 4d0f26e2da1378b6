// Runs a classification criterion on the fixture cases written by gen_activations_criterions.py ("batch" [6,
// 5] and "single" [5]; mean or sum, with or without class weights) and compares loss and gradInput with
// PyTorch's.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "ringdl/nn/criterion.h"
#include "support/fixture.h"
#include "support/fixture_compare.h"

namespace ringdl::test {

/// make(weights, sizeAverage) builds the criterion under test.
template <typename T>
void expectClassCriterionMatchesFixture(const Fixture& fixture,
                                        const std::function<CriterionPtr<T>(Tensor<T>, bool)>& make) {
  for (const char* sample : {"batch", "single"})
    for (const char* reduction : {"mean", "sum"})
      for (bool weighted : {false, true}) {
        const std::string tag = std::string(sample) + "." + reduction + (weighted ? "_weighted" : "");
        SCOPED_TRACE(tag + (sizeof(T) == 4 ? " in float" : " in double"));
        CriterionPtr<T> c =
            make(weighted ? fixture.get("weights").to<T>() : Tensor<T>(), std::string(reduction) == "mean");
        const Tensor<T> input = fixture.get(std::string(sample) + ".input").to<T>();
        const Tensor<T> target = fixture.get(std::string(sample) + ".target").to<T>();
        EXPECT_TRUE(matchesReference(c->forward(input, target), fixture.scalar(tag + ".loss")));
        EXPECT_TRUE(matchesReference(c->backward(input, target).toTensor(), fixture.get(tag + ".gradInput")));
      }
}

}  // namespace ringdl::test
