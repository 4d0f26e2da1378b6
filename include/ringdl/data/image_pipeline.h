// ImagePipeline<T>: what becomes of one decoded image before batching: image steps, the conversion to a
// [C, H, W] tensor, then tensor steps; built with `>>` or parsed from a config's transform spec.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ringdl/data/image_to_tensor.h"
#include "ringdl/data/image_transform.h"
#include "ringdl/data/transformer.h"

namespace ringdl {

/// The generator seed of one record's augmentation: a mix (splitmix64) of the data set's seed, the epoch and
/// the record's identity (an image folder: the file's position in the sorted listing; a shard: its file name
/// and the record's index in it). It depends on nothing else (not the rank, the world size, the reading order
/// or the batch), so any rank, in any run and after any resume, augments a record of an epoch identically.
uint64_t imageRecordSeed(uint64_t seed, int64_t epoch, uint64_t record);

/// The transformation of one image: image steps (ChainedImageTransform), ImageToTensor, then tensor steps
/// (Transformer<T>s such as Normalize, applied to the record as a batch of one, [1, C, H, W]). Build it with
/// `>>`:
///
///   ImagePipeline<float> p = Resize::shorterSide(36) >> RandomCrop(32, 32) >> HorizontalFlip(0.5) >>
///                            ImageToTensor<float>() >> Normalize<float>({0.49, 0.48, 0.45}, {0.25, 0.24,
///                            0.26});
///
/// or parse a spec (parseImagePipeline). Immutable once built; run() may be called from any thread.
template <typename T>
class ImagePipeline {
 public:
  /// No image steps, ImageToTensor scaled to [0, 1], no tensor steps.
  ImagePipeline() = default;
  ImagePipeline(const ImageTransform& imageSteps, const ImageToTensor<T>& toTensor);

  /// Appends an image step (before the conversion), or a tensor step (after it); returns *this.
  ImagePipeline& add(const ImageTransform& step);
  ImagePipeline& add(const Transformer<T>& step);
  /// Replaces the conversion.
  ImagePipeline& setToTensor(const ImageToTensor<T>& toTensor);

  const ChainedImageTransform& imageSteps() const { return imageSteps_; }
  const ImageToTensor<T>& toTensor() const { return toTensor_; }
  const ChainedTransformer<T>& tensorSteps() const { return tensorSteps_; }
  /// Whether any image step draws from the generator.
  bool isRandom() const { return imageSteps_.isRandom(); }
  /// The pipeline validation uses: each image step's validationStep() (random crops become centre crops,
  /// flips and jitter are left out), the same conversion and tensor steps.
  ImagePipeline validation() const;

  /// Transforms image (which changes) with a generator seeded by `seed` (imageRecordSeed), and writes the
  /// record's features (row-major) and shape ([C, H, W] unless a tensor step changes it).
  void run(Image& image, uint64_t seed, std::vector<T>& features, Shape& shape) const;
  /// The same on a copy, as a tensor.
  Tensor<T> operator()(const Image& image, uint64_t seed = 1) const;

  /// "Resize(shorter side 36, bilinear) >> RandomCrop(32x32) >> ToTensor(scaled to [0, 1]) >>
  /// Normalize(...)".
  std::string describe() const;

 private:
  ChainedImageTransform imageSteps_;
  ImageToTensor<T> toTensor_;
  ChainedTransformer<T> tensorSteps_;
};

/// The image steps followed by the conversion: `Resize::exact(32, 32) >> ImageToTensor<float>()`.
template <typename T>
ImagePipeline<T> operator>>(const ImageTransform& steps, const ImageToTensor<T>& toTensor);
/// The pipeline followed by a tensor step: `... >> ImageToTensor<float>() >> Normalize<float>(0.5, 0.25)`.
template <typename T>
ImagePipeline<T> operator>>(const ImagePipeline<T>& pipeline, const Transformer<T>& step);

/// Parses a transform spec, steps separated by ';' (or new lines), each a name and arguments separated by
/// spaces; SIZE is N (a square; for resize, the shorter side) or H,W:
///
///   resize SIZE [INTERPOLATION]             Resize: shorter side N, or exactly H,W (bilinear, nearest,
///   bicubic,
///                                           area, lanczos)
///   center_crop SIZE                        CenterCrop
///   random_crop SIZE [PADDING [MODE]]       RandomCrop, padded first (constant, reflect, edge)
///   random_resized_crop SIZE [SMIN,SMAX [RMIN,RMAX]]   RandomResizedCrop (scale 0.08,1; ratio 0.75,1.3333)
///   hflip [P]                               HorizontalFlip (P 0.5)
///   color_jitter B [C [S]]                  ColorJitter (brightness, contrast, saturation)
///   to_rgb | to_bgr | to_grey               ConvertColor
///   to_tensor [raw]                         ImageToTensor: scaled to [0, 1], or raw 0..255
///   normalize MEAN[,MEAN...] STD[,STD...]   Normalize per channel (one value: every channel)
///   scale F                                 Scale
///
/// e.g. "resize 36; random_crop 32; hflip 0.5; to_tensor; normalize 0.49,0.48,0.45 0.25,0.24,0.26". Image
/// steps come before to_tensor and tensor steps after it; without to_tensor it is added after the last image
/// step. Errors name `what` (e.g. "config field 'transforms'"), the step's position and text and the bad
/// argument, and list the known steps for an unknown name. An empty spec gives the default pipeline.
template <typename T>
ImagePipeline<T> parseImagePipeline(const std::string& spec, const std::string& what = "transforms");

extern template class ImagePipeline<float>;
extern template class ImagePipeline<double>;
extern template ImagePipeline<float> operator>>(const ImageTransform&, const ImageToTensor<float>&);
extern template ImagePipeline<double> operator>>(const ImageTransform&, const ImageToTensor<double>&);
extern template ImagePipeline<float> operator>>(const ImagePipeline<float>&, const Transformer<float>&);
extern template ImagePipeline<double> operator>>(const ImagePipeline<double>&, const Transformer<double>&);
extern template ImagePipeline<float> parseImagePipeline(const std::string&, const std::string&);
extern template ImagePipeline<double> parseImagePipeline(const std::string&, const std::string&);

}  // namespace ringdl
