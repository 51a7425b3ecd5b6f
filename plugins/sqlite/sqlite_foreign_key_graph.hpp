// SqliteForeignKeyGraph: which tables reference which, kept across commits, so that the
// commit check finds the tables referencing what a migration wrote without reading every
// table's definition at every commit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sqlite_statement_cache.hpp"

namespace kit::sqlite {

class SqliteForeignKeyGraph {
 public:
  /// Whether the graph describes the schema of version `schema_version` (PRAGMA
  /// schema_version), that is whether nobody changed the schema since it was last brought
  /// up to date.
  [[nodiscard]] bool current_at(std::int64_t schema_version) const noexcept {
    return version_ && *version_ == schema_version;
  }
  /// Reads every table's foreign keys (one query) and marks the graph current at `version`.
  void rebuild(SqliteStatementCache& statements, std::int64_t version);
  /// Re-reads the foreign keys of `tables` (created, or dropped: then it has none), and
  /// marks the graph current at `version`. Only valid when nothing else in the schema
  /// changed since the graph was current: renames and other ALTERs need rebuild().
  void refresh(SqliteStatementCache& statements, const std::vector<std::string>& tables,
               std::int64_t version);
  /// Forgets everything; the next use rebuilds.
  void invalidate() noexcept { version_.reset(); }

  /// The tables with a foreign key naming `parent` (compared as SQLite compares names).
  [[nodiscard]] const std::vector<std::string>& children(const std::string& parent) const;

 private:
  void set_parents(const std::string& child, const std::vector<std::string>& parents);

  std::optional<std::int64_t> version_;
  // Keys are names folded to ASCII lowercase, as SQLite compares them.
  std::unordered_map<std::string, std::vector<std::string>> parents_;   // child -> parents
  std::unordered_map<std::string, std::vector<std::string>> children_;  // parent -> children
};

}  // namespace kit::sqlite
