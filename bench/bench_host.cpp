// One host end to end from its facts document: parse the ~5 KB JSON (checked against the
// schema), bind the 50-rule pack's slots, evaluate every rule. The inverse of its time is
// hosts per second per core, the number a fleet check scales with. bench/README.md.
#include <benchmark/benchmark.h>

#include "bench/bench_common.h"
#include "runtime/vm.h"

namespace {

using namespace edict;
using namespace edict::bench;

void BM_Host_ParseBindEvaluate(benchmark::State& state) {
  static const Program program = compile_or_die(pack_source(kPackRules));
  EvalScratch scratch;
  EvalOptions options;
  options.now = 1'800'000'000;
  std::vector<Outcome> out(program.rules.size());
  for (auto _ : state) {
    SourceManager sources;
    DiagnosticSink sink;
    auto facts = load_facts_text("host.json", kHostJson, FactsFormat::kJson, program.schema, sources, sink);
    BoundProgram bound(program, *facts);
    bound.evaluate_outcomes(scratch, options, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  for (Outcome o : out) {
    if (o != Outcome::kPass) state.SkipWithError("a rule did not pass");
  }
  state.counters["json_bytes"] = static_cast<double>(kHostJson.size());
  state.counters["hosts_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// The parse alone, to show where a host's time goes.
void BM_Host_ParseOnly(benchmark::State& state) {
  for (auto _ : state) {
    SourceManager sources;
    DiagnosticSink sink;
    auto facts = load_facts_text("host.json", kHostJson, FactsFormat::kJson, FactSchema::core(), sources, sink);
    benchmark::DoNotOptimize(facts);
  }
}

BENCHMARK(BM_Host_ParseBindEvaluate);
BENCHMARK(BM_Host_ParseOnly);

}  // namespace

BENCHMARK_MAIN();
