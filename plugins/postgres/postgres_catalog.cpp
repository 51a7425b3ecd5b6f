#include "postgres_catalog.hpp"

#include <utility>

namespace kit {

namespace {

// Names are compared as `name` ($n::name), so an over-long name is truncated to 63 bytes
// exactly as the server truncated it when the object was created.
constexpr const char* kTableSql = R"(
  SELECT c.relname::text FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1::name AND c.relname = $2::name AND c.relkind IN ('r', 'p'))";

constexpr const char* kColumnSql = R"(
  SELECT 1 FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1::name AND c.relname = $2::name AND c.relkind IN ('r', 'p')
    AND a.attname = $3::name AND a.attnum > 0 AND NOT a.attisdropped)";

constexpr const char* kIndexSql = R"(
  SELECT 1 FROM pg_catalog.pg_index x
  JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
  JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
  WHERE n.nspname = $1::name AND t.relname = $2::name AND i.relname = $3::name)";

constexpr const char* kRelationsSql = R"(
  SELECT c.relname::text FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1::name AND c.relkind::text = ANY (string_to_array($2, ','))
  ORDER BY c.relname::text COLLATE "C")";

constexpr const char* kColumnsSql = R"(
  SELECT a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
         pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text,
         t.typname::text, a.atttypmod
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE n.nspname = $1::name AND c.relname = $2::name AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
    AND a.attnum > 0 AND NOT a.attisdropped
  ORDER BY a.attnum)";

// One row per key column of each index, in key order (expressions have no attribute).
constexpr const char* kIndexesSql = R"(
  SELECT i.relname::text, x.indisunique, x.indisprimary,
         EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con WHERE con.conindid = x.indexrelid
                 AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x')),
         x.indpred IS NOT NULL, x.indexprs IS NOT NULL,
         pg_catalog.pg_get_indexdef(x.indexrelid), a.attname::text
  FROM pg_catalog.pg_index x
  JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
  JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
  CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
  LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
  WHERE n.nspname = $1::name AND t.relname = $2::name AND k.ord <= x.indnkeyatts
  ORDER BY i.relname::text COLLATE "C", k.ord)";

constexpr const char* kForeignKeysSql = R"(
  SELECT con.conname::text, a.attname::text, rn.nspname::text, rc.relname::text,
         ra.attname::text, con.confdeltype::text, con.confupdtype::text
  FROM pg_catalog.pg_constraint con
  JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
  JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
  CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refattnum, ord)
  JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
  JOIN pg_catalog.pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refattnum
  WHERE con.contype = 'f' AND n.nspname = $1::name AND c.relname = $2::name
  ORDER BY con.conname::text COLLATE "C", k.ord)";

constexpr const char* kExistingColumnSql = R"(
  SELECT a.attidentity <> '',
         EXISTS (SELECT 1 FROM pg_catalog.pg_index x WHERE x.indrelid = c.oid
                 AND x.indisprimary AND x.indnkeyatts = 1 AND x.indkey[0] = a.attnum),
         EXISTS (SELECT 1 FROM pg_catalog.pg_index x WHERE x.indrelid = c.oid
                 AND x.indisunique AND x.indnkeyatts = 1 AND x.indkey[0] = a.attnum
                 AND x.indpred IS NULL AND x.indexprs IS NULL)
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1::name AND c.relname = $2::name AND c.relkind IN ('r', 'p')
    AND a.attname = $3::name AND a.attnum > 0 AND NOT a.attisdropped)";

std::optional<std::string> optional_text(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return std::string(field.c_str());
}

ForeignKeyAction to_action(std::string_view code) {
  if (code == "c") return ForeignKeyAction::Cascade;
  if (code == "n") return ForeignKeyAction::SetNull;
  if (code == "d") return ForeignKeyAction::SetDefault;
  if (code == "r") return ForeignKeyAction::Restrict;
  return ForeignKeyAction::NoAction;  // "a"
}

}  // namespace

PostgresCatalog::PostgresCatalog(PostgresConnection& connection, std::string schema)
    : connection_(connection), schema_(std::move(schema)) {}

bool PostgresCatalog::exists(const std::string& sql, const PostgresParams& params) {
  return !connection_.query(sql, params).empty();
}

bool PostgresCatalog::has_schema() {
  return exists("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1::name", {schema_});
}

bool PostgresCatalog::has_table(std::string_view table) {
  return exists(kTableSql, {schema_, std::string(table)});
}

bool PostgresCatalog::has_column(std::string_view table, std::string_view column) {
  return exists(kColumnSql, {schema_, std::string(table), std::string(column)});
}

bool PostgresCatalog::has_index(std::string_view table, std::string_view index) {
  return exists(kIndexSql, {schema_, std::string(table), std::string(index)});
}

std::vector<std::string> PostgresCatalog::tables() {
  std::vector<std::string> out;
  for (const auto& row : connection_.query(kRelationsSql, {schema_, std::string("r,p")})) {
    out.emplace_back(row[0].c_str());
  }
  return out;
}

std::vector<std::string> PostgresCatalog::views() {
  std::vector<std::string> out;
  for (const auto& row : connection_.query(kRelationsSql, {schema_, std::string("v,m")})) {
    out.emplace_back(row[0].c_str());
  }
  return out;
}

std::vector<PostgresCatalog::Column> PostgresCatalog::columns(std::string_view table) {
  std::vector<Column> out;
  for (const auto& row : connection_.query(kColumnsSql, {schema_, std::string(table)})) {
    Column column;
    column.name = row[0].c_str();
    column.type = row[1].c_str();
    column.nullable = row[2].as<bool>();
    const std::string identity = row[4].c_str();
    const bool generated = std::string_view(row[5].c_str()) == "s";
    (generated ? column.generated_sql : column.default_sql) = optional_text(row[3]);
    if (identity == "a") column.identity = "ALWAYS";
    if (identity == "d") column.identity = "BY DEFAULT";
    column.kit_type = to_kit_type(row[6].c_str(), row[7].as<int>());
    out.push_back(std::move(column));
  }
  return out;
}

std::vector<PostgresCatalog::Index> PostgresCatalog::indexes(std::string_view table) {
  std::vector<Index> out;
  for (const auto& row : connection_.query(kIndexesSql, {schema_, std::string(table)})) {
    const std::string name = row[0].c_str();
    if (out.empty() || out.back().name != name) {
      Index index;
      index.name = name;
      index.unique = row[1].as<bool>();
      index.primary = row[2].as<bool>();
      index.constraint = row[3].as<bool>();
      index.partial = row[4].as<bool>();
      index.expressions = row[5].as<bool>();
      index.definition = row[6].c_str();
      out.push_back(std::move(index));
    }
    if (!row[7].is_null()) out.back().columns.emplace_back(row[7].c_str());
  }
  return out;
}

std::vector<PostgresCatalog::ForeignKey> PostgresCatalog::foreign_keys(std::string_view table) {
  std::vector<ForeignKey> out;
  for (const auto& row : connection_.query(kForeignKeysSql, {schema_, std::string(table)})) {
    const std::string name = row[0].c_str();
    if (out.empty() || out.back().name != name) {
      ForeignKey key;
      key.name = name;
      key.referenced_schema = row[2].c_str();
      key.referenced_table = row[3].c_str();
      key.on_delete = to_action(row[5].c_str());
      key.on_update = to_action(row[6].c_str());
      out.push_back(std::move(key));
    }
    out.back().columns.emplace_back(row[1].c_str());
    out.back().referenced_columns.emplace_back(row[4].c_str());
  }
  return out;
}

std::optional<TableInfo> PostgresCatalog::describe(std::string_view table) {
  const auto found = connection_.query(kTableSql, {schema_, std::string(table)});
  if (found.empty()) return std::nullopt;
  TableInfo out;
  out.name = found[0][0].c_str();
  for (auto& column : columns(out.name)) {
    ColumnInfo c;
    c.name = std::move(column.name);
    c.type = std::move(column.type);
    c.kit_type = column.kit_type;
    c.nullable = column.nullable;
    // A serial column (what SeaORM makes) is numbered through its nextval() default.
    c.auto_increment = column.identity.has_value() ||
                       (column.default_sql && column.default_sql->rfind("nextval(", 0) == 0);
    c.default_sql = std::move(column.default_sql);
    out.columns.push_back(std::move(c));
  }
  for (auto& index : indexes(out.name)) {
    if (index.primary) {
      out.primary_key = std::move(index.columns);
      continue;
    }
    IndexInfo i;
    i.name = std::move(index.name);
    i.columns = std::move(index.columns);
    i.unique = index.unique;
    i.constraint = index.constraint;
    i.partial = index.partial;
    i.expressions = index.expressions;
    out.indexes.push_back(std::move(i));
  }
  for (auto& key : foreign_keys(out.name)) {
    ForeignKeyInfo k;
    k.name = std::move(key.name);
    k.columns = std::move(key.columns);
    k.referenced_table = std::move(key.referenced_table);
    k.referenced_columns = std::move(key.referenced_columns);
    k.on_delete = key.on_delete;
    k.on_update = key.on_update;
    out.foreign_keys.push_back(std::move(k));
  }
  return out;
}

std::optional<PostgresDialect::ExistingColumn> PostgresCatalog::existing_column(
    std::string_view table, std::string_view column) {
  const auto rows =
      connection_.query(kExistingColumnSql, {schema_, std::string(table), std::string(column)});
  if (rows.empty()) return std::nullopt;
  PostgresDialect::ExistingColumn out;
  out.identity = rows[0][0].as<bool>();
  out.primary_key = rows[0][1].as<bool>();
  out.unique = rows[0][2].as<bool>();
  return out;
}

std::optional<ColumnType> PostgresCatalog::to_kit_type(std::string_view name, int typmod) {
  ColumnType type;
  if (name == "int4") {
    type.kind = ColumnKind::Integer;
  } else if (name == "int8") {
    type.kind = ColumnKind::BigInteger;
  } else if (name == "int2") {
    type.kind = ColumnKind::SmallInteger;
  } else if (name == "float4") {
    type.kind = ColumnKind::Float;
  } else if (name == "float8") {
    type.kind = ColumnKind::Double;
  } else if (name == "numeric") {
    type.kind = ColumnKind::Decimal;
    if (typmod >= 4) {  // (precision << 16 | scale) + 4, as numeric stores it
      type.precision = static_cast<std::uint32_t>(((typmod - 4) >> 16) & 0xffff);
      type.scale = static_cast<std::uint32_t>((typmod - 4) & 0xffff);
    }
  } else if (name == "varchar") {
    type.kind = ColumnKind::String;
    if (typmod >= 4) type.length = static_cast<std::uint32_t>(typmod - 4);
  } else if (name == "text") {
    type.kind = ColumnKind::Text;
  } else if (name == "bool") {
    type.kind = ColumnKind::Boolean;
  } else if (name == "timestamp") {
    type.kind = ColumnKind::Timestamp;
  } else if (name == "timestamptz") {
    type.kind = ColumnKind::TimestampWithTimeZone;
  } else if (name == "date") {
    type.kind = ColumnKind::Date;
  } else if (name == "time") {
    type.kind = ColumnKind::Time;
  } else if (name == "bytea") {
    type.kind = ColumnKind::Blob;
  } else if (name == "json") {
    type.kind = ColumnKind::Json;
  } else if (name == "jsonb") {
    type.kind = ColumnKind::JsonBinary;
  } else if (name == "uuid") {
    type.kind = ColumnKind::Uuid;
  } else {
    return std::nullopt;
  }
  return type;
}

}  // namespace kit
