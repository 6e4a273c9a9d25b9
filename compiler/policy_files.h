// Which .edict files a policy path names. A directory is walked recursively, following
// symlinked subdirectories; anything the walk cannot read is an error (E0005), never a
// silently smaller policy set: a gate that skipped an unreadable subdirectory would pass
// on the rules that were left.
#pragma once

#include <string>
#include <vector>

#include "runtime/diagnostic.h"

namespace edict::compiler {

// How deep a policy tree may nest (directories, symlinked ones included). Real trees are
// a few levels deep; the bound keeps a pathological tree (or a loop the (device, inode)
// check cannot see, e.g. through bind mounts) from walking forever.
inline constexpr size_t kMaxPolicyTreeDepth = 64;

// Appends the .edict files under `path` (sorted by path) to *files, or `path` itself when
// it is not a directory (read_source then reports it if it is missing). Reports E0005 for
// a subdirectory that cannot be opened or listed, a dangling symlink, a symlink loop or a
// tree deeper than kMaxPolicyTreeDepth, and E0409 for a directory without .edict files.
// Files ending in _test.toml are never policies.
void find_policy_files(const std::string& path, std::vector<std::string>* files, DiagnosticSink& sink);

}  // namespace edict::compiler
