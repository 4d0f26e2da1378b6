// Cifar10Decoder<T>: a CIFAR-10 record's label checked and its R, G, B planes scaled into [3, 32, 32].
#include "ringdl/data/cifar10_decoder.h"

#include "ringdl/data/cifar10.h"

namespace ringdl {

template <typename T>
void Cifar10Decoder<T>::decode(const RecordView& record, const std::string& file, DecodedRecord<T>& out) {
  const int label = cifar10Label(record, file);
  out.features.resize(static_cast<size_t>(kCifar10ImageBytes));
  scalePixels(reinterpret_cast<const unsigned char*>(record.value.data()) + 1, kCifar10ImageBytes,
              out.features.data());
  out.shape = {3, 32, 32};
  out.label = static_cast<T>(label);
}

template <typename T>
std::string Cifar10Decoder<T>::describe() const {
  return "CIFAR-10 binary records: labels 0..9, images [3, 32, 32] (R, G, B planes) scaled by 1/255";
}

template class Cifar10Decoder<float>;
template class Cifar10Decoder<double>;

}  // namespace ringdl
