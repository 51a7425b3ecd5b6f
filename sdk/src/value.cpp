#include "kit/value.hpp"

#include <utility>

namespace kit {

KIT_DEFINE_VALUE_MEMBERS(Expr);
Expr::Expr(Keyword k) : v_(k) {}
Expr::Expr(std::string sql) : v_(std::move(sql)) {}
Expr Expr::current_timestamp() { return Expr(Keyword::CurrentTimestamp); }
Expr Expr::current_date() { return Expr(Keyword::CurrentDate); }
Expr Expr::current_time() { return Expr(Keyword::CurrentTime); }
Expr Expr::cust(std::string sql) { return Expr(std::move(sql)); }

KIT_DEFINE_VALUE_MEMBERS(Value);
Value::Value(std::nullptr_t) : v_(nullptr) {}
Value::Value(bool b) : v_(b) {}
Value::Value(std::int64_t i, Integer) : v_(i) {}
Value::Value(double d) : v_(d) {}
Value::Value(float f) : v_(static_cast<double>(f)) {}
Value::Value(Decimal d) : v_(std::move(d)) {}
Value::Value(const char* s) : v_(std::string(s)) {}
Value::Value(std::string s) : v_(std::move(s)) {}
Value::Value(Expr e) : v_(std::move(e)) {}

bool operator==(const Value& a, const Value& b) { return a.v_ == b.v_; }

}  // namespace kit
