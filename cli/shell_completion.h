// Shell completion scripts for bash, zsh and fish, rendered from the command line's
// reference (cli_reference.h): verbs, their flags, the values a flag allows, and files
// where a verb takes paths.
#pragma once

#include <string>
#include <vector>

#include "cli/cli_reference.h"

namespace edict::cli {

// The shells `edict completion` knows, in the order its help lists them.
const std::vector<std::string>& completion_shells();

// The script for `shell` (one of completion_shells()); "" for another name.
std::string render_completion(const std::string& shell, const std::vector<VerbReference>& verbs);

}  // namespace edict::cli
