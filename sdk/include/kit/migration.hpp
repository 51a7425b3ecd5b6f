// Everything a migration needs: #include <kit/migration.hpp>
#pragma once

#include "kit/column_def.hpp"
#include "kit/error.hpp"
#include "kit/export.hpp"
#include "kit/foreign_key.hpp"
#include "kit/iden.hpp"
#include "kit/index.hpp"
#include "kit/plugin.hpp"
#include "kit/schema_manager.hpp"
#include "kit/table.hpp"
#include "kit/value.hpp"

namespace kit {

/// A schema change and its inverse. One per shared library, exported with KIT_MIGRATION.
class KIT_SDK_API Migration {
 public:
  virtual ~Migration();

  /// Applies the change.
  virtual void up(SchemaManager& manager) = 0;
  /// Reverts up(). The default throws IrreversibleMigrationError.
  virtual void down(SchemaManager& manager);
  /// Whether up() and down() run inside a transaction with the ledger row. Return false
  /// only for statements a transaction cannot hold (CREATE INDEX CONCURRENTLY).
  [[nodiscard]] virtual bool use_transaction() const noexcept { return true; }
};

using MigrationCreateFn = Migration* (*)();
using MigrationDestroyFn = void (*)(Migration* migration) noexcept;

}  // namespace kit

/// Exports `Class` as this library's migration. The name and checksum come from the build
/// (kit_add_migration writes the manifest), never from the source.
#define KIT_MIGRATION(Class)                                                                      \
  extern "C" KIT_PLUGIN_EXPORT ::kit::Migration* kit_migration_create() { return new Class(); }   \
  extern "C" KIT_PLUGIN_EXPORT void kit_migration_destroy(::kit::Migration* migration) noexcept { \
    delete migration;                                                                             \
  }
