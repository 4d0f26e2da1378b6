// loadIdxDataSet: image + label IDX files as features in [0, 1] and 0-based labels, with cross-file checks.
#include "ringdl/data/idx_data_set.h"

#include "ringdl/util/error.h"

namespace ringdl {

namespace {
// The checks loadIdxImages makes on the images header, shared with loadIdxDataSet (which reads headers
// first).
void checkImagesHeader(const IdxInfo& images, const std::string& imagesPath) {
  RINGDL_CHECK(images.type == IdxType::kUByte, "images file ", imagesPath, " holds ",
               idxTypeName(images.type),
               " values; pixels must be ubyte (0x08) to be scaled into [0, 1] by 1/255");
  RINGDL_CHECK(images.shape.size() >= 2 && images.shape.size() <= 4, "images file ", imagesPath,
               " has shape ", toString(images.shape),
               "; expected [N, rows, cols], [N, C, rows, cols] or [N, features]");
}

template <typename T>
Tensor<T> readImages(const std::string& imagesPath) {
  Tensor<T> features = readIdx<T>(imagesPath, "image data");
  // Divide rather than multiply by 1/255: correctly rounded, so values match torchvision's ToTensor bit for
  // bit.
  T* pixels = features.data();
  for (int64_t i = 0; i < features.numel(); ++i) pixels[i] /= T(255);
  if (features.dim() == 3) features = features.unsqueeze(1);  // [N, rows, cols] -> [N, 1, rows, cols]
  return features;
}
}  // namespace

template <typename T>
Tensor<T> loadIdxImages(const std::string& imagesPath) {
  checkImagesHeader(readIdxInfo(imagesPath), imagesPath);
  return readImages<T>(imagesPath);
}

template <typename T>
LabeledData<T> loadIdxDataSet(const std::string& imagesPath, const std::string& labelsPath) {
  // Headers first: a count mismatch or a wrong file is reported before decompressing 47 MB of pixels.
  const IdxInfo images = readIdxInfo(imagesPath);
  const IdxInfo labels = readIdxInfo(labelsPath);
  checkImagesHeader(images, imagesPath);
  RINGDL_CHECK(labels.shape.size() == 1, "labels file ", labelsPath, " has shape ", toString(labels.shape),
               "; expected [N] (one class index per record)");
  RINGDL_CHECK(labels.type != IdxType::kFloat && labels.type != IdxType::kDouble, "labels file ", labelsPath,
               " holds ", idxTypeName(labels.type), " values; class labels must be an integer type");
  RINGDL_CHECK(images.shape[0] == labels.shape[0], "images file ", imagesPath, " holds ", images.shape[0],
               " images but labels file ", labelsPath, " holds ", labels.shape[0], " labels");

  LabeledData<T> data;
  data.features = readImages<T>(imagesPath);
  data.labels = readIdx<T>(labelsPath, "label data");
  const T* l = data.labels.data();
  for (int64_t i = 0; i < data.labels.numel(); ++i)
    RINGDL_CHECK(l[i] >= 0, "labels file ", labelsPath, ": label ", l[i], " of record ", i,
                 " is negative; labels are 0-based class indices");
  return data;
}

template Tensor<float> loadIdxImages<float>(const std::string&);
template Tensor<double> loadIdxImages<double>(const std::string&);
template LabeledData<float> loadIdxDataSet<float>(const std::string&, const std::string&);
template LabeledData<double> loadIdxDataSet<double>(const std::string&, const std::string&);

}  // namespace ringdl
