// ArtifactInspector: a migration artifact's manifest, read from its file without loading it,
// and checked: what migrate:status, a no-op migrate and migrate:validate know of an artifact.
#pragma once

#include <optional>
#include <string>

#include "migration_catalog.hpp"

namespace kit::host {

class ArtifactInspector {
 public:
  /// What the manifest of one artifact says, or what is wrong with it.
  struct Report {
    std::optional<std::string> checksum;  // the manifest's checksum ("" when it has none)
    std::string problem;  // "<path>: <what is wrong>" when the manifest is unfit; else empty
  };

  /// Reads the manifest from the file's `.kit_manifest` ELF section (ManifestReader: a few
  /// reads, no plugin code runs); only where the file is no ELF or has no such section does
  /// it load the library (PluginLibrary) to read it. Checks magic, ABI version, kind,
  /// toolchain, and that the embedded name is the file's name. Never throws for a bad file.
  [[nodiscard]] static Report inspect(const MigrationCatalog::Entry& artifact);
};

}  // namespace kit::host
