// ColumnDef: one column's name, type and modifiers, as in SeaQuery.
#pragma once

#include <cstdint>
#include <optional>

#include "kit/export.hpp"
#include "kit/iden.hpp"
#include "kit/value.hpp"

namespace kit {

enum class ColumnKind {
  Integer,
  BigInteger,
  SmallInteger,
  Float,
  Double,
  Decimal,
  String,
  Text,
  Boolean,
  Timestamp,
  TimestampWithTimeZone,
  Date,
  Time,
  Blob,
  Json,
  JsonBinary,
  Uuid,
};

/// A column type with its optional length (strings) or precision and scale (decimals).
struct ColumnType {
  ColumnKind kind = ColumnKind::Integer;
  std::optional<std::uint32_t> length;
  std::optional<std::uint32_t> precision;
  std::optional<std::uint32_t> scale;

  friend bool operator==(const ColumnType& a, const ColumnType& b) {
    return a.kind == b.kind && a.length == b.length && a.precision == b.precision &&
           a.scale == b.scale;
  }
};

/// The builder's name for a column kind, e.g. "big_integer".
[[nodiscard]] KIT_SDK_API const char* to_string(ColumnKind kind) noexcept;

class KIT_SDK_API ColumnDef {
 public:
  KIT_DECLARE_VALUE_MEMBERS(ColumnDef);

  explicit ColumnDef(Iden name);

  ColumnDef& integer();
  ColumnDef& big_integer();
  ColumnDef& small_integer();
  ColumnDef& float_();
  ColumnDef& double_();
  ColumnDef& decimal();
  ColumnDef& decimal_len(std::uint32_t precision, std::uint32_t scale);
  ColumnDef& string();
  ColumnDef& string_len(std::uint32_t length);
  ColumnDef& text();
  ColumnDef& boolean();
  ColumnDef& timestamp();
  ColumnDef& timestamp_with_time_zone();
  ColumnDef& date();
  ColumnDef& time();
  ColumnDef& blob();
  ColumnDef& json();
  ColumnDef& json_binary();
  ColumnDef& uuid();

  ColumnDef& not_null();
  ColumnDef& null();
  ColumnDef& default_value(Value value);
  ColumnDef& unique_key();
  ColumnDef& primary_key();
  ColumnDef& auto_increment();

  [[nodiscard]] const Iden& get_name() const noexcept { return name_; }
  /// Unset when no type method was called (allowed only in modify_column: keep the type).
  [[nodiscard]] const std::optional<ColumnType>& get_type() const noexcept { return type_; }
  /// true after null(), false after not_null(), unset when neither was called.
  [[nodiscard]] const std::optional<bool>& get_nullable() const noexcept { return nullable_; }
  [[nodiscard]] const std::optional<Value>& get_default() const noexcept { return default_; }
  [[nodiscard]] bool is_unique_key() const noexcept { return unique_; }
  [[nodiscard]] bool is_primary_key() const noexcept { return primary_key_; }
  [[nodiscard]] bool is_auto_increment() const noexcept { return auto_increment_; }

 private:
  ColumnDef& set_type(ColumnKind kind);

  Iden name_;
  std::optional<ColumnType> type_;
  std::optional<bool> nullable_;
  std::optional<Value> default_;
  bool unique_ = false;
  bool primary_key_ = false;
  bool auto_increment_ = false;
};

}  // namespace kit
