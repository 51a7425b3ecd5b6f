// The SQLite driver plugin: kit-host loads it for sqlite: URLs.
#include "kit/driver.hpp"
#include "sqlite_driver.hpp"

using kit::sqlite::SqliteDriver;

KIT_DRIVER(SqliteDriver, "sqlite", "sqlite")
