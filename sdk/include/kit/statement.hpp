// Statement: any one schema statement, as drivers receive it.
#pragma once

#include <string>
#include <variant>

#include "kit/export.hpp"
#include "kit/foreign_key.hpp"
#include "kit/index.hpp"
#include "kit/table.hpp"

namespace kit {

using Statement =
    std::variant<TableCreateStatement, TableAlterStatement, TableDropStatement,
                 TableRenameStatement, TableTruncateStatement, IndexCreateStatement,
                 IndexDropStatement, ForeignKeyCreateStatement, ForeignKeyDropStatement>;

/// A short human name for a statement, for messages: "create table users",
/// "alter table posts (modify column title)", "create index posts_user_id_index".
[[nodiscard]] KIT_SDK_API std::string describe(const Statement& statement);

/// Throws SchemaError when a statement lacks what every dialect needs (a table name,
/// a column type, ...). Drivers call it before rendering.
KIT_SDK_API void validate(const Statement& statement);

}  // namespace kit
