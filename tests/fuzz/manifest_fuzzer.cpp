// Fuzzes ManifestReader::read and ManifestReader::truncation with arbitrary bytes written to
// a file: they never crash, never read outside what they check, and a manifest they report
// found was read whole (so PluginLibrary::manifest_problem can check it).
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_check.hpp"
#include "manifest_reader.hpp"
#include "plugin_library.hpp"

namespace {

/// One file per process, rewritten for every input: created in memory where /dev/shm exists,
/// unlinked at once (nothing is left behind however the fuzzer ends), and named through
/// /proc/self/fd.
int scratch_fd() {
  static const int fd = [] {
    std::string name = "/dev/shm/kit-fuzz-manifest-XXXXXX";
    int created = ::mkstemp(name.data());
    if (created < 0) {
      name = "/tmp/kit-fuzz-manifest-XXXXXX";
      created = ::mkstemp(name.data());
    }
    if (created < 0) std::abort();
    ::unlink(name.c_str());
    return created;
  }();
  return fd;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const int fd = scratch_fd();
  if (::ftruncate(fd, 0) != 0) std::abort();
  std::size_t written = 0;
  while (written < size) {
    const ssize_t n = ::pwrite(fd, data + written, size - written, static_cast<off_t>(written));
    if (n <= 0) std::abort();
    written += static_cast<std::size_t>(n);
  }
  const std::string path = "/proc/self/fd/" + std::to_string(fd);

  const auto result = kit::host::ManifestReader::read(path);
  if (result.status == kit::host::ManifestReader::Status::Found) {
    // Whatever the fields hold, checking them must be safe.
    (void)kit::host::PluginLibrary::manifest_problem(result.manifest, KIT_PLUGIN_MIGRATION);
    (void)kit::host::PluginLibrary::manifest_problem(result.manifest, KIT_PLUGIN_DRIVER);
  } else if (result.problem.empty()) {
    kit::fuzz::fail("a failure without a reason", std::string(data, data + size));
  }
  (void)kit::host::ManifestReader::truncation(path);
  return 0;
}
