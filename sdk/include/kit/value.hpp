// Column default values: literals, and SQL expressions that are explicitly marked as such.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <variant>

#include "kit/export.hpp"

namespace kit {

/// Expressions the dialects know how to spell.
enum class Keyword { CurrentTimestamp, CurrentDate, CurrentTime };

/// A SQL expression used as a default. Never built implicitly from a string: a string
/// default is always a quoted literal, an Expr is always SQL.
class KIT_SDK_API Expr {
 public:
  KIT_DECLARE_VALUE_MEMBERS(Expr);

  /// The current date and time, in the dialect's spelling.
  [[nodiscard]] static Expr current_timestamp();
  [[nodiscard]] static Expr current_date();
  [[nodiscard]] static Expr current_time();
  /// Custom SQL, written into the statement as is (SeaQuery's Expr::cust).
  [[nodiscard]] static Expr cust(std::string sql);

  [[nodiscard]] bool is_keyword() const noexcept { return std::holds_alternative<Keyword>(v_); }
  [[nodiscard]] Keyword keyword() const { return std::get<Keyword>(v_); }
  [[nodiscard]] const std::string& sql() const { return std::get<std::string>(v_); }

  friend bool operator==(const Expr& a, const Expr& b) { return a.v_ == b.v_; }

 private:
  explicit Expr(Keyword k);
  explicit Expr(std::string sql);
  std::variant<Keyword, std::string> v_;
};

/// A decimal literal kept as written, so that 0.1 stays 0.1.
struct Decimal {
  std::string digits;
  explicit Decimal(std::string d) : digits(static_cast<std::string&&>(d)) {}
  friend bool operator==(const Decimal& a, const Decimal& b) { return a.digits == b.digits; }
};

/// A default value: NULL, a boolean, an integer, a floating-point number, a decimal,
/// a string, or an SQL expression.
class KIT_SDK_API Value {
 public:
  using Variant =
      std::variant<std::nullptr_t, bool, std::int64_t, double, Decimal, std::string, Expr>;

  KIT_DECLARE_VALUE_MEMBERS(Value);
  Value(std::nullptr_t = nullptr);  // NOLINT: implicit by design
  Value(bool b);                    // NOLINT
  template <class I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool> &&
                                          !std::is_same_v<I, char>,
                                      int> = 0>
  Value(I i) : Value(static_cast<std::int64_t>(i), Integer{}) {}  // NOLINT
  Value(double d);                                                // NOLINT
  Value(float f);                                                 // NOLINT
  Value(Decimal d);                                               // NOLINT
  Value(const char* s);                                           // NOLINT
  Value(std::string s);                                           // NOLINT
  Value(Expr e);                                                  // NOLINT

  [[nodiscard]] const Variant& get() const noexcept { return v_; }
  [[nodiscard]] bool is_null() const noexcept { return std::holds_alternative<std::nullptr_t>(v_); }

  friend KIT_SDK_API bool operator==(const Value& a, const Value& b);

 private:
  struct Integer {};
  Value(std::int64_t i, Integer);
  Variant v_;
};

}  // namespace kit
