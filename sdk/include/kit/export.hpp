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
