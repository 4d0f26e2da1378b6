// ringdl predict PATH --output F: the predicted classes (the top K, with their names when known) and their
// scores for every record of a data set of any format ringdl train reads, or of a folder of unlabelled
// images, as CSV in the set's order.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

#include "common.h"
#include "ringdl/optim/batch_input.h"
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

// The CSV header: index, then for each of the k places class, class_name (when there are names) and score
// (the first place's columns unnumbered, the others suffixed _2 .. _k), then file (when records have names).
std::string header(int64_t k, bool classNames, bool files) {
  std::string h = "index";
  for (int64_t place = 1; place <= k; ++place) {
    const std::string suffix = place == 1 ? "" : "_" + std::to_string(place);
    h += ",class" + suffix + (classNames ? ",class_name" + suffix : "") + ",score" + suffix;
  }
  return h + (files ? ",file" : "");
}
}  // namespace

Runner setupPredict(CLI::App& cmd) {
  auto a = std::make_shared<DataArgs>();
  auto output = std::make_shared<std::string>();
  auto topK = std::make_shared<int64_t>(1);
  addDataOptions(cmd, *a, false);
  cmd.add_option(
         "--output", *output,
         "CSV file to write: index,class,class_name,score,file, one line per record in the data set's order "
         "(class_name when the model file or the image folder names the classes; file for image folders; "
         "score: the model's output for that class, a probability for models ending in LogSoftMax)")
      ->required();
  cmd.add_option("--top_k", *topK,
                 "the K most likely classes of each record, best first: columns class,class_name,score, then "
                 "class_2,class_name_2,score_2, ... up to _K [default: 1]");
  return [a, output, topK, &cmd]() -> int {
    const int64_t k = *topK;
    RINGDL_CHECK(k >= 1, "--top_k must be at least 1 (the number of classes written per record), got ", k);
    RunConfig config;
    const ModelFile<float> loaded = prepare(cmd, *a, config);
    Module<float>& model = *loaded.model;
    // The same loading and normalisation as training and evaluation, so the features match bit for bit.
    const DescribedDataSet data = loadData(config, loaded, /*labels=*/false, /*names=*/true);
    // The classes' names: the model's own (its training folder's), else those of a labelled folder read now.
    const std::vector<std::string>& classNames =
        !loaded.metadata.classNames.empty() ? loaded.metadata.classNames : data.classes;
    std::cout << "Predicting " << data.set->size() << " records (" << data.describe << ")\n";
    // Image folders are read in a fixed mixed order, so their lines also name the file.
    const std::vector<std::string>& names = data.names;
    // Scores are log-probabilities when the model's last layer is a LogSoftMax.
    const bool logProbs = lastLayer(model).typeName() == "LogSoftMax";
    const int64_t batch = config.integer("batch_size");
    std::ofstream out;
    auto start = [&] {
      out.open(*output);
      RINGDL_CHECK(out.good(), "cannot write ", *output);
      out << header(k, !classNames.empty(), !names.empty()) << "\n";
    };
    // An unshuffled pass: IDX and HDF5 rows in storage order, shards in list order with their records in
    // file order, image folders in the order of their parts (each line names its file).
    DataSet<float>& set = *data.set;
    set.reset();
    int64_t index = 0;
    std::vector<int64_t> order;
    for (MiniBatch<float> b = set.nextBatch(batch); !b.empty(); b = set.nextBatch(batch)) {
      const Tensor<float> y = model.forward(batchInput(b)).toTensor().contiguous();
      const int64_t classes = y.size(1);
      if (!out.is_open()) {
        // The class count is the model's output width, known from the first batch.
        RINGDL_CHECK(k <= classes, "--top_k ", k, " is more than the ", classes, " classes model ",
                     model.name(), " tells apart; give --top_k from 1 to ", classes);
        start();
        order.resize(static_cast<size_t>(classes));
      }
      for (int64_t i = 0; i < b.size(); ++i, ++index) {
        const float* row = y.data() + i * classes;
        // The k best classes, ties to the lower class; NaN scores last.
        auto score = [row](int64_t c) { return std::isnan(row[c]) ? -INFINITY : row[c]; };
        std::iota(order.begin(), order.end(), int64_t(0));
        std::partial_sort(order.begin(), order.begin() + k, order.end(), [&score](int64_t x, int64_t z) {
          return score(x) > score(z) || (score(x) == score(z) && x < z);
        });
        out << index;
        for (int64_t place = 0; place < k; ++place) {
          const int64_t c = order[static_cast<size_t>(place)];
          out << "," << c;
          if (!classNames.empty())
            out << "," << (c < static_cast<int64_t>(classNames.size()) ? csvField(classNames[c]) : "");
          out << "," << (logProbs ? std::exp(row[c]) : row[c]);
        }
        if (!names.empty()) out << "," << csvField(names.at(static_cast<size_t>(index)));
        out << "\n";
      }
    }
    if (!out.is_open()) start();  // no records: the header alone
    RINGDL_CHECK(out.good(), "writing ", *output, " failed (disk full?)");
    std::cout << "Wrote " << index << " predictions to " << *output << "\n";
    return 0;
  };
}

}  // namespace ringdl::tools
