#include "kit/driver.hpp"

namespace kit {

Driver::~Driver() = default;

}  // namespace kit
