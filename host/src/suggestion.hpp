// Suggestion: the valid name closest to a mistyped one, for "did you mean ...?".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kit::host {

class Suggestion {
 public:
  /// The edits (insert, delete, replace a character, or swap two neighbours) that turn `a`
  /// into `b`: the optimal string alignment distance.
  [[nodiscard]] static std::size_t distance(std::string_view a, std::string_view b);

  /// The candidate closest to `typed`, when it is close enough to be what was meant: at
  /// most a third of `typed`'s length in edits (and at least 1, at most 3), or `typed` is
  /// what remains of the candidate without its "migrate:" prefix or "--" (`status` for
  /// `migrate:status`), or the start of no other candidate (`migrate:stat`). The first of
  /// equally close candidates wins; nullopt when none is.
  [[nodiscard]] static std::optional<std::string> closest(
      std::string_view typed, const std::vector<std::string>& candidates);
};

}  // namespace kit::host
