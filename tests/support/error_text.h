// errorOf(f): the text of the ringdl::Error that f throws, for tests of error messages; EXPECT_CONTAINS
// checks a part of it and prints the whole on failure.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "ringdl/util/error.h"

namespace ringdl::test {

/// Runs f, expects a ringdl::Error, and returns its what() (with file and line); "(no error)" otherwise.
template <typename F>
std::string errorOf(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ringdl::Error";
  return "(no error)";
}

}  // namespace ringdl::test

#define EXPECT_CONTAINS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)
