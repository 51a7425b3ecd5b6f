// BenchMigration: the i-th generated benchmark migration, as C++ source for
// kit_add_migrations() and as the builder statements its up() and down() run, side by side so
// that the two cannot drift apart.
#pragma once

#include <string>
#include <vector>

#include "kit/statement.hpp"

namespace kit::bench {

class BenchMigration {
 public:
  /// Migration `number` (1-based): table bench_<number>, five columns, one index.
  explicit BenchMigration(int number);

  /// m<YYYYMMDD>_<HHMMSS>_create_bench_<number>_table: one second after the previous one.
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] const std::string& table() const noexcept { return table_; }

  /// The statements up() passes to its SchemaManager, in order.
  [[nodiscard]] std::vector<Statement> up() const;
  /// The statements down() passes to its SchemaManager, in order.
  [[nodiscard]] std::vector<Statement> down() const;

  /// The migration's .cpp file: builds exactly up() and down().
  [[nodiscard]] std::string source(int total) const;

 private:
  int number_;
  std::string name_;
  std::string table_;
  std::string index_;
  std::string class_name_;
};

}  // namespace kit::bench
