#include "kit/driver.hpp"

namespace kit {

Driver::~Driver() = default;

DatabaseFile::~DatabaseFile() = default;

}  // namespace kit
