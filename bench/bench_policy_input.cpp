// Trusted input in linear time (issue 12): compiling a long one-line list literal, many
// small rules, and the early refusals of the 1.3M-element list literal (E0006) and the
// doubling `let` chain (E0411). Each builds its source once, outside the timed loop.
// bench/README.md ("Policy input") has before/after numbers.
#include <benchmark/benchmark.h>

#include <string>

#include "compiler/compile.h"

namespace {

using namespace edict;

std::string list_literal(size_t elements) {
  std::string text = "package big\nlet xs = [";
  for (size_t i = 0; i < elements; ++i) text += i ? ",1" : "1";
  return text + "]\npolicy p \"p\" {\n  rule r \"r\" {\n    require len(xs) > 0\n  }\n}\n";
}

std::string many_rules(size_t rules) {
  std::string text = "package many\npolicy p \"p\" {\n";
  for (size_t i = 0; i < rules; ++i)
    text += "  rule r" + std::to_string(i) + " \"t\" {\n    require os.build > " + std::to_string(i) + "\n  }\n";
  return text + "}\n";
}

std::string doubling_lets(size_t lets) {
  std::string text = "package lets\nlet s0 = \"ab\"\n";
  for (size_t i = 1; i <= lets; ++i)
    text += "let s" + std::to_string(i) + " = s" + std::to_string(i - 1) + " + s" + std::to_string(i - 1) + "\n";
  return text + "policy p \"p\" {\n  rule r \"r\" {\n    require len(s" + std::to_string(lets) + ") > 0\n  }\n}\n";
}

// Compiles `files` (name, text) each iteration; `expect_ok` says whether it must compile.
void run(benchmark::State& state, const std::vector<std::pair<std::string, std::string>>& files, bool expect_ok) {
  for (auto _ : state) {
    SourceManager sources;
    DiagnosticSink sink;
    auto program = compiler::compile_sources(files, {}, sources, sink);
    if (program.has_value() != expect_ok) {
      state.SkipWithError(expect_ok ? "did not compile" : "compiled, but should have been refused");
      break;
    }
    benchmark::DoNotOptimize(program);
  }
}

// A list literal of state.range(0) elements on one line (parsed: under the token limit,
// and under kMaxNodesPerExpression, which a list of 100,000 elements passes: E0407).
void BM_ListLiteral(benchmark::State& state) {
  run(state, {{"list.edict", list_literal(static_cast<size_t>(state.range(0)))}}, true);
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_ListLiteral)->Arg(20'000)->Arg(40'000)->Arg(80'000)->Unit(benchmark::kMillisecond)->Complexity();

// The 1.3M-element (2.6 MB) list literal: refused by the token count (E0006).
void BM_ListLiteral_1300k_Refused(benchmark::State& state) {
  run(state, {{"list.edict", list_literal(1'300'000)}}, false);
}
BENCHMARK(BM_ListLiteral_1300k_Refused)->Unit(benchmark::kMillisecond);

// state.range(0) small rules, 19,500 to a file (one file of 78k is past the token limit).
void BM_ManyRules(benchmark::State& state) {
  std::vector<std::pair<std::string, std::string>> files;
  size_t total = static_cast<size_t>(state.range(0)), per_file = 19'500;
  for (size_t done = 0, k = 0; done < total; done += per_file, ++k) {
    std::string text = many_rules(std::min(per_file, total - done));
    std::string package = "many" + std::to_string(k);
    text.replace(text.find("many"), 4, package);
    files.push_back({package + ".edict", text});
  }
  run(state, files, true);
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_ManyRules)->Arg(19'500)->Arg(39'000)->Arg(78'000)->Unit(benchmark::kMillisecond)->Complexity();

// The 40 doubling lets: refused at the first that folds past 32 MiB (E0411).
void BM_DoublingLets_Refused(benchmark::State& state) { run(state, {{"lets.edict", doubling_lets(40)}}, false); }
BENCHMARK(BM_DoublingLets_Refused)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
