// Creates the posts table; a user's posts go with the user.
#include <kit/migration.hpp>

using namespace kit;

KIT_IDEN(Users, Table, Id);
KIT_IDEN(Posts, Table, Id, UserId, Title, Body, Published, CreatedAt, UpdatedAt);

class CreatePostsTable final : public Migration {
 public:
  void up(SchemaManager& manager) override {
    manager.create_table(
        Table::create()
            .table(Posts::Table)
            .if_not_exists()
            .col(ColumnDef(Posts::Id).integer().not_null().auto_increment().primary_key())
            .col(ColumnDef(Posts::UserId).integer().not_null())
            .col(ColumnDef(Posts::Title).string_len(100).not_null())
            .col(ColumnDef(Posts::Body).text().not_null())
            .col(ColumnDef(Posts::Published).boolean().not_null().default_value(false))
            .col(ColumnDef(Posts::CreatedAt)
                     .timestamp()
                     .not_null()
                     .default_value(Expr::current_timestamp()))
            .col(ColumnDef(Posts::UpdatedAt)
                     .timestamp()
                     .not_null()
                     .default_value(Expr::current_timestamp()))
            .foreign_key(ForeignKey::create()
                             .name("fk_posts_user_id")
                             .from(Posts::Table, Posts::UserId)
                             .to(Users::Table, Users::Id)
                             .on_delete(ForeignKeyAction::Cascade)
                             .on_update(ForeignKeyAction::Cascade)));
  }

  void down(SchemaManager& manager) override {
    manager.drop_table(Table::drop().table(Posts::Table));
  }
};

KIT_MIGRATION(CreatePostsTable)
