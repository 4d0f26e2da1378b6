// Test helpers for record readers: every record and error of a file, read with next() or nextView(), so that
// the two ways of reading can be compared record by record, damaged files included.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "ringdl/data/record_reader.h"
#include "ringdl/util/error.h"

namespace ringdl::test {

/// What reading a file to its end gave: its records (owned copies) and the errors met on the way, in order.
struct ReadOutcome {
  std::vector<Record> records;
  std::vector<std::string> errors;
};

/// Reads `reader` to its end with next() (views false) or nextView() (views true), calling recover() after
/// each error; each view is copied at once, before the next call. Fails the test after `limit` steps.
inline ReadOutcome readRecovering(RecordReader& reader, bool views, int limit = 100000) {
  ReadOutcome out;
  Record owned;
  RecordView view;
  for (int step = 0; step < limit; ++step) {
    try {
      if (views) {
        if (!reader.nextView(view)) return out;
        view.copyTo(owned);
      } else if (!reader.next(owned)) {
        return out;
      }
      out.records.push_back(owned);
    } catch (const Error& e) {
      out.errors.push_back(e.message());
      if (!reader.recover()) return out;
    }
  }
  ADD_FAILURE() << "the reader did not finish in " << limit << " steps";
  return out;
}

/// Reads the file twice through readers made by `open`, once with next() and once with nextView(), and
/// expects the same records (bytes, types, offsets, indices) and the same errors.
inline void expectViewsMatchNext(const std::function<RecordReaderPtr()>& open) {
  RecordReaderPtr a = open(), b = open();
  const ReadOutcome owned = readRecovering(*a, false), viewed = readRecovering(*b, true);
  ASSERT_EQ(viewed.records.size(), owned.records.size());
  for (size_t i = 0; i < owned.records.size(); ++i) {
    const Record &x = owned.records[i], &y = viewed.records[i];
    EXPECT_EQ(y.key, x.key) << "record " << i;
    EXPECT_EQ(y.value, x.value) << "record " << i;
    EXPECT_EQ(y.keyType, x.keyType) << "record " << i;
    EXPECT_EQ(y.valueType, x.valueType) << "record " << i;
    EXPECT_EQ(y.offset, x.offset) << "record " << i;
    EXPECT_EQ(y.index, x.index) << "record " << i;
  }
  EXPECT_EQ(viewed.errors, owned.errors);
}

}  // namespace ringdl::test
