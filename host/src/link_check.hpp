// LinkCheck: whether the dynamic loader would load a plugin into this process, decided from
// its ELF file without loading it. The pre-flight of a run checks every artifact this way
// before anything is applied, and the run then loads each artifact once, to run it.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace kit::host {

class LinkCheck {
 public:
  LinkCheck() = default;
  /// Lets go of the libraries it looked symbols up in.
  ~LinkCheck();
  LinkCheck(const LinkCheck&) = delete;
  LinkCheck& operator=(const LinkCheck&) = delete;

  /// True when loading `file` here cannot fail for want of a library, a symbol or an entry
  /// point, nor run code of its own that could throw or abort: it is an ELF shared object
  /// for this machine without an executable stack, a TLS segment, text relocations or static
  /// constructors and destructors (beyond the compiler runtime's one entry in each of
  /// .init_array and .fini_array); every library it needs (DT_NEEDED) is loaded in this
  /// process already; every symbol it needs, weak ones aside, is defined in the version it
  /// asks for, by the libraries loaded globally or by those it needs; and it defines and
  /// exports every name in `exports`. Reads the file, never runs any of it; never throws.
  ///
  /// False only means "cannot tell this way": load the file to find out, and to hear the
  /// loader's reason. Symbols found are remembered, so that the artifacts of a catalog,
  /// which need the same few symbols of the SDK and the standard library, cost a set lookup
  /// each after the first.
  [[nodiscard]] bool certainly_loads(const std::filesystem::path& file,
                                     std::initializer_list<const char*> exports) noexcept;

 private:
  /// The handle of a library this process has loaded, by the name DT_NEEDED gives; nullptr
  /// when it is not loaded.
  void* loaded(const std::string& name);
  /// Whether `symbol` (in `version`, unless empty) is defined globally or by one of `needed`.
  bool defined(const std::string& symbol, const std::string& version,
               const std::vector<void*>& needed);

  std::unordered_map<std::string, void*> libraries_;
  std::unordered_set<std::string> found_;  // "symbol@version" already found
};

}  // namespace kit::host
