// edict-embed: what a program embedding Edict does, in one file.
//   edict-embed BUNDLE.edictc FACTS.json     evaluate a compiled bundle against facts
//   edict-embed --compile DIR FACTS.json     compile policies in-process, then the same
// Prints one `rule-id outcome` line per rule. Exits 1 when a rule failed, 3 when none
// failed but one is unknown or an error, 2 when the bundle, the policies or the facts
// could not be read (the diagnostics say why), else 0: the codes of docs/exit-codes.md,
// but a simpler gate than `edict check` (every rule gates: no severities, enforcement,
// waivers or edict.toml).
#include <edict/compiler.h>
#include <edict/facts.h>
#include <edict/runtime.h>

#include <cstdio>
#include <optional>
#include <string>

namespace {

int Usage() {
  std::fprintf(stderr, "usage: edict-embed BUNDLE.edictc FACTS.json\n"
                       "       edict-embed --compile POLICY_DIR FACTS.json\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<edict::Program> program;
  std::string facts_path;
  edict::SourceManager sources;
  edict::DiagnosticSink sink;
  if (argc == 3) {
    program = edict::load_bundle_file(argv[1], sink);  // read, checksummed and verified
    facts_path = argv[2];
  } else if (argc == 4 && std::string(argv[1]) == "--compile") {
    program = edict::compiler::compile_paths({argv[2]}, {}, sources, sink);
    facts_path = argv[3];
  } else {
    return Usage();
  }
  if (!program) {
    std::fputs(edict::render_all(sink, sources).c_str(), stderr);
    return 2;
  }
  std::optional<edict::Facts> facts = edict::load_facts_file(facts_path, program->schema, sources, sink);
  if (!facts) {
    std::fputs(edict::render_all(sink, sources).c_str(), stderr);
    return 2;
  }

  bool failed = false, blocked = false;
  for (const edict::RuleResult& result : edict::evaluate(*program, *facts)) {
    std::printf("%s %s\n", program->rules[result.rule_index].id.c_str(), edict::outcome_name(result.outcome));
    failed |= result.outcome == edict::Outcome::kFail;
    blocked |= result.outcome == edict::Outcome::kUnknown || result.outcome == edict::Outcome::kError;
  }
  return failed ? 1 : blocked ? 3 : 0;
}
