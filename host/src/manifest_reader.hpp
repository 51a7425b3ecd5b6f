// ManifestReader: a plugin's manifest read straight from its file, without loading it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "kit/plugin.hpp"

namespace kit::host {

class ManifestReader {
 public:
  enum class Status {
    Found,      // the manifest was read from the `.kit_manifest` section
    NotElf,     // not an ELF file of this machine's class and byte order (or no ELF here)
    NoSection,  // an ELF file without a `.kit_manifest` section
    Corrupt,    // an ELF file whose headers or section lie outside the file
    Unreadable  // the file could not be opened or read
  };

  struct Result {
    Status status = Status::NotElf;
    kit_manifest manifest{};  // set when status is Found; not yet checked
    std::string problem;      // what went wrong otherwise, for messages
  };

  /// Reads `file`'s `.kit_manifest` ELF section. Runs none of the file's code; reads at most a
  /// few kilobytes; never trusts an offset or size without checking it against the file.
  [[nodiscard]] static Result read(const std::filesystem::path& file);

  /// Why the dynamic loader would read past the end of `file` (a truncated ELF file, whose
  /// mapped segments would fault with SIGBUS when touched), or nullopt when its loadable
  /// segments lie inside it or it is not an ELF file (the loader's own checks then answer).
  [[nodiscard]] static std::optional<std::string> truncation(const std::filesystem::path& file);
};

}  // namespace kit::host
