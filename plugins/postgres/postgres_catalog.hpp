// PostgresCatalog: what exists in one schema, read from PostgreSQL's system catalogs:
// tables, columns (type, nullability, default), indexes and foreign keys. Serves the
// driver's has_* checks and describe_table() (db:sync).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kit/column_def.hpp"
#include "kit/foreign_key.hpp"
#include "kit/table_info.hpp"
#include "postgres_connection.hpp"
#include "postgres_dialect.hpp"

namespace kit {

class PostgresCatalog {
 public:
  struct Column {
    std::string name;
    /// The type as PostgreSQL spells it: "integer", "character varying(255)", "numeric(10,2)".
    std::string type;
    /// The builder type it maps to; unset for types the builder does not have (int4range...).
    std::optional<ColumnType> kit_type;
    bool nullable = true;
    /// The default's SQL as PostgreSQL prints it: "'draft'::character varying", "now()".
    std::optional<std::string> default_sql;
    /// "BY DEFAULT" or "ALWAYS" for an identity column.
    std::optional<std::string> identity;
    /// The expression of a stored generated column.
    std::optional<std::string> generated_sql;
  };

  struct Index {
    std::string name;
    /// Key columns in order; empty for an index on expressions only.
    std::vector<std::string> columns;
    bool unique = false;
    bool primary = false;
    /// Backs a PRIMARY KEY or UNIQUE constraint (dropped with DROP CONSTRAINT, not DROP INDEX).
    bool constraint = false;
    /// Whether it has a WHERE clause.
    bool partial = false;
    /// Whether some of its keys are expressions, which `columns` does not show.
    bool expressions = false;
    /// CREATE [UNIQUE] INDEX ..., as pg_get_indexdef prints it.
    std::string definition;
  };

  struct ForeignKey {
    std::string name;
    std::vector<std::string> columns;
    std::string referenced_schema;
    std::string referenced_table;
    std::vector<std::string> referenced_columns;
    ForeignKeyAction on_delete = ForeignKeyAction::NoAction;
    ForeignKeyAction on_update = ForeignKeyAction::NoAction;
  };

  /// Reads `schema` through `connection`, inside its open transaction if there is one.
  PostgresCatalog(PostgresConnection& connection, std::string schema);

  [[nodiscard]] const std::string& schema() const noexcept { return schema_; }

  /// Whether the schema itself exists.
  [[nodiscard]] bool has_schema();
  /// Whether a table (ordinary or partitioned, not a view) of that name exists.
  [[nodiscard]] bool has_table(std::string_view table);
  /// Whether the table exists and has that column.
  [[nodiscard]] bool has_column(std::string_view table, std::string_view column);
  /// Whether an index of that name exists on that table.
  [[nodiscard]] bool has_index(std::string_view table, std::string_view index);
  /// Every table of the schema, sorted by name byte by byte.
  [[nodiscard]] std::vector<std::string> tables();
  /// Every view and materialized view of the schema, sorted by name.
  [[nodiscard]] std::vector<std::string> views();

  /// The columns of a table (or view), in their order; empty when it does not exist.
  [[nodiscard]] std::vector<Column> columns(std::string_view table);
  /// The indexes of a table, sorted by name, the primary key's included.
  [[nodiscard]] std::vector<Index> indexes(std::string_view table);
  /// The foreign keys a table declares, sorted by name.
  [[nodiscard]] std::vector<ForeignKey> foreign_keys(std::string_view table);
  /// A table (not a view) as Driver::describe_table() reads it, from columns(), indexes()
  /// and foreign_keys(); nullopt when there is no such table.
  [[nodiscard]] std::optional<TableInfo> describe(std::string_view table);

  /// What modify_column needs to know of an existing column; nullopt when it does not exist.
  [[nodiscard]] std::optional<PostgresDialect::ExistingColumn> existing_column(
      std::string_view table, std::string_view column);

  /// The builder type for a PostgreSQL type name and typmod (pg_type.typname, atttypmod).
  [[nodiscard]] static std::optional<ColumnType> to_kit_type(std::string_view type_name,
                                                             int typmod);

 private:
  [[nodiscard]] bool exists(const std::string& sql, const PostgresParams& params);

  PostgresConnection& connection_;
  std::string schema_;
};

}  // namespace kit
