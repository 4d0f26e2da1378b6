// Suggestions for mistyped names: the closeness rule and the nearest section.
#include "suggest.h"

#include <algorithm>
#include <limits>

namespace ringdl::tools {

namespace {
// The words of a snake_case (or dashed) name: "learning_rate" -> learning, rate.
std::vector<std::string> words(const std::string& name) {
  std::vector<std::string> out;
  std::string w;
  for (char c : name) {
    if (c == '_' || c == '-') {
      if (!w.empty()) out.push_back(w);
      w.clear();
    } else {
      w += c;
    }
  }
  if (!w.empty()) out.push_back(w);
  return out;
}

// How unlike `typed` a known name is, from 0 (the same) to 1: the smallest edit distance, relative to the
// longer word, between the typed word or one of its words and the name, one of its words or its initials
// (learning_rate -> lr). Words count because people reach for names from other frameworks (num_epochs,
// base_lr, output_dir) that share a word, not a spelling, with ours.
double unlikeness(const std::string& typed, const std::string& name) {
  std::vector<std::string> mine = words(typed), theirs = words(name);
  if (theirs.size() > 1) {
    std::string initials;
    for (const std::string& w : theirs) initials += w[0];
    theirs.push_back(initials);
  }
  mine.push_back(typed);
  theirs.push_back(name);
  double best = 1;
  for (const std::string& a : mine)
    for (const std::string& b : theirs) {
      const size_t longer = std::max(a.size(), b.size());
      if (longer > 0) best = std::min(best, static_cast<double>(editDistance(a, b)) / longer);
    }
  return best;
}
}  // namespace

size_t editDistance(const std::string& a, const std::string& b) {
  // Rows i-2, i-1 and i of the table of distances between prefixes of a and b.
  std::vector<size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], before[j - 2] + 1);  // two neighbours swapped: trian, train
    }
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

bool closeEnough(const std::string& typed, const std::string& known) {
  const size_t longer = std::max(typed.size(), known.size());
  const size_t allowed = longer <= 4 ? 1 : longer / 3;
  return editDistance(typed, known) <= allowed;
}

std::string closeMatch(const std::string& typed, const std::vector<std::string>& known) {
  std::string best;
  size_t bestDistance = std::numeric_limits<size_t>::max();
  for (const std::string& k : known) {
    const size_t d = editDistance(typed, k);
    if (d < bestDistance && closeEnough(typed, k)) bestDistance = d, best = k;
  }
  return best;
}

// The nearest section is the one holding the single name least unlike the typed word (see unlikeness); of
// equally near names the one of fewer words decides (the typed word is more of it: num_epochs is nearer epochs
// than decay_epochs), then the first in `known` (the order --help lists them). A typed word that shares nothing with any name still
// gets a section: the list costs one line and shows what can be set.
std::string nearestSection(const std::string& typed, const std::vector<KnownName>& known) {
  std::string section;
  std::pair<double, double> best(std::numeric_limits<double>::max(), 0);
  for (const KnownName& k : known) {
    const std::pair<double, double> u(unlikeness(typed, k.name), static_cast<double>(words(k.name).size()));
    if (u < best) best = u, section = k.section;
  }
  return section;
}

std::string unknownNameHint(const std::string& typed, const std::vector<KnownName>& known,
                            const std::string& prefix) {
  if (known.empty()) return "there are none";
  std::vector<std::string> names;
  for (const KnownName& k : known) names.push_back(k.name);
  const std::string close = closeMatch(typed, names);
  if (!close.empty()) return "did you mean '" + prefix + close + "'?";
  const std::string section = nearestSection(typed, known);
  std::string list;
  for (const KnownName& k : known)
    if (k.section == section) list += (list.empty() ? "" : ", ") + prefix + k.name;
  return "nothing is spelt like it; the nearest section, " + section + ", has " + list;
}

}  // namespace ringdl::tools
