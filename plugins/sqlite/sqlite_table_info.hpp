// SqliteTableInfo: one table as SQLite stores it, read back for the table rebuild.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kit/foreign_key.hpp"

namespace kit::sqlite {

/// What SqliteSchema::table() reads from PRAGMA table_xinfo / index_list / index_xinfo and
/// from the CREATE statements in sqlite_schema. Types, defaults, collations and foreign-key
/// clauses are kept exactly as written, so that a rebuilt table says what the original said;
/// SqliteSchema::describe() turns it into a kit::TableInfo for db:sync.
struct SqliteTableInfo {
  struct Column {
    std::string name;
    std::string type;  // declared type as written; empty when none
    bool not_null = false;
    std::optional<std::string> default_sql;  // the DEFAULT expression as written
    std::string collation;                   // the COLLATE name as written; empty when none
    int primary_key_position = 0;            // 1-based position in the primary key, 0 if not
  };
  /// A column of a UNIQUE constraint.
  struct KeyColumn {
    std::string name;
    std::string collation;  // the index's collation for it ("BINARY" by default)
    bool descending = false;
  };
  struct Unique {
    std::string name;  // the index SQLite made for it: "sqlite_autoindex_<table>_<n>"
    std::vector<KeyColumn> columns;
  };
  struct ForeignKey {
    std::string name;                  // the CONSTRAINT name; empty when unnamed
    std::vector<std::string> columns;  // the referencing columns of this table
    std::string parent;                // the referenced table
    std::string references;            // "REFERENCES ..." up to its end, as written
    /// The referenced columns as written; empty when the clause names none (the parent's
    /// primary key).
    std::vector<std::string> parent_columns;
    ForeignKeyAction on_delete = ForeignKeyAction::NoAction;
    ForeignKeyAction on_update = ForeignKeyAction::NoAction;
  };
  /// An index created by CREATE INDEX (not one that a constraint implies).
  struct Index {
    std::string name;
    std::string sql;
    std::vector<std::string> names;    // every identifier after ON <table> (, in its SQL
    std::vector<std::string> columns;  // the key columns (PRAGMA index_xinfo), expressions left out
    bool unique = false;
    bool partial = false;      // it has a WHERE clause
    bool expressions = false;  // some keys are expressions
  };
  struct Trigger {
    std::string name;
    std::string sql;
  };

  std::string name;  // as stored in sqlite_schema
  std::string sql;   // its CREATE TABLE statement
  std::vector<Column> columns;
  bool autoincrement = false;  // the primary key column says AUTOINCREMENT
  std::vector<Unique> uniques;
  /// The primary key's columns as its index orders them, with the index's collation and
  /// direction: empty when it has no index of its own (an INTEGER PRIMARY KEY is the rowid).
  std::vector<KeyColumn> primary_key_index;
  std::vector<ForeignKey> foreign_keys;
  std::vector<Index> indexes;
  std::vector<Trigger> triggers;
  std::string options;  // what follows the column list: "WITHOUT ROWID", "STRICT"
  /// Why a rebuild could not reproduce the table faithfully (a CHECK constraint, a
  /// generated column, ...); empty when it can.
  std::vector<std::string> unsupported;
  /// A view, or a trigger of another table, that a rebuild must drop and recreate.
  struct Dependent {
    std::string type;  // "view" or "trigger"
    std::string name;
    std::string sql;  // its CREATE statement as stored in sqlite_schema
  };

  /// Views and triggers of other tables whose SQL names this table, or names a view that
  /// does, in sqlite_schema (creation) order. SQLite's ALTER TABLE ... RENAME TO fails
  /// while any of them names a table that is gone, so the rebuild drops them first.
  std::vector<Dependent> dependents;
  /// Tables with a foreign key that references this table (itself included when it does).
  std::vector<std::string> children;

  /// The column of that name (case-insensitive), or nullptr.
  [[nodiscard]] const Column* column(const std::string& column_name) const noexcept;
  /// The primary key's columns, in key order.
  [[nodiscard]] std::vector<std::string> primary_key() const;
};

}  // namespace kit::sqlite
