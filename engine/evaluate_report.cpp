// evaluate_to_report (see evaluate_report.h).
#include "engine/evaluate_report.h"

#include <vector>

namespace edict::engine {

report::Report evaluate_to_report(const EvaluateInput& input, DiagnosticSink* sink) {
  EvalOptions eval;
  eval.explain = input.explain;
  eval.now = input.now;
  eval.max_steps = input.max_steps;
  std::vector<RuleResult> results = evaluate(*input.program, *input.facts, eval);

  report::BuildInput build;
  build.policies = &input.program->policies;
  build.rules = &input.program->rules;
  build.results = &results;
  build.facts = input.facts;
  build.config = input.config;
  build.now = input.now;
  build.tool_version = input.tool_version;
  build.evidence = input.evidence;
  return report::build_report(build, sink);
}

}  // namespace edict::engine
