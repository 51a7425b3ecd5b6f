// SqliteForeignKeyGraph: which tables reference which, kept across commits, so that the
// commit check finds the tables referencing what a migration wrote without reading every
// table's definition at every commit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sqlite_schema.hpp"
#include "sqlite_statement_cache.hpp"

namespace kit::sqlite {

class SqliteForeignKeyGraph {
 public:
  /// Whether the graph describes the schema of version `schema_version` (PRAGMA
  /// schema_version), that is whether nobody changed the schema since it was last brought
  /// up to date. What it describes may still be unread: update() reads it.
  [[nodiscard]] bool current_at(std::int64_t schema_version) const noexcept {
    return version_ && *version_ == schema_version;
  }
  /// Marks the graph current at `version`, with every table's foreign keys to be read (one
  /// query) by the next update().
  void reset(std::int64_t version);
  /// Notes `tables` (created, or dropped: then they have none) as changed since the graph was
  /// current, their foreign keys to be read by the next update(), and marks it current at
  /// `version`. Only valid when nothing else in the schema changed since the graph was
  /// current: renames and other ALTERs need reset().
  void changed(const std::vector<std::string>& tables, std::int64_t version);
  /// Marks the graph current at no version, so that the next commit check resets it.
  void invalidate() noexcept { version_.reset(); }

  /// Reads what reset() and changed() left to read. Most migrations only create tables and
  /// write none, and need no graph: a run of them reads nothing until one writes.
  void update(SqliteStatementCache& statements, const SqliteSchema& schema);
  /// The tables with a foreign key naming `parent` (compared as SQLite compares names), as of
  /// the last update().
  [[nodiscard]] const std::vector<std::string>& children(const std::string& parent) const;

 private:
  void set_parents(const std::string& child, const std::vector<std::string>& parents);

  std::optional<std::int64_t> version_;
  bool unread_ = false;  // every table's foreign keys are to be read
  // Tables whose foreign keys are to be read, in the order they changed (so that the check's
  // messages list tables in a stable order).
  std::vector<std::string> changed_;
  // Keys are names folded to ASCII lowercase, as SQLite compares them.
  std::unordered_map<std::string, std::vector<std::string>> parents_;   // child -> parents
  std::unordered_map<std::string, std::vector<std::string>> children_;  // parent -> children
};

}  // namespace kit::sqlite
