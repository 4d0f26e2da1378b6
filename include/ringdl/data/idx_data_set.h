// loadIdxDataSet: an image IDX file and a label IDX file (MNIST, Fashion-MNIST) as features in [0, 1] and
// labels.
#pragma once

#include <string>

#include "ringdl/data/array_data_set.h"
#include "ringdl/data/idx.h"

namespace ringdl {

/// Reads images (ubyte IDX, [N, rows, cols] or [N, C, rows, cols]) and labels (integer IDX [N], already
/// 0-based class indices as in MNIST) into features = pixel / 255 in [0, 1] (a correctly rounded division, as
/// torchvision), shaped [N, 1, rows, cols] (or [N, C, rows, cols]), and labels [N] as T. Either file may be
/// gzipped. Errors name the file and the problem; a count mismatch names both files and both counts; negative
/// labels are rejected.
template <typename T>
LabeledData<T> loadIdxDataSet(const std::string& imagesPath, const std::string& labelsPath);

/// The images half of loadIdxDataSet, for unlabelled data (prediction): the same checks and the same
/// pixel / 255 scaling and [N, 1, rows, cols] shape, so features match those the model was trained on.
template <typename T>
Tensor<T> loadIdxImages(const std::string& imagesPath);

extern template Tensor<float> loadIdxImages<float>(const std::string&);
extern template Tensor<double> loadIdxImages<double>(const std::string&);
extern template LabeledData<float> loadIdxDataSet<float>(const std::string&, const std::string&);
extern template LabeledData<double> loadIdxDataSet<double>(const std::string&, const std::string&);

}  // namespace ringdl
