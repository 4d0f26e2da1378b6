// selectClasses: one pass over the labels to pick the rows, one gather of the rows, then the labels remapped.
#include "ringdl/data/class_subset.h"

#include <cmath>
#include <map>

#include "ringdl/util/error.h"

namespace ringdl {

template <typename T>
LabeledData<T> selectClasses(const LabeledData<T>& data, const std::vector<int64_t>& classes) {
  RINGDL_CHECK(!classes.empty(), "selectClasses: no classes given");
  std::map<int64_t, int64_t> newLabel;
  for (size_t j = 0; j < classes.size(); ++j) {
    RINGDL_CHECK(classes[j] >= 0, "selectClasses: class ", classes[j], " is negative (classes are 0-based)");
    RINGDL_CHECK(newLabel.emplace(classes[j], static_cast<int64_t>(j)).second, "selectClasses: class ",
                 classes[j], " is given twice");
  }
  const Tensor<T> labels = data.labels.contiguous();
  RINGDL_CHECK(labels.numel() == data.size(), "selectClasses: labels must be one per record ([N]), got ",
               toString(labels.shape()), " for ", data.size(), " records");
  std::vector<int64_t> rows;
  std::vector<T> relabelled;
  const T* l = labels.data();
  for (int64_t i = 0; i < labels.numel(); ++i) {
    RINGDL_CHECK(std::floor(l[i]) == l[i], "selectClasses: label ", l[i], " of record ", i,
                 " is not a class index");
    auto it = newLabel.find(static_cast<int64_t>(l[i]));
    if (it == newLabel.end()) continue;
    rows.push_back(i);
    relabelled.push_back(static_cast<T>(it->second));
  }
  LabeledData<T> out;
  gatherRows(data.features.contiguous(), labels, rows.data(), static_cast<int64_t>(rows.size()), out.features,
             out.labels, static_cast<const Transformer<T>*>(nullptr));
  std::copy(relabelled.begin(), relabelled.end(), out.labels.data());
  return out;
}

template LabeledData<float> selectClasses(const LabeledData<float>&, const std::vector<int64_t>&);
template LabeledData<double> selectClasses(const LabeledData<double>&, const std::vector<int64_t>&);

}  // namespace ringdl
