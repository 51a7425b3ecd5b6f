// SampleSummary: the median, minimum and maximum of repeated measurements.
#pragma once

#include <string>
#include <vector>

namespace kit::bench {

struct SampleSummary {
  double median = 0;
  double min = 0;
  double max = 0;
  std::size_t count = 0;

  /// Summarizes `values` (at least one).
  [[nodiscard]] static SampleSummary of(std::vector<double> values);

  /// (max - min) / median: how far apart the runs were.
  [[nodiscard]] double spread() const noexcept { return median > 0 ? (max - min) / median : 0; }
};

}  // namespace kit::bench
