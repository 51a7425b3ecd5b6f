// Symbol visibility for the SDK library and for plugins (drivers, migrations).
#pragma once

#if defined(_WIN32)
#define KIT_PLUGIN_EXPORT __declspec(dllexport)
#if defined(KIT_SDK_BUILDING)
#define KIT_SDK_API __declspec(dllexport)
#else
#define KIT_SDK_API __declspec(dllimport)
#endif
#else
#define KIT_PLUGIN_EXPORT __attribute__((visibility("default")))
#define KIT_SDK_API __attribute__((visibility("default")))
#endif

// Declares copy, move and destruction for an SDK value type, defined in the SDK library
// with KIT_DEFINE_VALUE_MEMBERS: a migration then calls them instead of compiling its own
// copies of the containers inside (keeps one migration's build well under a second).
#define KIT_DECLARE_VALUE_MEMBERS(T) \
  T(const T&);                       \
  T(T&&) noexcept;                   \
  T& operator=(const T&);            \
  T& operator=(T&&) noexcept;        \
  ~T()

#define KIT_DEFINE_VALUE_MEMBERS(T)        \
  T::T(const T&) = default;                \
  T::T(T&&) noexcept = default;            \
  T& T::operator=(const T&) = default;     \
  T& T::operator=(T&&) noexcept = default; \
  T::~T() = default
