#include "collectors/registry.h"
