// A small VGG-style convnet for 3x32x32 images (CIFAR-10), BigDL's VggForCifar10 cut down for CPU training.
#include "ringdl/models/model_zoo.h"
#include "ringdl/nn.h"

namespace ringdl {

namespace {

// A 3x3 convolution that keeps the height and width (stride 1, padding 1), then ReLU. He (MSRA)
// initialisation keeps the activations' scale through the ReLU layers; without batch normalisation, the
// default U(+-1/sqrt(fanIn)) shrinks them layer by layer and training starts on a long plateau.
template <typename T>
void addConvRelu(Sequential<T>& model, int64_t in, int64_t out) {
  auto conv = std::make_shared<SpatialConvolution<T>>(in, out, 3, 3, 1, 1, 1, 1);
  conv->setInitMethod(InitMethod::msra(), InitMethod::zeros());
  model.add(conv);
  model.add(std::make_shared<ReLU<T>>());
}

}  // namespace

template <typename T>
ModulePtr<T> vggCifar10(int64_t classes) {
  auto model = std::make_shared<Sequential<T>>();
  model->setName("vgg_cifar10");
  // Reshape first: input that is not 3x32x32 per record fails here, with the shapes in the message.
  model->add(std::make_shared<Reshape<T>>(Shape{3, 32, 32}));
  addConvRelu(*model, 3, 32);
  addConvRelu(*model, 32, 32);
  model->add(std::make_shared<SpatialMaxPooling<T>>(2, 2, 2, 2));  // 16x16
  addConvRelu(*model, 32, 64);
  addConvRelu(*model, 64, 64);
  model->add(std::make_shared<SpatialMaxPooling<T>>(2, 2, 2, 2));  // 8x8
  addConvRelu(*model, 64, 128);
  model->add(std::make_shared<SpatialMaxPooling<T>>(2, 2, 2, 2));  // 4x4
  model->add(std::make_shared<Reshape<T>>(Shape{128 * 4 * 4}));
  auto hidden = std::make_shared<Linear<T>>(128 * 4 * 4, 256);
  hidden->setInitMethod(InitMethod::msra(), InitMethod::zeros());
  model->add(hidden);
  model->add(std::make_shared<ReLU<T>>());
  model->add(std::make_shared<Dropout<T>>(0.5));
  model->add(std::make_shared<Linear<T>>(256, classes));
  model->add(std::make_shared<LogSoftMax<T>>());
  return model;
}

template ModulePtr<float> vggCifar10<float>(int64_t);
template ModulePtr<double> vggCifar10<double>(int64_t);

}  // namespace ringdl
