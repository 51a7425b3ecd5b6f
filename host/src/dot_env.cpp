#include "dot_env.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "host_error.hpp"
#include "kit/database_url.hpp"

namespace kit::host {

namespace {

bool is_key_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool is_key_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.';
}
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

[[noreturn]] void fail(const std::string& origin, std::size_t line, const std::string& what) {
  throw HostError(ExitCode::Usage, origin + ":" + std::to_string(line) + ": " + what);
}

std::string unescape_double_quoted(std::string_view body) {
  std::string out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 == body.size()) {
      out += body[i];
      continue;
    }
    const char next = body[++i];
    switch (next) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case '"':
      case '\\':
      case '$':
        out += next;
        break;
      default:
        out += '\\';
        out += next;
    }
  }
  return out;
}

/// The value part of a line, after `=`, as the file means it.
std::string parse_value(std::string_view raw, const std::string& origin, std::size_t line) {
  raw = trim(raw);
  if (raw.empty()) return {};
  const char quote = raw.front();
  if (quote == '"' || quote == '\'') {
    // Find the closing quote; a backslash escapes the next character inside "...".
    std::size_t close = std::string_view::npos;
    for (std::size_t i = 1; i < raw.size(); ++i) {
      if (quote == '"' && raw[i] == '\\') {
        ++i;
        continue;
      }
      if (raw[i] == quote) {
        close = i;
        break;
      }
    }
    if (close == std::string_view::npos) fail(origin, line, std::string("unterminated ") + quote);
    const std::string_view rest = trim(raw.substr(close + 1));
    if (!rest.empty() && rest.front() != '#') {
      fail(origin, line, "unexpected text after the closing quote");
    }
    const std::string_view body = raw.substr(1, close - 1);
    return quote == '"' ? unescape_double_quoted(body) : std::string(body);
  }
  // Unquoted: a comment starts at a '#' preceded by whitespace.
  for (std::size_t i = 1; i < raw.size(); ++i) {
    if (raw[i] == '#' && is_blank(raw[i - 1])) return std::string(trim(raw.substr(0, i)));
  }
  return std::string(raw);
}

}  // namespace

DotEnv DotEnv::parse(std::string_view text, const std::string& origin) {
  DotEnv env;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const auto newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);

    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    if (line.substr(0, 7) == "export " || line.substr(0, 7) == "export\t") {
      line = trim(line.substr(7));
    }
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) fail(origin, line_number, "expected KEY=VALUE");
    const std::string_view key = trim(line.substr(0, eq));
    bool valid = !key.empty() && is_key_start(key.front());
    for (const char c : key) valid = valid && is_key_char(c);
    // Shown as a URL is shown: a line such as "DATABASE_URL: postgres://u:pw@db/app?x=1"
    // (YAML's colon) has its key end at the parameter's '='.
    if (!valid) fail(origin, line_number, "'" + kit::redact_url(key) + "' is not a valid key");
    env.values_[std::string(key)] = {parse_value(line.substr(eq + 1), origin, line_number), origin};
  }
  return env;
}

DotEnv DotEnv::load(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return {};
  std::ifstream in(file, std::ios::binary);
  if (!in) throw HostError(ExitCode::Usage, "cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), file.string());
}

std::vector<std::string> DotEnv::files_for(const std::string& app_env) {
  const std::string name = app_env.empty() ? "local" : app_env;
  const bool plain = std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
  });
  if (!plain || name.find("..") != std::string::npos) {
    throw HostError(ExitCode::Usage,
                    "APP_ENV names the .env.<APP_ENV> files to read, so it takes "
                    "letters, digits, '_', '-' and '.', not '" +
                        app_env + "'");
  }
  std::vector<std::string> files;
  for (std::string file : {".env." + name + ".local", ".env." + name, std::string(".env.local"),
                           std::string(".env")}) {
    if (std::find(files.begin(), files.end(), file) == files.end()) files.push_back(file);
  }
  return files;
}

DotEnv DotEnv::load_layered(const std::filesystem::path& dir, const std::string& app_env) {
  DotEnv env;
  for (const auto& file : files_for(app_env)) {
    DotEnv layer = load(dir.empty() ? std::filesystem::path(file) : dir / file);
    env.fall_back_to(layer);
  }
  return env;
}

std::optional<std::string> DotEnv::get(const std::string& key) const {
  const auto found = values_.find(key);
  if (found == values_.end()) return std::nullopt;
  return found->second.text;
}

std::string DotEnv::origin_of(const std::string& key) const {
  const auto found = values_.find(key);
  return found == values_.end() ? std::string() : found->second.origin;
}

void DotEnv::fall_back_to(const DotEnv& lower) {
  for (const auto& [key, value] : lower.values_) values_.emplace(key, value);
}

}  // namespace kit::host
