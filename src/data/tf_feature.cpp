// TfFeatures: a small protobuf wire-format reader and writer for tf.train.Example, Features, Feature and
// the three list messages (field numbers from tensorflow/core/example/{example,feature}.proto).
#include "ringdl/data/tf_feature.h"

#include <cstring>

#include "ringdl/util/error.h"

namespace ringdl {

namespace {

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

// A bounded cursor over one message; `base` is the message's offset in the whole Example, for errors.
class Cursor {
 public:
  Cursor(std::string_view data, size_t base) : data_(data), base_(base) {}
  bool done() const { return pos_ >= data_.size(); }
  size_t at() const { return base_ + pos_; }
  size_t base() const { return base_; }

  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      RINGDL_CHECK(pos_ < data_.size(), "truncated varint at byte ", at(), " of the Example");
      const uint8_t b = static_cast<uint8_t>(data_[pos_++]);
      v |= uint64_t(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    RINGDL_FAIL("varint longer than 10 bytes at byte ", at(), " of the Example");
  }
  // The tag's field number and wire type.
  void tag(uint32_t& field, uint32_t& wire) {
    const uint64_t t = varint();
    field = static_cast<uint32_t>(t >> 3);
    wire = static_cast<uint32_t>(t & 7);
    RINGDL_CHECK(field != 0, "field number 0 at byte ", at(), " of the Example: not a tf.train.Example");
  }
  // A length-delimited payload as a sub-cursor.
  Cursor bytes() {
    const uint64_t n = varint();
    RINGDL_CHECK(n <= data_.size() - pos_, "a length of ", n, " bytes at byte ", at(),
                 " of the Example runs past ", "its end (", data_.size() - pos_,
                 " bytes left): the record is truncated or not an Example");
    Cursor sub(data_.substr(pos_, n), base_ + pos_);
    pos_ += n;
    return sub;
  }
  uint32_t fixed32() {
    RINGDL_CHECK(data_.size() - pos_ >= 4, "truncated fixed32 at byte ", at(), " of the Example");
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(data_[pos_ + i]);
    pos_ += 4;
    return v;
  }
  void skip(uint32_t wire) {
    switch (wire) {
      case kVarint:
        varint();
        return;
      case kFixed64:
        RINGDL_CHECK(data_.size() - pos_ >= 8, "truncated fixed64 at byte ", at(), " of the Example");
        pos_ += 8;
        return;
      case kLengthDelimited:
        bytes();
        return;
      case kFixed32:
        fixed32();
        return;
      default:
        RINGDL_FAIL("unsupported protobuf wire type ", wire, " at byte ", at(),
                    " of the Example: the record is not a tf.train.Example");
    }
  }
  std::string_view view() const { return data_; }

 private:
  std::string_view data_;
  size_t base_;
  size_t pos_ = 0;
};

float floatFromBits(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

void parseList(Cursor c, TfFeature& f) {
  while (!c.done()) {
    uint32_t field, wire;
    c.tag(field, wire);
    if (field != 1) {
      c.skip(wire);
      continue;
    }
    if (f.kind == TfFeature::Kind::kBytes) {
      RINGDL_CHECK(wire == kLengthDelimited, "bytes_list value with wire type ", wire, " at byte ", c.at());
      const Cursor v = c.bytes();
      f.bytes.emplace_back(v.view());
    } else if (f.kind == TfFeature::Kind::kFloat) {
      if (wire == kLengthDelimited) {  // packed
        Cursor v = c.bytes();
        RINGDL_CHECK(v.view().size() % 4 == 0, "packed float_list of ", v.view().size(),
                     " bytes (not a multiple of 4) at byte ", v.at(), " of the Example");
        while (!v.done()) f.floats.push_back(floatFromBits(v.fixed32()));
      } else {
        RINGDL_CHECK(wire == kFixed32, "float_list value with wire type ", wire, " at byte ", c.at());
        f.floats.push_back(floatFromBits(c.fixed32()));
      }
    } else {
      if (wire == kLengthDelimited) {  // packed
        Cursor v = c.bytes();
        while (!v.done()) f.ints.push_back(static_cast<int64_t>(v.varint()));
      } else {
        RINGDL_CHECK(wire == kVarint, "int64_list value with wire type ", wire, " at byte ", c.at());
        f.ints.push_back(static_cast<int64_t>(c.varint()));
      }
    }
  }
}

// The kind and list bytes of a Feature message (a oneof: the last list given wins, as in protobuf).
TfFeatureView featureView(Cursor c) {
  TfFeatureView v;
  while (!c.done()) {
    uint32_t field, wire;
    c.tag(field, wire);
    if (field < 1 || field > 3 || wire != kLengthDelimited) {
      c.skip(wire);
      continue;
    }
    v.kind = field == 1   ? TfFeature::Kind::kBytes
             : field == 2 ? TfFeature::Kind::kFloat
                          : TfFeature::Kind::kInt64;
    const Cursor list = c.bytes();
    v.list = list.view();
    v.offset = list.base();
  }
  return v;
}

void visitFeatures(Cursor c, const std::function<void(std::string_view, const TfFeatureView&)>& visit) {
  while (!c.done()) {
    uint32_t field, wire;
    c.tag(field, wire);
    if (field != 1 || wire != kLengthDelimited) {
      c.skip(wire);
      continue;
    }
    Cursor entry = c.bytes();  // map entry: 1 key, 2 value
    std::string_view key;
    TfFeatureView value;
    while (!entry.done()) {
      uint32_t f, w;
      entry.tag(f, w);
      if (f == 1 && w == kLengthDelimited) {
        key = entry.bytes().view();
      } else if (f == 2 && w == kLengthDelimited) {
        value = featureView(entry.bytes());
      } else {
        entry.skip(w);
      }
    }
    visit(key, value);
  }
}

void putVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void putTag(std::string& out, uint32_t field, uint32_t wire) {
  putVarint(out, (uint64_t(field) << 3) | wire);
}

void putBytes(std::string& out, uint32_t field, std::string_view bytes) {
  putTag(out, field, kLengthDelimited);
  putVarint(out, bytes.size());
  out.append(bytes.data(), bytes.size());
}

std::string encodeFeature(const TfFeature& f) {
  std::string list;
  switch (f.kind) {
    case TfFeature::Kind::kNone:
      return "";
    case TfFeature::Kind::kBytes:
      for (const std::string& b : f.bytes) putBytes(list, 1, b);
      break;
    case TfFeature::Kind::kFloat: {
      std::string packed;
      for (float v : f.floats) {
        uint32_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        for (int i = 0; i < 4; ++i) packed.push_back(static_cast<char>(bits >> (8 * i)));
      }
      if (!packed.empty()) putBytes(list, 1, packed);
      break;
    }
    case TfFeature::Kind::kInt64: {
      std::string packed;
      for (int64_t v : f.ints) putVarint(packed, static_cast<uint64_t>(v));
      if (!packed.empty()) putBytes(list, 1, packed);
      break;
    }
  }
  std::string feature;
  const uint32_t field = f.kind == TfFeature::Kind::kBytes ? 1 : f.kind == TfFeature::Kind::kFloat ? 2 : 3;
  putBytes(feature, field, list);
  return feature;
}

}  // namespace

size_t TfFeature::size() const {
  switch (kind) {
    case Kind::kBytes:
      return bytes.size();
    case Kind::kFloat:
      return floats.size();
    case Kind::kInt64:
      return ints.size();
    case Kind::kNone:
      break;
  }
  return 0;
}

TfFeature TfFeature::ofBytes(std::vector<std::string> values) {
  TfFeature f;
  f.kind = Kind::kBytes;
  f.bytes = std::move(values);
  return f;
}

TfFeature TfFeature::ofFloats(std::vector<float> values) {
  TfFeature f;
  f.kind = Kind::kFloat;
  f.floats = std::move(values);
  return f;
}

TfFeature TfFeature::ofInts(std::vector<int64_t> values) {
  TfFeature f;
  f.kind = Kind::kInt64;
  f.ints = std::move(values);
  return f;
}

const char* tfFeatureKindName(TfFeature::Kind kind) {
  switch (kind) {
    case TfFeature::Kind::kBytes:
      return "bytes_list";
    case TfFeature::Kind::kFloat:
      return "float_list";
    case TfFeature::Kind::kInt64:
      return "int64_list";
    case TfFeature::Kind::kNone:
      break;
  }
  return "none";
}

void visitTfExample(std::string_view data,
                    const std::function<void(std::string_view name, const TfFeatureView& feature)>& visit) {
  Cursor c(data, 0);
  while (!c.done()) {
    uint32_t field, wire;
    c.tag(field, wire);
    if (field == 1 && wire == kLengthDelimited) {
      visitFeatures(c.bytes(), visit);
    } else {
      c.skip(wire);
    }
  }
}

void findTfFeatures(std::string_view data, const std::string_view* names, size_t count, TfFeatureView* views,
                    bool* present) {
  visitTfExample(data, [&](std::string_view name, const TfFeatureView& view) {
    for (size_t i = 0; i < count; ++i) {
      if (name == names[i]) {
        views[i] = view;
        present[i] = true;
        return;
      }
    }
  });
}

TfFeature decodeTfFeature(const TfFeatureView& view) {
  TfFeature f;
  f.kind = view.kind;
  if (view.kind != TfFeature::Kind::kNone) parseList(Cursor(view.list, view.offset), f);
  return f;
}

bool singleTfBytes(const TfFeatureView& view, std::string_view& value) {
  if (view.kind != TfFeature::Kind::kBytes) return false;
  Cursor c(view.list, view.offset);
  int found = 0;
  while (!c.done()) {
    uint32_t field, wire;
    c.tag(field, wire);
    if (field == 1 && wire == kLengthDelimited) {
      value = c.bytes().view();
      ++found;
    } else {
      c.skip(wire);
    }
  }
  return found == 1;
}

TfFeatures parseTfExample(std::string_view data) {
  TfFeatures out;
  visitTfExample(data, [&out](std::string_view name, const TfFeatureView& view) {
    out[std::string(name)] = decodeTfFeature(view);
  });
  return out;
}

std::string encodeTfExample(const TfFeatures& features) {
  std::string body;
  for (const auto& [name, feature] : features) {
    std::string entry;
    putBytes(entry, 1, name);
    putBytes(entry, 2, encodeFeature(feature));
    putBytes(body, 1, entry);
  }
  std::string example;
  putBytes(example, 1, body);
  return example;
}

std::string describeTfFeatures(const TfFeatures& features) {
  if (features.empty()) return "none: is the record a tf.train.Example?";
  std::string s;
  for (const auto& [name, f] : features)
    s += (s.empty() ? "" : ", ") + name + " (" + tfFeatureKindName(f.kind) + ")";
  return s;
}

}  // namespace ringdl
