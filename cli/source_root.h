// The repository root of a check, which SARIF locations are relative to (`%SRCROOT%`),
// so GitHub code scanning maps every result to a file of the repository whatever
// directory `edict check` ran from (docs/report-formats.md).
#pragma once

#include <string>
#include <vector>

namespace edict::cli {

// The nearest directory at or above `anchor` that holds `.git` (a directory, or the
// file of a worktree or submodule); else `anchor` itself. The anchor is the directory
// of edict.toml when one is used, else the first policy path (its directory when it
// is a file), else the working directory. Absolute and lexically normal.
std::string find_source_root(const std::string& config_path, const std::vector<std::string>& policy_paths);

}  // namespace edict::cli
