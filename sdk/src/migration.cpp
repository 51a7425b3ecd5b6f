#include "kit/migration.hpp"

namespace kit {

Migration::~Migration() = default;

void Migration::down(SchemaManager& /*manager*/) {
  throw IrreversibleMigrationError("this migration has no down(): it cannot be rolled back");
}

}  // namespace kit
