// TableInfo: one table as a driver reads it back from the live database, for db:sync.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kit/column_def.hpp"
#include "kit/foreign_key.hpp"

namespace kit {

/// One column, in the words of the database and, where they map, of the builder.
struct ColumnInfo {
  std::string name;
  /// The type as the database spells it: "varchar(255)" (SQLite, as declared),
  /// "character varying(255)" (PostgreSQL); empty when SQLite's column declares none.
  std::string type;
  /// The builder type it maps back to; unset for types the builder does not make.
  std::optional<ColumnType> kit_type;
  /// Whether it can hold NULL. A primary key that the database never leaves NULL (SQLite's
  /// INTEGER PRIMARY KEY, any PostgreSQL key) is not nullable.
  bool nullable = true;
  /// The DEFAULT expression as the database shows it ("CURRENT_TIMESTAMP", "'draft'",
  /// "'draft'::character varying"); unset when it has none.
  std::optional<std::string> default_sql;
  /// The database numbers it when no value is given, as auto_increment() asks: SQLite's
  /// INTEGER PRIMARY KEY AUTOINCREMENT, a PostgreSQL identity or serial column.
  bool auto_increment = false;
};

/// One index of a table, other than its primary key's.
struct IndexInfo {
  /// Its name; for a UNIQUE constraint, the one the database gave its index
  /// ("sqlite_autoindex_users_1", "users_email_key").
  std::string name;
  /// The key columns, in order; an expression among the keys is left out (see expressions).
  std::vector<std::string> columns;
  bool unique = false;
  /// It belongs to a UNIQUE constraint of the table (unique_key()) rather than CREATE INDEX.
  bool constraint = false;
  /// It has a WHERE clause.
  bool partial = false;
  /// Some of its keys are expressions, which `columns` does not list.
  bool expressions = false;
};

/// One foreign key the table declares.
struct ForeignKeyInfo {
  /// The constraint's name; empty where the database keeps none (an unnamed SQLite one).
  std::string name;
  /// The referencing columns of this table, in order.
  std::vector<std::string> columns;
  std::string referenced_table;
  /// The referenced columns, matching `columns` one by one (the referenced table's primary
  /// key when the declaration names none).
  std::vector<std::string> referenced_columns;
  ForeignKeyAction on_delete = ForeignKeyAction::NoAction;
  ForeignKeyAction on_update = ForeignKeyAction::NoAction;
};

/// What Driver::describe_table() reads of one table.
struct TableInfo {
  /// The name as the database stores it.
  std::string name;
  /// Every column, in the table's order.
  std::vector<ColumnInfo> columns;
  /// The primary key's columns, in key order; empty when it has none.
  std::vector<std::string> primary_key;
  /// Every index but the primary key's, sorted by name byte by byte.
  std::vector<IndexInfo> indexes;
  /// Every foreign key, sorted by name byte by byte, then by columns.
  std::vector<ForeignKeyInfo> foreign_keys;
};

}  // namespace kit
