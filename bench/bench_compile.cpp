// Cold compile: the embedded stdlib plus every pack of policies/, from reading the files
// to a checked Program, with nothing cached between iterations. bench/README.md.
#include <benchmark/benchmark.h>

#include "compiler/compile.h"

namespace {

using namespace edict;

void BM_Compile_StdlibAndPolicies(benchmark::State& state) {
  const std::string policies = std::string(EDICT_SOURCE_DIR) + "/policies";
  size_t rules = 0;
  for (auto _ : state) {
    SourceManager sources;
    DiagnosticSink sink;
    auto program = compiler::compile_paths({policies}, {}, sources, sink);
    if (!program) {
      state.SkipWithError("policies/ does not compile");
      break;
    }
    rules = program->rules.size();
    benchmark::DoNotOptimize(program);
  }
  state.counters["rules"] = static_cast<double>(rules);
}

BENCHMARK(BM_Compile_StdlibAndPolicies)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
