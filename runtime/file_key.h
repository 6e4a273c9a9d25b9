// What a `files` key may be (docs/facts.md): checked by the compiler (E0416), `edict facts
// --key` (E0818) and each system's `files` collector (E0537 for the other system's keys).
#pragma once

#include <string_view>

namespace edict {

// A `files` key names one file on every host it runs on: an absolute POSIX path
// ("/etc/passwd", Linux, below --root) or an absolute Windows path with a drive letter
// ("C:\\Windows\\System32\\ntoskrnl.exe", either separator). Relative paths, UNC paths
// (another machine's share) and NULs are not keys. Each collector takes the kind of its
// own system and reports the other kind unknown.
bool is_posix_file_key(std::string_view key);
bool is_windows_file_key(std::string_view key);
inline bool is_file_key(std::string_view key) { return is_posix_file_key(key) || is_windows_file_key(key); }

}  // namespace edict
