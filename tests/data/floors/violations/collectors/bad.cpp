#include "cli/command.h"
#include "runtime/facts/load.h"
