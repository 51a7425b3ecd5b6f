#include "codegen.hpp"

#include <cctype>
#include <fstream>
#include <set>
#include <string_view>

#include "host_error.hpp"
#include "kit/iden.hpp"
#include "migration_catalog.hpp"
#include "utc_time.hpp"

namespace kit::host {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// Names a generated file must not declare: they would clash with `using namespace kit;`
/// or with the KIT_IDEN struct's own members.
const std::set<std::string, std::less<>>& reserved_names() {
  static const std::set<std::string, std::less<>> names = {"AddColumn",
                                                           "AddForeignKey",
                                                           "AlterOperation",
                                                           "ColumnDef",
                                                           "ColumnKind",
                                                           "ColumnType",
                                                           "DatabaseError",
                                                           "DatabaseUrl",
                                                           "Decimal",
                                                           "Driver",
                                                           "DriverCreateFn",
                                                           "DriverDestroyFn",
                                                           "DropColumn",
                                                           "DropForeignKey",
                                                           "Error",
                                                           "Expr",
                                                           "ForeignKey",
                                                           "ForeignKeyAction",
                                                           "ForeignKeyCreateStatement",
                                                           "ForeignKeyDropStatement",
                                                           "Iden",
                                                           "Index",
                                                           "IndexCreateStatement",
                                                           "IndexDropStatement",
                                                           "IrreversibleMigrationError",
                                                           "Keyword",
                                                           "LedgerEntry",
                                                           "Member",
                                                           "Migration",
                                                           "MigrationCreateFn",
                                                           "MigrationDestroyFn",
                                                           "ModifyColumn",
                                                           "RenameColumn",
                                                           "SchemaError",
                                                           "SchemaManager",
                                                           "SqlList",
                                                           "SqlRenderer",
                                                           "Statement",
                                                           "StatementObserver",
                                                           "Table",
                                                           "TableAlterStatement",
                                                           "TableCreateStatement",
                                                           "TableDropStatement",
                                                           "TableRenameStatement",
                                                           "TableTruncateStatement",
                                                           "UnsupportedError",
                                                           "Value"};
  return names;
}

/// How the generated source names a table and its columns: through a KIT_IDEN struct when
/// its PascalCase names map back to the same snake_case names, else as string literals.
class Idens {
 public:
  Idens(std::string_view table, std::vector<std::string> columns, std::string_view class_name)
      : table_(table), columns_(std::move(columns)) {
    struct_ = Codegen::pascal_case(table);
    use_struct_ = usable(struct_) && kit::to_snake_case(struct_) == table && struct_ != class_name;
  }

  /// `Users::Table` or `"users"`.
  [[nodiscard]] std::string table() const {
    return use_struct_ ? struct_ + "::Table" : quoted(table_);
  }
  /// `Users::CreatedAt` or `"created_at"`.
  [[nodiscard]] std::string column(std::string_view name) const {
    const std::string member = Codegen::pascal_case(name);
    if (use_struct_ && column_member_ok(member, name)) return struct_ + "::" + member;
    return quoted(name);
  }
  /// `KIT_IDEN(Users, Table, Id);` followed by a blank line, or nothing.
  [[nodiscard]] std::string declaration() const {
    if (!use_struct_) return "";
    std::string out = "KIT_IDEN(" + struct_ + ", Table";
    for (const auto& column : columns_) {
      const std::string member = Codegen::pascal_case(column);
      if (column_member_ok(member, column)) out += ", " + member;
    }
    return out + ");\n\n";
  }

 private:
  static bool usable(const std::string& name) {
    return !name.empty() && std::isalpha(static_cast<unsigned char>(name.front())) != 0 &&
           reserved_names().count(name) == 0;
  }
  bool column_member_ok(const std::string& member, std::string_view column) const {
    return usable(member) && member != struct_ && kit::to_snake_case(member) == column;
  }
  static std::string quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

  std::string table_;
  std::vector<std::string> columns_;
  std::string struct_;
  bool use_struct_ = false;
};

constexpr std::size_t kColumnLimit = 100;  // the repository's .clang-format

/// `manager.<function>(<chain>);` laid out as clang-format does: on one line when it fits,
/// else the chain on the next line, else one link per line.
std::string call(const std::string& function, const std::vector<std::string>& chain) {
  std::string flat;
  for (const auto& link : chain) flat += link;
  const std::string head = "    manager." + function + "(";
  if (head.size() + flat.size() + 2 <= kColumnLimit) return head + flat + ");";
  if (8 + flat.size() + 2 <= kColumnLimit) return head + "\n        " + flat + ");";
  std::string out = head + chain.front();
  const std::string indent(head.size() + 4, ' ');
  for (std::size_t i = 1; i < chain.size(); ++i) out += "\n" + indent + chain[i];
  return out + ");";
}

/// A method whose body is `statement`: on one line when it fits, as clang-format does.
std::string method(const std::string& signature, const std::string& statement) {
  if (statement.find('\n') == std::string::npos) {
    const std::string line = "  " + signature + " { " + statement.substr(4) + " }";
    if (line.size() <= kColumnLimit) return line + "\n";
  }
  return "  " + signature + " {\n" + statement + "\n  }\n";
}

const std::string kUp = "void up(SchemaManager& manager) override";
const std::string kDown = "void down(SchemaManager& manager) override";

/// The file around a class: header comment, include, KIT_IDEN, class, KIT_MIGRATION.
std::string source(const std::string& comment, const std::string& declarations,
                   const std::string& class_name, const std::string& up, const std::string& down) {
  return "// " + comment + "\n#include <kit/migration.hpp>\n\nusing namespace kit;\n\n" +
         declarations + "class " + class_name + " final : public Migration {\n public:\n" + up +
         "\n" + down + "};\n\nKIT_MIGRATION(" + class_name + ")\n";
}

/// `.col(ColumnDef(X::Id).integer().not_null().auto_increment().primary_key())`
std::string id_column(const Idens& idens) {
  return "            .col(ColumnDef(" + idens.column("id") +
         ").integer().not_null().auto_increment().primary_key())";
}

/// A not-null timestamp column defaulting to the current time.
std::string timestamp_column(const Idens& idens, const std::string& name) {
  return "            .col(ColumnDef(" + idens.column(name) +
         ")\n"
         "                     .timestamp()\n"
         "                     .not_null()\n"
         "                     .default_value(Expr::current_timestamp()))";
}

std::string create_table_source(const std::string& class_name, const std::string& table) {
  const Idens idens(table, {"id", "created_at", "updated_at"}, class_name);
  const std::string up = "    manager.create_table(\n        Table::create()\n            .table(" +
                         idens.table() + ")\n" + id_column(idens) + "\n" +
                         timestamp_column(idens, "created_at") + "\n" +
                         timestamp_column(idens, "updated_at") + ");";
  return source(
      "Creates the " + table + " table.", idens.declaration(), class_name, method(kUp, up),
      method(kDown, call("drop_table", {"Table::drop()", ".table(" + idens.table() + ")"})));
}

std::string add_column_source(const std::string& class_name, const std::string& table,
                              const std::string& column) {
  const Idens idens(table, {column}, class_name);
  const std::string up =
      call("alter_table", {"Table::alter()", ".table(" + idens.table() + ")",
                           ".add_column(ColumnDef(" + idens.column(column) + ").string().null())"});
  const std::string down = call("alter_table", {"Table::alter()", ".table(" + idens.table() + ")",
                                                ".drop_column(" + idens.column(column) + ")"});
  return source("Adds " + column + " to " + table + ".", idens.declaration(), class_name,
                method(kUp, up), method(kDown, down));
}

std::string drop_table_source(const std::string& class_name, const std::string& table) {
  const Idens idens(table, {"id"}, class_name);
  const std::string down =
      "    // Recreates the table: complete it with the columns, indexes and foreign keys it "
      "had.\n"
      "    manager.create_table(\n        Table::create()\n            .table(" +
      idens.table() + ")\n" + id_column(idens) + ");";
  return source("Drops the " + table + " table.", idens.declaration(), class_name,
                method(kUp, call("drop_table", {"Table::drop()", ".table(" + idens.table() + ")"})),
                method(kDown, down));
}

std::string blank_source(const std::string& class_name) {
  return source("TODO: say in one line what this migration changes and why.", "", class_name,
                "  void up([[maybe_unused]] SchemaManager& manager) override {\n"
                "    // Change the schema here, e.g. manager.create_table(Table::create()...);\n"
                "  }\n",
                "  void down([[maybe_unused]] SchemaManager& manager) override {\n"
                "    // Undo what up() did, in reverse order.\n"
                "  }\n");
}

}  // namespace

bool Codegen::is_valid_name(std::string_view name) {
  if (name.empty() || name.front() < 'a' || name.front() > 'z' || name.back() == '_') return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c == '_') {
      if (name[i - 1] == '_') return false;
    } else if (!word) {
      return false;
    }
  }
  return true;
}

Codegen::Choice Codegen::choose(std::string_view name) {
  constexpr std::string_view kCreate = "create_", kDrop = "drop_", kAdd = "add_", kTable = "_table",
                             kTo = "_to_";
  if (starts_with(name, kCreate) && ends_with(name, kTable) &&
      name.size() > kCreate.size() + kTable.size()) {
    return {Template::CreateTable,
            std::string(name.substr(kCreate.size(), name.size() - kCreate.size() - kTable.size())),
            ""};
  }
  if (starts_with(name, kDrop) && ends_with(name, kTable) &&
      name.size() > kDrop.size() + kTable.size()) {
    return {Template::DropTable,
            std::string(name.substr(kDrop.size(), name.size() - kDrop.size() - kTable.size())), ""};
  }
  if (starts_with(name, kAdd)) {
    // As Laravel guesses: the column is up to the first "_to_", the table after it.
    const auto to = name.find(kTo, kAdd.size());
    if (to != std::string_view::npos && to > kAdd.size()) {
      std::string_view table = name.substr(to + kTo.size());
      if (ends_with(table, kTable) && table.size() > kTable.size()) {
        table.remove_suffix(kTable.size());
      }
      if (!table.empty()) {
        return {Template::AddColumn, std::string(table),
                std::string(name.substr(kAdd.size(), to - kAdd.size()))};
      }
    }
  }
  return {Template::Blank, "", ""};
}

std::string Codegen::pascal_case(std::string_view snake) {
  std::string out;
  bool upper = true;
  for (const char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

std::string Codegen::file_stem(std::string_view name, std::chrono::system_clock::time_point now) {
  return "m" + format_utc(now, "%Y%m%d_%H%M%S") + "_" + std::string(name);
}

std::string Codegen::render(std::string_view name) {
  const std::string class_name = pascal_case(name);
  const Choice choice = choose(name);
  switch (choice.kind) {
    case Template::CreateTable:
      return create_table_source(class_name, choice.table);
    case Template::AddColumn:
      return add_column_source(class_name, choice.table, choice.column);
    case Template::DropTable:
      return drop_table_source(class_name, choice.table);
    case Template::Blank:
      break;
  }
  return blank_source(class_name);
}

std::filesystem::path Codegen::make_migration(const std::filesystem::path& dir,
                                              std::string_view name,
                                              std::chrono::system_clock::time_point now) {
  namespace fs = std::filesystem;
  if (!is_valid_name(name)) {
    throw HostError(ExitCode::Usage,
                    "'" + std::string(name) +
                        "' is not a valid migration name: use snake_case (lowercase letters and "
                        "digits in words joined by single underscores, starting with a letter), "
                        "e.g. create_users_table");
  }
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    throw HostError(ExitCode::Usage, "--path '" + dir.string() + "' is not a directory");
  }
  std::set<std::string> versions;
  for (fs::directory_iterator it(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    if (it->path().extension() != ".cpp") continue;
    const std::string stem = it->path().stem().string();
    const auto version = MigrationCatalog::version_of(stem);
    if (!version) continue;
    if (std::string_view(stem).substr(17) == name) {
      throw HostError(ExitCode::Usage, "a migration named '" + std::string(name) +
                                           "' already exists: " + it->path().string());
    }
    versions.insert(*version);
  }
  std::string stem = file_stem(name, now);
  while (versions.count(*MigrationCatalog::version_of(stem)) != 0) {
    now += std::chrono::seconds(1);
    stem = file_stem(name, now);
  }

  fs::create_directories(dir, ec);
  if (ec) {
    throw HostError(ExitCode::Usage, "cannot create '" + dir.string() + "': " + ec.message());
  }
  const fs::path file = dir / (stem + ".cpp");
  std::ofstream out(file, std::ios::binary);
  out << render(name);
  out.close();
  if (!out) throw HostError(ExitCode::Failure, "cannot write " + file.string());
  return file;
}

}  // namespace kit::host
