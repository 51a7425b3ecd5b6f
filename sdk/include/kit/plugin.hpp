// The manifest every kit plugin (driver or migration) exports as `kit_plugin_info`.
//
// It is a plain C struct of fixed-size fields (no pointers), so the host can check it
// before calling any plugin code, and can read it straight from the file's
// `.kit_manifest` ELF section without loading the library at all.
#pragma once

#include <cstdint>

#include "kit/export.hpp"

/// Bumped whenever a type that crosses the plugin boundary changes layout or vtable.
#define KIT_ABI_VERSION 3

#define KIT_MANIFEST_MAGIC "KITPLUG"

/// Exported symbol names, shared by the host and the plugin macros.
#define KIT_PLUGIN_INFO_SYMBOL "kit_plugin_info"
#define KIT_MIGRATION_CREATE_SYMBOL "kit_migration_create"
#define KIT_MIGRATION_DESTROY_SYMBOL "kit_migration_destroy"
#define KIT_DRIVER_CREATE_SYMBOL "kit_driver_create"
#define KIT_DRIVER_DESTROY_SYMBOL "kit_driver_destroy"

enum kit_plugin_kind : uint32_t {
  KIT_PLUGIN_DRIVER = 1,
  KIT_PLUGIN_MIGRATION = 2,
};

#define KIT_MANIFEST_NAME_SIZE 256
#define KIT_MANIFEST_CHECKSUM_SIZE 72
#define KIT_MANIFEST_TOOLCHAIN_SIZE 96
#define KIT_MANIFEST_SCHEMES_SIZE 96

struct kit_manifest {
  char magic[8];                                // KIT_MANIFEST_MAGIC
  uint32_t abi_version;                         // KIT_ABI_VERSION at build time
  uint32_t kind;                                // kit_plugin_kind
  char name[KIT_MANIFEST_NAME_SIZE];            // migration: file name; driver: "sqlite"
  char checksum[KIT_MANIFEST_CHECKSUM_SIZE];    // migration: SHA-256 of its source, hex
  char toolchain[KIT_MANIFEST_TOOLCHAIN_SIZE];  // KIT_TOOLCHAIN_ID of the plugin's compiler
  char schemes[KIT_MANIFEST_SCHEMES_SIZE];      // driver: URL schemes, comma-separated
};

#define KIT_STRINGIFY_IMPL(x) #x
#define KIT_STRINGIFY(x) KIT_STRINGIFY_IMPL(x)

// Identifies the compiler family and C++ standard library a plugin was built with;
// C++ types cross the plugin boundary, so these must match the host's.
#if defined(__clang__)
#define KIT_COMPILER_ID "clang " KIT_STRINGIFY(__clang_major__)
#elif defined(__GNUC__)
#define KIT_COMPILER_ID "gcc " KIT_STRINGIFY(__GNUC__)
#elif defined(_MSC_VER)
#define KIT_COMPILER_ID "msvc " KIT_STRINGIFY(_MSC_VER)
#else
#define KIT_COMPILER_ID "unknown-compiler"
#endif

#if defined(_GLIBCXX_RELEASE)
#define KIT_STDLIB_ID \
  "libstdc++ " KIT_STRINGIFY(_GLIBCXX_RELEASE) " abi" KIT_STRINGIFY(_GLIBCXX_USE_CXX11_ABI)
#elif defined(_LIBCPP_VERSION)
#define KIT_STDLIB_ID "libc++ " KIT_STRINGIFY(_LIBCPP_VERSION)
#elif defined(_MSC_VER)
#define KIT_STDLIB_ID "msvc-stl"
#else
#define KIT_STDLIB_ID "unknown-stdlib"
#endif

#define KIT_TOOLCHAIN_ID KIT_COMPILER_ID ", " KIT_STDLIB_ID

#if defined(__ELF__)
#define KIT_MANIFEST_SECTION __attribute__((section(".kit_manifest"), used))
#else
#define KIT_MANIFEST_SECTION
#endif

/// Defines the exported manifest of this plugin. Use once per shared library.
#define KIT_DEFINE_MANIFEST(kind, name, checksum, schemes)                                 \
  extern "C" KIT_PLUGIN_EXPORT KIT_MANIFEST_SECTION const kit_manifest kit_plugin_info = { \
      KIT_MANIFEST_MAGIC, KIT_ABI_VERSION, (kind), name, checksum, KIT_TOOLCHAIN_ID, schemes}
