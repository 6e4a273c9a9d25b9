// A fleet's cost per host (docs/fleet.md, bench/README.md "Fleets"): the 5 KB host
// document parsed (checked against the schema), bound and evaluated against the bundled
// policies/ rules, on 1 and 2 threads (each thread its own host, as `edict check --jobs`
// runs them); and the same plus build_report and the ndjson line, which is what the CLI
// adds per host.
#include <benchmark/benchmark.h>

#include "bench/bench_common.h"
#include "compiler/compile.h"
#include "report/fleet.h"
#include "report/formats.h"
#include "runtime/vm.h"

namespace {

using namespace edict;
using namespace edict::bench;

const Program& bundled() {
  static const Program program = [] {
    SourceManager sources;
    DiagnosticSink sink;
    auto p = compiler::compile_paths({std::string(EDICT_SOURCE_DIR) + "/policies"}, {}, sources, sink);
    if (!p) {
      std::fputs(render_all(sink, sources).c_str(), stderr);
      std::abort();
    }
    return std::move(*p);
  }();
  return program;
}

void BM_Fleet_ParseBindEvaluate(benchmark::State& state) {
  const Program& program = bundled();
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
  state.counters["rules"] = static_cast<double>(program.rules.size());
  state.counters["hosts_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// What `edict check --facts fleet.ndjson --format ndjson` does per host, in process.
void BM_Fleet_HostToNdjsonLine(benchmark::State& state) {
  const Program& program = bundled();
  report::FleetContext context;
  context.rules = program.rules;
  context.policies = program.policies;
  EvalOptions options;
  options.now = 1'800'000'000;
  options.explain = true;
  for (auto _ : state) {
    SourceManager sources;
    DiagnosticSink sink;
    auto facts = load_facts_text("host.json", kHostJson, FactsFormat::kJson, program.schema, sources, sink);
    auto results = evaluate(program, *facts, options);
    report::BuildInput input;
    input.policies = &program.policies;
    input.rules = &program.rules;
    input.results = &results;
    input.facts = &*facts;
    input.now = 1'800'000'000;
    report::Report rep = report::build_report(input);
    auto host = report::make_fleet_host(rep, "fleet.ndjson:1", std::nullopt, context, report::Format::kNdjson, {});
    benchmark::DoNotOptimize(host.fragment.data());
  }
  state.counters["hosts_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_Fleet_ParseBindEvaluate)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_Fleet_HostToNdjsonLine)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
