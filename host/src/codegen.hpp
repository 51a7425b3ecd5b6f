// Codegen: writes new migration sources (make:migration) from a template chosen by the name.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

namespace kit::host {

class Codegen {
 public:
  /// The template a migration name selects, Laravel-style.
  enum class Template {
    CreateTable,  // create_X_table: a table with an id and timestamps; down drops it
    AddColumn,    // add_Y_to_X[_table]: a nullable string column Y on X; down drops it
    DropTable,    // drop_X_table: up drops X; down recreates it with an id to complete
    Blank,        // anything else: empty up() and down() to fill in
  };

  /// A name's template and the table and column it names (empty when it names none).
  struct Choice {
    Template kind = Template::Blank;
    std::string table;
    std::string column;
  };

  /// Whether `name` is snake_case: ^[a-z][a-z0-9]*(_[a-z0-9]+)*$.
  [[nodiscard]] static bool is_valid_name(std::string_view name);
  /// Picks the template for a valid name.
  [[nodiscard]] static Choice choose(std::string_view name);
  /// Converts snake_case to PascalCase: "created_at" -> "CreatedAt".
  [[nodiscard]] static std::string pascal_case(std::string_view snake);
  /// The file stem for a name created at `now`: "m20240115_120000_create_users_table".
  [[nodiscard]] static std::string file_stem(std::string_view name,
                                             std::chrono::system_clock::time_point now);
  /// The C++ source of a new migration named `name`; compiles unchanged with kit_add_migration.
  [[nodiscard]] static std::string render(std::string_view name);

  /// Writes `<dir>/m<UTC YYYYMMDD_HHMMSS>_<name>.cpp` (creating `dir`), moving the time on
  /// by a second while another migration in `dir` has that timestamp. Throws
  /// HostError(Usage) for an invalid name or when `dir` already has a migration so named.
  static std::filesystem::path make_migration(const std::filesystem::path& dir,
                                              std::string_view name,
                                              std::chrono::system_clock::time_point now);
};

}  // namespace kit::host
