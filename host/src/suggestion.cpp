#include "suggestion.hpp"

#include <algorithm>
#include <cctype>

namespace kit::host {

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

/// `name` without a prefix a user may leave out: "migrate:", "--".
std::string_view without_prefix(std::string_view name) {
  for (const std::string_view prefix : {std::string_view("migrate:"), std::string_view("--")}) {
    if (name.substr(0, prefix.size()) == prefix) return name.substr(prefix.size());
  }
  return name;
}

}  // namespace

std::size_t Suggestion::distance(std::string_view a, std::string_view b) {
  // Three rows of the dynamic-programming table are enough for a transposition.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    before.swap(previous);
    previous.swap(current);
  }
  return previous[b.size()];
}

std::optional<std::string> Suggestion::closest(std::string_view typed,
                                               const std::vector<std::string>& candidates) {
  if (typed.empty()) return std::nullopt;
  const std::size_t limit = std::clamp<std::size_t>(without_prefix(typed).size() / 3, 1, 3);
  // The only candidate that starts with what was typed ("migrate:stat") is one edit away.
  const auto starts_with_typed = [&](const std::string& candidate) {
    return candidate.size() > typed.size() &&
           distance(candidate.substr(0, typed.size()), typed) == 0;
  };
  const bool unique_prefix =
      std::count_if(candidates.begin(), candidates.end(), starts_with_typed) == 1;
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    std::size_t d = distance(typed, candidate);
    if (unique_prefix && starts_with_typed(candidate)) d = std::min<std::size_t>(d, 1);
    // "status" for "migrate:status", "pretend" for "--pretend": the bare name, near enough.
    const std::string_view bare = without_prefix(candidate);
    if (bare.size() != candidate.size()) {
      d = std::min(d, distance(without_prefix(typed), bare));
    }
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

}  // namespace kit::host
