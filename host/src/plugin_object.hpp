// PluginObject: an object a plugin created, held together with the library that made it.
#pragma once

#include <memory>
#include <utility>

#include "plugin_library.hpp"

namespace kit::host {

/// Owns `T*` made by a plugin's factory and destroys it through the plugin's own deleter,
/// before the library (declared first, so destroyed last) can unload.
template <class T>
class PluginObject {
 public:
  using Destroy = void (*)(T*) noexcept;

  /// Takes ownership of `object`, made by `library`, to be destroyed with `destroy`.
  PluginObject(std::shared_ptr<PluginLibrary> library, T* object, Destroy destroy) noexcept
      : library_(std::move(library)), object_(object), destroy_(destroy) {}
  PluginObject(PluginObject&& other) noexcept
      : library_(std::move(other.library_)),
        object_(std::exchange(other.object_, nullptr)),
        destroy_(other.destroy_) {}
  PluginObject& operator=(PluginObject&& other) noexcept {
    if (this != &other) {
      reset();
      library_ = std::move(other.library_);
      object_ = std::exchange(other.object_, nullptr);
      destroy_ = other.destroy_;
    }
    return *this;
  }
  PluginObject(const PluginObject&) = delete;
  PluginObject& operator=(const PluginObject&) = delete;
  ~PluginObject() { reset(); }

  /// The object; valid while this PluginObject lives.
  [[nodiscard]] T& operator*() const noexcept { return *object_; }
  [[nodiscard]] T* operator->() const noexcept { return object_; }
  [[nodiscard]] T* get() const noexcept { return object_; }
  /// The library that made the object (its manifest, its path).
  [[nodiscard]] const PluginLibrary& library() const noexcept { return *library_; }

 private:
  void reset() noexcept {
    if (object_ != nullptr) destroy_(object_);
    object_ = nullptr;
    library_.reset();
  }

  std::shared_ptr<PluginLibrary> library_;
  T* object_ = nullptr;
  Destroy destroy_ = nullptr;
};

}  // namespace kit::host
