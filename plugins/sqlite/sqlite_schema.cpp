#include "sqlite_schema.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "sqlite_error.hpp"
#include "sqlite_tokenizer.hpp"

namespace kit::sqlite {

namespace {

using Token = SqliteTokenizer::Token;
using Tokens = std::vector<Token>;

// Runs a query with text parameters, calling `row` for each result row.
void query(SQLite::Database& db, const std::string& sql,
           std::initializer_list<std::string_view> params,
           const std::function<void(SQLite::Statement&)>& row) {
  try {
    SQLite::Statement statement(db, sql);
    int index = 1;
    for (const auto param : params) statement.bind(index++, std::string(param));
    while (statement.executeStep()) row(statement);
  } catch (const SQLite::Exception& error) {
    throw database_error(error, sql);
  }
}

bool exists(SQLite::Database& db, const std::string& sql,
            std::initializer_list<std::string_view> params) {
  bool found = false;
  query(db, sql, params, [&](SQLite::Statement&) { found = true; });
  return found;
}

std::string text(SQLite::Statement& statement, int column) {
  const auto value = statement.getColumn(column);
  return value.isNull() ? std::string() : value.getString();
}

// The source text covering tokens [first, last].
std::string source(std::string_view sql, const Token& first, const Token& last) {
  return std::string(sql.substr(first.offset, last.offset + last.text.size() - first.offset));
}

// The index just past the parenthesis that closes the one at `open`.
std::size_t after_parens(const Tokens& tokens, std::size_t open, std::size_t end) {
  int depth = 0;
  for (std::size_t i = open; i < end; ++i) {
    if (tokens[i].is_punct("(")) ++depth;
    if (tokens[i].is_punct(")") && --depth == 0) return i + 1;
  }
  return end;
}

// The action at tokens[i] (CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION).
ForeignKeyAction action_at(const Tokens& tokens, std::size_t i, std::size_t end) {
  if (i >= end) return ForeignKeyAction::NoAction;
  if (tokens[i].is("CASCADE")) return ForeignKeyAction::Cascade;
  if (tokens[i].is("RESTRICT")) return ForeignKeyAction::Restrict;
  if (tokens[i].is("SET") && i + 1 < end) {
    return tokens[i + 1].is("NULL") ? ForeignKeyAction::SetNull : ForeignKeyAction::SetDefault;
  }
  return ForeignKeyAction::NoAction;
}

// The end of a foreign-key clause starting at REFERENCES (tokens[i]):
// REFERENCES t [(cols)] {ON DELETE|UPDATE action | MATCH name}* [[NOT] DEFERRABLE [INITIALLY x]]
// Fills in the referenced columns and the actions of `key`.
std::size_t foreign_key_clause_end(const Tokens& tokens, std::size_t i, std::size_t end,
                                   SqliteTableInfo::ForeignKey& key) {
  i += 2;  // REFERENCES <table>
  if (i < end && tokens[i].is_punct("(")) {
    const std::size_t close = after_parens(tokens, i, end);
    for (std::size_t k = i + 1; k + 1 < close; ++k) {
      if (tokens[k].is_name()) key.parent_columns.push_back(tokens[k].name());
    }
    i = close;
  }
  for (;;) {
    if (i + 1 < end && tokens[i].is("ON") &&
        (tokens[i + 1].is("DELETE") || tokens[i + 1].is("UPDATE"))) {
      (tokens[i + 1].is("DELETE") ? key.on_delete : key.on_update) = action_at(tokens, i + 2, end);
      i += 2;
      if (i < end && (tokens[i].is("SET") || tokens[i].is("NO"))) {
        i += 2;  // SET NULL, SET DEFAULT, NO ACTION
      } else {
        i += 1;  // CASCADE, RESTRICT
      }
    } else if (i + 1 < end && tokens[i].is("MATCH")) {
      i += 2;
    } else if (i < end && (tokens[i].is("DEFERRABLE") || (tokens[i].is("NOT") && i + 1 < end &&
                                                          tokens[i + 1].is("DEFERRABLE")))) {
      i += tokens[i].is("NOT") ? 2 : 1;
      if (i + 1 < end && tokens[i].is("INITIALLY")) i += 2;
    } else {
      return std::min(i, end);
    }
  }
}

bool is_column_constraint_start(const Token& token) {
  for (const char* word : {"CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT",
                           "COLLATE", "REFERENCES", "GENERATED", "AS"}) {
    if (token.is(word)) return true;
  }
  return false;
}

// A column definition as written: what PRAGMA table_xinfo does not keep verbatim.
struct ParsedColumn {
  std::string name;
  std::string type;
  std::optional<std::string> default_sql;
  std::string collation;
};

struct ParsedTable {
  std::vector<ParsedColumn> columns;
  std::vector<SqliteTableInfo::ForeignKey> foreign_keys;
  bool autoincrement = false;
  std::string options;
  std::vector<std::string> unsupported;
};

void parse_column(std::string_view sql, const Tokens& tokens, std::size_t begin, std::size_t end,
                  ParsedTable& table) {
  ParsedColumn column;
  column.name = tokens[begin].name();
  std::size_t i = begin + 1;
  const std::size_t type_begin = i;
  while (i < end && !is_column_constraint_start(tokens[i])) {
    i = tokens[i].is_punct("(") ? after_parens(tokens, i, end) : i + 1;
  }
  if (i > type_begin) column.type = source(sql, tokens[type_begin], tokens[i - 1]);

  std::string constraint_name;
  while (i < end) {
    const Token& token = tokens[i];
    if (token.is("CONSTRAINT") && i + 1 < end) {
      constraint_name = tokens[i + 1].name();
      i += 2;
      continue;
    }
    if (token.is("PRIMARY")) {
      i += 2;  // PRIMARY KEY
      while (i < end &&
             (tokens[i].is("ASC") || tokens[i].is("DESC") || tokens[i].is("ON") ||
              tokens[i].is("CONFLICT") || tokens[i].is("AUTOINCREMENT") ||
              tokens[i].is("ROLLBACK") || tokens[i].is("ABORT") || tokens[i].is("FAIL") ||
              tokens[i].is("IGNORE") || tokens[i].is("REPLACE"))) {
        if (tokens[i].is("AUTOINCREMENT")) table.autoincrement = true;
        if (tokens[i].is("CONFLICT")) {
          table.unsupported.push_back("column " + column.name + " has an ON CONFLICT clause");
        }
        if (tokens[i].is("DESC")) {
          table.unsupported.push_back("column " + column.name + " is a PRIMARY KEY DESC");
        }
        ++i;
      }
    } else if (token.is("NOT") || token.is("NULL") || token.is("UNIQUE")) {
      i += token.is("NOT") ? 2 : 1;
      if (i + 1 < end && tokens[i].is("ON") && tokens[i + 1].is("CONFLICT")) {
        table.unsupported.push_back("column " + column.name + " has an ON CONFLICT clause");
        i += 3;
      }
    } else if (token.is("CHECK")) {
      table.unsupported.push_back("column " + column.name + " has a CHECK constraint");
      i = after_parens(tokens, i + 1, end);
    } else if (token.is("DEFAULT") && i + 1 < end) {
      std::size_t last = i + 1;
      if (tokens[last].is_punct("(")) {
        last = after_parens(tokens, last, end) - 1;
      } else if ((tokens[last].is_punct("-") || tokens[last].is_punct("+")) && last + 1 < end) {
        last += 1;
      }
      column.default_sql = source(sql, tokens[i + 1], tokens[last]);
      i = last + 1;
    } else if (token.is("COLLATE") && i + 1 < end) {
      column.collation = std::string(tokens[i + 1].text);
      i += 2;
    } else if (token.is("REFERENCES") && i + 1 < end) {
      SqliteTableInfo::ForeignKey key;
      key.name = constraint_name;
      key.columns = {column.name};
      key.parent = tokens[i + 1].name();
      const std::size_t clause_end = foreign_key_clause_end(tokens, i, end, key);
      key.references = source(sql, tokens[i], tokens[clause_end - 1]);
      table.foreign_keys.push_back(std::move(key));
      i = clause_end;
    } else if (token.is("GENERATED") || token.is("AS")) {
      table.unsupported.push_back("column " + column.name + " is a generated column");
      i = end;
    } else {
      table.unsupported.push_back("the definition of column " + column.name +
                                  " has an unexpected '" + std::string(token.text) + "'");
      i = end;
    }
    constraint_name.clear();
  }
  table.columns.push_back(std::move(column));
}

void parse_table_constraint(std::string_view sql, const Tokens& tokens, std::size_t begin,
                            std::size_t end, ParsedTable& table) {
  std::string name;
  std::size_t i = begin;
  if (tokens[i].is("CONSTRAINT") && i + 1 < end) {
    name = tokens[i + 1].name();
    i += 2;
  }
  if (i >= end) return;
  if (tokens[i].is("CHECK")) {
    table.unsupported.push_back("the table has a CHECK constraint");
  } else if (tokens[i].is("FOREIGN")) {
    SqliteTableInfo::ForeignKey key;
    key.name = name;
    std::size_t j = i + 2;  // FOREIGN KEY
    if (j < end && tokens[j].is_punct("(")) {
      const std::size_t close = after_parens(tokens, j, end) - 1;
      for (std::size_t k = j + 1; k < close; ++k) {
        if (tokens[k].is_name()) key.columns.push_back(tokens[k].name());
      }
      j = close + 1;
    }
    if (j + 1 < end && tokens[j].is("REFERENCES")) {
      key.parent = tokens[j + 1].name();
      key.references = source(sql, tokens[j], tokens[end - 1]);
      (void)foreign_key_clause_end(tokens, j, end, key);
    } else {
      table.unsupported.push_back("a FOREIGN KEY constraint could not be read");
    }
    table.foreign_keys.push_back(std::move(key));
  } else {
    // PRIMARY KEY (...) and UNIQUE (...) come back from the pragmas; conflict clauses do not.
    for (std::size_t k = i; k < end; ++k) {
      if (tokens[k].is("CONFLICT")) {
        table.unsupported.push_back("a table constraint has an ON CONFLICT clause");
      }
    }
  }
}

ParsedTable parse_create_table(std::string_view sql) {
  ParsedTable table;
  Tokens tokens;
  try {
    tokens = SqliteTokenizer::tokenize(sql);
  } catch (const Error& error) {
    table.unsupported.push_back(error.what());
    return table;
  }
  std::size_t open = 0;
  while (open < tokens.size() && !tokens[open].is_punct("(")) {
    if (tokens[open].is("AS")) {
      table.unsupported.push_back("the table was created with CREATE TABLE ... AS SELECT");
      return table;
    }
    ++open;
  }
  const std::size_t close = after_parens(tokens, open, tokens.size()) - 1;
  if (open >= tokens.size() || close >= tokens.size() || !tokens[close].is_punct(")")) {
    table.unsupported.push_back("its CREATE TABLE statement could not be read");
    return table;
  }
  if (close + 1 < tokens.size()) {
    table.options = source(sql, tokens[close + 1], tokens.back());
    if (!table.options.empty() && table.options.back() == ';') table.options.pop_back();
  }

  std::size_t item = open + 1;
  int depth = 0;
  for (std::size_t i = open + 1; i <= close; ++i) {
    if (tokens[i].is_punct("(")) ++depth;
    if (i < close && tokens[i].is_punct(")")) --depth;
    if ((depth == 0 && tokens[i].is_punct(",")) || i == close) {
      if (i > item) {
        const Token& first = tokens[item];
        const std::size_t head = first.is("CONSTRAINT") ? item + 2 : item;
        const bool constraint =
            first.is("CONSTRAINT") ||
            (head < i && (tokens[head].is("PRIMARY") || tokens[head].is("UNIQUE") ||
                          tokens[head].is("CHECK") || tokens[head].is("FOREIGN")));
        if (constraint) {
          parse_table_constraint(sql, tokens, item, i, table);
        } else {
          parse_column(sql, tokens, item, i, table);
        }
      }
      item = i + 1;
    }
  }
  return table;
}

// The names `sql` mentions (identifiers, strings, qualified names); nullopt when it cannot
// be read, which counts as mentioning everything.
std::optional<std::vector<std::string>> mentioned_names(std::string_view sql) {
  try {
    std::vector<std::string> names;
    for (const auto& token : SqliteTokenizer::tokenize(sql)) {
      if (token.is_name()) names.push_back(token.name());
    }
    return names;
  } catch (const Error&) {
    return std::nullopt;
  }
}

}  // namespace

const SqliteTableInfo::Column* SqliteTableInfo::column(
    const std::string& column_name) const noexcept {
  for (const auto& c : columns) {
    if (SqliteTokenizer::same_name(c.name, column_name)) return &c;
  }
  return nullptr;
}

std::vector<std::string> SqliteTableInfo::primary_key() const {
  std::vector<const Column*> key;
  for (const auto& c : columns) {
    if (c.primary_key_position > 0) key.push_back(&c);
  }
  std::sort(key.begin(), key.end(), [](const Column* a, const Column* b) {
    return a->primary_key_position < b->primary_key_position;
  });
  std::vector<std::string> names;
  for (const auto* c : key) names.push_back(c->name);
  return names;
}

bool SqliteSchema::has_table(std::string_view table) const {
  // SQLite's own lookup in its parsed schema (case-insensitive; tables, not views), in
  // constant time: a query of sqlite_master or pragma_table_list reads every table, and
  // the commit check asks this for each table a migration wrote.
  const std::string name(table);
  sqlite3* handle = db_.getHandle();
  const int rc = sqlite3_table_column_metadata(handle, "main", name.c_str(), nullptr, nullptr,
                                               nullptr, nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK) return true;
  // "no such table column: ..." is the answer no; anything else (an unreadable schema) fails.
  static constexpr std::string_view kMissing = "no such table column";
  if (rc == SQLITE_ERROR &&
      std::string_view(sqlite3_errmsg(handle)).substr(0, kMissing.size()) == kMissing) {
    return false;
  }
  throw database_error(handle, "sqlite3_table_column_metadata(main, " + name + ")");
}

bool SqliteSchema::has_column(std::string_view table, std::string_view column) const {
  if (!has_table(table)) return false;
  return exists(db_, "SELECT 1 FROM pragma_table_xinfo(?, 'main') WHERE name = ? COLLATE NOCASE",
                {table, column});
}

bool SqliteSchema::has_index(std::string_view table, std::string_view index) const {
  return exists(db_,
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ? COLLATE NOCASE "
                "AND tbl_name = ? COLLATE NOCASE",
                {index, table});
}

std::vector<std::string> SqliteSchema::names(const char* type) const {
  std::vector<std::string> out;
  query(db_,
        std::string("SELECT name FROM sqlite_master WHERE type = '") + type +
            "' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        {}, [&](SQLite::Statement& row) { out.push_back(text(row, 0)); });
  return out;
}

std::vector<SqliteTableInfo::KeyColumn> SqliteSchema::key_columns(const std::string& index) const {
  std::vector<SqliteTableInfo::KeyColumn> out;
  // An expression has no name: it reads as "".
  query(db_,
        "SELECT name, coll, \"desc\" FROM pragma_index_xinfo(?, 'main') WHERE key ORDER BY seqno",
        {index}, [&](SQLite::Statement& row) {
          out.push_back(SqliteTableInfo::KeyColumn{text(row, 0), text(row, 1),
                                                   row.getColumn(2).getInt() != 0});
        });
  return out;
}

std::vector<std::string> SqliteSchema::tables() const { return names("table"); }
std::vector<std::string> SqliteSchema::views() const { return names("view"); }
std::vector<std::string> SqliteSchema::triggers() const { return names("trigger"); }

std::optional<SqliteTableInfo> SqliteSchema::table(std::string_view table_name) const {
  SqliteTableInfo info;
  bool found = false;
  query(db_, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE",
        {table_name}, [&](SQLite::Statement& row) {
          found = true;
          info.name = text(row, 0);
          info.sql = text(row, 1);
        });
  if (!found) return std::nullopt;
  const std::string& name = info.name;

  ParsedTable parsed = parse_create_table(info.sql);
  info.unsupported = std::move(parsed.unsupported);
  info.foreign_keys = std::move(parsed.foreign_keys);
  info.autoincrement = parsed.autoincrement;
  info.options = std::move(parsed.options);
  if (info.sql.size() >= 14 &&
      SqliteTokenizer::same_name(info.sql.substr(0, 14), "CREATE VIRTUAL")) {
    info.unsupported.push_back("it is a virtual table");
  }

  query(db_, "SELECT name, \"notnull\", pk, hidden FROM pragma_table_xinfo(?, 'main') ORDER BY cid",
        {name}, [&](SQLite::Statement& row) {
          SqliteTableInfo::Column column;
          column.name = text(row, 0);
          column.not_null = row.getColumn(1).getInt() != 0;
          column.primary_key_position = row.getColumn(2).getInt();
          if (row.getColumn(3).getInt() != 0) {
            info.unsupported.push_back("column " + column.name + " is a generated column");
          }
          const auto written = std::find_if(
              parsed.columns.begin(), parsed.columns.end(), [&](const ParsedColumn& p) {
                return SqliteTokenizer::same_name(p.name, column.name);
              });
          if (written == parsed.columns.end()) {
            info.unsupported.push_back("the definition of column " + column.name +
                                       " could not be read");
          } else {
            column.type = written->type;
            column.default_sql = written->default_sql;
            column.collation = written->collation;
          }
          info.columns.push_back(std::move(column));
        });

  int foreign_keys = 0;
  query(db_, "SELECT count(DISTINCT id) FROM pragma_foreign_key_list(?, 'main')", {name},
        [&](SQLite::Statement& row) { foreign_keys = row.getColumn(0).getInt(); });
  if (static_cast<std::size_t>(foreign_keys) != info.foreign_keys.size()) {
    info.unsupported.push_back("its foreign keys could not be read");
  }

  std::vector<std::string> unique_indexes;
  query(db_,
        "SELECT name FROM pragma_index_list(?, 'main') WHERE origin = 'u' ORDER BY "
        "length(name), name",
        {name}, [&](SQLite::Statement& row) { unique_indexes.push_back(text(row, 0)); });
  for (const auto& index : unique_indexes) {
    info.uniques.push_back(SqliteTableInfo::Unique{index, key_columns(index)});
  }
  query(db_, "SELECT name FROM pragma_index_list(?, 'main') WHERE origin = 'pk'", {name},
        [&](SQLite::Statement& row) { info.primary_key_index = key_columns(text(row, 0)); });

  query(db_,
        "SELECT m.name, m.sql, l.\"unique\", l.partial FROM sqlite_master AS m "
        "JOIN pragma_index_list(?, 'main') AS l ON l.name = m.name WHERE m.type = 'index' AND "
        "m.tbl_name = ? COLLATE NOCASE AND m.sql IS NOT NULL ORDER BY m.name",
        {name, name}, [&](SQLite::Statement& row) {
          SqliteTableInfo::Index index;
          index.name = text(row, 0);
          index.sql = text(row, 1);
          index.unique = row.getColumn(2).getInt() != 0;
          index.partial = row.getColumn(3).getInt() != 0;
          const auto tokens = SqliteTokenizer::tokenize(index.sql);
          bool after_on = false;
          bool in_columns = false;
          for (const auto& token : tokens) {
            if (token.is("ON")) after_on = true;
            if (after_on && token.is_punct("(")) in_columns = true;
            if (in_columns && token.is_name()) index.names.push_back(token.name());
          }
          info.indexes.push_back(std::move(index));
        });
  for (auto& index : info.indexes) {
    for (auto& key : key_columns(index.name)) {
      if (key.name.empty()) {
        index.expressions = true;
      } else {
        index.columns.push_back(std::move(key.name));
      }
    }
  }

  query(db_,
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
        "COLLATE NOCASE ORDER BY name",
        {name}, [&](SQLite::Statement& row) {
          info.triggers.push_back(SqliteTableInfo::Trigger{text(row, 0), text(row, 1)});
        });

  // Views and other tables' triggers that name the table, then those that name such a
  // view, until none is added; kept in sqlite_schema order.
  struct Candidate {
    SqliteTableInfo::Dependent dependent;
    std::optional<std::vector<std::string>> names;
    bool depends = false;
  };
  std::vector<Candidate> candidates;
  query(db_,
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') AND "
        "tbl_name <> ? COLLATE NOCASE AND sql IS NOT NULL ORDER BY rowid",
        {name}, [&](SQLite::Statement& row) {
          SqliteTableInfo::Dependent dependent{text(row, 0), text(row, 1), text(row, 2)};
          auto names = mentioned_names(dependent.sql);
          candidates.push_back(Candidate{std::move(dependent), std::move(names), false});
        });
  std::vector<std::string> depended_on{name};
  for (bool added = true; added;) {
    added = false;
    for (auto& candidate : candidates) {
      if (candidate.depends) continue;
      bool names_one = !candidate.names;  // unreadable: assume the worst
      for (std::size_t i = 0; !names_one && i < candidate.names->size(); ++i) {
        for (const auto& target : depended_on) {
          names_one = names_one || SqliteTokenizer::same_name((*candidate.names)[i], target);
        }
      }
      if (!names_one) continue;
      candidate.depends = added = true;
      if (candidate.dependent.type == "view") depended_on.push_back(candidate.dependent.name);
    }
  }
  for (auto& candidate : candidates) {
    if (candidate.depends) info.dependents.push_back(std::move(candidate.dependent));
  }

  query(db_,
        "SELECT DISTINCT m.name FROM sqlite_master AS m, pragma_foreign_key_list(m.name, 'main') "
        "AS f "
        "WHERE m.type = 'table' AND f.\"table\" = ? COLLATE NOCASE ORDER BY m.name",
        {name}, [&](SQLite::Statement& row) { info.children.push_back(text(row, 0)); });
  return info;
}

std::optional<TableInfo> SqliteSchema::describe(std::string_view table_name) const {
  const auto info = table(table_name);
  if (!info) return std::nullopt;
  TableInfo out;
  out.name = info->name;
  out.primary_key = info->primary_key();

  bool without_rowid = false;
  try {
    const auto options = SqliteTokenizer::tokenize(info->options);
    for (std::size_t i = 0; i + 1 < options.size(); ++i) {
      without_rowid = without_rowid || (options[i].is("WITHOUT") && options[i + 1].is("ROWID"));
    }
  } catch (const Error&) {
    // Options that do not tokenize were read from a table SQLite accepted: leave them be.
  }
  // A rowid table's only primary key column declared exactly INTEGER is the rowid: never
  // NULL (inserting NULL numbers it), and numbered by AUTOINCREMENT when the table says so.
  std::string rowid;
  if (!without_rowid && out.primary_key.size() == 1) {
    const auto* key = info->column(out.primary_key.front());
    if (key != nullptr && SqliteTokenizer::same_name(key->type, "INTEGER")) rowid = key->name;
  }
  for (const auto& column : info->columns) {
    const bool is_rowid = !rowid.empty() && column.name == rowid;
    ColumnInfo c;
    c.name = column.name;
    c.type = column.type;
    c.kit_type = to_kit_type(column.type);
    // WITHOUT ROWID tables refuse NULL in their key, declared NOT NULL or not.
    c.nullable =
        !column.not_null && !is_rowid && !(without_rowid && column.primary_key_position > 0);
    c.default_sql = column.default_sql;
    c.auto_increment = is_rowid && info->autoincrement;
    out.columns.push_back(std::move(c));
  }

  for (const auto& unique : info->uniques) {
    IndexInfo index;
    index.name = unique.name;
    for (const auto& key : unique.columns) index.columns.push_back(key.name);
    index.unique = true;
    index.constraint = true;
    out.indexes.push_back(std::move(index));
  }
  for (const auto& created : info->indexes) {
    IndexInfo index;
    index.name = created.name;
    index.columns = created.columns;
    index.unique = created.unique;
    index.partial = created.partial;
    index.expressions = created.expressions;
    out.indexes.push_back(std::move(index));
  }
  std::sort(out.indexes.begin(), out.indexes.end(),
            [](const IndexInfo& a, const IndexInfo& b) { return a.name < b.name; });

  for (const auto& key : info->foreign_keys) {
    ForeignKeyInfo fk;
    fk.name = key.name;
    fk.columns = key.columns;
    fk.referenced_table = key.parent;
    fk.referenced_columns = key.parent_columns;
    if (fk.referenced_columns.empty()) {  // REFERENCES parent: its primary key
      if (SqliteTokenizer::same_name(key.parent, info->name)) {
        fk.referenced_columns = out.primary_key;
      } else if (const auto parent = table(key.parent)) {
        fk.referenced_columns = parent->primary_key();
      }
    }
    fk.on_delete = key.on_delete;
    fk.on_update = key.on_update;
    out.foreign_keys.push_back(std::move(fk));
  }
  std::sort(out.foreign_keys.begin(), out.foreign_keys.end(),
            [](const ForeignKeyInfo& a, const ForeignKeyInfo& b) {
              return std::tie(a.name, a.columns) < std::tie(b.name, b.columns);
            });
  return out;
}

std::optional<ColumnType> SqliteSchema::to_kit_type(std::string_view declared) {
  std::string text;
  for (const char c : declared) {
    if (std::isspace(static_cast<unsigned char>(c)) == 0) {
      text += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  std::string base = text;
  std::vector<std::uint32_t> args;
  if (const auto open = text.find('('); open != std::string::npos) {
    if (text.back() != ')') return std::nullopt;
    base = text.substr(0, open);
    std::string_view list(text);
    list = list.substr(open + 1, list.size() - open - 2);
    while (true) {
      const auto comma = list.find(',');
      const std::string_view arg = list.substr(0, comma);
      if (arg.empty() || arg.size() > 9 ||
          !std::all_of(arg.begin(), arg.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
      }
      args.push_back(static_cast<std::uint32_t>(std::stoul(std::string(arg))));
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }

  ColumnType type;
  if (base == "numeric") {
    type.kind = ColumnKind::Decimal;
    if (args.size() > 2) return std::nullopt;
    if (!args.empty()) {
      type.precision = args[0];
      type.scale = args.size() == 2 ? args[1] : 0;
    }
    return type;
  }
  if (base == "varchar") {
    type.kind = ColumnKind::String;
    if (args.size() > 1) return std::nullopt;
    if (!args.empty()) type.length = args[0];
    return type;
  }
  if (!args.empty()) return std::nullopt;
  static const std::pair<const char*, ColumnKind> kNames[] = {
      {"integer", ColumnKind::Integer},
      {"bigint", ColumnKind::BigInteger},
      {"smallint", ColumnKind::SmallInteger},
      {"real", ColumnKind::Float},
      {"double", ColumnKind::Double},
      {"doubleprecision", ColumnKind::Double},
      {"text", ColumnKind::Text},
      {"boolean", ColumnKind::Boolean},
      {"timestamp_text", ColumnKind::Timestamp},
      {"timestamp", ColumnKind::Timestamp},
      {"timestamp_with_timezone_text", ColumnKind::TimestampWithTimeZone},
      {"timestampwithtimezone", ColumnKind::TimestampWithTimeZone},
      {"date_text", ColumnKind::Date},
      {"date", ColumnKind::Date},
      {"time_text", ColumnKind::Time},
      {"time", ColumnKind::Time},
      {"blob", ColumnKind::Blob},
      {"json_text", ColumnKind::Json},
      {"json", ColumnKind::Json},
      {"jsonb_text", ColumnKind::JsonBinary},
      {"uuid_text", ColumnKind::Uuid},
      {"uuid", ColumnKind::Uuid},
  };
  for (const auto& [name, kind] : kNames) {
    if (base == name) {
      type.kind = kind;
      return type;
    }
  }
  return std::nullopt;
}

}  // namespace kit::sqlite
