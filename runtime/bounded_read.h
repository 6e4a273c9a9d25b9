// The one reader for every file Edict takes as input (policies, facts documents, fact
// schema files, collector output): it never holds more than a limit in memory, whatever
// the path is. A regular file over the limit is refused before a byte is read; a pipe,
// FIFO (`<(...)`), stdin or device has no size up front, so it is read until the limit
// and refused one chunk past it: `/dev/zero` or an endless stdin ends in the caller's
// size diagnostic (E0002, E0501), never in `bad_alloc`.
#pragma once

#include <cstddef>
#include <string>

namespace edict {

// Reads a whole file (or stdin for "-") up to max_bytes. Returns false and sets *error
// (lowercase, no path) when it cannot be read; *too_large when it is over the limit.
bool read_whole_file(const std::string& path, size_t max_bytes, std::string* out, std::string* error,
                     bool* too_large = nullptr);

// "64 MiB" for whole MiB, else "N bytes": how the size limits are shown in diagnostics.
std::string size_text(size_t bytes);

}  // namespace edict
