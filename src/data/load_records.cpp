// loadRecords: shard files read and decoded record by record into growing arrays, then one tensor each.
#include "ringdl/data/load_records.h"

#include "ringdl/util/error.h"

namespace ringdl {

template <typename T>
LabeledData<T> loadRecords(const std::vector<std::string>& files, const RecordReaderFactory& readers,
                           RecordDecoder<T>& decoder) {
  std::vector<T> features, labels;
  Shape shape;
  size_t featureSize = 0;
  RecordView record;
  DecodedRecord<T> decoded;
  for (const std::string& file : files) {
    RecordReaderPtr reader = readers(file);
    decoder.beginShard(*reader);
    while (reader->nextView(record)) {
      decoder.decode(record, file, decoded);
      if (labels.empty()) {
        shape = decoded.shape;
        featureSize = decoded.features.size();
      }
      RINGDL_CHECK(decoded.shape == shape && decoded.features.size() == featureSize,
                   recordPlace(record, file), "features of shape ", toString(decoded.shape),
                   ", but the records before have shape ", toString(shape),
                   "; every record of a data set must have the same shape");
      features.insert(features.end(), decoded.features.begin(), decoded.features.end());
      labels.push_back(decoded.label);
    }
  }
  std::string names;
  for (size_t i = 0; i < files.size() && i < 3; ++i) names += (i ? ", " : "") + files[i];
  if (files.size() > 3) names += " and " + std::to_string(files.size() - 3) + " more";
  RINGDL_CHECK(!labels.empty(), "no records in ", files.empty() ? std::string("(no files)") : names, " (",
               decoder.describe(), ")");
  const int64_t n = static_cast<int64_t>(labels.size());
  Shape full{n};
  full.insert(full.end(), shape.begin(), shape.end());
  LabeledData<T> data;
  data.features = Tensor<T>::fromVector(full, features);
  data.labels = Tensor<T>::fromVector({n}, labels);
  return data;
}

template LabeledData<float> loadRecords(const std::vector<std::string>&, const RecordReaderFactory&,
                                        RecordDecoder<float>&);
template LabeledData<double> loadRecords(const std::vector<std::string>&, const RecordReaderFactory&,
                                         RecordDecoder<double>&);

}  // namespace ringdl
