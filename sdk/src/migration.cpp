#include "kit/migration.hpp"

namespace kit {

Migration::~Migration() = default;

void Migration::down(SchemaManager& /*manager*/) {
  // The host names the migration and says that it cannot be rolled back.
  throw IrreversibleMigrationError("this migration has no down()");
}

}  // namespace kit
