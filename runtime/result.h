// The outcome of evaluating one rule against one host, and the explanation of a
// rule that did not pass. The VM produces these; reports and gating consume them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/rule_info.h"

namespace edict {

// Order matters: a policy's outcome is the worst of its rules, and "worst" is
// fail > error > unknown > waived > pass > skip (outcome_rank).
enum class Outcome { kPass, kFail, kUnknown, kError, kSkip, kWaived };

const char* outcome_name(Outcome outcome);  // "pass", "fail", "unknown", "error", "skip", "waived"
std::optional<Outcome> parse_outcome(std::string_view text);
int outcome_rank(Outcome outcome);          // skip 0, pass 1, waived 2, unknown 3, error 4, fail 5
Outcome worst_outcome(Outcome a, Outcome b);

// One sub-expression's value as the trace saw it, for the `|` lines under a requirement.
struct TracedValue {
  SourceLocation location;  // where the sub-expression starts
  uint32_t length = 0;      // its length in code points on that line (for underlining)
  std::string source;       // the sub-expression as written
  std::string value;        // to_display() of its value
  // The `def` call the value was read inside ("is_prod()"), empty for a sub-expression
  // of the clause itself: a helper's body is elsewhere, so its values are listed with
  // the call that reached them instead of under the clause.
  std::string within;
};

struct Explanation {
  uint32_t require_index = 0;   // which `require` decided the outcome (0 when a `when` did)
  std::string require_text;     // "os.build >= 6003"
  SourceLocation location;
  std::vector<TracedValue> values;  // the values that decided it, left to right
  std::vector<std::string> notes;   // e.g. "route 0.0.0.0/0 via 10.0.0.1 decided `none`"
  // "require", or "when" when a rule's or policy's `when` decided (unknown or error).
  std::string keyword = "require";
};

struct RuleResult {
  uint32_t rule_index = 0;  // into the program's rule table
  Outcome outcome = Outcome::kUnknown;
  std::string error;                     // for kError: why (a type error, a limit hit)
  std::vector<std::string> missing_facts;  // for kUnknown: the fact paths that were unknown
  std::optional<Explanation> explanation;  // for non-passing rules, when asked for
};

}  // namespace edict
