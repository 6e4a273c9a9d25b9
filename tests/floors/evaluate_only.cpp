// The smallest program that evaluates shipped bundles against facts files: it links
// edict_runtime and edict_facts only, and tests/floors/ checks that it (and those two
// libraries) pull in no fork/exec, registry or WMI code (docs/architecture.md, "floors").
//
//   evaluate_only BUNDLE.edictc FACTS.json   -> one `<rule id> <outcome>` line per rule
#include <cstdio>
#include <string>

#include "runtime/bundle.h"
#include "runtime/facts/load.h"
#include "runtime/vm.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fputs("usage: evaluate_only BUNDLE FACTS\n", stderr);
    return 2;
  }
  edict::SourceManager sources;
  edict::DiagnosticSink sink;
  auto program = edict::load_bundle_file(argv[1], sink);
  if (!program) {
    std::fputs(edict::render_all(sink, sources).c_str(), stderr);
    return 2;
  }
  auto facts = edict::load_facts_file(argv[2], program->schema, sources, sink);
  if (!facts) {
    std::fputs(edict::render_all(sink, sources).c_str(), stderr);
    return 2;
  }
  edict::EvalOptions options;
  options.now = 1'800'000'000;  // 2027-01-15: pinned, so the output does not follow the clock
  for (const auto& r : edict::evaluate(*program, *facts, options)) {
    std::printf("%s %s\n", program->rules[r.rule_index].id.c_str(), edict::outcome_name(r.outcome));
  }
  return 0;
}
