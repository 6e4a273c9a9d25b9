// Shared pieces of every collector (see collector.h).
#include "collectors/collector.h"

namespace edict {

Collector::~Collector() = default;

std::vector<FactDecl> core_facts_of(const std::string& provider) {
  std::vector<FactDecl> out;
  for (const auto& [path, decl] : FactSchema::core().all()) {
    if (decl.provider == provider) out.push_back(decl);
  }
  return out;
}

}  // namespace edict
