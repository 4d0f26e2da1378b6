// Training throughput in images/second, measured the way ../shared/anchors/torch_lenet.py and torch_models.py
// measure PyTorch, so that bench/compare_pytorch.sh can print the ratio:
//   throughput lenet5 [--epochs 2] [--batch 128] [--threads N]  real Fashion-MNIST, SGD lr 0.05, last epoch
//   timed throughput MODEL [--iters 30] [--batch 128] [--threads N] [--shape C,H,W] [--params K=V,...]
//   [--eval]
//       any other zoo model (mlp, resnet20, resnet50, ...) on synthetic input, SGD lr 0.01 momentum 0.9;
//       --eval times inference (evaluate(), forward only) instead, with convolution + batch normalisation +
//       ReLU fused (nn/fusion.h) unless --no-fusion
//   throughput lstm|gru|transformer [--iters 20] [--batch 128] [--threads N]
//       bench/torch_sequence.py's text models on synthetic token ids (50 steps, a vocabulary of 10,000, 10
//       classes), SGD lr 0.01 momentum 0.9; sequences/second
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "ringdl/data/array_data_set.h"
#include "ringdl/data/idx_data_set.h"
#include "ringdl/data/normalize.h"
#include "ringdl/models/model_zoo.h"
#include "ringdl/nn.h"
#include "ringdl/optim/optimizer.h"
#include "ringdl/optim/sgd.h"
#include "ringdl/tensor.h"

using namespace ringdl;
using Clock = std::chrono::steady_clock;


namespace {
constexpr int64_t kVocab = 10000, kSteps = 50, kEmbedding = 128, kHidden = 256;

// bench/torch_sequence.py's models: an embedding, then an LSTM or GRU whose last step feeds a Linear, or two
// post-norm Transformer encoder layers whose mean over steps does.
ModulePtr<float> sequenceModel(const std::string& which) {
  auto m = std::make_shared<Sequential<float>>();
  m->emplace<LookupTable<float>>(kVocab, kEmbedding);
  if (which == "transformer") {
    m->emplace<SinusoidalPositionEncoding<float>>();
    for (int i = 0; i < 2; ++i) m->emplace<TransformerEncoderLayer<float>>(kEmbedding, 4, 512, 0.0);
    m->emplace<Mean<float>>(1);
    m->emplace<Linear<float>>(kEmbedding, 10);
  } else {
    ModulePtr<float> cell;
    if (which == "lstm") cell = std::make_shared<LSTM<float>>(kEmbedding, kHidden);
    if (which == "gru") cell = std::make_shared<GRU<float>>(kEmbedding, kHidden);
    m->add(std::make_shared<Recurrent<float>>(cell, /*returnSequences=*/false));
    m->emplace<Linear<float>>(kHidden, 10);
  }
  m->emplace<LogSoftMax<float>>();
  return m;
}

bool isSequenceModel(const std::string& which) { return which == "lstm" || which == "gru" || which == "transformer"; }
}  // namespace

int main(int argc, char** argv) try {
  if (argc < 2) {
    std::fprintf(
        stderr,
        "usage: throughput lenet5|MODEL [--epochs N] [--iters N] [--batch B] [--threads T] [--shape C,H,W] "
        "[--params K=V,...] [--eval [--no-fusion]]\n");
    return 2;
  }
  const std::string which = argv[1];
  int64_t epochs = 2, iters = 30, batch = 128;
  int threads = 0;
  bool inference = false, fusion = true;
  Shape shape = {1, 28, 28};
  ModelParams params = {{"classes", "10"}};
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--eval")) {
      inference = true;
      continue;
    }
    if (!std::strcmp(argv[i], "--no-fusion")) {
      fusion = false;
      continue;
    }
    if (i + 1 >= argc) break;
    if (!std::strcmp(argv[i], "--shape")) {
      shape.clear();
      std::string text = argv[i + 1];
      for (size_t at = 0; at <= text.size();) {
        const size_t end = std::min(text.find(',', at), text.size());
        shape.push_back(std::stoll(text.substr(at, end - at)));
        at = end + 1;
      }
    } else if (!std::strcmp(argv[i], "--params")) {
      std::string text = argv[i + 1];
      for (size_t at = 0; at < text.size();) {
        const size_t end = std::min(text.find(',', at), text.size());
        const std::string item = text.substr(at, end - at);
        params[item.substr(0, item.find('='))] = item.substr(item.find('=') + 1);
        at = end + 1;
      }
    } else if (!std::strcmp(argv[i], "--epochs"))
      epochs = std::stoll(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--iters"))
      iters = std::stoll(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--batch"))
      batch = std::stoll(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--threads"))
      threads = std::stoi(argv[i + 1]);
    ++i;
  }
  setNumThreads(threads);
  Random::global().seed(1);
  ClassNLLCriterion<float> nll;
  if (which == "lenet5") {
    const std::string d = kFashionMnistDir;
    LabeledData<float> tr =
        loadIdxDataSet<float>(d + "/train-images-idx3-ubyte.gz", d + "/train-labels-idx1-ubyte.gz");
    LabeledData<float> te =
        loadIdxDataSet<float>(d + "/t10k-images-idx3-ubyte.gz", d + "/t10k-labels-idx1-ubyte.gz");
    Normalize<float> norm(featureStats(tr.features));
    norm.apply(tr.features);
    norm.apply(te.features);
    auto model = lenet5<float>();
    ArrayDataSet<float> train(tr, 7);
    SGD<float> sgd(SGDOptions().lr(0.05));
    auto [w, g] = model->getParameters();
    model->setGradInputNeeded(false);
    double seconds = 0;
    int64_t images = 0;
    for (int64_t e = 0; e < epochs; ++e) {
      train.shuffle();
      const auto t0 = Clock::now();
      images = 0;
      // Full batches only, as the PyTorch script does.
      for (auto b = train.nextBatch(batch); b.size() == batch; b = train.nextBatch(batch)) {
        g.zero();
        const auto& out = model->forward(b.input());
        nll.forward(out, b.target());
        model->backward(b.input(), nll.backward(out, b.target()));
        sgd.update(w, g);
        images += batch;
      }
      seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    }
    ArrayDataSet<float> test(te);
    const double acc =
        Optimizer<float>::evaluate(*model, test, {std::make_shared<Top1Accuracy<float>>()}, 1000)[0].result();
    std::printf("ringdl lenet5 threads=%d batch=%lld epoch_s=%.2f images_per_s=%.0f test_acc=%.4f\n",
                numThreads(), static_cast<long long>(batch), seconds, images / seconds, acc);
  } else if (isSequenceModel(which)) {
    auto model = sequenceModel(which);
    Tensor<float> x({batch, kSteps}), y({batch});
    Random r(0);
    for (int64_t i = 0; i < x.numel(); ++i) x.data()[i] = static_cast<float>(r.below(kVocab));
    for (int64_t i = 0; i < batch; ++i) y.data()[i] = static_cast<float>(r.below(10));
    SGD<float> sgd(SGDOptions().lr(0.01).withMomentum(0.9));
    auto [w, g] = model->getParameters();
    model->setGradInputNeeded(false);
    auto step = [&] {
      g.zero();
      const auto& out = model->forward(x);
      nll.forward(out, y);
      model->backward(x, nll.backward(out, y));
      sgd.update(w, g);
    };
    for (int i = 0; i < 3; ++i) step();
    const auto t0 = Clock::now();
    for (int64_t i = 0; i < iters; ++i) step();
    const double dt = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("ringdl %s threads=%d batch=%lld params=%lld sequences_per_s=%.0f\n", which.c_str(), numThreads(),
                static_cast<long long>(batch), static_cast<long long>(w.numel()), iters * batch / dt);
  } else {
    auto model = buildModel<float>(which, params);
    Shape inputShape = {batch};
    inputShape.insert(inputShape.end(), shape.begin(), shape.end());
    Tensor<float> x(inputShape), y({batch});
    Random(0).fillNormal(x, 0, 1);
    for (int64_t i = 0; i < batch; ++i) y.data()[i] = static_cast<float>(Random::global().below(10));
    SGD<float> sgd(SGDOptions().lr(0.01).withMomentum(0.9));
    auto [w, g] = model->getParameters();
    model->setGradInputNeeded(false);
    if (inference) model->evaluate();
    if (auto* container = dynamic_cast<Container<float>*>(model.get())) container->setInferenceFusion(fusion);
    auto step = [&] {
      if (inference) {
        model->forward(x);
        return;
      }
      g.zero();
      const auto& out = model->forward(x);
      nll.forward(out, y);
      model->backward(x, nll.backward(out, y));
      sgd.update(w, g);
    };
    for (int i = 0; i < 3; ++i) step();
    const auto t0 = Clock::now();
    for (int64_t i = 0; i < iters; ++i) step();
    const double dt = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("ringdl %s%s threads=%d batch=%lld params=%lld images_per_s=%.1f\n", which.c_str(),
                inference ? (fusion ? " eval" : " eval (unfused)") : "", numThreads(),
                static_cast<long long>(batch), static_cast<long long>(w.numel()), iters * batch / dt);
  }
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "throughput: %s\n", e.what());
  return 1;
}
