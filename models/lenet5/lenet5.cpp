// LeNet-5 as BigDL defines it (models/lenet/LeNet5.scala), for 28x28 grey images.
#include "ringdl/models/model_zoo.h"
#include "ringdl/nn.h"

namespace ringdl {

template <typename T>
ModulePtr<T> lenet5(int64_t classes) {
  auto model = std::make_shared<Sequential<T>>();
  model->setName("lenet5");
  model->add(std::make_shared<Reshape<T>>(Shape{1, 28, 28}));
  model->add(std::make_shared<SpatialConvolution<T>>(1, 6, 5, 5));
  model->add(std::make_shared<Tanh<T>>());
  model->add(std::make_shared<SpatialMaxPooling<T>>(2, 2, 2, 2));
  model->add(std::make_shared<Tanh<T>>());
  model->add(std::make_shared<SpatialConvolution<T>>(6, 12, 5, 5));
  model->add(std::make_shared<SpatialMaxPooling<T>>(2, 2, 2, 2));
  model->add(std::make_shared<Reshape<T>>(Shape{12 * 4 * 4}));
  model->add(std::make_shared<Linear<T>>(12 * 4 * 4, 100));
  model->add(std::make_shared<Tanh<T>>());
  model->add(std::make_shared<Linear<T>>(100, classes));
  model->add(std::make_shared<LogSoftMax<T>>());
  return model;
}

template ModulePtr<float> lenet5<float>(int64_t);
template ModulePtr<double> lenet5<double>(int64_t);

}  // namespace ringdl
