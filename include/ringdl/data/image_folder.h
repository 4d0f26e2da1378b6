// ImageFolder: a class-per-folder image tree (root/<class>/*.jpg, as torchvision's ImageFolder and BigDL's
// LocalImageFiles read), listed once and served to ShardDataSet as virtual shards of file records.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ringdl/data/shard_set.h"

namespace ringdl {

struct ImageFolderOptions {
  /// File name endings that make an image, compared without regard to case (torchvision's IMG_EXTENSIONS
  /// and the PNM family).
  std::vector<std::string> extensions = {".jpg", ".jpeg", ".png", ".bmp",  ".ppm", ".pgm",
                                         ".pbm", ".pnm",  ".tif", ".tiff", ".webp"};
  /// Check at listing that every image file can be opened for reading (one access() call per file), so that
  /// a permission problem shows before training rather than at the record.
  bool checkReadable = true;
  /// Also accept a folder of unlabelled images (for predictions): a root holding no class directories but
  /// image files directly is listed as those files, sorted by name, each with label 0, and no classes.
  bool unlabelled = false;
};

/// One image of a folder: its path (root/<class>/...) and its class's 0-based label.
struct ImageFile {
  std::string path;
  int64_t label = 0;
};

/// The images of a class-per-folder tree:
///
///   root/cat/001.jpg   -> label 0 ("cat")
///   root/cat/more/7.png
///   root/dog/x.jpeg    -> label 1 ("dog")
///
/// Classes are the subdirectories of root sorted by name (byte order), labelled 0, 1, ... (torchvision's
/// ImageFolder; BigDL's LocalImageFiles numbered them from 1). Each class's images are found recursively
/// (following symbolic links), files whose names end in one of the extensions, listed by directory path, then
/// file name (torchvision's order). Hidden files and directories (names starting with '.') are skipped, and
/// so are files directly in root, unless root holds no class directories and options.unlabelled accepts it as
/// a folder of unlabelled images (root/*.jpg).
///
/// Serving: parts(n) names n virtual shards ("root#part-00003-of-00016") and readerFactory() opens them;
/// each part holds every n-th file of a fixed pseudo-random permutation of the listing (the same for every
/// run), so every part mixes all classes. The reader's records carry the path, not the bytes
/// (kImageFileRecordType): ShardDataSet counts them without reading any image, and ImageRecordDecoder reads
/// and decodes each file in the prefetching thread. Record::index is the file's position in the listing,
/// which seeds its augmentation. Everything ShardDataSet does applies: rank assignment of the parts (or of
/// their records when there are fewer parts than ranks), per-epoch part order and shuffle buffer, skipping
/// unreadable images with skip_corrupt, resume. Holding decoded images in memory instead suits only small
/// sets and would fix each image's augmentation once; streaming serves both.
class ImageFolder {
 public:
  /// Lists `root`. Throws ringdl::Error naming the directory when root is missing or not a directory, holds
  /// no class directories (saying what it does hold; with options.unlabelled, no images either), a class
  /// directory holds no images (naming the other files found and the extensions expected), or image files
  /// cannot be read (naming up to three).
  static ImageFolder list(const std::string& root, const ImageFolderOptions& options = {});

  const std::string& root() const { return data_->root; }
  /// Class names in label order; empty for a folder of unlabelled images.
  const std::vector<std::string>& classes() const { return data_->classes; }
  /// false for a folder of unlabelled images (see ImageFolderOptions::unlabelled).
  bool labelled() const { return !data_->classes.empty(); }
  /// Every image, classes in label order.
  const std::vector<ImageFile>& files() const { return data_->files; }
  int64_t size() const { return static_cast<int64_t>(data_->files.size()); }
  /// Images per class, in label order.
  std::vector<int64_t> classCounts() const;

  /// The names of `count` virtual shards for ShardDataSet; 0 chooses one part per 1,000 images (at least 1,
  /// at most 4,096).
  std::vector<std::string> parts(int64_t count = 0) const;
  /// Opens a part named by parts(): a RecordReader of its file records. Throws ringdl::Error for any other
  /// name.
  RecordReaderFactory readerFactory() const;

 private:
  struct Data {
    std::string root;
    std::vector<std::string> classes;
    std::vector<ImageFile> files;
  };
  std::shared_ptr<const Data> data_;
};

}  // namespace ringdl
