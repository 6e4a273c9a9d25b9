// Helpers for tests that run collectors: find one collector's report, and show a fact
// the way `edict facts` prints it ("absent" when the collector left it unknown).
// Shared by tests/facts and tests/hardening.
#pragma once

#include <string>
#include <vector>

#include "collectors/collector.h"
#include "runtime/facts.h"
#include "runtime/value.h"

namespace edict::testing {

inline const CollectorReport* report_of(const std::vector<CollectorReport>& reports, const std::string& name) {
  for (const auto& r : reports) {
    if (r.collector == name) return &r;
  }
  return nullptr;
}

inline std::string show(const Facts& facts, const char* path) {
  const Value* v = facts.find(path);
  return v ? to_display(*v) : "absent";
}

}  // namespace edict::testing
