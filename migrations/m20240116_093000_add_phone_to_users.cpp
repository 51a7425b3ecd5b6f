// Adds an optional phone number to users.
#include <kit/migration.hpp>

using namespace kit;

KIT_IDEN(Users, Table, Phone);

class AddPhoneToUsers final : public Migration {
 public:
  void up(SchemaManager& manager) override {
    manager.alter_table(Table::alter()
                            .table(Users::Table)
                            .add_column(ColumnDef(Users::Phone).string_len(20).null()));
  }

  void down(SchemaManager& manager) override {
    manager.alter_table(Table::alter().table(Users::Table).drop_column(Users::Phone));
  }
};

KIT_MIGRATION(AddPhoneToUsers)
