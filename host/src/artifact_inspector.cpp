#include "artifact_inspector.hpp"

#include "host_error.hpp"
#include "manifest_reader.hpp"
#include "plugin_library.hpp"

namespace kit::host {

ArtifactInspector::Report ArtifactInspector::inspect(const MigrationCatalog::Entry& artifact) {
  Report report;
  const std::string& shown = artifact.path;
  auto read = ManifestReader::read(artifact.path);
  switch (read.status) {
    case ManifestReader::Status::Found:
      break;
    case ManifestReader::Status::NoSection:
      // Every kit plugin built for ELF has the section; loading a library without it to look
      // would run its static initializers, which may abort.
      report.problem = shown + ": not a kit plugin: it has no .kit_manifest section";
      return report;
    case ManifestReader::Status::NotElf:
      // Not ELF (or no ELF here): loading the library is the only other way to see its
      // manifest. A file that is not ELF on an ELF platform fails to load, running nothing.
      try {
        const auto library =
            PluginLibrary::open(artifact.path, KIT_PLUGIN_MIGRATION, artifact.name);
        report.checksum = library->checksum();
      } catch (const HostError& error) {
        report.problem = error.what();
      }
      return report;
    case ManifestReader::Status::Corrupt:
    case ManifestReader::Status::Unreadable:
      report.problem = shown + ": cannot read its manifest: " + read.problem;
      return report;
  }
  if (auto problem = PluginLibrary::manifest_problem(read.manifest, KIT_PLUGIN_MIGRATION)) {
    report.problem = shown + ": " + *problem;
    return report;
  }
  if (read.manifest.name != artifact.name) {
    report.problem = shown + ": its embedded name is '" + std::string(read.manifest.name) +
                     "' but its file is named '" + artifact.name +
                     "': a migration's name is its file name; rebuild it under its own name";
    return report;
  }
  report.checksum = std::string(read.manifest.checksum);
  return report;
}

}  // namespace kit::host
