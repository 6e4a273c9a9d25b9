// The compiled form of a set of policies: what the compiler produces, bundles
// serialize, bind resolves against facts, and the VM runs. Plain data: indices, not
// pointers into compiler structures; constants in a pool; regexes as pattern strings
// (the RE2 objects are rebuilt from them by build_regexes()).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/arena.h"
#include "runtime/opcodes.h"
#include "runtime/result.h"
#include "runtime/rule_info.h"
#include "runtime/schema.h"
#include "runtime/types.h"
#include "runtime/value.h"

namespace re2 {
class RE2;
}

namespace edict {

// Limits every program obeys; the compiler refuses to exceed them and a bundle
// verifier checks them.
// The value stack of one entry: expressions deeper than this are not written by
// people, and the bound lets the VM use a fixed stack.
inline constexpr uint32_t kMaxStackDepth = 1024;
// Locals of one entry (4 per quantifier, 1 per inlined def argument).
inline constexpr uint32_t kMaxLocals = 4096;
// RE2's memory budget per compiled pattern: large enough for any realistic pattern,
// small enough that a hostile one cannot exhaust memory (RE2 then refuses it).
inline constexpr int64_t kRegexMaxMem = 8 << 20;
// Patterns longer than this are refused, at compile time and at run time.
inline constexpr size_t kMaxRegexLength = 4096;

// One fact path the program reads, resolved to a value once per host by bind.
struct FactSlot {
  std::string path;  // "os.build"
  TypeRef type;      // its declared type (bind checks the fact's kind against it)
  // A keyed resource (FactDecl::keyed): the literal keys the program reads, by key;
  // the collector gathers only these. Empty for every other fact.
  std::vector<KeyedRead> keys{};
};

// One compiled expression: code from `start` up to its RETURN.
struct Entry {
  uint32_t start = 0;
  uint32_t end = 0;        // one past the RETURN
  uint32_t max_stack = 0;  // stack slots the code needs
  uint32_t locals = 0;     // locals the code needs
};

// A sub-expression whose value an explanation shows (a fact load, a call, a member),
// or a quantifier whose deciding element it names.
struct TracePoint {
  SourceLocation location;
  uint32_t length = 0;  // in code points on its first line
  std::string source;   // as written
  bool quantifier = false;
  std::string label;    // quantifiers: "none r in network.routes"
};

struct PolicyCode {
  int32_t when_entry = -1;         // -1: no `when`
  int32_t traced_when_entry = -1;  // the same with TRACE instructions, for explanations
  std::vector<uint32_t> slots;     // slots the `when` reads
};

struct RuleCode {
  int32_t when_entry = -1;
  int32_t traced_when_entry = -1;
  std::vector<uint32_t> require_entries;
  std::vector<uint32_t> traced_require_entries;  // parallel to require_entries
  // Every slot the rule reads, its policy's `when` included, in first-read order:
  // an unknown outcome names the ones the host did not provide.
  std::vector<uint32_t> slots;
};

struct Program {
  Program();
  ~Program();
  Program(Program&&) noexcept;
  Program& operator=(Program&&) noexcept;

  // Report metadata (rule_info.h), in declaration order; results use the same order.
  std::vector<PolicyInfo> policies;
  std::vector<RuleInfo> rules;
  std::vector<PolicyCode> policy_code;  // parallel to policies
  std::vector<RuleCode> rule_code;      // parallel to rules

  std::vector<FactSlot> slots;
  FactSchema schema;  // core plus `fact` declarations

  std::vector<Instruction> code;
  std::vector<Entry> entries;
  std::vector<TracePoint> trace_points;  // TRACE / TRACE_QUANT operands index these

  // INVARIANT: every constant's strings, lists and versions live in constant_arena.
  std::vector<Value> constants;
  std::unique_ptr<Arena> constant_arena;

  std::vector<std::string> regex_patterns;
  // Derived from `code`, not stored in bundles: per slot, how many IN_SLOT instructions
  // test membership in it (codegen counts as it emits, the bundle loader recounts with
  // count_in_slot_tests). Binding gives the lists many rules test a hashed view
  // (runtime/bind_index.h); a slot missing here is scanned, with the same result.
  std::vector<uint32_t> in_slot_tests;
  void count_in_slot_tests();

  // Built from regex_patterns by build_regexes(); shared read-only by all threads
  // (RE2 matching is thread-safe on a const object).
  std::vector<std::unique_ptr<re2::RE2>> regexes;

  // Adds a constant (deep-copied into constant_arena) and returns its index;
  // equal constants of the same kind share one index.
  uint32_t add_constant(const Value& value);
  // Hash of a constant -> the indices in `constants` with that hash, so add_constant
  // finds a shared slot in constant time: a linear scan made 78k small rules (each
  // with its own literal) take a minute to compile. Only a hint (every hit is compared
  // again), so a pool filled some other way (a loaded bundle) stays correct.
  std::unordered_multimap<uint64_t, uint32_t> constant_index;
  // Compiles every pattern of regex_patterns. False (with the pattern's index and
  // RE2's message) if one is refused.
  bool build_regexes(size_t* bad_index = nullptr, std::string* error = nullptr);
};

// RE2 options Edict uses everywhere (UTF-8, the max_mem budget, no logging).
std::unique_ptr<re2::RE2> compile_regex(std::string_view pattern, std::string* error);

// Copies a value and everything it points to into `arena`.
Value deep_copy(Arena& arena, const Value& value);

}  // namespace edict
