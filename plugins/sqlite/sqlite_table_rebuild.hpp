// SqliteTableRebuild: SQLite's 12-step procedure for the changes ALTER TABLE cannot make.
#pragma once

#include <string_view>

#include "kit/sql_renderer.hpp"
#include "kit/statement.hpp"
#include "kit/table.hpp"

namespace kit::sqlite {

class SqliteDialect;

/// Renders one Table::alter() as a rebuild of its table, following
/// https://www.sqlite.org/lang_altertable.html#otheralter:
///
///   DROP TRIGGER / DROP VIEW ...            views and other tables' triggers that name "t"
///   CREATE TABLE "_kit_new_t" (...)        every operation applied to the table as read
///   INSERT INTO "_kit_new_t" (...) SELECT ... FROM "t"
///   [sqlite_sequence carried over]         so AUTOINCREMENT never reuses a number
///   DROP TABLE "t"
///   ALTER TABLE "_kit_new_t" RENAME TO "t"
///   CREATE INDEX ... / CREATE TRIGGER ...  the table's own, as written in sqlite_schema
///   CREATE VIEW ... / CREATE TRIGGER ...   the dropped ones, as written, in their order
///   [ALTER TABLE "t" RENAME COLUMN ...]    renames of the same statement, done natively,
///                                          which also rewrites those views and triggers
///   PRAGMA foreign_key_check("t")          and for each table that references "t"
///
/// The table is read through PRAGMA table_xinfo / index_list / index_xinfo /
/// foreign_key_list and its CREATE statement: declared types, defaults, collations,
/// AUTOINCREMENT, UNIQUE constraints and foreign-key clauses are kept as written.
/// The statements must run inside a transaction with `PRAGMA foreign_keys = OFF` (set
/// before BEGIN), so that dropping the old table neither cascades nor fails;
/// SqliteDriver::begin() does that. Throws UnsupportedError (dialect, statement, why) for
/// what it cannot rebuild faithfully: a missing table or column, CHECK constraints,
/// generated columns, ON CONFLICT clauses, virtual tables, and a trigger, view or other
/// table's trigger that uses a column the statement drops (named in the error).
class SqliteTableRebuild {
 public:
  /// What the rebuilt table is first created as: "_kit_new_" + its name.
  static constexpr std::string_view kNewTablePrefix = "_kit_new_";

  explicit SqliteTableRebuild(const SqliteDialect& dialect) noexcept : dialect_(dialect) {}

  /// Renders the rebuild of `alter`'s table with all its operations applied, in order.
  /// `statement` is what the migration wrote, for error messages.
  [[nodiscard]] SqlList render(const TableAlterStatement& alter, const Statement& statement) const;

 private:
  const SqliteDialect& dialect_;
};

}  // namespace kit::sqlite
