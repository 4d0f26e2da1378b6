// ringdl predict PATH --output F: the predicted class and its score for every record of a data set of any
// format ringdl train reads, as CSV in the set's order.
#include <CLI/CLI.hpp>
#include <cmath>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "common.h"
#include "ringdl/util/error.h"
#include "subcommands.h"
#include "train_data.h"

namespace ringdl::tools {

namespace {
// A CSV field: quoted (RFC 4180) when it holds a comma, a quote or a line break.
std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}
}  // namespace

Runner setupPredict(CLI::App& cmd) {
  auto a = std::make_shared<DataArgs>();
  auto output = std::make_shared<std::string>();
  addDataOptions(cmd, *a, false);
  cmd.add_option(
         "--output", *output,
         "CSV file to write: index,class,score (and file, for image folders), one line per record in the "
         "data set's order (score: the model's output for that class; a probability for models ending in "
         "LogSoftMax, after exp)")
      ->required();
  return [a, output, &cmd]() -> int {
    RunConfig config;
    ModulePtr<float> model = prepare(cmd, *a, config);
    // The same loading and normalisation as training and evaluation, so the features match bit for bit.
    const DescribedDataSet data = loadData(config, /*labels=*/false, /*names=*/true);
    std::cout << "Predicting " << data.set->size() << " records (" << data.describe << ")\n";
    std::ofstream out(*output);
    RINGDL_CHECK(out.good(), "cannot write ", *output);
    // Image folders are read in a fixed mixed order, so their lines also name the file.
    const std::vector<std::string>& names = data.names;
    out << "index,class,score" << (names.empty() ? "" : ",file") << "\n";
    // Scores are log-probabilities when the model's last layer is a LogSoftMax.
    Module<float>* last = model.get();
    while (!last->children().empty()) last = last->children().back();
    const bool logProbs = last->typeName() == "LogSoftMax";
    const int64_t batch = config.integer("batch_size");
    // An unshuffled pass: IDX and HDF5 rows in storage order, shards in list order with their records in
    // file order, image folders in the order of their parts (each line names its file).
    DataSet<float>& set = *data.set;
    set.reset();
    int64_t index = 0;
    for (MiniBatch<float> b = set.nextBatch(batch); !b.empty(); b = set.nextBatch(batch)) {
      const Tensor<float> y = model->forward(b.input()).toTensor().contiguous();
      const int64_t classes = y.size(1);
      for (int64_t i = 0; i < b.size(); ++i, ++index) {
        const float* row = y.data() + i * classes;
        int64_t best = 0;
        for (int64_t c = 1; c < classes; ++c)
          if (row[c] > row[best]) best = c;
        out << index << "," << best << "," << (logProbs ? std::exp(row[best]) : row[best]);
        if (!names.empty()) out << "," << csvField(names.at(static_cast<size_t>(index)));
        out << "\n";
      }
    }
    RINGDL_CHECK(out.good(), "writing ", *output, " failed (disk full?)");
    std::cout << "Wrote " << index << " predictions to " << *output << "\n";
    return 0;
  };
}

}  // namespace ringdl::tools
