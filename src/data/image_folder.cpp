// ImageFolder: listing a class-per-folder tree with errors that say what was found, and the readers of its
// virtual shards.
#include "ringdl/data/image_folder.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>
#include <utility>

#include "ringdl/data/image_record_decoder.h"
#include "ringdl/tensor/random.h"
#include "ringdl/util/error.h"

namespace fs = std::filesystem;

namespace ringdl {

namespace {

constexpr const char* kPartTag = "#part-";
constexpr uint64_t kPartSeed = 0x1f01de5ull;  // fixed: the parts hold the same files in every run

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool isImageName(const std::string& name, const std::vector<std::string>& extensions) {
  const std::string l = lower(name);
  for (const std::string& e : extensions) {
    const std::string le = lower(e);
    if (l.size() > le.size() && l.compare(l.size() - le.size(), le.size(), le) == 0) return true;
  }
  return false;
}

std::string joinSome(const std::vector<std::string>& names, size_t limit = 3) {
  std::string s;
  for (size_t i = 0; i < names.size() && i < limit; ++i) s += (i ? ", " : "") + names[i];
  if (names.size() > limit) s += ", ...";
  return s;
}

std::string extensionList(const std::vector<std::string>& extensions) {
  std::string s;
  for (size_t i = 0; i < extensions.size(); ++i) s += (i ? ", " : "") + extensions[i];
  return s;
}

// What a class directory's walk found.
struct Walk {
  std::vector<std::pair<std::string, std::string>> images;  // (directory, file name)
  std::vector<std::string> others;                          // other files, relative to the class directory
  std::vector<std::string> unreadableDirs;
};

void walk(const fs::path& dir, const std::string& relative, const std::vector<std::string>& extensions,
          std::set<std::pair<dev_t, ino_t>>& visited, Walk& out) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    out.unreadableDirs.push_back(dir.string() + " (" + std::strerror(errno) + ")");
    return;
  }
  if (!visited.insert({st.st_dev, st.st_ino}).second) return;  // a link back into the tree
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    out.unreadableDirs.push_back(dir.string() + " (" + ec.message() + ")");
    return;
  }
  std::vector<std::string> subdirs;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) {
      out.unreadableDirs.push_back(dir.string() + " (" + ec.message() + ")");
      return;
    }
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    std::error_code sec;
    if (it->is_directory(sec)) {
      subdirs.push_back(name);
    } else if (isImageName(name, extensions) && it->is_regular_file(sec)) {
      out.images.emplace_back(dir.string(), name);
    } else {
      out.others.push_back(relative.empty() ? name : relative + "/" + name);
    }
  }
  std::sort(subdirs.begin(), subdirs.end());
  for (const std::string& s : subdirs)
    walk(dir / s, relative.empty() ? s : relative + "/" + s, extensions, visited, out);
}

// The records of one part: every `count`-th file of the fixed permutation, from position `part`.
class PartReader : public RecordReader {
 public:
  PartReader(std::string name, std::shared_ptr<const std::vector<ImageFile>> files,
             std::shared_ptr<const std::vector<int64_t>> order, int64_t part, int64_t count)
      : name_(std::move(name)),
        files_(std::move(files)),
        order_(std::move(order)),
        next_(part),
        step_(count) {}

  bool next(Record& record) override {
    if (next_ >= static_cast<int64_t>(order_->size())) return false;
    const int64_t i = (*order_)[static_cast<size_t>(next_)];
    const ImageFile& f = (*files_)[static_cast<size_t>(i)];
    record.key = std::to_string(f.label);
    record.value = f.path;
    record.keyType.clear();
    record.valueType = kImageFileRecordType;
    record.offset = 0;
    record.index = i;
    next_ += step_;
    return true;
  }
  bool recover() override { return next_ < static_cast<int64_t>(order_->size()); }
  const std::string& path() const override { return name_; }

 private:
  std::string name_;
  std::shared_ptr<const std::vector<ImageFile>> files_;
  std::shared_ptr<const std::vector<int64_t>> order_;
  int64_t next_;
  int64_t step_;
};

}  // namespace

ImageFolder ImageFolder::list(const std::string& root, const ImageFolderOptions& options) {
  RINGDL_CHECK(!root.empty(), "image folder: no directory given");
  RINGDL_CHECK(!options.extensions.empty(), "image folder ", root, ": no image extensions given");
  std::error_code ec;
  const fs::file_status status = fs::status(root, ec);
  RINGDL_CHECK(fs::exists(status), "image folder ", root, " does not exist");
  RINGDL_CHECK(fs::is_directory(status), "image folder ", root,
               " is not a directory; an image folder is root/<class>/<image files>");

  auto data = std::make_shared<Data>();
  data->root = root;
  std::vector<std::string> looseFiles;
  {
    fs::directory_iterator it(root, ec);
    RINGDL_CHECK(!ec, "image folder ", root, ": cannot list it: ", ec.message());
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      RINGDL_CHECK(!ec, "image folder ", root, ": cannot list it: ", ec.message());
      const std::string name = it->path().filename().string();
      if (name.empty() || name[0] == '.') continue;
      std::error_code sec;
      if (it->is_directory(sec)) {
        data->classes.push_back(name);
      } else {
        looseFiles.push_back(name);
      }
    }
  }
  std::sort(data->classes.begin(), data->classes.end());
  std::sort(looseFiles.begin(), looseFiles.end());
  std::vector<std::string> unreadable;
  size_t unreadableCount = 0;
  auto addFile = [&](std::string path, int64_t label) {
    if (options.checkReadable && ::access(path.c_str(), R_OK) != 0) {
      if (unreadable.size() < 3) unreadable.push_back(path + " (" + std::strerror(errno) + ")");
      ++unreadableCount;
    }
    data->files.push_back({std::move(path), label});
  };
  if (data->classes.empty() && options.unlabelled) {
    // A folder of unlabelled images: its image files, by name.
    for (const std::string& name : looseFiles) {
      const std::string path = (fs::path(root) / name).string();
      std::error_code sec;
      if (isImageName(name, options.extensions) && fs::is_regular_file(path, sec)) addFile(path, 0);
    }
    RINGDL_CHECK(!data->files.empty(), "image folder ", root, " holds no images and no class directories",
                 looseFiles.empty()
                     ? std::string(" (it is empty)")
                     : " (found " + std::to_string(looseFiles.size()) + " other file" +
                           (looseFiles.size() == 1 ? "" : "s") + ": " + joinSome(looseFiles) + ")",
                 "; images are files ending in ", extensionList(options.extensions));
  }
  RINGDL_CHECK(
      !data->classes.empty() || !data->files.empty(), "image folder ", root, " holds no class directories",
      looseFiles.empty() ? std::string(" (it is empty)")
                         : " (only " + std::to_string(looseFiles.size()) + " file" +
                               (looseFiles.size() == 1 ? "" : "s") + ": " + joinSome(looseFiles) + ")",
      "; put each class's images in a directory of its own, root/<class>/<image>");

  std::set<std::pair<dev_t, ino_t>> visited;
  for (size_t label = 0; label < data->classes.size(); ++label) {
    const std::string& name = data->classes[label];
    Walk w;
    walk(fs::path(root) / name, "", options.extensions, visited, w);
    RINGDL_CHECK(w.unreadableDirs.empty(), "image folder ", root, ": cannot list directory ",
                 joinSome(w.unreadableDirs), " (class '", name, "')");
    std::sort(w.others.begin(), w.others.end());
    RINGDL_CHECK(!w.images.empty(), "image folder ", root, ": class directory ", name, " holds no images",
                 w.others.empty() ? std::string(" (it is empty)")
                                  : " (found " + std::to_string(w.others.size()) + " other file" +
                                        (w.others.size() == 1 ? "" : "s") + ": " + joinSome(w.others) + ")",
                 "; images are files ending in ", extensionList(options.extensions),
                 "; remove the directory or add its images");
    std::sort(w.images.begin(), w.images.end());
    for (const auto& [dir, file] : w.images) addFile(dir + "/" + file, static_cast<int64_t>(label));
  }
  RINGDL_CHECK(unreadableCount == 0, "image folder ", root, ": ", unreadableCount, " image file",
               unreadableCount == 1 ? " cannot" : "s cannot", " be read: ", joinSome(unreadable),
               "; fix the permissions, or remove the files");
  ImageFolder folder;
  folder.data_ = std::move(data);
  return folder;
}

std::vector<int64_t> ImageFolder::classCounts() const {
  std::vector<int64_t> counts(data_->classes.size(), 0);
  for (const ImageFile& f : data_->files) ++counts[static_cast<size_t>(f.label)];
  return counts;
}

std::vector<std::string> ImageFolder::parts(int64_t count) const {
  RINGDL_CHECK(count >= 0, "ImageFolder::parts: the count must be >= 0, got ", count);
  if (count == 0) count = std::clamp<int64_t>(size() / 1000, 1, 4096);
  std::vector<std::string> names;
  char suffix[64];
  for (int64_t k = 0; k < count; ++k) {
    std::snprintf(suffix, sizeof suffix, "%s%05lld-of-%05lld", kPartTag, static_cast<long long>(k),
                  static_cast<long long>(count));
    names.push_back(data_->root + suffix);
  }
  return names;
}

RecordReaderFactory ImageFolder::readerFactory() const {
  auto files = std::shared_ptr<const std::vector<ImageFile>>(data_, &data_->files);
  auto order = std::make_shared<std::vector<int64_t>>(data_->files.size());
  for (size_t i = 0; i < order->size(); ++i) (*order)[i] = static_cast<int64_t>(i);
  Random random(kPartSeed);
  for (size_t i = order->size(); i > 1; --i)
    std::swap((*order)[i - 1], (*order)[static_cast<size_t>(random.below(i))]);
  const std::string root = data_->root;
  std::shared_ptr<const std::vector<int64_t>> fixed = order;
  return [root, files, fixed](const std::string& name) -> RecordReaderPtr {
    long long part = -1, count = -1;
    int consumed = 0;
    const bool ours =
        name.size() > root.size() && name.compare(0, root.size(), root) == 0 &&
        std::sscanf(name.c_str() + root.size(), "#part-%lld-of-%lld%n", &part, &count, &consumed) == 2 &&
        static_cast<size_t>(consumed) == name.size() - root.size() && count > 0 && part >= 0 && part < count;
    RINGDL_CHECK(ours, "image folder ", root, ": '", name, "' is not one of its parts (", root, kPartTag,
                 "K-of-N)");
    return std::make_unique<PartReader>(name, files, fixed, part, count);
  };
}

}  // namespace ringdl
