// A ReLU multi-layer perceptron (784-1024-1024-10 by default) for flattened 28x28 images.
#include "ringdl/models/model_zoo.h"
#include "ringdl/nn.h"

namespace ringdl {

template <typename T>
ModulePtr<T> mlp(int64_t classes, std::vector<int64_t> hidden, int64_t inputSize) {
  auto model = std::make_shared<Sequential<T>>();
  model->setName("mlp");
  model->add(std::make_shared<Reshape<T>>(Shape{inputSize}));
  int64_t in = inputSize;
  for (int64_t h : hidden) {
    model->add(std::make_shared<Linear<T>>(in, h));
    model->add(std::make_shared<ReLU<T>>());
    in = h;
  }
  model->add(std::make_shared<Linear<T>>(in, classes));
  model->add(std::make_shared<LogSoftMax<T>>());
  return model;
}

template ModulePtr<float> mlp<float>(int64_t, std::vector<int64_t>, int64_t);
template ModulePtr<double> mlp<double>(int64_t, std::vector<int64_t>, int64_t);

}  // namespace ringdl
