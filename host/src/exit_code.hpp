// ExitCode: what kit-host's exit status tells a shell or a deploy pipeline.
#pragma once

namespace kit::host {

// | code | meaning                                                                        |
// |------|--------------------------------------------------------------------------------|
// |  0   | success (also: nothing to do)                                                  |
// |  1   | a migration or the database failed (SQL error, up()/down() threw, connection); |
// |      | the failed migration was rolled back (or, run outside a transaction, recorded  |
// |      | as running), earlier ones stay applied                                         |
// |  2   | usage or configuration error: unknown command or option, bad value, --dir      |
// |      | missing or not a directory, malformed URL, unknown URL scheme, no driver for   |
// |      | the scheme, migrate:fresh without --force and no terminal, bad .env line,      |
// |      | --atomic with a migration or driver that cannot run in one transaction, a      |
// |      | db:sync --out that is not a directory, a database file db:sync finds missing   |
// |  3   | an invalid artifact: bad file name, duplicate version, not a loadable library, |
// |      | no kit_plugin_info or entry points, wrong magic/ABI/kind/toolchain, embedded   |
// |      | name not the file name, rolling back a migration whose artifact is missing, a  |
// |      | plugin file or folder others may write (or owned by someone else)              |
// |  4   | the artifacts and the ledger disagree: migrate:validate found a problem, or    |
// |      | migrate refused an applied migration whose artifact is modified or missing, or |
// |      | a pending migration older than the newest applied one; nothing was applied     |
// |  5   | the migration lock stayed taken by another run for the whole --lock-timeout    |
// |  6   | the database needs attention: a migration that ran outside a transaction       |
// |      | failed or was killed half-way; every command that changes the database        |
// |      | refuses until migrate:repair                                                   |
// |  7   | migrate:status --exit-code: a migration is pending (or out of order); nothing  |
// |      | else is wrong (a worse state gives 4 or 6 instead)                             |
// |  8   | db:sync --check: a header differs from what db:sync would write (it would be   |
// |      | created or rewritten, it was edited or not written by db:sync, or it is stale) |
enum class ExitCode : int {
  Success = 0,
  Failure = 1,
  Usage = 2,
  InvalidArtifact = 3,
  ValidationFailed = 4,
  LockTimeout = 5,
  NeedsRepair = 6,
  Pending = 7,
  OutOfDate = 8,
};

/// Returns the process exit status for a code.
[[nodiscard]] constexpr int to_int(ExitCode code) noexcept { return static_cast<int>(code); }

}  // namespace kit::host
