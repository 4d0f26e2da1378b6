// ImageFolder: listing a class-per-folder tree (order, labels, the errors), and streaming it through
// ShardDataSet with ImageRecordDecoder: every image once per epoch on 1 to 3 ranks, augmentation identical
// across world sizes, epochs different, exact resume.
#include "ringdl/data/image_folder.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <numeric>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "data/temp_dir.h"
#include "ringdl/data/image_record_decoder.h"
#include "ringdl/data/shard_data_set.h"

namespace ringdl {
namespace {

using test::expectError;
using test::TempDir;
namespace fs = std::filesystem;

// A 10 x 12 colour image whose red channel is `id` everywhere (so a record can be recognised after any
// crop), blue and green a pattern.
cv::Mat imageOf(int id) {
  cv::Mat m(10, 12, CV_8UC3);
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 12; ++x)
      m.at<cv::Vec3b>(y, x) = cv::Vec3b((x * 20 + id) % 256, (y * 25) % 256, id % 256);
  return m;
}

void writeImage(const std::string& path, int id, const char* ext = ".png") {
  fs::create_directories(fs::path(path).parent_path());
  std::vector<uchar> bytes;
  ASSERT_TRUE(cv::imencode(ext, imageOf(id), bytes));
  test::writeBytes(path, std::vector<uint8_t>(bytes.begin(), bytes.end()));
}

// root/<class>/img<k>.png with the given number of images per class; ids count up over the tree.
std::string makeTree(const TempDir& dir, const std::vector<std::pair<std::string, int>>& classes) {
  const std::string root = dir.file("tree");
  int id = 0;
  for (const auto& [name, n] : classes)
    for (int k = 0; k < n; ++k) writeImage(root + "/" + name + "/img" + std::to_string(k) + ".png", id++);
  return root;
}

TEST(ImageFolderTest, ListsClassesSortedAndFilesInTorchvisionsOrder) {
  TempDir dir;
  const std::string root = dir.file("tree");
  writeImage(root + "/dog/b.png", 1);
  writeImage(root + "/dog/a.JPG", 2, ".jpg");
  writeImage(root + "/dog/sub/c.png", 3);
  writeImage(root + "/dog/sub-2/d.jpeg", 4, ".jpg");
  writeImage(root + "/cat/x.bmp", 5, ".bmp");
  writeImage(root + "/Zebra/z.png", 6);
  test::writeBytes(root + "/dog/notes.txt", {'h', 'i'});
  test::writeBytes(root + "/dog/.DS_Store", {0});
  writeImage(root + "/.hidden/h.png", 7);
  test::writeBytes(root + "/README", {'x'});
  const ImageFolder f = ImageFolder::list(root);
  EXPECT_EQ(f.classes(), (std::vector<std::string>{"Zebra", "cat", "dog"}));  // byte order: capitals first
  std::vector<std::string> paths;
  std::vector<int64_t> labels;
  for (const ImageFile& i : f.files()) {
    paths.push_back(i.path.substr(root.size() + 1));
    labels.push_back(i.label);
  }
  // By directory path, then name (as sorted(os.walk()) orders them): "dog" < "dog/sub" < "dog/sub-2".
  EXPECT_EQ(paths, (std::vector<std::string>{"Zebra/z.png", "cat/x.bmp", "dog/a.JPG", "dog/b.png",
                                             "dog/sub/c.png", "dog/sub-2/d.jpeg"}));
  EXPECT_EQ(labels, (std::vector<int64_t>{0, 1, 2, 2, 2, 2}));
  EXPECT_EQ(f.classCounts(), (std::vector<int64_t>{1, 1, 4}));
  EXPECT_EQ(f.size(), 6);
}

TEST(ImageFolderTest, ErrorsSayWhatWasFound) {
  TempDir dir;
  expectError([&] { ImageFolder::list(dir.file("none")); }, {"image folder", "none does not exist"});
  test::writeBytes(dir.file("file"), {1});
  expectError([&] { ImageFolder::list(dir.file("file")); },
              {"is not a directory", "root/<class>/<image files>"});
  fs::create_directories(dir.file("empty"));
  expectError([&] { ImageFolder::list(dir.file("empty")); }, {"holds no class directories (it is empty)"});
  const std::string flat = dir.file("flat");
  writeImage(flat + "/a.png", 1);
  writeImage(flat + "/b.png", 2);
  expectError([&] { ImageFolder::list(flat); },
              {"holds no class directories (only 2 files: a.png, b.png)", "root/<class>/<image>"});
  const std::string root = dir.file("tree");
  writeImage(root + "/cat/a.png", 1);
  fs::create_directories(root + "/dog");
  test::writeBytes(root + "/dog/readme.txt", {1});
  test::writeBytes(root + "/dog/list.csv", {1});
  expectError([&] { ImageFolder::list(root); },
              {"class directory dog holds no images (found 2 other files: list.csv, readme.txt)",
               ".jpg, .jpeg, .png"});
  fs::create_directories(root + "/dog/sub");
  fs::remove(root + "/dog/readme.txt");
  fs::remove(root + "/dog/list.csv");
  expectError([&] { ImageFolder::list(root); }, {"class directory dog holds no images (it is empty)"});
  writeImage(root + "/dog/sub/d.png", 4);
  EXPECT_EQ(ImageFolder::list(root).size(), 2);
  // Unreadable files are found at listing (unless running as root, which reads anything).
  if (::geteuid() != 0) {
    ::chmod((root + "/cat/a.png").c_str(), 0);
    expectError([&] { ImageFolder::list(root); },
                {"1 image file cannot be read", "cat/a.png (Permission denied)"});
    EXPECT_EQ(ImageFolder::list(root, ImageFolderOptions{{".png"}, false}).size(), 2);
    ::chmod((root + "/cat/a.png").c_str(), 0644);
  }
  // Parts: named after the root; other names are refused by the factory.
  const ImageFolder f = ImageFolder::list(root);
  EXPECT_EQ(f.parts(3),
            (std::vector<std::string>{root + "#part-00000-of-00003", root + "#part-00001-of-00003",
                                      root + "#part-00002-of-00003"}));
  EXPECT_EQ(f.parts().size(), 1u);
  expectError([&] { f.readerFactory()(root + "/cat/a.png"); }, {"is not one of its parts"});
  expectError([&] { f.readerFactory()(root + "#part-00003-of-00003"); }, {"is not one of its parts"});
}

// options.unlabelled: a root of image files without class directories is a folder of unlabelled images, by
// name, label 0, no classes; a class tree stays one (files in root skipped); a root without images is
// refused.
TEST(ImageFolderTest, UnlabelledFolderListsItsImagesByName) {
  TempDir dir;
  ImageFolderOptions unlabelled;
  unlabelled.unlabelled = true;
  const std::string flat = dir.file("flat");
  writeImage(flat + "/b.png", 1);
  writeImage(flat + "/a.JPG", 2, ".jpg");
  test::writeBytes(flat + "/notes.txt", {'h', 'i'});
  writeImage(flat + "/.hidden.png", 3);
  const ImageFolder f = ImageFolder::list(flat, unlabelled);
  EXPECT_FALSE(f.labelled());
  EXPECT_TRUE(f.classes().empty());
  ASSERT_EQ(f.size(), 2);
  EXPECT_EQ(f.files()[0].path, flat + "/a.JPG");
  EXPECT_EQ(f.files()[1].path, flat + "/b.png");
  EXPECT_EQ(f.files()[0].label, 0);
  EXPECT_EQ(f.files()[1].label, 0);
  // Its parts serve every file once.
  std::vector<std::string> served;
  for (const std::string& part : f.parts(2)) {
    RecordReaderPtr reader = f.readerFactory()(part);
    for (Record r; reader->next(r);) served.push_back(r.value);
  }
  std::sort(served.begin(), served.end());
  EXPECT_EQ(served, (std::vector<std::string>{flat + "/a.JPG", flat + "/b.png"}));
  // Without the option it is refused as before.
  expectError([&] { ImageFolder::list(flat); }, {"holds no class directories (only 3 files"});

  const std::string root = makeTree(dir, {{"cat", 2}, {"dog", 1}});
  writeImage(root + "/loose.png", 9);
  const ImageFolder tree = ImageFolder::list(root, unlabelled);
  EXPECT_TRUE(tree.labelled());
  EXPECT_EQ(tree.classes(), (std::vector<std::string>{"cat", "dog"}));
  EXPECT_EQ(tree.size(), 3);

  const std::string text = dir.file("text");
  fs::create_directories(text);
  test::writeBytes(text + "/notes.txt", {'h'});
  expectError([&] { ImageFolder::list(text, unlabelled); },
              {"holds no images and no class directories (found 1 other file: notes.txt)", ".png"});
  fs::create_directories(dir.file("empty"));
  expectError([&] { ImageFolder::list(dir.file("empty"), unlabelled); },
              {"holds no images and no class directories (it is empty)"});
}

TEST(ImageFolderTest, PartsHoldEveryFileOnceAndMixClasses) {
  TempDir dir;
  const std::string root = makeTree(dir, {{"a", 20}, {"b", 20}, {"c", 20}});
  const ImageFolder f = ImageFolder::list(root);
  std::vector<int64_t> seen;
  for (const std::string& part : f.parts(4)) {
    RecordReaderPtr r = f.readerFactory()(part);
    EXPECT_EQ(r->path(), part);
    Record rec;
    std::set<std::string> labels;
    int n = 0;
    while (r->next(rec)) {
      EXPECT_EQ(rec.valueType, kImageFileRecordType);
      EXPECT_EQ(rec.value, f.files()[static_cast<size_t>(rec.index)].path);
      EXPECT_EQ(rec.key, std::to_string(f.files()[static_cast<size_t>(rec.index)].label));
      labels.insert(rec.key);
      seen.push_back(rec.index);
      ++n;
    }
    EXPECT_EQ(n, 15);
    EXPECT_EQ(labels.size(), 3u) << "every part mixes the classes";
  }
  std::sort(seen.begin(), seen.end());
  std::vector<int64_t> all(60);
  std::iota(all.begin(), all.end(), 0);
  EXPECT_EQ(seen, all);
}

// The records of one epoch as (label, features) over all ranks, sorted.
using Records = std::vector<std::pair<float, std::vector<float>>>;

std::vector<std::shared_ptr<ShardDataSet<float>>> folderWorld(const ImageFolder& f, int world, int64_t parts,
                                                              const std::string& spec, uint64_t seed) {
  std::vector<std::shared_ptr<ShardDataSet<float>>> sets;
  for (int r = 0; r < world; ++r) {
    auto decoder = std::make_shared<ImageRecordDecoder<float>>(parseImagePipeline<float>(spec));
    sets.push_back(std::make_shared<ShardDataSet<float>>(
        f.parts(parts), f.readerFactory(), decoder,
        ShardDataSetOptions().withRank(r, world).withSeed(seed).withShuffleBuffer(7).withPrefetch(2, 4)));
  }
  return sets;
}

Records take(std::vector<std::shared_ptr<ShardDataSet<float>>>& sets, int64_t batch, int64_t until = -1) {
  const int world = static_cast<int>(sets.size());
  Records out;
  const int64_t end = until < 0 ? sets[0]->size() : until;
  while (sets[0]->position() < end) {
    for (int r = 0; r < world; ++r) {
      const MiniBatch<float> b = sets[r]->nextBatchPart(batch, r, world);
      const int64_t per = b.size() > 0 ? b.input().numel() / b.size() : 0;
      for (int64_t i = 0; i < b.size(); ++i)
        out.emplace_back(b.target().data()[i],
                         std::vector<float>(b.input().data() + i * per, b.input().data() + (i + 1) * per));
    }
  }
  return out;
}

Records sorted(Records r) {
  std::sort(r.begin(), r.end());
  return r;
}

TEST(ImageFolderTest, StreamsThroughShardDataSetWithTheSameAugmentationOnAnyNumberOfRanks) {
  TempDir dir;
  const std::string root = makeTree(dir, {{"a", 9}, {"b", 7}, {"c", 8}});
  const ImageFolder f = ImageFolder::list(root);
  const std::string spec = "random_crop 8,8 1; hflip; color_jitter 0.2 0.2 0.2; to_tensor";
  Records reference[3];
  for (int world : {1, 2, 3}) {
    for (int64_t parts : {int64_t(1), int64_t(5)}) {
      auto sets = folderWorld(f, world, parts, spec, 11);
      ASSERT_EQ(sets[0]->size(), 24);
      for (int epoch = 1; epoch <= 2; ++epoch) {
        for (auto& s : sets) s->shuffle();
        Records r = sorted(take(sets, 5));
        ASSERT_EQ(r.size(), 24u);
        for (const auto& rec : r) ASSERT_EQ(rec.second.size(), 3u * 8 * 8);
        if (reference[epoch].empty()) {
          reference[epoch] = r;
        } else {
          EXPECT_EQ(r, reference[epoch]) << "world " << world << ", " << parts << " parts, epoch " << epoch;
        }
      }
    }
  }
  // Labels: 9 of class 0, 7 of 1, 8 of 2.
  std::map<float, int> counts;
  for (const auto& rec : reference[1]) ++counts[rec.first];
  EXPECT_EQ(counts, (std::map<float, int>{{0.f, 9}, {1.f, 7}, {2.f, 8}}));
  EXPECT_NE(reference[1], reference[2]) << "a new epoch draws new augmentations";
  // Without random steps the validation pass gives the centre crop of every image, whatever the order.
  auto valid = folderWorld(f, 2, 3, "center_crop 8; to_tensor", 11);
  for (auto& s : valid) s->reset();
  const Records v = take(valid, 4);
  ASSERT_EQ(v.size(), 24u);
  for (const auto& [label, x] : v) {
    const int id = static_cast<int>(std::lround(x[0] * 255));  // the red plane holds the image's id
    EXPECT_GE(id, 0);
    EXPECT_LT(id, 24);
    EXPECT_EQ(label, id < 9 ? 0.f : id < 16 ? 1.f : 2.f) << "image " << id;
  }
}

TEST(ImageFolderTest, ResumeGivesTheSameRemainingRecords) {
  TempDir dir;
  const std::string root = makeTree(dir, {{"a", 10}, {"b", 10}});
  const ImageFolder f = ImageFolder::list(root);
  const std::string spec = "random_crop 8 2 reflect; hflip 0.5; to_tensor; normalize 0.5 0.25";
  for (int world : {1, 2}) {
    auto a = folderWorld(f, world, 3, spec, 5);
    for (auto& s : a) s->shuffle();
    take(a, 4);
    for (auto& s : a) s->shuffle();
    take(a, 4, 8);  // part of epoch 2
    const std::string state = a[0]->state();
    auto b = folderWorld(f, world, 3, spec, 99);  // the seed comes from the state
    for (auto& s : b) s->setState(state);
    EXPECT_EQ(take(b, 4), take(a, 4)) << "world " << world;
    for (auto& s : a) s->shuffle();
    for (auto& s : b) s->shuffle();
    EXPECT_EQ(take(a, 6), take(b, 6));
  }
}

TEST(ImageFolderTest, UnreadableOrUndecodableImagesNameTheFileAndCanBeSkipped) {
  TempDir dir;
  const std::string root = makeTree(dir, {{"a", 3}, {"b", 3}});
  test::writeBytes(root + "/b/broken.png", {'<', 'h', 't', 'm', 'l', '>'});
  const ImageFolder f = ImageFolder::list(root);
  auto decoder = std::make_shared<ImageRecordDecoder<float>>(parseImagePipeline<float>("center_crop 8"));
  ShardDataSet<float> strict(f.parts(1), f.readerFactory(), decoder,
                             ShardDataSetOptions().withShuffleBuffer(0));
  strict.reset();
  expectError([&] { strict.nextBatch(10); }, {"b/broken.png (image 3 of " + root + "#part-00000-of-00001)",
                                              "does not decode", "\"<html>\""});
  ShardDataSet<float> skipping(f.parts(1), f.readerFactory(), decoder,
                               ShardDataSetOptions().withShuffleBuffer(0).withSkipCorrupt(true));
  skipping.reset();
  EXPECT_EQ(skipping.nextBatch(10).size(), 6);
  EXPECT_EQ(skipping.corruptRecords(), 1);
  // Images of different sizes without a resize: the error says what to add.
  writeImage(root + "/a/big.png", 0);
  {
    cv::Mat big(20, 20, CV_8UC3, cv::Scalar(1, 2, 3));
    std::vector<uchar> bytes;
    cv::imencode(".png", big, bytes);
    test::writeBytes(root + "/a/big.png", std::vector<uint8_t>(bytes.begin(), bytes.end()));
  }
  fs::remove(root + "/b/broken.png");
  const ImageFolder g = ImageFolder::list(root);
  ShardDataSet<float> mixed(g.parts(1), g.readerFactory(),
                            std::make_shared<ImageRecordDecoder<float>>(ImagePipeline<float>()),
                            ShardDataSetOptions().withShuffleBuffer(0));
  mixed.reset();
  expectError([&] { mixed.nextBatch(10); }, {"a/", "becomes features", "earlier records became", "resize"});
}

}  // namespace
}  // namespace ringdl
