// Policy packs by name: `edict check --pack linux` finds the bundled packs wherever
// Edict is installed, from any directory. The search path, first match wins:
//   1. each directory of $EDICT_PACK_PATH (colon-separated), for a site's own packs;
//   2. share/edict/policies beside the binary (`<prefix>/bin/edict` ->
//      `<prefix>/share/edict/policies`), so a package or a `cmake --install` tree finds its own;
//   3. /usr/share/edict/policies (the Debian package).
// A pack is a directory of .edict files there (policies/linux in the source tree).
#pragma once

#include <string>
#include <vector>

#include "cli/report_support.h"

namespace edict::cli {

// The environment variable of step 1.
inline constexpr const char* kPackPathEnv = "EDICT_PACK_PATH";

// The directories searched, in order (those that do not exist included).
std::vector<std::string> pack_search_path();

// Appends the directory of each named pack to *paths. E0850 for a name that is not a
// plain directory name, E0851 for a pack found nowhere (the help lists the packs found).
bool resolve_packs(const std::vector<std::string>& names, std::vector<std::string>* paths, RunContext& ctx);

}  // namespace edict::cli
