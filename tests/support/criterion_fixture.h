// Runs a criterion on a PyTorch fixture case in the format tests/fixtures/gen_conformance.py writes (input,
// target, loss, gradInput) and compares the loss and gradInput, in the criterion's own scalar type.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "ringdl/nn/criterion.h"
#include "support/layer_fixture.h"

namespace ringdl::test {

template <typename T>
void expectCriterionMatchesFixture(Criterion<T>& criterion, const Fixture& f) {
  SCOPED_TRACE(f.path() + (sizeof(T) == 4 ? " in float" : " in double"));
  const Activity<T> input = activityOf<T>(f, "input");
  const Activity<T> target = activityOf<T>(f, "target");
  EXPECT_TRUE(matchesReference(criterion.forward(input, target), f.scalar("loss"))) << "loss";
  EXPECT_TRUE(matchesReference(criterion.backward(input, target), f, "gradInput"));
}

}  // namespace ringdl::test
