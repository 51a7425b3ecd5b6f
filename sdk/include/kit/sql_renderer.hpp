// SqlRenderer: the generic SQL spelling of every statement, with virtual hooks a dialect
// overrides where it differs (type names, auto-increment, what ALTER TABLE can do).
// For driver authors; migrations never include it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kit/column_def.hpp"
#include "kit/export.hpp"
#include "kit/foreign_key.hpp"
#include "kit/iden.hpp"
#include "kit/index.hpp"
#include "kit/statement.hpp"
#include "kit/table.hpp"
#include "kit/value.hpp"

namespace kit {

using SqlList = std::vector<std::string>;

class KIT_SDK_API SqlRenderer {
 public:
  virtual ~SqlRenderer();

  /// Validates the statement, then renders it into SQL statements, in order.
  [[nodiscard]] SqlList render(const Statement& statement) const;

  /// The dialect's name, used in UnsupportedError.
  [[nodiscard]] virtual std::string_view dialect() const noexcept = 0;

  // --- Statements --------------------------------------------------------------------------
  [[nodiscard]] virtual SqlList create_table(const TableCreateStatement& s) const;
  [[nodiscard]] virtual SqlList alter_table(const TableAlterStatement& s) const;
  [[nodiscard]] virtual SqlList drop_table(const TableDropStatement& s) const;
  [[nodiscard]] virtual SqlList rename_table(const TableRenameStatement& s) const;
  [[nodiscard]] virtual SqlList truncate_table(const TableTruncateStatement& s) const;
  [[nodiscard]] virtual SqlList create_index(const IndexCreateStatement& s) const;
  [[nodiscard]] virtual SqlList drop_index(const IndexDropStatement& s) const;
  [[nodiscard]] virtual SqlList create_foreign_key(const ForeignKeyCreateStatement& s) const;
  [[nodiscard]] virtual SqlList drop_foreign_key(const ForeignKeyDropStatement& s) const;

  // --- Pieces ------------------------------------------------------------------------------
  /// "name" with embedded quotes doubled; rejects NUL and empty names.
  [[nodiscard]] virtual std::string quote(const Iden& name) const;
  /// 'text' with embedded quotes doubled; rejects NUL.
  [[nodiscard]] virtual std::string quote_literal(std::string_view text) const;
  /// Comma-separated quoted names: "a", "b".
  [[nodiscard]] std::string quote_list(const std::vector<Iden>& names) const;

  /// The dialect's name for a type, e.g. varchar(255). The default is the SQL standard's
  /// spelling where there is one (integer, double precision, numeric(p, s), varchar(n),
  /// timestamp with time zone, ...); a dialect overrides the kinds it spells otherwise.
  [[nodiscard]] virtual std::string type_name(const ColumnType& type) const;
  /// The type written for a column; may depend on its modifiers (serial, integer keys).
  [[nodiscard]] virtual std::string column_type(const ColumnDef& column) const;
  /// `"name" type NOT NULL DEFAULT v UNIQUE PRIMARY KEY <auto increment>`.
  [[nodiscard]] virtual std::string column_definition(const ColumnDef& column) const;
  /// What follows PRIMARY KEY for an auto-increment column ("AUTOINCREMENT"), or empty.
  [[nodiscard]] virtual std::string auto_increment(const ColumnDef& column) const;
  /// A literal or expression for DEFAULT.
  [[nodiscard]] virtual std::string value(const Value& value) const;
  [[nodiscard]] virtual std::string keyword(Keyword keyword) const;
  [[nodiscard]] virtual std::string boolean(bool b) const;
  /// `CONSTRAINT "n" FOREIGN KEY ("a") REFERENCES "t" ("b") ON DELETE ... ON UPDATE ...`
  [[nodiscard]] virtual std::string foreign_key_clause(const ForeignKeyCreateStatement& key) const;
  /// One `ALTER TABLE` statement (or more) for one operation of Table::alter().
  [[nodiscard]] virtual SqlList alter_operation(const TableAlterStatement& s,
                                                const AlterOperation& operation) const;

  /// Throws UnsupportedError naming this dialect and the statement.
  [[noreturn]] void unsupported(const Statement& statement, const std::string& reason) const;
};

}  // namespace kit
