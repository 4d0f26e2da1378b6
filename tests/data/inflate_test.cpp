// The inflate engine (src/data/detail/inflate.h) against zlib's own inflate, with every engine this build has
// (zlib always, ISA-L when found): random data from 0 bytes to several MiB as gzip (one and several members,
// optional header fields) and zlib (one and concatenated streams), fed in random pieces into random room;
// every truncation of small streams; random bit flips. The engine gives exactly zlib's bytes or an error,
// never other bytes, and names the compressed byte where a stream broke.
#include "data/detail/inflate.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "ringdl/util/error.h"

namespace ringdl {
namespace detail {
namespace {

std::vector<InflateEngine> engines() {
  std::vector<InflateEngine> out;
  for (InflateEngine e : {InflateEngine::kZlib, InflateEngine::kIsal})
    if (inflateEngineAvailable(e)) out.push_back(e);
  return out;
}

struct GzipFields {
  bool name = false, comment = false, extra = false, headerCrc = false;
};

// One stream made by zlib's deflate: gzip (with the header fields asked for) or zlib.
std::string compress(const std::string& data, bool gzip, int level = 6, int strategy = Z_DEFAULT_STRATEGY,
                     const GzipFields& fields = {}) {
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  EXPECT_EQ(deflateInit2(&zs, level, Z_DEFLATED, gzip ? 31 : 15, 8, strategy), Z_OK);
  gz_header header;
  std::memset(&header, 0, sizeof header);
  std::string name = "file-name.bin", comment = "a comment",
              extra(
                  "XY\x04\x00"
                  "abcd",
                  8);
  if (gzip && (fields.name || fields.comment || fields.extra || fields.headerCrc)) {
    header.name = fields.name ? reinterpret_cast<Bytef*>(&name[0]) : Z_NULL;
    header.comment = fields.comment ? reinterpret_cast<Bytef*>(&comment[0]) : Z_NULL;
    header.extra = fields.extra ? reinterpret_cast<Bytef*>(&extra[0]) : Z_NULL;
    header.extra_len = fields.extra ? static_cast<uInt>(extra.size()) : 0;
    header.hcrc = fields.headerCrc;
    header.os = 3;
    EXPECT_EQ(deflateSetHeader(&zs, &header), Z_OK);
  }
  std::string out(deflateBound(&zs, data.size()) + 256, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(&out[0]);
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// Data of several kinds: incompressible, text, long runs, image-like rows.
std::string makeData(size_t n, int kind, std::mt19937_64& rng) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) {
    switch (kind) {
      case 0:
        s[i] = static_cast<char>(rng());
        break;
      case 1:
        s[i] = "the quick brown fox jumps over a lazy dog\n"[rng() % 42];
        break;
      case 2:
        s[i] = static_cast<char>((i / 4000) % 3 == 0 ? 0 : 'a' + (i / 9000) % 5);
        break;
      default: {
        const size_t x = i % 28, y = (i / 28) % 28;
        s[i] = static_cast<char>(x > 5 && x < 22 && y > 3 && y < 24 ? (x * y * 7 + rng() % 16) : 0);
      }
    }
  }
  return s;
}

// zlib's own gzip/zlib inflate (windowBits 31 or 15), streams one after another when concatenated: the
// reference. ok is false for any error, truncation or (single stream) trailing bytes.
struct Reference {
  bool ok = false;
  std::string out;
};

Reference zlibReference(const std::string& in, bool gzip, bool concatenated) {
  Reference r;
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  inflateInit2(&zs, gzip ? 31 : 15);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  char buf[65536];
  bool ended = false;
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    const int ret = inflate(&zs, Z_NO_FLUSH);
    r.out.append(buf, sizeof buf - zs.avail_out);
    if (ret == Z_STREAM_END) {
      ended = true;
      if (zs.avail_in == 0) break;
      if (!concatenated) {
        ended = false;
        break;
      }
      inflateReset(&zs);
      ended = false;
      continue;
    }
    if (ret == Z_OK) continue;
    if (ret == Z_BUF_ERROR && zs.avail_out == 0) continue;
    break;  // error, or no more input
  }
  inflateEnd(&zs);
  r.ok = ended;
  return r;
}

struct Outcome {
  bool ok = false;
  std::string out;
  InflateError error;
};

// The engine over `in`, given in pieces of random sizes into room of random sizes (pieces of 0 to make it
// hand back what it holds; `whole`: one piece and ample room).
Outcome runEngine(InflateEngine engine, InflateFormat format, bool concatenated, const std::string& in,
                  std::mt19937_64& rng, bool whole = false) {
  Inflater inflater(format, concatenated, engine);
  Outcome o;
  std::vector<char> room;
  size_t pos = 0;
  auto pick = [&](size_t limit) {
    switch (rng() % 4) {
      case 0:
        return size_t(1 + rng() % 8);
      case 1:
        return size_t(1 + rng() % 300);
      case 2:
        return size_t(1 + rng() % 5000);
      default:
        return size_t(1 + rng() % limit);
    }
  };
  for (int guard = 0;; ++guard) {
    if (guard > 50000000) {
      ADD_FAILURE() << "no progress";
      return o;
    }
    const size_t roomBytes = whole ? std::max<size_t>(in.size() * 8, 1 << 20) : pick(300000);
    room.resize(roomBytes);
    size_t used = 0, made = 0;
    Inflater::Status st;
    if (pos < in.size()) {
      const size_t piece = whole ? in.size() - pos : std::min(pick(200000), in.size() - pos);
      st = inflater.inflate(in.data() + pos, piece, used, room.data(), room.size(), made);
      EXPECT_LE(used, piece);
    } else {
      st = inflater.finish(room.data(), room.size(), made);
    }
    EXPECT_LE(made, room.size());
    pos += used;
    o.out.append(room.data(), made);
    if (st == Inflater::Status::kError) {
      o.error = inflater.error();
      return o;
    }
    if (st == Inflater::Status::kEnd && pos == in.size()) {
      // a single stream: what remains is nothing; finish agrees
      if (!concatenated) {
        size_t more = 0;
        EXPECT_EQ(inflater.finish(room.data(), room.size(), more), Inflater::Status::kEnd);
        EXPECT_EQ(more, 0u);
      }
      o.ok = true;
      return o;
    }
  }
}

const char* name(InflateEngine e) { return inflateEngineName(e); }

TEST(Inflate, EnginesAvailable) {
  EXPECT_TRUE(inflateEngineAvailable(InflateEngine::kZlib));
  EXPECT_TRUE(inflateEngineAvailable(defaultInflateEngine()));
  std::printf("default inflate engine: %s\n", name(defaultInflateEngine()));
  if (!inflateEngineAvailable(InflateEngine::kIsal))
    EXPECT_THROW(Inflater(InflateFormat::kGzip, true, InflateEngine::kIsal), Error);
}

TEST(Inflate, RandomDataGivesZlibsBytes) {
  std::mt19937_64 rng(11);
  const std::vector<size_t> sizes = {0, 1, 2, 100, 4095, 32768, 65537, 1 << 20, (3 << 20) + 17};
  for (InflateEngine engine : engines()) {
    for (size_t size : sizes) {
      for (int kind = 0; kind < 4; ++kind) {
        const std::string data = makeData(size, kind, rng);
        const int level = size > (1 << 20) ? 1 + int(rng() % 9) : int(rng() % 10);
        const int strategy =
            std::vector<int>{Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED}[rng() % 5];
        for (bool gzip : {true, false}) {
          SCOPED_TRACE(std::string(name(engine)) + (gzip ? " gzip" : " zlib") + " size " +
                       std::to_string(size) + " kind " + std::to_string(kind) + " level " +
                       std::to_string(level));
          const std::string z = compress(data, gzip, level, strategy);
          const InflateFormat format = gzip ? InflateFormat::kGzip : InflateFormat::kZlib;
          for (bool whole : {false, true}) {
            const Outcome o = runEngine(engine, format, false, z, rng, whole);
            ASSERT_TRUE(o.ok) << o.error.detail;
            ASSERT_TRUE(o.out == data) << "different bytes";
          }
          const Outcome either = runEngine(engine, InflateFormat::kGzipOrZlib, true, z, rng);
          ASSERT_TRUE(either.ok) << either.error.detail;
          ASSERT_TRUE(either.out == data);
        }
      }
    }
  }
}

TEST(Inflate, MembersAndConcatenatedStreams) {
  std::mt19937_64 rng(12);
  for (InflateEngine engine : engines()) {
    for (int trial = 0; trial < 40; ++trial) {
      const bool gzip = trial % 2 == 0;
      std::string data, z;
      const int streams = 1 + int(rng() % 6);
      for (int i = 0; i < streams; ++i) {
        // empty streams and tiny ones too: a stream may end inside the bytes a decoder read ahead
        const size_t size = rng() % 3 == 0 ? rng() % 4 : rng() % 200000;
        const std::string part = makeData(size, int(rng() % 4), rng);
        GzipFields fields;
        fields.name = rng() % 2;
        fields.comment = rng() % 2;
        fields.extra = rng() % 2;
        fields.headerCrc = rng() % 2;
        z += compress(part, gzip, int(rng() % 10), Z_DEFAULT_STRATEGY, fields);
        data += part;
      }
      SCOPED_TRACE(std::string(name(engine)) + (gzip ? " gzip" : " zlib") + " trial " +
                   std::to_string(trial));
      const Outcome o = runEngine(engine, gzip ? InflateFormat::kGzip : InflateFormat::kZlib, true, z, rng);
      ASSERT_TRUE(o.ok) << o.error.detail;
      ASSERT_TRUE(o.out == data);
      const Reference ref = zlibReference(z, gzip, true);
      ASSERT_TRUE(ref.ok);
      ASSERT_TRUE(ref.out == data);
      if (streams > 1) {  // one stream only: what follows the first is an error, at its end
        const Outcome single =
            runEngine(engine, gzip ? InflateFormat::kGzip : InflateFormat::kZlib, false, z, rng);
        ASSERT_FALSE(single.ok);
        EXPECT_EQ(single.error.kind, InflateError::Kind::kTrailing);
        EXPECT_EQ(single.error.offset, single.error.streamStart);
        EXPECT_TRUE(data.compare(0, single.out.size(), single.out) == 0);
      }
    }
  }
}

// Every prefix of a few small streams: an error at the prefix's end (kTruncated), or, for a prefix that ends
// where a member does, that member's data; bytes before the error are zlib's.
TEST(Inflate, EveryTruncation) {
  std::mt19937_64 rng(13);
  for (InflateEngine engine : engines()) {
    for (bool gzip : {true, false}) {
      std::string a = makeData(3000, 1, rng), b = makeData(700, 3, rng);
      GzipFields fields;
      fields.name = fields.comment = fields.extra = fields.headerCrc = true;
      const std::string za = compress(a, gzip, 6, Z_DEFAULT_STRATEGY, fields), zb = compress(b, gzip, 0);
      const std::string z = za + zb;
      for (size_t cut = 0; cut < z.size(); ++cut) {
        SCOPED_TRACE(std::string(name(engine)) + (gzip ? " gzip" : " zlib") + " cut at " +
                     std::to_string(cut));
        const std::string part = z.substr(0, cut);
        const Outcome o = runEngine(engine, gzip ? InflateFormat::kGzip : InflateFormat::kZlib, true, part,
                                    rng, cut % 2 == 0);
        if (cut == za.size()) {
          ASSERT_TRUE(o.ok);
          ASSERT_TRUE(o.out == a);
          continue;
        }
        ASSERT_FALSE(o.ok);
        EXPECT_EQ(o.error.kind, InflateError::Kind::kTruncated) << o.error.detail;
        EXPECT_EQ(o.error.offset, int64_t(cut));
        ASSERT_TRUE((a + b).compare(0, o.out.size(), o.out) == 0) << "bytes not zlib's";
        std::string out;
        Inflater whole(InflateFormat::kGzipOrZlib, false, engine);
        if (cut > 0 && cut < za.size())
          EXPECT_NE(
              inflateAll(whole, part.data(), part.size(), out).find("ends before its zlib/gzip stream does"),
              std::string::npos);
      }
    }
  }
}

// Random bit flips anywhere in a stream: the engine fails, or succeeds exactly when zlib does with zlib's
// bytes; before an error, the bytes are zlib's as far as both got. With two engines, both find the same kind
// of problem at the same compressed byte, except inside deflate data, where each decoder notices damage at
// its own pace (measured and printed).
TEST(Inflate, BitFlipsGiveZlibsBytesOrAnError) {
  std::mt19937_64 rng(14);
  int64_t cases = 0, failures = 0, maxDataOffsetGap = 0;
  for (bool gzip : {true, false}) {
    for (int sample = 0; sample < 6; ++sample) {
      GzipFields fields;
      fields.name = sample % 2;
      fields.headerCrc = sample % 3 == 0;
      const std::string data = makeData(sample < 3 ? 2000 : 60000, sample % 4, rng);
      const std::string z = compress(data, gzip, sample == 5 ? 0 : 1 + sample, Z_DEFAULT_STRATEGY, fields);
      const size_t flips = sample < 3 ? z.size() * 8 : 3000;  // small streams: every bit
      for (size_t f = 0; f < flips; ++f) {
        std::string bad = z;
        const size_t bit = sample < 3 ? f : rng() % (z.size() * 8);
        bad[bit / 8] = static_cast<char>(bad[bit / 8] ^ (1 << (bit % 8)));
        if (rng() % 4 == 0) bad[rng() % bad.size()] = static_cast<char>(rng());  // and sometimes a byte
        const Reference ref = zlibReference(bad, gzip, true);
        std::vector<Outcome> outcomes;
        for (InflateEngine engine : engines()) {
          SCOPED_TRACE(std::string(name(engine)) + (gzip ? " gzip" : " zlib") + " sample " +
                       std::to_string(sample) + " bit " + std::to_string(bit));
          Outcome o = runEngine(engine, gzip ? InflateFormat::kGzip : InflateFormat::kZlib, true, bad, rng,
                                f % 3 == 0);
          ++cases;
          if (o.ok) {
            ASSERT_TRUE(ref.ok) << "the engine accepts a stream zlib rejects";
            ASSERT_TRUE(o.out == ref.out) << "different bytes";
          } else {
            ++failures;
            EXPECT_FALSE(ref.ok) << "the engine rejects a stream zlib accepts: " << o.error.detail;
            const size_t common = std::min(o.out.size(), ref.out.size());
            ASSERT_TRUE(o.out.compare(0, common, ref.out, 0, common) == 0) << "bytes before the error differ";
            EXPECT_GE(o.error.offset, 0);
            EXPECT_LE(o.error.offset, int64_t(bad.size()));
            EXPECT_FALSE(o.error.detail.empty());
          }
          outcomes.push_back(std::move(o));
        }
        if (outcomes.size() == 2) {
          const Outcome &x = outcomes[0], &y = outcomes[1];
          ASSERT_EQ(x.ok, y.ok);
          if (x.ok) continue;
          ASSERT_EQ(int(x.error.kind), int(y.error.kind)) << x.error.detail << " | " << y.error.detail;
          if (x.error.kind == InflateError::Kind::kData)
            maxDataOffsetGap = std::max<int64_t>(maxDataOffsetGap, std::abs(x.error.offset - y.error.offset));
          else
            EXPECT_EQ(x.error.offset, y.error.offset) << x.error.detail;
          EXPECT_EQ(x.error.streamIndex, y.error.streamIndex);
        }
      }
    }
  }
  std::printf(
      "%lld damaged streams, %lld rejected; engines' offsets for damaged deflate data differ by up to "
      "%lld bytes\n",
      static_cast<long long>(cases), static_cast<long long>(failures),
      static_cast<long long>(maxDataOffsetGap));
}

// Headers and trailers: each problem of the wrapper is found at the same byte by every engine.
TEST(Inflate, HeaderAndTrailerErrors) {
  std::mt19937_64 rng(15);
  const std::string data = makeData(5000, 1, rng);
  const std::string gz = compress(data, true), zl = compress(data, false);
  struct Case {
    std::string what, bytes;
    bool gzip;
    InflateError::Kind kind;
    int64_t offset;
    std::string detail;
  };
  auto with = [](std::string s, size_t at, uint8_t value) {
    s[at] = static_cast<char>(value);
    return s;
  };
  auto flip = [](std::string s, size_t at) {
    s[at] = static_cast<char>(s[at] ^ 0x10);
    return s;
  };
  std::string fhcrc = compress(data, true, 6, Z_DEFAULT_STRATEGY, {true, false, false, true});
  const size_t hcrcAt = 10 + std::strlen("file-name.bin") + 1;
  const std::vector<Case> cases = {
      {"not gzip", "hello, world", true, InflateError::Kind::kHeader, 0, "starts with 0x68"},
      {"second magic byte", with(gz, 1, 0x8c), true, InflateError::Kind::kHeader, 0, "0x1f 0x8c"},
      {"method", with(gz, 2, 7), true, InflateError::Kind::kHeader, 2, "compression method 7"},
      {"reserved flags", with(gz, 3, 0x20), true, InflateError::Kind::kHeader, 3, "reserved flag bits"},
      {"header CRC", flip(fhcrc, hcrcAt), true, InflateError::Kind::kHeader, int64_t(hcrcAt), "CRC-16"},
      {"CRC-32", flip(gz, gz.size() - 8), true, InflateError::Kind::kCheck, int64_t(gz.size() - 8), "CRC-32"},
      {"length", flip(gz, gz.size() - 2), true, InflateError::Kind::kCheck, int64_t(gz.size() - 4),
       "stored length"},
      {"zlib header check", with(zl, 1, zl[1] ^ 1), false, InflateError::Kind::kHeader, 0, "header check"},
      {"zlib method", std::string("\x79\x18") + zl.substr(2), false, InflateError::Kind::kHeader, 0,
       "compression method 9"},
      {"zlib window", std::string("\x88\x1c") + zl.substr(2), false, InflateError::Kind::kHeader, 0,
       "window of 2^16"},
      {"zlib dictionary", std::string("\x78\xbb") + zl.substr(2), false, InflateError::Kind::kHeader, 1,
       "preset dictionary"},
      {"Adler-32", flip(zl, zl.size() - 1), false, InflateError::Kind::kCheck, int64_t(zl.size() - 4),
       "Adler-32"},
      {"block type 3", with(gz, 10, 0x07), true, InflateError::Kind::kData, -1, ""},
      {"gzip then junk", gz + "junk", true, InflateError::Kind::kHeader, int64_t(gz.size()), "not 0x1f 0x8b"},
      {"zlib then junk", zl + "junk", false, InflateError::Kind::kHeader, int64_t(zl.size()),
       "no zlib header"},
  };
  for (InflateEngine engine : engines()) {
    for (const Case& c : cases) {
      SCOPED_TRACE(std::string(name(engine)) + ": " + c.what);
      ASSERT_FALSE(zlibReference(c.bytes, c.gzip, true).ok) << "zlib accepts it: not a test of anything";
      for (bool whole : {true, false}) {
        const Outcome o = runEngine(engine, c.gzip ? InflateFormat::kGzip : InflateFormat::kZlib, true,
                                    c.bytes, rng, whole);
        ASSERT_FALSE(o.ok);
        EXPECT_EQ(int(o.error.kind), int(c.kind)) << o.error.detail;
        if (c.offset >= 0) EXPECT_EQ(o.error.offset, c.offset) << o.error.detail;
        EXPECT_NE(o.error.detail.find(c.detail), std::string::npos) << o.error.detail;
      }
    }
    // junk after a complete stream: the stream that failed is the second, starting where the first ended
    const Outcome o = runEngine(engine, InflateFormat::kGzip, true, gz + "junk", rng);
    EXPECT_EQ(o.error.streamIndex, 1);
    EXPECT_EQ(o.error.streamStart, int64_t(gz.size()));
    EXPECT_TRUE(o.out == data);
  }
}

// inflateAll, as SequenceFile values and blocks use it: gzip or zlib told apart, and its messages.
TEST(Inflate, InflateAllWholeBuffers) {
  std::mt19937_64 rng(16);
  for (InflateEngine engine : engines()) {
    SCOPED_TRACE(name(engine));
    Inflater inflater(InflateFormat::kGzipOrZlib, false, engine);
    std::string out = "stale";
    for (size_t size : {size_t(0), size_t(10), size_t(100000), size_t(2) << 20}) {
      const std::string data = makeData(size, 2, rng);
      for (bool gzip : {true, false}) {
        const std::string z = compress(data, gzip);
        EXPECT_EQ(inflateAll(inflater, z.data(), z.size(), out), "");
        EXPECT_TRUE(out == data);
        const std::string extra = z + "12345678";
        EXPECT_EQ(inflateAll(inflater, extra.data(), extra.size(), out),
                  "8 bytes follow the end of the compressed stream");
        const std::string twice = z + z;
        EXPECT_EQ(inflateAll(inflater, twice.data(), twice.size(), out),
                  std::to_string(z.size()) + " bytes follow the end of the compressed stream");
      }
    }
    EXPECT_EQ(inflateAll(inflater, "", 0, out), "the compressed data is empty");
    const std::string junk = "12345";
    EXPECT_NE(inflateAll(inflater, junk.data(), junk.size(), out).find("the data does not decompress"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace detail
}  // namespace ringdl
