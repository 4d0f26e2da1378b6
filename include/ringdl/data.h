// Umbrella header for the data module: IDX, SequenceFile and TFRecord files, samples and mini-batches, data
// sets, transformers.
#pragma once

#include "ringdl/data/array_data_set.h"
#include "ringdl/data/bigdl_image_record.h"
#include "ringdl/data/crc32c.h"
#include "ringdl/data/data_set.h"
#include "ringdl/data/idx.h"
#include "ringdl/data/idx_data_set.h"
#include "ringdl/data/mini_batch.h"
#include "ringdl/data/normalize.h"
#include "ringdl/data/record_reader.h"
#include "ringdl/data/sample.h"
#include "ringdl/data/scale.h"
#include "ringdl/data/sequence_file.h"
#include "ringdl/data/tfrecord.h"
#include "ringdl/data/transformer.h"
