// See waiver_scope.h.
#include "report/waiver_scope.h"

namespace edict::report {

bool waiver_in_loaded_packages(const std::string& pattern, const std::vector<PolicyInfo>& policies) {
  if (policies.empty()) return true;
  const std::string literal = pattern.substr(0, pattern.find_first_of("*?["));
  const bool is_glob = literal.size() < pattern.size();
  for (const auto& policy : policies) {
    // A policy's id is PACKAGE.NAME.
    if (policy.id.size() <= policy.name.size()) continue;
    const std::string package = policy.id.substr(0, policy.id.size() - policy.name.size());  // keeps the '.'
    if (literal.compare(0, package.size(), package) == 0) return true;  // names the package
    if (is_glob && package.compare(0, literal.size(), literal) == 0) return true;  // a glob that could reach it
  }
  return false;
}

}  // namespace edict::report
