#include "kit/savepoints.hpp"

#include <algorithm>
#include <utility>

#include "ascii.hpp"

namespace kit {

void Savepoints::clear() noexcept {
  savepoints_.clear();
  failures_.clear();
  next_ = 0;
  out_of_memory_ = false;
  lost_ = false;
}

void Savepoints::add(std::string_view what, bool for_good) noexcept {
  try {
    failures_.push_back({std::string(what), next_++, for_good});
  } catch (...) {
    out_of_memory_ = true;
  }
}

void Savepoints::ran(std::string_view operation, std::string_view name) {
  if (operation == "BEGIN") {
    savepoints_.push_back({std::string(name), next_++});
    return;
  }
  const std::size_t at = find(name, ignore_case_);
  if (!ignore_case_ && at != find(name, true)) lost_ = true;  // SQLite and PostgreSQL differ
  if (at == savepoints_.size()) return;  // the database refused it: no such savepoint
  if (operation == "RELEASE") {
    savepoints_.erase(savepoints_.begin() + static_cast<std::ptrdiff_t>(at), savepoints_.end());
  } else if (operation == "ROLLBACK") {
    // The savepoint stays; the newer ones go, and so do the failures after it.
    const std::uint64_t since = savepoints_[at].order;
    savepoints_.erase(savepoints_.begin() + static_cast<std::ptrdiff_t>(at) + 1, savepoints_.end());
    if (lost_) return;
    failures_.erase(std::remove_if(failures_.begin(), failures_.end(),
                                   [&](const Failure& failure) {
                                     return !failure.for_good && failure.order > since;
                                   }),
                    failures_.end());
  }
}

std::string_view Savepoints::first_failure() const noexcept {
  if (!failures_.empty()) return failures_.front().what;
  return out_of_memory_ ? "a statement failed (out of memory recording it)" : std::string_view();
}

std::size_t Savepoints::find(std::string_view name, bool ignore_case) const noexcept {
  for (std::size_t i = savepoints_.size(); i > 0; --i) {
    const std::string& open = savepoints_[i - 1].name;
    if (ignore_case ? detail::same_ignoring_case(open, name) : open == name) return i - 1;
  }
  return savepoints_.size();
}

}  // namespace kit
