#include "kit/column_def.hpp"

#include <utility>

namespace kit {

KIT_DEFINE_VALUE_MEMBERS(ColumnDef);

const char* to_string(ColumnKind kind) noexcept {
  switch (kind) {
    case ColumnKind::Integer:
      return "integer";
    case ColumnKind::BigInteger:
      return "big_integer";
    case ColumnKind::SmallInteger:
      return "small_integer";
    case ColumnKind::Float:
      return "float";
    case ColumnKind::Double:
      return "double";
    case ColumnKind::Decimal:
      return "decimal";
    case ColumnKind::String:
      return "string";
    case ColumnKind::Text:
      return "text";
    case ColumnKind::Boolean:
      return "boolean";
    case ColumnKind::Timestamp:
      return "timestamp";
    case ColumnKind::TimestampWithTimeZone:
      return "timestamp_with_time_zone";
    case ColumnKind::Date:
      return "date";
    case ColumnKind::Time:
      return "time";
    case ColumnKind::Blob:
      return "blob";
    case ColumnKind::Json:
      return "json";
    case ColumnKind::JsonBinary:
      return "json_binary";
    case ColumnKind::Uuid:
      return "uuid";
  }
  return "unknown";
}

ColumnDef::ColumnDef(Iden name) : name_(std::move(name)) {}

ColumnDef& ColumnDef::set_type(ColumnKind kind) {
  type_ = ColumnType{kind, std::nullopt, std::nullopt, std::nullopt};
  return *this;
}

ColumnDef& ColumnDef::integer() { return set_type(ColumnKind::Integer); }
ColumnDef& ColumnDef::big_integer() { return set_type(ColumnKind::BigInteger); }
ColumnDef& ColumnDef::small_integer() { return set_type(ColumnKind::SmallInteger); }
ColumnDef& ColumnDef::float_() { return set_type(ColumnKind::Float); }
ColumnDef& ColumnDef::double_() { return set_type(ColumnKind::Double); }
ColumnDef& ColumnDef::decimal() { return set_type(ColumnKind::Decimal); }
ColumnDef& ColumnDef::decimal_len(std::uint32_t precision, std::uint32_t scale) {
  type_ = ColumnType{ColumnKind::Decimal, std::nullopt, precision, scale};
  return *this;
}
ColumnDef& ColumnDef::string() { return set_type(ColumnKind::String); }
ColumnDef& ColumnDef::string_len(std::uint32_t length) {
  type_ = ColumnType{ColumnKind::String, length, std::nullopt, std::nullopt};
  return *this;
}
ColumnDef& ColumnDef::text() { return set_type(ColumnKind::Text); }
ColumnDef& ColumnDef::boolean() { return set_type(ColumnKind::Boolean); }
ColumnDef& ColumnDef::timestamp() { return set_type(ColumnKind::Timestamp); }
ColumnDef& ColumnDef::timestamp_with_time_zone() {
  return set_type(ColumnKind::TimestampWithTimeZone);
}
ColumnDef& ColumnDef::date() { return set_type(ColumnKind::Date); }
ColumnDef& ColumnDef::time() { return set_type(ColumnKind::Time); }
ColumnDef& ColumnDef::blob() { return set_type(ColumnKind::Blob); }
ColumnDef& ColumnDef::json() { return set_type(ColumnKind::Json); }
ColumnDef& ColumnDef::json_binary() { return set_type(ColumnKind::JsonBinary); }
ColumnDef& ColumnDef::uuid() { return set_type(ColumnKind::Uuid); }

ColumnDef& ColumnDef::not_null() {
  nullable_ = false;
  return *this;
}
ColumnDef& ColumnDef::null() {
  nullable_ = true;
  return *this;
}
ColumnDef& ColumnDef::default_value(Value value) {
  default_ = std::move(value);
  return *this;
}
ColumnDef& ColumnDef::unique_key() {
  unique_ = true;
  return *this;
}
ColumnDef& ColumnDef::primary_key() {
  primary_key_ = true;
  return *this;
}
ColumnDef& ColumnDef::auto_increment() {
  auto_increment_ = true;
  return *this;
}

}  // namespace kit
