// ExitCode: what kit-host's exit status tells a shell or a deploy pipeline.
#pragma once

namespace kit::host {

// | code | meaning                                                                        |
// |------|--------------------------------------------------------------------------------|
// |  0   | success (also: nothing to do)                                                  |
// |  1   | a migration or the database failed (SQL error, up()/down() threw, connection,  |
// |      | lock); the failed migration was rolled back, earlier ones stay applied         |
// |  2   | usage or configuration error: unknown command or option, bad value, --dir      |
// |      | missing or not a directory, malformed URL, unknown URL scheme, no driver for   |
// |      | the scheme, migrate:fresh without --force and no terminal, bad .env line       |
// |  3   | an invalid artifact: bad file name, duplicate version, not a loadable library, |
// |      | no kit_plugin_info or entry points, wrong magic/ABI/kind/toolchain, embedded   |
// |      | name not the file name, an applied migration whose artifact is missing         |
enum class ExitCode : int {
  Success = 0,
  Failure = 1,
  Usage = 2,
  InvalidArtifact = 3,
};

/// Returns the process exit status for a code.
[[nodiscard]] constexpr int to_int(ExitCode code) noexcept { return static_cast<int>(code); }

}  // namespace kit::host
