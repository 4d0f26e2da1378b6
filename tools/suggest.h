// What to tell someone who typed a name ringdl does not know (a config key, an option, a subcommand): "did
// you mean" only when a known name is spelt almost like it, otherwise the names of the section nearest to it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ringdl::tools {

/// The edits that turn a into b: insertions, deletions, substitutions and swaps of two neighbours (the
/// optimal string alignment distance: Levenshtein's with transpositions, the commonest typo).
size_t editDistance(const std::string& a, const std::string& b);

/// Whether `known` is spelt closely enough to `typed` to ask "did you mean": an edit distance of at most 1
/// for words of up to 4 characters, else at most a third of the longer word (learning_rat, batchsize, epoch,
/// momentun are typos; warmup is not model).
bool closeEnough(const std::string& typed, const std::string& known);

/// The closest of `known` if it is closeEnough to `typed` (the first of equally close ones), else "".
std::string closeMatch(const std::string& typed, const std::vector<std::string>& known);

/// A name a user may type and the section it is listed under (e.g. learning_rate, optimizer).
struct KnownName {
  std::string name;
  std::string section;
};

/// The section whose names are nearest to `typed` (see the rule in suggest.cpp); "" when `known` is empty.
std::string nearestSection(const std::string& typed, const std::vector<KnownName>& known);

/// The end of an "unknown ..." message: "did you mean '--learning_rate'?" when a name is closeEnough, else
/// "nothing is spelt like it; the nearest section, optimizer, has --optimizer, --learning_rate, ...".
/// `prefix` goes before every name ("--" for options, "" for config file keys); "there are none" when
/// `known` is empty.
std::string unknownNameHint(const std::string& typed, const std::vector<KnownName>& known,
                            const std::string& prefix);

}  // namespace ringdl::tools
