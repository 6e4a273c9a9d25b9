#include "runtime/result.h"

namespace edict {

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass: return "pass";
    case Outcome::kFail: return "fail";
    case Outcome::kUnknown: return "unknown";
    case Outcome::kError: return "error";
    case Outcome::kSkip: return "skip";
    case Outcome::kWaived: return "waived";
  }
  return "unknown";
}

std::optional<Outcome> parse_outcome(std::string_view text) {
  for (Outcome o : {Outcome::kPass, Outcome::kFail, Outcome::kUnknown, Outcome::kError, Outcome::kSkip, Outcome::kWaived}) {
    if (text == outcome_name(o)) return o;
  }
  return std::nullopt;
}

int outcome_rank(Outcome outcome) {
  switch (outcome) {
    case Outcome::kSkip: return 0;
    case Outcome::kPass: return 1;
    case Outcome::kWaived: return 2;
    case Outcome::kUnknown: return 3;
    case Outcome::kError: return 4;
    case Outcome::kFail: return 5;
  }
  return 3;
}

Outcome worst_outcome(Outcome a, Outcome b) { return outcome_rank(a) >= outcome_rank(b) ? a : b; }

}  // namespace edict
