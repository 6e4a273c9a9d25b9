// Writing report files whole or not at all: a CI job that reads a half-written JUnit
// file after a crash would report a wrong result. Write to a temp file in the same
// directory, flush, then rename over the target.
#pragma once

#include <string>

#include "runtime/diagnostic.h"

namespace edict::report {

// Returns false and reports E0801 (with the OS reason) when the file cannot be written.
bool write_file_atomic(const std::string& path, const std::string& contents, DiagnosticSink& sink);

}  // namespace edict::report
