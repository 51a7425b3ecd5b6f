#include "sqlite_write_set.hpp"

#include <sqlite3.h>

#include <string_view>

#include "sqlite_tokenizer.hpp"

namespace kit::sqlite {

namespace {

bool same(std::string_view a, std::string_view b) { return SqliteTokenizer::same_name(a, b); }

// Pragmas that change no rows and no foreign key's meaning. legacy_alter_table is one: a
// table renamed under it leaves its children naming the old name, and those children are
// checked as the old name's referencing tables.
bool harmless_pragma(const char* name) {
  if (name == nullptr) return false;
  for (const char* known :
       {"foreign_keys",    "foreign_key_check", "foreign_key_list",   "defer_foreign_keys",
        "table_info",      "table_xinfo",       "table_list",         "index_list",
        "index_info",      "index_xinfo",       "database_list",      "collation_list",
        "function_list",   "module_list",       "pragma_list",        "compile_options",
        "integrity_check", "quick_check",       "data_version",       "user_version",
        "application_id",  "busy_timeout",      "legacy_alter_table", "recursive_triggers",
        "encoding",        "journal_mode",      "synchronous",        "cache_size",
        "page_size",       "page_count",        "freelist_count",     "temp_store"}) {
    if (same(name, known)) return true;
  }
  return false;
}

// SQLite's record of the schema, which it writes itself for every CREATE, DROP and ALTER,
// and its AUTOINCREMENT counters, whose rows it deletes when such a table is dropped and
// renames with it. No foreign key can be enforced against sqlite_sequence: it has no unique
// key, so one naming it is a "foreign key mismatch" whatever its rows; and it holds none.
bool internal_table(const char* table) {
  return table != nullptr && (same(table, "sqlite_master") || same(table, "sqlite_schema") ||
                              same(table, "sqlite_temp_master") ||
                              same(table, "sqlite_temp_schema") || same(table, "sqlite_sequence"));
}

}  // namespace

void SqliteWriteSet::install(sqlite3* db) noexcept {
  sqlite3_set_authorizer(db, &SqliteWriteSet::authorize, this);
}

void SqliteWriteSet::start() noexcept {
  everything_ = false;
  altered_ = false;
  tables_.clear();
  created_or_dropped_.clear();
  recording_ = true;
  refusing_ = true;
  refused_ = false;
}

int SqliteWriteSet::authorize(void* self, int action, const char* a, const char* b,
                              const char* database, const char* /*trigger*/) noexcept {
  auto* set = static_cast<SqliteWriteSet*>(self);
  if (action == SQLITE_TRANSACTION) {
    set->refused_ = set->refusing_;
    return set->refusing_ ? SQLITE_DENY : SQLITE_OK;
  }
  if (action == SQLITE_SAVEPOINT) {  // a: BEGIN, RELEASE or ROLLBACK; b: the savepoint
    try {
      set->savepoint_.operation = a == nullptr ? "" : a;
      set->savepoint_.name = b == nullptr ? "" : b;
      set->savepoint_seen_ = true;
    } catch (...) {
      return SQLITE_DENY;  // out of memory: better refused than not tracked
    }
  }
  if (set->recording_) set->note(action, a, b, database);
  return SQLITE_OK;
}

void SqliteWriteSet::note(int action, const char* a, const char* b, const char* database) noexcept {
  try {
    switch (action) {
      case SQLITE_INSERT:  // a: table
      case SQLITE_UPDATE:  // a: table, b: column
      case SQLITE_DELETE:  // a: table
        if (!internal_table(a)) add(a, database);
        return;
      case SQLITE_DROP_TABLE:  // a: table
        add(a, database);
        if (a != nullptr) created_or_dropped_.emplace_back(a);
        return;
      case SQLITE_CREATE_TABLE:  // a: table
        if (a == nullptr || (database != nullptr && !same(database, "main"))) {
          everything_ = true;
        } else {
          created_or_dropped_.emplace_back(a);
        }
        return;
      case SQLITE_ALTER_TABLE:  // a: database, b: table
        add(b, a);
        altered_ = true;
        return;
      case SQLITE_PRAGMA:  // a: pragma, b: its argument
        if (!harmless_pragma(a)) everything_ = true;
        return;
      case SQLITE_CREATE_INDEX:
      case SQLITE_CREATE_TEMP_INDEX:
      case SQLITE_CREATE_TEMP_TABLE:
      case SQLITE_CREATE_TEMP_TRIGGER:
      case SQLITE_CREATE_TEMP_VIEW:
      case SQLITE_CREATE_TRIGGER:
      case SQLITE_CREATE_VIEW:
      case SQLITE_DROP_INDEX:
      case SQLITE_DROP_TEMP_INDEX:
      case SQLITE_DROP_TEMP_TRIGGER:
      case SQLITE_DROP_TEMP_VIEW:
      case SQLITE_DROP_TRIGGER:
      case SQLITE_DROP_VIEW:
      case SQLITE_READ:
      case SQLITE_SELECT:
      case SQLITE_TRANSACTION:
      case SQLITE_ATTACH:  // writes to it are seen as writes outside main
      case SQLITE_DETACH:
      case SQLITE_REINDEX:
      case SQLITE_ANALYZE:
      case SQLITE_CREATE_VTABLE:
      case SQLITE_DROP_VTABLE:
      case SQLITE_FUNCTION:
      case SQLITE_SAVEPOINT:
      case SQLITE_RECURSIVE:
        return;
      default:  // SQLITE_DROP_TEMP_TABLE, and whatever a later SQLite adds
        everything_ = true;
        return;
    }
  } catch (...) {  // out of memory: fall back to checking everything
    everything_ = true;
  }
}

void SqliteWriteSet::add(const char* table, const char* database) {
  if (table == nullptr || (database != nullptr && !same(database, "main"))) {
    everything_ = true;
    return;
  }
  for (const auto& known : tables_) {
    if (same(known, table)) return;
  }
  tables_.emplace_back(table);
}

}  // namespace kit::sqlite
