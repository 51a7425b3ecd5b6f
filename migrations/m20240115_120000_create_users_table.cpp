// Creates the users table.
#include <kit/migration.hpp>

using namespace kit;

KIT_IDEN(Users, Table, Id, Name, Email, PasswordHash, CreatedAt, UpdatedAt);

class CreateUsersTable final : public Migration {
 public:
  void up(SchemaManager& manager) override {
    manager.create_table(
        Table::create()
            .table(Users::Table)
            .if_not_exists()
            .col(ColumnDef(Users::Id).integer().not_null().auto_increment().primary_key())
            .col(ColumnDef(Users::Name).string().not_null())
            .col(ColumnDef(Users::Email).string().not_null().unique_key())
            .col(ColumnDef(Users::PasswordHash).string().not_null())
            .col(ColumnDef(Users::CreatedAt)
                     .timestamp()
                     .not_null()
                     .default_value(Expr::current_timestamp()))
            .col(ColumnDef(Users::UpdatedAt)
                     .timestamp()
                     .not_null()
                     .default_value(Expr::current_timestamp())));
  }

  void down(SchemaManager& manager) override {
    manager.drop_table(Table::drop().table(Users::Table));
  }
};

KIT_MIGRATION(CreateUsersTable)
