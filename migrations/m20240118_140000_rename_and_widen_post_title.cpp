// Posts get longer headlines: rename title to headline and widen it to 255 characters.
#include <kit/migration.hpp>

using namespace kit;

KIT_IDEN(Posts, Table, Title, Headline);

class RenameAndWidenPostTitle final : public Migration {
 public:
  void up(SchemaManager& manager) override {
    manager.alter_table(
        Table::alter().table(Posts::Table).rename_column(Posts::Title, Posts::Headline));
    manager.alter_table(Table::alter()
                            .table(Posts::Table)
                            .modify_column(ColumnDef(Posts::Headline).string_len(255)));
  }

  void down(SchemaManager& manager) override {
    manager.alter_table(Table::alter()
                            .table(Posts::Table)
                            .modify_column(ColumnDef(Posts::Headline).string_len(100)));
    manager.alter_table(
        Table::alter().table(Posts::Table).rename_column(Posts::Headline, Posts::Title));
  }
};

KIT_MIGRATION(RenameAndWidenPostTitle)
