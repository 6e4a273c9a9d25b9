// Shared by the benchmarks that collect live facts through the real collectors.
#pragma once

#include <string>
#include <vector>

#include "collectors/registry.h"
#include "compiler/compile.h"

namespace edict::bench {

// What `edict check` asks the collectors for: every fact path the program reads and,
// for keyed resources (files, services), the literal keys it names.
inline std::vector<std::string> fact_request(const Program& program, CollectOptions& options) {
  std::vector<std::string> needed;
  for (const auto& slot : program.slots) {
    needed.push_back(slot.path);
    if (!slot.keys.empty()) options.keys[slot.path] = slot.keys;
  }
  return needed;
}

}  // namespace edict::bench
