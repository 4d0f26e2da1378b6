// selectClasses: the records of some classes of a labelled set, relabelled 0..k-1 in the order the classes
// are given (fine-tuning a model on part of a data set: ringdl train's select_classes).
#pragma once

#include <cstdint>
#include <vector>

#include "ringdl/data/array_data_set.h"

namespace ringdl {

/// The records of `data` (labels [N], 0-based classes) whose label is one of `classes`, in their order, with
/// the label of classes[j] replaced by j: selectClasses(fashion, {5, 6, 7, 8, 9}) keeps sandals to ankle
/// boots as classes 0..4. An empty list, a negative or repeated class, or a non-integer label is an Error;
/// a class with no records is kept (its label is simply never seen).
template <typename T>
LabeledData<T> selectClasses(const LabeledData<T>& data, const std::vector<int64_t>& classes);

extern template LabeledData<float> selectClasses(const LabeledData<float>&, const std::vector<int64_t>&);
extern template LabeledData<double> selectClasses(const LabeledData<double>&, const std::vector<int64_t>&);

}  // namespace ringdl
