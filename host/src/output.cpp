#include "output.hpp"

#include <cstdio>

namespace kit::host {

void Output::line(std::string_view text) {
  if (style_.quiet) return;
  out_ << text << '\n';
  out_.flush();
}

void Output::start_run(std::size_t total) noexcept {
  run_total_ = total;
  run_index_ = 0;
}

void Output::start_migration(std::string_view name) {
  ++run_index_;
  label_ = progress(run_index_, run_total_) + std::string(name);
  recorder_.statements.clear();
  recorder_.manager = nullptr;
  started_.clear();
  if (style_.quiet || !style_.terminal) return;
  // The rest of the line (dots, duration, status) follows when it ends.
  started_ = "  " + label_ + " ";
  out_ << started_;
  out_.flush();
}

kit::StatementObserver* Output::statements() noexcept {
  return style_.verbose || show_sql_ ? &recorder_ : nullptr;
}

void Output::watch(const kit::SchemaManager& manager) noexcept {
  recorder_.manager = &manager;
  recorder_.sent_when_reported = manager.statements_sent();
}

void Output::finish_migration(std::chrono::nanoseconds elapsed, Status status,
                              std::string_view note) {
  if (style_.quiet) return;
  const char* word = to_string(status);
  std::string text = migration_line(label_, elapsed, word);
  if (style_.color) {
    const Color color = status == Status::Done   ? Color::Green
                        : status == Status::Fail ? Color::Red
                                                 : Color::Yellow;
    text = text.substr(0, text.size() - std::string_view(word).size()) + painted(word, color);
  }
  if (!started_.empty() && text.compare(0, started_.size(), started_) == 0) {
    text.erase(0, started_.size());
  }
  started_.clear();
  out_ << text << '\n';
  if (style_.verbose || show_sql_) {
    for (const auto& [sql, time] : recorder_.statements) {
      out_ << sql_line(sql, style_.verbose ? std::optional(time) : std::nullopt) << '\n';
    }
    // What it failed at: sent (or refused by the driver), never reported back as run; or
    // refused before the driver saw it (a migration's statement naming kit-host's own
    // savepoint), which the manager holds as its current SQL, not the last one run.
    const kit::SchemaManager* manager = recorder_.manager;
    const auto& recorded = recorder_.statements;
    if (status == Status::Fail && manager != nullptr && !manager->current_sql().empty() &&
        (manager->statements_sent() > recorder_.sent_when_reported || recorded.empty() ||
         recorded.back().first != manager->current_sql())) {
      out_ << sql_line(manager->current_sql(), std::nullopt) << " -- "
           << paint(kFailedMark, Color::Red) << '\n';
    }
  }
  if (!note.empty()) out_ << "    -- " << note << '\n';
  recorder_.statements.clear();
  recorder_.manager = nullptr;
  out_.flush();
}

std::string Output::migration_line(std::string_view name, std::chrono::nanoseconds elapsed,
                                   std::string_view status) {
  const std::string right = duration(elapsed) + " " + std::string(status);
  std::string text = "  " + std::string(name) + " ";
  const std::size_t used = text.size() + 1 + right.size();
  text.append(used + 3 <= kLineWidth ? kLineWidth - used : 3, '.');
  return text + " " + right;
}

std::string Output::sql_line(std::string_view sql,
                             std::optional<std::chrono::nanoseconds> elapsed) {
  while (!sql.empty() &&
         (sql.back() == ' ' || sql.back() == '\n' || sql.back() == '\t' || sql.back() == '\r')) {
    sql.remove_suffix(1);
  }
  std::string text = "    " + std::string(sql);
  if (sql.empty() || sql.back() != ';') text += ';';
  if (elapsed) text += " -- " + duration(*elapsed);
  return text;
}

std::string Output::progress(std::size_t index, std::size_t total) {
  if (total < kProgressFrom) return "";
  const std::string of = std::to_string(total);
  std::string at = std::to_string(index);
  if (at.size() < of.size()) at.insert(0, of.size() - at.size(), ' ');
  return "[" + at + "/" + of + "] ";
}

const char* Output::to_string(Status status) noexcept {
  switch (status) {
    case Status::Done:
      return "DONE";
    case Status::Fail:
      return "FAIL";
    case Status::Pretend:
      return "PRETEND";
    case Status::Rendered:
      return "RENDERED";
  }
  return "?";
}

std::string Output::duration(std::chrono::nanoseconds elapsed) {
  const double ms = static_cast<double>(elapsed.count()) / 1e6;
  char text[32];
  if (ms < 10.0) {
    std::snprintf(text, sizeof(text), "%.1f ms", ms);
  } else if (ms < 1000.0) {
    std::snprintf(text, sizeof(text), "%.0f ms", ms);
  } else {
    std::snprintf(text, sizeof(text), "%.2f s", ms / 1000.0);
  }
  return text;
}

std::string Output::count(std::size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

std::string Output::paint(std::string_view text, Color color) const {
  return style_.color ? painted(text, color) : std::string(text);
}

std::string Output::painted(std::string_view text, Color color) {
  const char* code = "";
  switch (color) {
    case Color::Green:
      code = "32";
      break;
    case Color::Red:
      code = "31";
      break;
    case Color::Yellow:
      code = "33";
      break;
    case Color::Cyan:
      code = "36";
      break;
    case Color::Dim:
      code = "2";
      break;
  }
  return "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m";
}

}  // namespace kit::host
