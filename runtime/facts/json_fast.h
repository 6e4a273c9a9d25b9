// The fast path for JSON facts: text -> Values against the schema in one pass with
// simdjson's On-Demand API, straight into the arena, without nlohmann's DOM.
//
// It decides only documents that the full path (document.cpp + convert.cpp) accepts
// without a single diagnostic or error value, and for those it returns the same Value
// tree. Anything else (a parse error, invalid UTF-8, a repeated key, a limit, a
// wrong-typed or non-finite value, a number nlohmann reads differently) makes it give
// up, and the caller runs the full path, which reports what is wrong with its line and
// column. tests/facts/json_fast_differential_test.cpp and fuzz_facts hold that
// promise: whatever the fast path accepts, the full path accepts with equal values.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "runtime/arena.h"
#include "runtime/facts/load.h"
#include "runtime/schema.h"
#include "runtime/value.h"

namespace edict::internal {

// Scratch memory a thread keeps between documents (the stacks of the lists and maps
// being built): a 5 KB fleet host needs ~2 KB of it; more than this came from an
// unusually large document and is released after it, not kept for the thread's life.
constexpr size_t kFastScratchKeepBytes = 1 << 20;

// True when this build has the fast path (simdjson was found at configure time; the
// static and MinGW builds have only the full path).
bool json_fast_path_available();

// The document's root map, or nullopt when the fast path cannot decide (see above).
// Allocations made before giving up stay in `arena`: use a fresh one for the full path.
std::optional<Value> convert_json_fast(std::string_view text, const FactSchema& schema, const FactsLimits& limits,
                                       Arena& arena);

}  // namespace edict::internal
