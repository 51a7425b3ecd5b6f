// The migration of the killed-runs set, compiled once and linked into each of the 100
// generated artifacts: a table with a few columns, an index, and one row inserted through
// manager.execute(), all named by the artifact's own kit_faults_killed.
#include "killed_migration.hpp"

#include <kit/migration.hpp>
#include <string>

using namespace kit;

class KilledRunMigration final : public Migration {
 public:
  void up(SchemaManager& manager) override {
    const kit_faults_killed_spec& spec = kit_faults_killed;
    manager.create_table(
        Table::create()
            .table(spec.table)
            .col(ColumnDef("id").integer().not_null().auto_increment().primary_key())
            .col(ColumnDef("label").string_len(64).not_null())
            .col(ColumnDef("amount").integer().not_null().default_value(0))
            .col(ColumnDef("note").text().null()));
    manager.create_index(Index::create().name(spec.index_name).table(spec.table).col("label"));
    manager.execute(std::string("INSERT INTO ") + spec.table + " (label, amount) VALUES ('" +
                    spec.label + "', " + std::to_string(spec.index) + ")");
  }

  void down(SchemaManager& manager) override {
    manager.drop_table(Table::drop().table(kit_faults_killed.table));
  }
};

KIT_MIGRATION(KilledRunMigration)
