// What `edict --version` says besides the version: which commit was built and when.
// The definitions are generated at build time (cmake/build_info.cmake).
#pragma once

namespace edict::cli {

// 12 hex digits of the commit, `-dirty` appended when tracked files differed from it,
// or `unknown` when the source was not a git checkout.
const char* BuildCommit();
// YYYY-MM-DD (UTC): SOURCE_DATE_EPOCH when the build set it, else the day of the build.
const char* BuildDate();

}  // namespace edict::cli
