#include "model_codegen.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "codegen.hpp"
#include "kit/iden.hpp"

namespace kit::host {

namespace {

constexpr std::size_t kColumnLimit = 100;  // the repository's .clang-format
constexpr std::string_view kChecksumPrefix = "// db:sync checksum: ";

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_identifier(std::string_view s) {
  if (s.empty() || !(is_alpha(s.front()) || s.front() == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return is_alnum(c) || c == '_'; });
}

/// C++ keywords, and the macros of the standard headers (and of GNU mode: `linux`, `unix`)
/// that a member name must not be.
const std::set<std::string, std::less<>>& keywords() {
  static const std::set<std::string, std::less<>> words = {
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
      "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept",
      "const", "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
      "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast",
      "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto",
      "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
      "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register",
      "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static",
      "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local",
      "throw", "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using",
      "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
      // macros
      "assert", "errno", "EOF", "NULL", "offsetof", "stdin", "stdout", "stderr", "linux", "unix",
      "i386"};
  return words;
}

/// An identifier a generated member may have: no keyword, nothing reserved to the
/// implementation (a leading underscore, a double one).
bool usable(std::string_view s) {
  return is_identifier(s) && s.front() != '_' && s.find("__") == std::string_view::npos &&
         keywords().count(s) == 0;
}

/// `name` when it is a plain word, else as a C++ string literal: in comments, a name that
/// holds spaces, quotes or line breaks stays readable and cannot end the comment.
std::string literal(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      char octal[8];
      std::snprintf(octal, sizeof octal, "\\%03o", static_cast<unsigned>(u));
      out += octal;
    } else {
      out += c;
    }
  }
  return out + "\"";
}
std::string shown(std::string_view name) {
  const bool plain = !name.empty() && std::all_of(name.begin(), name.end(),
                                                  [](char c) { return is_alnum(c) || c == '_'; });
  return plain ? std::string(name) : literal(name);
}
/// SQL text (a type, a default) for a comment: on one line, and never ending in a
/// backslash, which would continue the comment onto the next line.
std::string comment_text(std::string_view sql) {
  std::string out;
  for (const char c : sql) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (u < 0x20 || u == 0x7f) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

/// `text` as comment lines starting with `prefix` ("/// ", "  /// "), broken between words
/// so that no line passes the column limit, as clang-format would leave them.
std::string comment(std::string_view prefix, std::string_view text) {
  std::string out;
  std::string line(prefix);
  bool empty = true;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t end = text.find(' ', i);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(i, end - i);
    if (!empty && line.size() + 1 + word.size() > kColumnLimit) {
      out += line + "\n";
      line = std::string(prefix);
      empty = true;
    }
    if (!empty) line += ' ';
    line += word;
    empty = false;
    i = end;
  }
  return out + line + "\n";
}

/// `head` + the arguments joined by ", " + `tail`, on one line when it fits, else packed as
/// clang-format packs them: each continuation aligned after the opening parenthesis.
std::string call(std::string_view head, const std::vector<std::string>& args,
                 std::string_view tail) {
  std::string flat(head);
  for (std::size_t i = 0; i < args.size(); ++i) flat += (i == 0 ? "" : ", ") + args[i];
  flat += tail;
  if (flat.size() <= kColumnLimit) return flat + "\n";
  std::string out;
  std::string line(head);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string piece = args[i] + (i + 1 == args.size() ? std::string(tail) : ",");
    if (line.size() > head.size() && line.size() + 1 + piece.size() > kColumnLimit) {
      while (line.back() == ' ') line.pop_back();
      out += line + "\n";
      line = std::string(head.size(), ' ');
    }
    if (line.size() > head.size()) line += ' ';
    line += piece;
  }
  return out + line + "\n";
}

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    if (is_space(c)) continue;
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::string hex(std::uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

/// "Cascade" -> "cascade", "SetNull" -> "set null".
std::string action_text(ForeignKeyAction action) {
  std::string out = kit::to_sql(action);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
  return out;
}

std::string list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + shown(name);
  return out;
}

/// The words of a name, each capitalized and joined: "order items" -> "OrderItems"; a
/// leading digit gets a "T" in front.
std::string pascal_words(std::string_view name) {
  std::string out;
  bool upper = true;
  for (const char c : name) {
    if (!is_alnum(c)) {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
    upper = false;
  }
  if (out.empty() || is_digit(out.front())) out = "T" + out;
  return out;
}

/// A member name for a column that is not one itself: "with space" -> "with_space",
/// "order" -> "order_", "2fa" -> "c_2fa".
std::string field_for(std::string_view column) {
  if (usable(column)) return std::string(column);
  std::string out;
  for (const char c : column) {
    if (is_alnum(c)) {
      out += c;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty()) out = "column";
  if (is_digit(out.front())) out = "c_" + out;
  if (keywords().count(out) != 0) out += '_';
  return out;
}

/// A file stem for a table: the name itself when it is lowercase letters, digits and
/// underscores; otherwise that shape of it.
std::string stem_for(std::string_view table) {
  std::string out;
  for (const char c : table) {
    const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
    if (is_alnum(lower) || lower == '_') {
      out += lower;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "table" : out;
}
bool is_plain_stem(std::string_view table) {
  return !table.empty() && std::all_of(table.begin(), table.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || is_digit(c) || c == '_';
  });
}

/// `wanted`, or `wanted` + separator + 2, 3, ... when taken; then taken.
std::string claim(std::set<std::string>& taken, const std::string& wanted,
                  std::string_view separator = "") {
  std::string name = wanted;
  for (int n = 2; taken.count(name) != 0; ++n) {
    name = wanted + std::string(separator) + std::to_string(n);
  }
  taken.insert(name);
  return name;
}

/// The PascalCase name whose DeriveIden snake_case is exactly `name`, if there is one.
std::optional<std::string> round_trip(std::string_view name) {
  std::string pascal = Codegen::pascal_case(name);
  if (!is_identifier(pascal) || pascal.front() == '_' || kit::to_snake_case(pascal) != name) {
    return std::nullopt;
  }
  return pascal;
}

/// The names one table's header declares.
struct Names {
  struct Column {
    std::string member;    // its KIT_IDEN member; empty when it has none
    std::string constant;  // the string constant naming it instead
    std::string field;     // its member in the row struct
  };
  std::string iden;               // the KIT_IDEN struct
  bool iden_names_table = false;  // the KIT_IDEN has a Table member naming the table
  std::string table_constant;     // the string constant naming the table instead
  std::string row;                // the row struct
  std::string file;               // the file's stem
  std::vector<Column> columns;
};

/// Names for every table, unique across all of them (they share one namespace and one
/// folder), the same for the same tables.
std::vector<Names> name_all(const std::vector<TableInfo>& tables) {
  std::vector<Names> all(tables.size());
  std::set<std::string> taken;  // namespace-level names
  std::set<std::string> stems;
  // Names that map back to their tables come first: they are the ones code spells.
  for (std::size_t t = 0; t < tables.size(); ++t) {
    if (const auto pascal = round_trip(tables[t].name); pascal && taken.count(*pascal) == 0) {
      all[t].iden = claim(taken, *pascal);
      all[t].iden_names_table = true;
    }
    if (is_plain_stem(tables[t].name)) all[t].file = claim(stems, tables[t].name, "_");
  }
  for (std::size_t t = 0; t < tables.size(); ++t) {
    Names& names = all[t];
    const TableInfo& table = tables[t];
    if (names.iden.empty()) {
      names.iden = claim(taken, pascal_words(table.name));
      names.table_constant = claim(taken, "k" + names.iden + "Table");
    }
    names.row = claim(taken, names.iden + "Row");
    if (names.file.empty()) names.file = claim(stems, stem_for(table.name), "_");
  }
  for (std::size_t t = 0; t < tables.size(); ++t) {
    Names& names = all[t];
    std::set<std::string> fields;
    for (const auto& column : tables[t].columns) {
      Names::Column c;
      const auto member = round_trip(column.name);
      // KIT_IDEN's own names: "Table" names the table, "Member" is its enum, and no member
      // may be named as the struct.
      if (member && *member != "Table" && *member != "Member" && *member != names.iden) {
        c.member = *member;
      } else {
        c.constant = claim(taken, "k" + names.iden + pascal_words(column.name));
      }
      // Columns that are row members as they are come first.
      if (usable(column.name)) c.field = claim(fields, column.name, "_");
      names.columns.push_back(std::move(c));
    }
    for (std::size_t i = 0; i < names.columns.size(); ++i) {
      auto& field = names.columns[i].field;
      if (field.empty()) field = claim(fields, field_for(tables[t].columns[i].name), "_");
    }
  }
  return all;
}

std::string base_type(const ColumnInfo& column) {
  if (!column.kit_type) return "std::string";
  switch (column.kit_type->kind) {
    case ColumnKind::Integer:
      return "std::int32_t";
    case ColumnKind::BigInteger:
      return "std::int64_t";
    case ColumnKind::SmallInteger:
      return "std::int16_t";
    case ColumnKind::Float:
      return "float";
    case ColumnKind::Double:
      return "double";
    case ColumnKind::Boolean:
      return "bool";
    case ColumnKind::Blob:
      return "std::vector<std::uint8_t>";
    case ColumnKind::Decimal:
    case ColumnKind::String:
    case ColumnKind::Text:
    case ColumnKind::Timestamp:
    case ColumnKind::TimestampWithTimeZone:
    case ColumnKind::Date:
    case ColumnKind::Time:
    case ColumnKind::Json:
    case ColumnKind::JsonBinary:
    case ColumnKind::Uuid:
      break;
  }
  return "std::string";
}

/// What the comment above a row member says of its column.
std::string describe_column(const ColumnInfo& column, const Names::Column& names,
                            const TableInfo& table) {
  std::string text;
  if (names.field != column.name) text += "Column " + literal(column.name) + ": ";
  text += column.type.empty() ? "no declared type" : comment_text(column.type);
  text += column.nullable ? ", nullable" : ", not null";
  if (column.default_sql) text += ", default " + comment_text(*column.default_sql);
  if (column.auto_increment) text += ", auto-increment";
  const auto& key = table.primary_key;
  if (std::find(key.begin(), key.end(), column.name) != key.end()) {
    text += key.size() == 1 ? ", primary key" : ", in the primary key";
  }
  if (!column.kit_type) text += "; no builder type, held as text";
  return text;
}

struct Reference {
  std::string table;
  ForeignKeyInfo key;
};

std::string render(const TableInfo& table, const Names& names, std::string_view backend,
                   const std::vector<Reference>& referenced_by) {
  std::vector<std::string> types;
  for (const auto& column : table.columns) types.push_back(ModelCodegen::cpp_type(column));
  const auto uses = [&](std::string_view what) {
    return std::any_of(types.begin(), types.end(), [&](const std::string& type) {
      return type.find(what) != std::string::npos;
    });
  };

  std::string body = "#pragma once\n\n";
  std::string includes;
  if (uses("int")) includes += "#include <cstdint>\n";
  if (uses("std::optional")) includes += "#include <optional>\n";
  if (uses("std::string")) includes += "#include <string>\n";
  if (uses("std::vector")) includes += "#include <vector>\n";
  if (!includes.empty()) body += includes + "\n";
  body +=
      "#include <kit/iden.hpp>\n\nnamespace " + std::string(ModelCodegen::kNamespace) + " {\n\n";

  std::vector<std::string> members;
  if (names.iden_names_table) members.emplace_back("Table");
  std::string constants;
  if (!names.iden_names_table) {
    constants += comment("// ", "The table " + literal(table.name) +
                                    " has no PascalCase name that maps back to it under "
                                    "DeriveIden rules: " +
                                    names.table_constant + " names it, and " + names.iden +
                                    " has no Table member.");
    constants += "inline constexpr const char* " + names.table_constant + " = " +
                 literal(table.name) + ";\n";
  }
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const auto& column = names.columns[i];
    if (!column.member.empty()) {
      members.push_back(column.member);
      continue;
    }
    constants += comment("// ", "The column " + literal(table.columns[i].name) +
                                    " has no KIT_IDEN member that maps back to it under "
                                    "DeriveIden rules: " +
                                    column.constant + " names it.");
    constants += "inline constexpr const char* " + column.constant + " = " +
                 literal(table.columns[i].name) + ";\n";
  }
  if (!constants.empty()) body += constants + "\n";
  if (!members.empty()) {
    std::vector<std::string> args{names.iden};
    args.insert(args.end(), members.begin(), members.end());
    body += call("KIT_IDEN(", args, ");") + "\n";
  }

  std::string doc = comment("/// ", "A row of the table " + literal(table.name) + ".");
  if (table.primary_key.empty()) {
    doc += comment("/// ", "No primary key.");
  } else {
    doc += comment("/// ", "Primary key: " + list(table.primary_key) + ".");
  }
  for (const auto& index : table.indexes) {
    std::string text = !index.unique      ? "Index"
                       : index.constraint ? "Unique constraint"
                                          : "Unique index";
    text += " " + shown(index.name) + ": " + (index.columns.empty() ? "" : list(index.columns));
    if (index.expressions) text += index.columns.empty() ? "expressions" : " and expressions";
    if (index.partial) text += ", partial";
    doc += comment("/// ", text + ".");
  }
  const auto actions = [](const ForeignKeyInfo& key) {
    std::string text;
    if (key.on_delete != ForeignKeyAction::NoAction) {
      text += ", on delete " + action_text(key.on_delete);
    }
    if (key.on_update != ForeignKeyAction::NoAction) {
      text += ", on update " + action_text(key.on_update);
    }
    return text;
  };
  for (const auto& key : table.foreign_keys) {
    doc += comment("/// ", "Foreign key" + (key.name.empty() ? "" : " " + shown(key.name)) + ": " +
                               list(key.columns) + " -> " + shown(key.referenced_table) + " (" +
                               list(key.referenced_columns) + ")" + actions(key) + ".");
  }
  for (const auto& reference : referenced_by) {
    doc += comment("/// ",
                   "Referenced by " + shown(reference.table) + " (" + list(reference.key.columns) +
                       ")" +
                       (reference.key.name.empty() ? "" : " through " + shown(reference.key.name)) +
                       actions(reference.key) + ".");
  }
  body += doc + "struct " + names.row + " {\n";
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const auto& column = table.columns[i];
    body += comment("  /// ", describe_column(column, names.columns[i], table));
    // Numbers and bools start as zero and false rather than indeterminate.
    const bool scalar = types[i] == "float" || types[i] == "double" || types[i] == "bool" ||
                        types[i].rfind("std::int", 0) == 0;
    body += "  " + types[i] + " " + names.columns[i].field + (scalar ? "{}" : "") + ";\n";
  }
  body += "};\n\n}  // namespace " + std::string(ModelCodegen::kNamespace) + "\n";

  const std::string header =
      comment("// ", std::string(ModelCodegen::kMarker.substr(3)) + " from the table " +
                         literal(table.name) + " of a " + std::string(backend) +
                         " database. Run db:sync again rather than editing it: db:sync "
                         "leaves an edited file alone (unless --force), and so your edits "
                         "would keep it from following the table.");
  return header + std::string(kChecksumPrefix) + hex(fnv1a(body)) + "\n" + body;
}

}  // namespace

std::string ModelCodegen::cpp_type(const ColumnInfo& column) {
  const std::string type = base_type(column);
  return column.nullable ? "std::optional<" + type + ">" : type;
}

std::vector<ModelCodegen::File> ModelCodegen::generate(std::vector<TableInfo> tables,
                                                       std::string_view backend) {
  std::sort(tables.begin(), tables.end(),
            [](const TableInfo& a, const TableInfo& b) { return a.name < b.name; });
  const auto names = name_all(tables);
  std::map<std::string, std::vector<Reference>> referenced_by;
  for (const auto& table : tables) {
    for (const auto& key : table.foreign_keys) {
      referenced_by[key.referenced_table].push_back(Reference{table.name, key});
    }
  }
  std::vector<File> files;
  for (std::size_t t = 0; t < tables.size(); ++t) {
    const auto found = referenced_by.find(tables[t].name);
    files.push_back(
        File{names[t].file + ".hpp", tables[t].name,
             render(tables[t], names[t], backend,
                    found == referenced_by.end() ? std::vector<Reference>() : found->second)});
  }
  return files;
}

ModelCodegen::Origin ModelCodegen::origin(std::string_view content) {
  if (content.substr(0, kMarker.size()) != kMarker) return Origin::HandWritten;
  const std::string needle = "\n" + std::string(kChecksumPrefix);
  const auto at = content.find(needle);
  if (at == std::string_view::npos) return Origin::Edited;
  const auto value = at + needle.size();
  const auto end = content.find('\n', value);
  if (end == std::string_view::npos) return Origin::Edited;
  const std::string_view recorded = content.substr(value, end - value);
  return recorded == hex(fnv1a(content.substr(end + 1))) ? Origin::Generated : Origin::Edited;
}

bool ModelCodegen::same_code(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (true) {
    while (i < a.size() && is_space(a[i])) ++i;
    while (j < b.size() && is_space(b[j])) ++j;
    if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
    if (a[i++] != b[j++]) return false;
  }
}

}  // namespace kit::host
