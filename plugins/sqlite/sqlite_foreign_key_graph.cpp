#include "sqlite_foreign_key_graph.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>

namespace kit::sqlite {

namespace {

std::string fold(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return name;
}

const std::vector<std::string> kNone;

}  // namespace

void SqliteForeignKeyGraph::reset(std::int64_t version) {
  version_ = version;
  unread_ = true;
  changed_.clear();
}

void SqliteForeignKeyGraph::changed(const std::vector<std::string>& tables, std::int64_t version) {
  // A table noted twice is read twice, to the same result.
  if (!unread_) changed_.insert(changed_.end(), tables.begin(), tables.end());
  version_ = version;
}

void SqliteForeignKeyGraph::update(SqliteStatementCache& statements, const SqliteSchema& schema) {
  if (unread_) {
    parents_.clear();
    children_.clear();
    const auto statement = statements.get(
        "SELECT m.name, f.\"table\" FROM sqlite_master AS m, "
        "pragma_foreign_key_list(m.name, 'main') AS f WHERE m.type = 'table'");
    std::unordered_map<std::string, std::vector<std::string>> found;
    while (statement->executeStep()) {
      found[statement->getColumn(0).getString()].push_back(statement->getColumn(1).getString());
    }
    for (const auto& [child, parents] : found) set_parents(child, parents);
    unread_ = false;
  } else if (!changed_.empty()) {
    const auto statement =
        statements.get("SELECT \"table\" FROM pragma_foreign_key_list(?, 'main')");
    for (const auto& table : changed_) {
      std::vector<std::string> parents;
      if (schema.has_table(table)) {  // else dropped: it references nothing, no query to say so
        statement->reset();
        statement->bind(1, table);
        while (statement->executeStep()) parents.push_back(statement->getColumn(0).getString());
      }
      set_parents(table, parents);
    }
  }
  changed_.clear();
}

void SqliteForeignKeyGraph::set_parents(const std::string& child,
                                        const std::vector<std::string>& parents) {
  const std::string key = fold(child);
  if (auto old = parents_.find(key); old != parents_.end()) {
    for (const auto& parent : old->second) {
      auto& siblings = children_[parent];
      siblings.erase(std::remove_if(siblings.begin(), siblings.end(),
                                    [&](const std::string& c) { return fold(c) == key; }),
                     siblings.end());
    }
    parents_.erase(old);
  }
  if (parents.empty()) return;
  auto& mine = parents_[key];
  for (const auto& parent : parents) {
    const std::string parent_key = fold(parent);
    if (std::find(mine.begin(), mine.end(), parent_key) != mine.end()) continue;
    mine.push_back(parent_key);
    children_[parent_key].push_back(child);
  }
}

const std::vector<std::string>& SqliteForeignKeyGraph::children(const std::string& parent) const {
  const auto found = children_.find(fold(parent));
  return found == children_.end() ? kNone : found->second;
}

}  // namespace kit::sqlite
