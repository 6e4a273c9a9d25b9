#include "compiler/compile.h"
#include "runtime/value.h"
