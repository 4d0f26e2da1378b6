// ringdl generate MODEL --prime TEXT --length N: text sampled token by token from a saved language model
// (ids [1, T] -> per-step scores [1, T, V]), the prime tokenized as its training text was, with the run's
// tokenizer settings (its saved config) and its vocabulary (<save_model>.vocab).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

#include "config.h"
#include "ringdl/data/text/dictionary.h"
#include "ringdl/data/text/tokenizer.h"
#include "ringdl/tensor/math.h"
#include "ringdl/tensor/random.h"
#include "ringdl/util/error.h"
#include "subcommands.h"

namespace ringdl::tools {

namespace {
struct GenerateArgs {
  std::string path, prime, vocab;
  int64_t length = 200, topK = 0, context = 0;
  double temperature = 1.0;
  uint64_t seed = 1;
  int threads = 0;
};

// The vocabulary: --vocab, else the file beside the model (<save_model>.vocab, which moves with it), else the
// path the run's config names.
std::string findVocabulary(const GenerateArgs& a, const RunConfig& config) {
  namespace fs = std::filesystem;
  if (!a.vocab.empty()) {
    RINGDL_CHECK(fs::is_regular_file(a.vocab), "--vocab ", a.vocab, " does not exist");
    return a.vocab;
  }
  const std::string beside = a.path + ".vocab";
  if (fs::is_regular_file(beside)) return beside;
  const std::string& saved = config.str("vocab");
  if (!saved.empty() && fs::is_regular_file(saved)) return saved;
  RINGDL_FAIL("no vocabulary for ", a.path, ": neither ", beside,
              saved.empty() ? std::string(" exists and its run config names none")
                            : " nor the run config's vocab " + saved + " exists",
              "; give --vocab FILE (the <save_model>.vocab that ringdl train wrote beside the model)");
}

// The prime's token ids as the language-model reader makes them: each line's tokens, then <eos> after each
// line break when the run ended lines (text typed with a final newline ends with <eos>).
std::vector<int64_t> primeIds(const std::string& prime, const Tokenizer& tokenizer, const Dictionary& dict,
                              bool lineEnds) {
  std::vector<int64_t> ids;
  size_t start = 0;
  for (;;) {
    const size_t nl = prime.find('\n', start);
    const std::string line = prime.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    try {
      tokenizer.forEachToken(line, [&](std::string_view token) {
        ids.push_back(dict.index(token));
        return true;
      });
    } catch (const Error& e) {
      RINGDL_FAIL("--prime: ", e.message());
    }
    if (nl == std::string::npos) break;
    if (lineEnds) ids.push_back(dict.index("<eos>"));
    start = nl + 1;
  }
  return ids;
}

// A sampled token as text: <eos> is a line break; word tokens are joined by spaces.
std::string tokenText(const Dictionary& dict, int64_t id, bool lineEnds, TokenizerMode mode,
                      bool& lineStart) {
  if (lineEnds && id == dict.index("<eos>")) {
    lineStart = true;
    return "\n";
  }
  const std::string sep = mode == TokenizerMode::kWord && !lineStart ? " " : "";
  lineStart = false;
  return sep + dict.token(id);
}

// The next id from one step's scores (logits or log-probabilities alike): the highest with temperature 0,
// else drawn from softmax(scores / temperature) over the k highest (all with k 0). Only the vocabulary's
// ids from 1 on are candidates: <pad> (0) is never text.
int64_t nextId(const float* scores, int64_t vocabulary, double temperature, int64_t topK, Random& random,
               std::vector<int64_t>& order, std::vector<double>& weights) {
  order.resize(static_cast<size_t>(vocabulary - 1));
  std::iota(order.begin(), order.end(), int64_t(1));
  auto score = [scores](int64_t c) { return std::isnan(scores[c]) ? -INFINITY : scores[c]; };
  auto better = [&score](int64_t x, int64_t y) { return score(x) > score(y) || (score(x) == score(y) && x < y); };
  if (temperature == 0) return *std::min_element(order.begin(), order.end(), better);
  const size_t k = topK > 0 ? std::min(order.size(), static_cast<size_t>(topK)) : order.size();
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(), better);
  const double top = score(order[0]);
  weights.resize(k);
  double total = 0;
  for (size_t i = 0; i < k; ++i) total += weights[i] = std::exp((score(order[i]) - top) / temperature);
  double u = random.uniform() * total;
  for (size_t i = 0; i < k; ++i)
    if ((u -= weights[i]) < 0) return order[i];
  return order[k - 1];
}
}  // namespace

Runner setupGenerate(CLI::App& cmd) {
  auto a = std::make_shared<GenerateArgs>();
  cmd.add_option("model", a->path,
                 "a language model: model file (save_model), checkpoint file or checkpoint directory (newest), "
                 "trained on text_lm")
      ->required();
  cmd.add_option("--prime", a->prime,
                 "the text to continue, tokenized as the training text was (a line break is <eos> when the "
                 "run ended lines)")
      ->required();
  cmd.add_option("--length", a->length, "tokens to generate (characters with the char tokenizer) [default: 200]");
  cmd.add_option("--temperature", a->temperature,
                 "divides the scores before the softmax: 0 takes the most likely token every step (greedy), "
                 "below 1 sharper, above 1 flatter [default: 1]");
  cmd.add_option("--top_k", a->topK, "draw from the K most likely tokens only (0: all) [default: 0]");
  cmd.add_option("--seed", a->seed, "the sampling generator's seed [default: 1]");
  cmd.add_option("--context", a->context,
                 "the most tokens the model sees each step, the latest ones (0: the run's seq_len, the "
                 "window length it was trained on) [default: 0]");
  cmd.add_option("--vocab", a->vocab,
                 "the vocabulary file [default: MODEL.vocab beside the model, else the run config's vocab]");
  cmd.add_option("--threads", a->threads, "BLAS threads (0: default)");
  return [a]() -> int {
    RINGDL_CHECK(!a->prime.empty(), "--prime is empty: give the text to continue (at least one character)");
    RINGDL_CHECK(a->length >= 0, "--length must be 0 or more tokens, got ", a->length);
    RINGDL_CHECK(a->temperature >= 0 && std::isfinite(a->temperature),
                 "--temperature must be 0 (greedy) or a positive number, got ", a->temperature);
    RINGDL_CHECK(a->topK >= 0, "--top_k must be 0 (all tokens) or more, got ", a->topK);
    RINGDL_CHECK(a->context >= 0, "--context must be 0 (the run's seq_len) or more, got ", a->context);
    setNumThreads(a->threads);
    RunConfig config;
    const ModelFile<float> loaded = loadAny(a->path, config);
    RINGDL_CHECK(!loaded.metadata.runConfig.empty(), a->path,
                 " holds no run config (it was saved by saveModel without metadata), so the tokenizer and "
                 "vocabulary it was trained with are unknown; generate needs a model saved by ringdl train "
                 "(save_model or a checkpoint) on text_lm");
    const std::string& format = config.str("train_format");
    RINGDL_CHECK(format == "text_lm", a->path, " is not a language model: it was trained on ", format,
                 " data; generate needs a model trained on text_lm (token ids [1, T] to per-step scores [1, "
                 "T, vocabulary])");
    Module<float>& model = *loaded.model;
    model.evaluate();
    const std::string vocabPath = findVocabulary(*a, config);
    const Dictionary dict = Dictionary::load(vocabPath);
    const Tokenizer tokenizer(TokenizerOptions()
                                  .withMode(parseTokenizerMode(config.str("tokenizer")))
                                  .withLowerCase(config.flag("lowercase")));
    const bool lineEnds = config.flag("line_ends");
    RINGDL_CHECK(!lineEnds || dict.contains("<eos>"), "vocabulary ", vocabPath,
                 " has no <eos> token although the run ended lines with it (line_ends): not this model's "
                 "vocabulary?");
    std::vector<int64_t> ids = primeIds(a->prime, tokenizer, dict, lineEnds);
    RINGDL_CHECK(!ids.empty(), "--prime \"", a->prime, "\" holds no token for the ", tokenizer.describe(),
                 " tokenizer; give text with at least one token");
    const int64_t context =
        a->context > 0 ? a->context : (config.integer("seq_len") > 0 ? config.integer("seq_len") : 35);

    Random random(a->seed);
    std::vector<int64_t> order;
    std::vector<double> weights;
    bool lineStart = a->prime.back() == '\n';
    std::cout << a->prime << std::flush;
    for (int64_t step = 0; step < a->length; ++step) {
      const int64_t t = std::min<int64_t>(context, static_cast<int64_t>(ids.size()));
      Tensor<float> input({1, t});
      for (int64_t i = 0; i < t; ++i)
        input.data()[i] = static_cast<float>(ids[ids.size() - static_cast<size_t>(t - i)]);
      Activity<float> output;
      try {
        output = model.forward(input);
      } catch (const Error& e) {
        RINGDL_FAIL(a->path, " cannot take token ids [1, ", t, "] (", e.message(),
                    "): not a language model; generate needs one mapping ids [1, T] to scores [1, T, "
                    "vocabulary]");
      }
      RINGDL_CHECK(output.isTensor() && output.toTensor().dim() == 3 && output.toTensor().size(0) == 1 &&
                       output.toTensor().size(1) == t,
                   a->path, " maps token ids [1, ", t, "] to ",
                   output.isTensor() ? toString(output.toTensor().shape()) : std::string("a Table"),
                   ", not per-step scores [1, ", t,
                   ", vocabulary]: not a language model (end it with TimeDistributed(Linear) on "
                   "returnSequences, or the Transformer)");
      const Tensor<float> y = output.toTensor().contiguous();
      const int64_t width = y.size(2);
      RINGDL_CHECK(width >= dict.size(), a->path, " scores ", width, " tokens a step but vocabulary ",
                   vocabPath, " holds ", dict.size(), ": not the vocabulary it was trained with");
      const int64_t id = nextId(y.data() + (t - 1) * width, dict.size(), a->temperature, a->topK, random,
                                order, weights);
      ids.push_back(id);
      std::cout << tokenText(dict, id, lineEnds, tokenizer.options().mode, lineStart) << std::flush;
    }
    if (!lineStart) std::cout << "\n";
    return 0;
  };
}

}  // namespace ringdl::tools
