// The fast path's promise, as a check that tests and fuzz_facts run on any input:
// whatever convert_json_fast accepts, the full path (parse_document + convert_document)
// accepts without a diagnostic, with a value tree identical in kinds, bytes and order.
#pragma once

#include <string>
#include <string_view>

#include "runtime/facts/load.h"
#include "runtime/schema.h"
#include "runtime/value.h"

namespace edict::internal {

// Identical, not just equal: int 1 and float 1.0 differ, as do versions 1 and 1.0.
bool values_identical(const Value& a, const Value& b);

struct FastPathVerdict {
  bool fast_accepted = false;
  bool agrees = true;   // false: the fast path accepted what the full path refused or read otherwise
  std::string detail;   // why they disagree
};

FastPathVerdict compare_fast_and_full(std::string_view json_text, const FactSchema& schema,
                                      const FactsLimits& limits = {});

}  // namespace edict::internal
