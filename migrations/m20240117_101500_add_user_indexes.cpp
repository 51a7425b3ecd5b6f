// A phone number belongs to one user; a user's posts are listed newest first.
#include <kit/migration.hpp>

using namespace kit;

KIT_IDEN(Users, Table, Phone);
KIT_IDEN(Posts, Table, UserId, CreatedAt);

class AddUserIndexes final : public Migration {
 public:
  void up(SchemaManager& manager) override {
    manager.create_index(
        Index::create().name("idx_users_phone").table(Users::Table).col(Users::Phone).unique());
    manager.create_index(Index::create()
                             .name("idx_posts_user_id_created_at")
                             .table(Posts::Table)
                             .col(Posts::UserId)
                             .col(Posts::CreatedAt));
  }

  void down(SchemaManager& manager) override {
    manager.drop_index(Index::drop().name("idx_posts_user_id_created_at").table(Posts::Table));
    manager.drop_index(Index::drop().name("idx_users_phone").table(Users::Table));
  }
};

KIT_MIGRATION(AddUserIndexes)
