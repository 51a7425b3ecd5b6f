// Identifiers: a table, column, index or constraint name, from a KIT_IDEN value or a string.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "kit/export.hpp"

namespace kit {

namespace detail {
/// Splits "Table, Id, PasswordHash" into identifiers by SeaORM's DeriveIden rules:
/// `Table` names the enum itself (`Users` -> "users"), others become snake_case.
KIT_SDK_API std::vector<std::string> derive_idens(std::string_view type_name,
                                                  std::string_view members);
}  // namespace detail

/// Converts "PasswordHash" to "password_hash" (and "HTTPServer" to "http_server").
[[nodiscard]] KIT_SDK_API std::string to_snake_case(std::string_view name);

/// The name of a database object, as written (never quoted or escaped here).
class Iden {
 public:
  Iden() = default;
  Iden(const char* name) : name_(name) {}             // NOLINT: implicit by design
  Iden(std::string name) : name_(std::move(name)) {}  // NOLINT: implicit by design
  Iden(std::string_view name) : name_(name) {}        // NOLINT: implicit by design

  /// Accepts a KIT_IDEN member such as `Users::Email`.
  template <class E, class = std::enable_if_t<std::is_enum_v<E>>,
            class = decltype(kit_iden_name(std::declval<E>()))>
  Iden(E member) : name_(kit_iden_name(member)) {}  // NOLINT: implicit by design

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] bool empty() const noexcept { return name_.empty(); }

  friend bool operator==(const Iden& a, const Iden& b) noexcept { return a.name_ == b.name_; }
  friend bool operator!=(const Iden& a, const Iden& b) noexcept { return a.name_ != b.name_; }

 private:
  std::string name_;
};

}  // namespace kit

/// Declares identifiers the way SeaORM's `#[derive(DeriveIden)] enum` does:
///
///     KIT_IDEN(Users, Table, Id, PasswordHash);
///     Users::Table -> "users", Users::Id -> "id", Users::PasswordHash -> "password_hash"
#define KIT_IDEN(Name, ...)                                  \
  struct Name {                                              \
    enum Member : int { __VA_ARGS__ };                       \
    friend const std::string& kit_iden_name(Member member) { \
      static const std::vector<std::string> names =          \
          ::kit::detail::derive_idens(#Name, #__VA_ARGS__);  \
      return names[static_cast<std::size_t>(member)];        \
    }                                                        \
  }
