// Which waivers of edict.toml a run can judge. A repository's edict.toml waives rules of
// every pack it has; a check of one pack loads only that pack, so a waiver for another
// pack matching no rule says nothing (W0603 would be noise on every such run). A waiver
// that names, or could match, a package that was loaded and still matches no rule is a
// typo or a stale rule id, and is warned about.
#pragma once

#include <string>
#include <vector>

#include "runtime/rule_info.h"

namespace edict::report {

// True when `pattern` (a waiver's `rule`: an id or a glob) falls under a package of
// `policies`: its literal start (up to the first `*`, `?` or `[`) begins with
// "PACKAGE.", or, for a glob, is itself a start of "PACKAGE." (`win*` could reach it). With no policies at all, true: nothing tells the waiver apart.
bool waiver_in_loaded_packages(const std::string& pattern, const std::vector<PolicyInfo>& policies);

}  // namespace edict::report
