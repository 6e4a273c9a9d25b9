// One host's facts -> its report: evaluate the program, then build the report (waivers,
// the gate, evidence). The step edict::check and the fleet's per-host work share.
#pragma once

#include <cstdint>
#include <string>

#include "report/config.h"
#include "report/report.h"
#include "runtime/diagnostic.h"
#include "runtime/facts.h"
#include "runtime/program.h"
#include "runtime/vm.h"

namespace edict::engine {

struct EvaluateInput {
  const Program* program = nullptr;
  const Facts* facts = nullptr;
  const report::Config* config = nullptr;  // null = defaults
  int64_t now = 0;
  uint64_t max_steps = kDefaultMaxSteps;
  std::string tool_version;
  // Trace non-passing rules for their explanations. Only non-passing rules are traced,
  // so this is cheap; a fleet writing only text (which shows none) turns it off.
  bool explain = true;
  // Each rule's evidence (the facts it read); a fifth of a host's cost, off likewise.
  bool evidence = true;
};

// Waiver warnings go to `sink` when given (once per run: a fleet passes null per host).
report::Report evaluate_to_report(const EvaluateInput& input, DiagnosticSink* sink);

}  // namespace edict::engine
