// A consumer of the installed RingDL: trains a small classifier on two Gaussian blobs and checks it learned.
#include <ringdl/ringdl.h>

#include <iostream>

int main() {
  using namespace ringdl;
  Random::global().seed(7);
  Random rng(11);
  const int64_t n = 400;
  Tensor<float> x({n, 2}), y({n});
  for (int64_t i = 0; i < n; ++i) {
    const int label = static_cast<int>(i % 2);
    x.at({i, 0}) = static_cast<float>(rng.normal(label ? 2.0 : -2.0, 1.0));
    x.at({i, 1}) = static_cast<float>(rng.normal(label ? -1.0 : 1.0, 1.0));
    y.at({i}) = static_cast<float>(label);
  }
  auto model = std::make_shared<Sequential<float>>();
  model->add(std::make_shared<Linear<float>>(2, 8));
  model->add(std::make_shared<Tanh<float>>());
  model->add(std::make_shared<Linear<float>>(8, 2));
  model->add(std::make_shared<LogSoftMax<float>>());
  auto data = std::make_shared<ArrayDataSet<float>>(x, y, 3);
  Optimizer<float>(model, data, std::make_shared<ClassNLLCriterion<float>>(), 32)
      .setOptimMethod(std::make_shared<SGD<float>>(SGDOptions().lr(0.1)))
      .setEndWhen(Trigger::maxEpoch(5))
      .setValidation(Trigger::everyEpoch(), data, {std::make_shared<Top1Accuracy<float>>()})
      .optimize();
  const double acc =
      Optimizer<float>::evaluate(*model, *data, {std::make_shared<Top1Accuracy<float>>()}, 100)[0].result();
  std::cout << "consumer accuracy " << acc << std::endl;
  return acc > 0.9 ? 0 : 1;
}
