#include "sqlite_table_rebuild.hpp"

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "kit/error.hpp"
#include "sqlite_dialect.hpp"
#include "sqlite_schema.hpp"
#include "sqlite_table_info.hpp"
#include "sqlite_tokenizer.hpp"

namespace kit::sqlite {

namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

bool same(std::string_view a, std::string_view b) { return SqliteTokenizer::same_name(a, b); }

bool is_integer_kind(ColumnKind kind) {
  return kind == ColumnKind::Integer || kind == ColumnKind::BigInteger ||
         kind == ColumnKind::SmallInteger;
}

// A collation as written ("NOCASE", "\"nocase\"") without its quotes.
std::string collation_name(const std::string& written) {
  if (written.empty()) return "BINARY";
  try {
    const auto tokens = SqliteTokenizer::tokenize(written);
    if (tokens.size() == 1) return tokens.front().name();
  } catch (const Error&) {
  }
  return written;
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

// The table as the statement's operations leave it, before it is written as SQL.
class Plan {
 public:
  Plan(const SqliteDialect& dialect, const Statement& statement, SqliteTableInfo info)
      : dialect_(dialect), statement_(statement), info_(std::move(info)) {
    for (const auto& c : info_.columns) {
      columns_.push_back(
          Column{c.name, c.name, c.name, c.type, c.not_null, c.default_sql, c.collation, false});
    }
    for (const auto& name : info_.primary_key()) primary_key_.push_back(existing(name));
    autoincrement_ = info_.autoincrement && primary_key_.size() == 1;
    // A key written PRIMARY KEY (code COLLATE NOCASE) or (id DESC) keeps that: its index's
    // collation where it is not the column's own, and its direction.
    for (const auto i : primary_key_) {
      KeyPart part{i, "", false};
      for (const auto& indexed : info_.primary_key_index) {
        if (!same(indexed.name, columns_[i].name)) continue;
        if (!same(indexed.collation, collation_name(columns_[i].collation))) {
          part.collation = indexed.collation;
        }
        part.descending = indexed.descending;
      }
      primary_key_parts_.push_back(std::move(part));
    }
    for (const auto& unique : info_.uniques) {
      Unique u;
      for (const auto& part : unique.columns) {
        u.parts.push_back(KeyPart{existing(part.name), part.collation, part.descending});
      }
      uniques_.push_back(std::move(u));
    }
    for (const auto& key : info_.foreign_keys) {
      Key k{key.name, {}, key.references};
      for (const auto& name : key.columns) k.columns.push_back(existing(name));
      keys_.push_back(std::move(k));
    }
  }

  void apply(const AlterOperation& operation) {
    if (const auto* op = std::get_if<AddColumn>(&operation)) {
      add_column(op->column, op->if_not_exists);
    } else if (const auto* op = std::get_if<ModifyColumn>(&operation)) {
      modify_column(op->column);
    } else if (const auto* op = std::get_if<RenameColumn>(&operation)) {
      rename_column(op->from.name(), op->to.name());
    } else if (const auto* op = std::get_if<DropColumn>(&operation)) {
      drop_column(op->column.name());
    } else if (const auto* op = std::get_if<AddForeignKey>(&operation)) {
      add_foreign_key(op->key);
    } else if (const auto* op = std::get_if<DropForeignKey>(&operation)) {
      drop_foreign_key(op->name.name());
    }
  }

  [[nodiscard]] SqlList sql(const std::string& new_table) const;

 private:
  struct Column {
    std::string name;      // in the new table (renames of existing columns come after)
    std::string current;   // as the statement's next operation sees it
    std::string original;  // in the old table; empty for a column this statement adds
    std::string type;
    bool not_null = false;
    std::optional<std::string> default_sql;
    std::string collation;
    bool dropped = false;
  };
  struct KeyPart {
    std::size_t column;
    std::string collation;
    bool descending;
  };
  struct Unique {
    std::vector<KeyPart> parts;
  };
  struct Key {
    std::string name;
    std::vector<std::size_t> columns;
    std::string references;
  };
  struct Rename {
    std::size_t column;
    std::string from;
    std::string to;
  };

  [[noreturn]] void fail(const std::string& reason) const {
    dialect_.unsupported(statement_, reason);
  }

  [[nodiscard]] std::size_t find(const std::string& name) const {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (!columns_[i].dropped && same(columns_[i].current, name)) return i;
    }
    return kNone;
  }

  [[nodiscard]] std::size_t existing(const std::string& name) const {
    const std::size_t i = find(name);
    if (i == kNone) fail("table " + info_.name + " has no column " + name);
    return i;
  }

  [[nodiscard]] std::string type_for(const ColumnDef& column, bool keyed) const {
    const ColumnType& type = *column.get_type();
    // The rowid alias that AUTOINCREMENT needs is spelled exactly `integer`.
    if (is_integer_kind(type.kind) && (column.is_auto_increment() || keyed)) return "integer";
    return dialect_.type_name(type);
  }

  void make_primary_key(std::size_t i, bool auto_increment) {
    if (!primary_key_.empty() && !(primary_key_.size() == 1 && primary_key_[0] == i)) {
      fail("table " + info_.name + " already has a primary key");
    }
    if (primary_key_.empty()) primary_key_parts_ = {KeyPart{i, "", false}};
    primary_key_ = {i};
    if (auto_increment) {
      if (!same(columns_[i].type, "integer")) {
        fail("column " + columns_[i].current +
             " cannot auto-increment: SQLite only auto-increments an INTEGER PRIMARY KEY");
      }
      autoincrement_ = true;
    }
  }

  [[nodiscard]] bool without_rowid() const {
    const auto tokens = SqliteTokenizer::tokenize(info_.options);
    for (std::size_t t = 0; t + 1 < tokens.size(); ++t) {
      if (tokens[t].is("WITHOUT") && tokens[t + 1].is("ROWID")) return true;
    }
    return false;
  }

  void make_unique(std::size_t i) {
    for (const auto& unique : uniques_) {
      if (unique.parts.size() == 1 && unique.parts[0].column == i) return;
    }
    uniques_.push_back(Unique{{KeyPart{i, collation_name(columns_[i].collation), false}}});
  }

  void add_column(const ColumnDef& def, bool if_not_exists) {
    const std::string& name = def.get_name().name();
    if (find(name) != kNone) {
      if (if_not_exists) return;
      throw SchemaError(describe(statement_) + ": table " + info_.name + " already has column " +
                        name);
    }
    Column column;
    column.name = column.current = name;
    column.type = type_for(def, def.is_primary_key());
    column.not_null = def.get_nullable() == false;
    if (def.get_default()) column.default_sql = dialect_.value(*def.get_default());
    columns_.push_back(std::move(column));
    const std::size_t i = columns_.size() - 1;
    if (def.is_unique_key()) make_unique(i);
    if (def.is_primary_key()) make_primary_key(i, def.is_auto_increment());
  }

  void modify_column(const ColumnDef& def) {
    const std::size_t i = existing(def.get_name().name());
    Column& column = columns_[i];
    // A rowid alias (the INTEGER PRIMARY KEY of a rowid table) stays one: as bigint it would
    // no longer number new rows, and SQLite's integers are 64-bit either way.
    const bool keyed = primary_key_.size() == 1 && primary_key_[0] == i &&
                       (autoincrement_ || (same(column.type, "integer") && !without_rowid()));
    if (def.get_type()) column.type = type_for(def, keyed);
    if (def.get_nullable()) column.not_null = !*def.get_nullable();
    if (def.get_default()) column.default_sql = dialect_.value(*def.get_default());
    if (def.is_unique_key()) make_unique(i);
    if (def.is_primary_key() || def.is_auto_increment()) {
      if (def.is_auto_increment() && !def.is_primary_key() &&
          !(primary_key_.size() == 1 && primary_key_[0] == i)) {
        fail("column " + column.current + " is auto_increment() but not the primary key");
      }
      make_primary_key(i, def.is_auto_increment());
    }
  }

  void rename_column(const std::string& from, const std::string& to) {
    const std::size_t i = existing(from);
    if (find(to) != kNone && find(to) != i) {
      throw SchemaError(describe(statement_) + ": table " + info_.name + " already has column " +
                        to);
    }
    Column& column = columns_[i];
    if (column.original.empty()) {
      column.name = to;  // added by this statement: created under its final name
    } else {
      renames_.push_back(Rename{i, column.current, to});
    }
    column.current = to;
  }

  void drop_column(const std::string& name) {
    const std::size_t i = existing(name);
    columns_[i].dropped = true;
    // What SQLite's own DROP COLUMN would refuse goes with the column, as on PostgreSQL.
    for (const auto c : primary_key_) {
      if (c == i) {
        primary_key_.clear();
        primary_key_parts_.clear();
        autoincrement_ = false;
        break;
      }
    }
    const auto uses = [i](const std::vector<std::size_t>& cs) {
      for (const auto c : cs) {
        if (c == i) return true;
      }
      return false;
    };
    for (auto it = uniques_.begin(); it != uniques_.end();) {
      std::vector<std::size_t> cs;
      for (const auto& part : it->parts) cs.push_back(part.column);
      it = uses(cs) ? uniques_.erase(it) : it + 1;
    }
    for (auto it = keys_.begin(); it != keys_.end();) {
      it = uses(it->columns) ? keys_.erase(it) : it + 1;
    }
    for (auto it = renames_.begin(); it != renames_.end();) {
      it = it->column == i ? renames_.erase(it) : it + 1;
    }
  }

  void add_foreign_key(ForeignKeyCreateStatement key) {
    if (key.get_from_table().empty()) {
      key.from_tbl(info_.name);
    } else if (!same(key.get_from_table().name(), info_.name)) {
      throw SchemaError(describe(statement_) + ": the foreign key is on table " +
                        key.get_from_table().name() + ", not " + info_.name);
    }
    const std::string name = key.get_name().name();
    for (const auto& k : keys_) {
      if (!k.name.empty() && same(k.name, name)) {
        fail("table " + info_.name + " already has a foreign key named " + name);
      }
    }
    Key k{name, {}, dialect_.references_clause(key)};
    for (const auto& column : key.get_from_columns()) k.columns.push_back(existing(column.name()));
    keys_.push_back(std::move(k));
  }

  // The name Laravel and ForeignKeyCreateStatement give an unnamed key: t_a_b_foreign.
  [[nodiscard]] std::string derived_name(const Key& key) const {
    std::string name = info_.name;
    for (const auto c : key.columns) name += "_" + columns_[c].current;
    return name + "_foreign";
  }

  void drop_foreign_key(const std::string& name) {
    for (auto it = keys_.begin(); it != keys_.end(); ++it) {
      if (!it->name.empty() && same(it->name, name)) {
        keys_.erase(it);
        return;
      }
    }
    for (auto it = keys_.begin(); it != keys_.end(); ++it) {
      if (it->name.empty() && same(derived_name(*it), name)) {
        keys_.erase(it);
        return;
      }
    }
    std::vector<std::string> names;
    for (const auto& key : keys_) names.push_back(key.name.empty() ? derived_name(key) : key.name);
    fail("table " + info_.name + " has no foreign key named " + name +
         (names.empty() ? std::string(" (it has none)") : " (it has " + join(names, ", ") + ")"));
  }

  [[nodiscard]] bool dropped(const std::string& original) const {
    for (const auto& column : columns_) {
      if (column.dropped && !column.original.empty() && same(column.original, original)) {
        return true;
      }
    }
    return false;
  }

  [[nodiscard]] std::string column_sql(std::size_t i, bool unique) const {
    const Column& column = columns_[i];
    std::string sql = dialect_.quote(column.name);
    if (!column.type.empty()) sql += " " + column.type;
    if (column.not_null) sql += " NOT NULL";
    if (column.default_sql) sql += " DEFAULT " + *column.default_sql;
    if (!column.collation.empty()) sql += " COLLATE " + column.collation;
    if (unique) sql += " UNIQUE";
    if (primary_key_.size() == 1 && primary_key_[0] == i && !table_primary_key()) {
      sql += " PRIMARY KEY";
      if (autoincrement_) sql += " AUTOINCREMENT";
    }
    return sql;
  }

  /// Whether the primary key is written as a table constraint: several columns, or one
  /// with a collation or direction of its own (AUTOINCREMENT, which needs the column's
  /// form, has neither).
  [[nodiscard]] bool table_primary_key() const {
    if (primary_key_.size() > 1) return true;
    if (autoincrement_) return false;
    for (const auto& part : primary_key_parts_) {
      if (!part.collation.empty() || part.descending) return true;
    }
    return false;
  }

  [[nodiscard]] std::string primary_key_sql() const {
    std::vector<std::string> cols;
    for (std::size_t k = 0; k < primary_key_.size(); ++k) {
      std::string col = dialect_.quote(columns_[primary_key_[k]].name);
      if (k < primary_key_parts_.size() && primary_key_parts_[k].column == primary_key_[k]) {
        const KeyPart& part = primary_key_parts_[k];
        if (!part.collation.empty()) col += " COLLATE " + part.collation;
        if (part.descending) col += " DESC";
      }
      cols.push_back(std::move(col));
    }
    return "PRIMARY KEY (" + join(cols, ", ") + ")";
  }

  [[nodiscard]] std::string key_part_sql(const KeyPart& part) const {
    const Column& column = columns_[part.column];
    std::string sql = dialect_.quote(column.name);
    if (!same(part.collation, collation_name(column.collation)))
      sql += " COLLATE " + part.collation;
    if (part.descending) sql += " DESC";
    return sql;
  }

  const SqliteDialect& dialect_;
  const Statement& statement_;
  SqliteTableInfo info_;
  std::vector<Column> columns_;
  std::vector<std::size_t> primary_key_;
  bool autoincrement_ = false;
  std::vector<Unique> uniques_;
  std::vector<KeyPart> primary_key_parts_;  // primary_key_'s, collation "" for the column's
  std::vector<Key> keys_;
  std::vector<Rename> renames_;
};

SqlList Plan::sql(const std::string& new_table) const {
  const auto q = [&](const std::string& name) { return dialect_.quote(name); };

  // The new table's names, then the renames replayed on them, must never collide.
  std::vector<std::string> names;
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].dropped) continue;
    for (const auto j : kept) {
      if (same(columns_[j].name, columns_[i].name)) {
        fail("column names " + columns_[i].name +
             " would collide while renaming; split the renames into their own alter_table()");
      }
    }
    kept.push_back(i);
  }
  if (kept.empty()) fail("every column of table " + info_.name + " would be dropped");
  {
    std::vector<std::string> current;
    for (const auto i : kept) current.push_back(columns_[i].name);
    for (const auto& rename : renames_) {
      for (std::size_t k = 0; k < kept.size(); ++k) {
        if (kept[k] != rename.column && same(current[k], rename.to)) {
          fail("renaming " + rename.from + " to " + rename.to +
               " would collide with another column; split the renames into their own "
               "alter_table()");
        }
        if (kept[k] == rename.column) current[k] = rename.to;
      }
    }
  }

  // CREATE TABLE with every column, then the table constraints.
  std::vector<bool> inline_unique(columns_.size(), false);
  std::vector<std::string> parts;
  std::vector<std::string> constraints;
  for (const auto& unique : uniques_) {
    const KeyPart& first = unique.parts.front();
    if (unique.parts.size() == 1 && !first.descending &&
        same(first.collation, collation_name(columns_[first.column].collation))) {
      inline_unique[first.column] = true;
      continue;
    }
    std::vector<std::string> cols;
    for (const auto& part : unique.parts) cols.push_back(key_part_sql(part));
    constraints.push_back("UNIQUE (" + join(cols, ", ") + ")");
  }
  for (const auto i : kept) parts.push_back(column_sql(i, inline_unique[i]));
  if (table_primary_key()) parts.push_back(primary_key_sql());
  parts.insert(parts.end(), constraints.begin(), constraints.end());
  for (const auto& key : keys_) {
    std::vector<std::string> cols;
    for (const auto i : key.columns) cols.push_back(q(columns_[i].name));
    parts.push_back((key.name.empty() ? std::string() : "CONSTRAINT " + q(key.name) + " ") +
                    "FOREIGN KEY (" + join(cols, ", ") + ") " + key.references);
  }
  std::string create = "CREATE TABLE " + q(new_table) + " (" + join(parts, ", ") + ")";
  if (!info_.options.empty()) create += " " + info_.options;

  // Step 3 of SQLite's procedure: views and other tables' triggers that name the table go
  // first (ALTER TABLE ... RENAME TO fails while one names a table that is gone), newest
  // first, so that a trigger on a view goes before its view.
  for (const auto& dependent : info_.dependents) {
    for (const auto& token : SqliteTokenizer::tokenize(dependent.sql)) {
      if (token.is_name() && dropped(token.name())) {
        fail(dependent.type + " " + dependent.name + " uses column " + token.name() +
             ", which this drops; drop or change the " + dependent.type + " first");
      }
    }
  }
  SqlList out;
  for (auto it = info_.dependents.rbegin(); it != info_.dependents.rend(); ++it) {
    out.push_back((it->type == "view" ? "DROP VIEW " : "DROP TRIGGER ") + q(it->name));
  }
  out.push_back(std::move(create));

  // Copy the rows of every column that was there before; added columns take their default.
  std::vector<std::string> copied;
  for (const auto i : kept) {
    if (!columns_[i].original.empty()) copied.push_back(q(columns_[i].original));
  }
  if (copied.empty()) {
    fail("no column of table " + info_.name + " would be kept to copy its rows from");
  }
  out.push_back("INSERT INTO " + q(new_table) + " (" + join(copied, ", ") + ") SELECT " +
                join(copied, ", ") + " FROM " + q(info_.name));

  // AUTOINCREMENT never reuses a number: carry the old table's counter over.
  if (autoincrement_ && info_.autoincrement) {
    out.push_back("DELETE FROM \"sqlite_sequence\" WHERE \"name\" = " +
                  dialect_.quote_literal(new_table));
    out.push_back("INSERT INTO \"sqlite_sequence\" (\"name\", \"seq\") SELECT " +
                  dialect_.quote_literal(new_table) +
                  ", \"seq\" FROM \"sqlite_sequence\" WHERE \"name\" = " +
                  dialect_.quote_literal(info_.name) + " COLLATE NOCASE");
  }

  out.push_back("DROP TABLE " + q(info_.name));
  out.push_back("ALTER TABLE " + q(new_table) + " RENAME TO " + q(info_.name));

  // Indexes and triggers as written; an index on a dropped column goes with it.
  for (const auto& index : info_.indexes) {
    bool on_dropped = false;
    for (const auto& name : index.names) on_dropped = on_dropped || dropped(name);
    if (!on_dropped) out.push_back(index.sql);
  }
  for (const auto& trigger : info_.triggers) {
    for (const auto& token : SqliteTokenizer::tokenize(trigger.sql)) {
      if (token.is_name() && dropped(token.name())) {
        fail("trigger " + trigger.name + " uses column " + token.name() +
             "; drop the trigger first and create it again afterwards");
      }
    }
    out.push_back(trigger.sql);
  }
  // Then the views and other tables' triggers, as written and in their original order,
  // before the renames: ALTER TABLE ... RENAME COLUMN rewrites them as it does outside a
  // rebuild.
  for (const auto& dependent : info_.dependents) out.push_back(dependent.sql);

  for (const auto& rename : renames_) {
    out.push_back("ALTER TABLE " + q(info_.name) + " RENAME COLUMN " + q(rename.from) + " TO " +
                  q(rename.to));
  }

  // Step 10: the rebuilt table's own keys, and the keys of every table that references it.
  out.push_back("PRAGMA main.foreign_key_check(" + q(info_.name) + ")");
  for (const auto& child : info_.children) {
    if (!same(child, info_.name)) out.push_back("PRAGMA main.foreign_key_check(" + q(child) + ")");
  }
  return out;
}

}  // namespace

SqlList SqliteTableRebuild::render(const TableAlterStatement& alter,
                                   const Statement& statement) const {
  const std::string& table = alter.get_table().name();
  auto info = dialect_.schema().table(table);
  if (!info) dialect_.unsupported(statement, "table " + table + " does not exist");
  if (!info->unsupported.empty()) {
    dialect_.unsupported(statement, "the table rebuild this needs cannot keep what table " +
                                        info->name + " has: " + join(info->unsupported, "; "));
  }
  const std::string new_table = std::string(SqliteTableRebuild::kNewTablePrefix) + info->name;
  if (dialect_.schema().has_table(new_table)) {
    dialect_.unsupported(statement,
                         "table " + new_table + ", which the rebuild creates, already exists");
  }

  Plan plan(dialect_, statement, std::move(*info));
  for (const auto& operation : alter.get_operations()) plan.apply(operation);
  return plan.sql(new_table);
}

}  // namespace kit::sqlite
