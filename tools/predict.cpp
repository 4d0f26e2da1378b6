// ringdl predict PATH --images F --output F: the predicted class and its score for every image, as CSV.
#include <CLI/CLI.hpp>
#include <cmath>
#include <fstream>
#include <iostream>

#include "common.h"
#include "ringdl/data/idx_data_set.h"
#include "subcommands.h"

namespace ringdl::tools {

Runner setupPredict(CLI::App& cmd) {
  auto a = std::make_shared<DataArgs>();
  auto output = std::make_shared<std::string>();
  addDataOptions(cmd, *a, false);
  cmd.add_option("--output", *output,
                 "CSV file to write: index,class,score (score: the model's output for "
                 "that class; a probability for models ending in LogSoftMax, after exp)")
      ->required();
  return [a, output]() -> int {
    RunConfig config;
    ModulePtr<float> model = prepare(*a, config);
    // The same loading and normalisation as training and evaluation, so the features match bit for bit.
    Tensor<float> features = loadIdxImages<float>(config.str("test_images"));
    normalizeFeatures(features, config, /*resolveAuto=*/false);
    std::ofstream out(*output);
    RINGDL_CHECK(out.good(), "cannot write ", *output);
    out << "index,class,score\n";
    // Scores are log-probabilities when the model's last layer is a LogSoftMax.
    Module<float>* last = model.get();
    while (!last->children().empty()) last = last->children().back();
    const bool logProbs = last->typeName() == "LogSoftMax";
    const int64_t n = features.size(0), batch = config.integer("batch_size");
    for (int64_t start = 0; start < n; start += batch) {
      const int64_t len = std::min(batch, n - start);
      const Tensor<float> y =
          model->forward(features.narrow(0, start, len).contiguous()).toTensor().contiguous();
      const int64_t classes = y.size(1);
      for (int64_t i = 0; i < len; ++i) {
        const float* row = y.data() + i * classes;
        int64_t best = 0;
        for (int64_t c = 1; c < classes; ++c)
          if (row[c] > row[best]) best = c;
        out << start + i << "," << best << "," << (logProbs ? std::exp(row[best]) : row[best]) << "\n";
      }
    }
    RINGDL_CHECK(out.good(), "writing ", *output, " failed (disk full?)");
    std::cout << "Wrote " << n << " predictions to " << *output << "\n";
    return 0;
  };
}

}  // namespace ringdl::tools
