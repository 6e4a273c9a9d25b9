// How each non-passing rule stands against the gate, for the formats that show it. The
// gate itself is decided in report.cpp (decide_gate); this only reads the decision, so
// a format never shows as a failure what did not fail the run, or hides what did.
#pragma once

#include <string>

#include "report/report.h"

namespace edict::report {

// True when this rule's outcome alone would make the gate not pass: a gating rule
// (mandatory, severity >= fail_on) that is `fail`, `error`, or `unknown` under
// unknown = "fail". (decide_gate's `blocks` marks only the deciding kind: under a
// failure it leaves a gating unknown unmarked; this does not.)
bool counts_against_gate(const RuleEntry& rule, const GateSettings& settings);

// Why a fail/unknown/error outcome does not count against the gate, in a few words:
// "advisory", "high is below fail_on = critical", "unknown = \"warn\"". Empty when it
// does count (or the outcome is pass, skip or waived, which never gate).
std::string why_not_gating(const RuleEntry& rule, const GateSettings& settings);

}  // namespace edict::report
