// The plugin kit-host loads for postgres:// and postgresql:// URLs.
#include "kit/driver.hpp"
#include "postgres_driver.hpp"

KIT_DRIVER(kit::PostgresDriver, "postgres", "postgres,postgresql")
