// A hashed view of a list fact of strings, built once per host when the program is
// bound, for the lists many rules test with `in` (IN_SLOT): each test is then one
// probe instead of a scan of the list, which the hand-written C++ floor (bench/) repeats
// in every rule. Built only where it pays (kMinInTestsToIndex, kMinIndexedListSize);
// the VM scans the list where there is none, with the same result.
#pragma once

#include <cstdint>
#include <string_view>

#include "runtime/arena.h"
#include "runtime/value.h"

namespace edict {

// A table costs about one hash and one insert per element at bind time, and saves about
// half a scan per test: it pays from a few tests of one list on. One `in` test of a list
// (one rule) is cheaper scanned.
inline constexpr uint32_t kMinInTestsToIndex = 4;
// Scanning a short list is as fast as hashing the needle.
inline constexpr uint32_t kMinIndexedListSize = 16;
// A list whose strings collide so much (hostile facts) that an element lands further
// than this from its hash's bucket gets no table: the scan is as fast, and building the
// table stays linear. Lookups stop after the longest displacement seen.
inline constexpr uint32_t kMaxIndexDisplacement = 32;

// `s in list` over the list's string elements. INVARIANT: the list (and its strings)
// outlive the index; both are read-only once built.
class StringListIndex {
 public:
  // The result of `needle in list` where the list is this index's: true when an element
  // is the string, else unknown when an element is unknown, else false.
  Value contains(std::string_view needle) const;

  // nullptr when the list is not a list, is shorter than kMinIndexedListSize, or its
  // strings collide past kMaxIndexDisplacement. The table lives in `arena`.
  static const StringListIndex* build(const Value& list, Arena& arena);

 private:
  const Value* items_ = nullptr;
  const uint32_t* table_ = nullptr;  // item index + 1 per bucket, 0 = empty
  uint32_t mask_ = 0;                // buckets - 1 (a power of two)
  uint32_t max_displacement_ = 0;    // the furthest any element sits from its bucket
  bool has_unknown_ = false;
};

// The hash of the index (exposed for the collision test).
uint64_t string_hash(std::string_view s);

}  // namespace edict
