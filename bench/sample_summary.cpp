#include "sample_summary.hpp"

#include <algorithm>
#include <stdexcept>

namespace kit::bench {

SampleSummary SampleSummary::of(std::vector<double> values) {
  if (values.empty()) throw std::invalid_argument("SampleSummary: no values");
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  SampleSummary summary;
  summary.median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  summary.min = values.front();
  summary.max = values.back();
  summary.count = n;
  return summary;
}

}  // namespace kit::bench
