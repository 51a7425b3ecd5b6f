// SqliteDialect: SQLite's spelling of the schema AST, over the SDK's generic SqlRenderer.
#pragma once

#include <string>
#include <string_view>

#include "kit/sql_renderer.hpp"

namespace kit::sqlite {

class SqliteSchema;

/// Renders statements for SQLite. What differs from the generic renderer:
/// - types keep SQLite's affinities the way sea-query spells them (varchar, timestamp_text,
///   json_text, uuid_text, ...); see type_name();
/// - auto_increment() only on a column-level primary key: `integer PRIMARY KEY AUTOINCREMENT`
///   (big/small integer keys are written `integer`, the only rowid alias SQLite has);
/// - DROP TABLE is one statement per table; SQLite has no CASCADE, so cascade() is ignored;
/// - TRUNCATE is `DELETE FROM` plus resetting the table's sqlite_sequence row;
/// - ADD COLUMN with unique_key() is ADD COLUMN then CREATE UNIQUE INDEX;
///   add_column_if_not_exists() checks the schema while rendering (SQLite has no IF NOT EXISTS
///   there) and renders nothing when the column is present;
/// - what ALTER TABLE cannot do in place (modify_column, foreign-key changes, dropping a
///   keyed or indexed column, adding a primary-key, NOT NULL without default, or
///   expression-default column) becomes a SqliteTableRebuild, read from the live schema.
/// Rendering reads the schema through `schema` and never changes it.
class SqliteDialect : public SqlRenderer {
 public:
  explicit SqliteDialect(SqliteSchema& schema) noexcept : schema_(schema) {}

  [[nodiscard]] std::string_view dialect() const noexcept override { return "sqlite"; }

  /// Whether rendering `statement` takes a table rebuild (which must run with foreign
  /// keys off, inside a transaction).
  [[nodiscard]] bool rebuilds(const Statement& statement) const;

  [[nodiscard]] SqlList create_table(const TableCreateStatement& s) const override;
  [[nodiscard]] SqlList alter_table(const TableAlterStatement& s) const override;
  [[nodiscard]] SqlList drop_table(const TableDropStatement& s) const override;
  [[nodiscard]] SqlList truncate_table(const TableTruncateStatement& s) const override;
  [[nodiscard]] SqlList create_foreign_key(const ForeignKeyCreateStatement& s) const override;
  [[nodiscard]] SqlList drop_foreign_key(const ForeignKeyDropStatement& s) const override;

  [[nodiscard]] std::string type_name(const ColumnType& type) const override;
  [[nodiscard]] std::string column_type(const ColumnDef& column) const override;
  [[nodiscard]] std::string auto_increment(const ColumnDef& column) const override;
  [[nodiscard]] SqlList alter_operation(const TableAlterStatement& s,
                                        const AlterOperation& operation) const override;

  /// `REFERENCES "t" ("c") ON DELETE ...`: the part of a foreign key after its columns.
  [[nodiscard]] std::string references_clause(const ForeignKeyCreateStatement& key) const;

  [[nodiscard]] SqliteSchema& schema() const noexcept { return schema_; }

 private:
  [[nodiscard]] bool alter_rebuilds(const TableAlterStatement& s) const;

  SqliteSchema& schema_;
};

}  // namespace kit::sqlite
