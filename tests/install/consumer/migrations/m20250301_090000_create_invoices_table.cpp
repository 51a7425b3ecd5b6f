#include <kit/migration.hpp>

using namespace kit;

KIT_IDEN(Invoices, Table, Id, Number, Total, IssuedAt);

class CreateInvoicesTable final : public Migration {
 public:
  void up(SchemaManager& manager) override {
    manager.create_table(
        Table::create()
            .table(Invoices::Table)
            .col(ColumnDef(Invoices::Id).integer().not_null().auto_increment().primary_key())
            .col(ColumnDef(Invoices::Number).string_len(32).not_null().unique_key())
            .col(ColumnDef(Invoices::Total)
                     .decimal_len(12, 2)
                     .not_null()
                     .default_value(Decimal("0.00")))
            .col(ColumnDef(Invoices::IssuedAt)
                     .timestamp()
                     .not_null()
                     .default_value(Expr::current_timestamp())));
  }
  void down(SchemaManager& manager) override {
    manager.drop_table(Table::drop().table(Invoices::Table));
  }
};

KIT_MIGRATION(CreateInvoicesTable)
