// loadRecords: every record of a few shard files decoded into arrays in memory (small CSV, LibSVM or CIFAR
// sets, validation sets, tests), the in-memory counterpart of ShardDataSet.
#pragma once

#include <string>
#include <vector>

#include "ringdl/data/array_data_set.h"
#include "ringdl/data/record_decoder.h"
#include "ringdl/data/shard_set.h"

namespace ringdl {

/// Reads every record of `files` in order with readers from `readers`, decodes each with `decoder`
/// (beginShard at each file) and stacks them: features [N, shape...] and labels [N]. Every record must have
/// the first one's shape. Reader and decoder errors propagate unchanged (nothing is skipped); no records is
/// an Error naming the files.
template <typename T>
LabeledData<T> loadRecords(const std::vector<std::string>& files, const RecordReaderFactory& readers,
                           RecordDecoder<T>& decoder);

extern template LabeledData<float> loadRecords(const std::vector<std::string>&, const RecordReaderFactory&,
                                               RecordDecoder<float>&);
extern template LabeledData<double> loadRecords(const std::vector<std::string>&, const RecordReaderFactory&,
                                                RecordDecoder<double>&);

}  // namespace ringdl
