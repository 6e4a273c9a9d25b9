// The air-gap judgement (std.net's has_internet_route) over a host's routes: a typical
// host (24 routes of the main and local tables, all private or local) and a large
// one (1,000 routes). std.net is read from EDICT_BENCH_STDLIB (a directory holding
// std/net.edict) when set, so one session measures two versions of the module.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "compiler/compile.h"
#include "runtime/facts/load.h"
#include "runtime/vm.h"

namespace {

using namespace edict;

const char* kPolicy = R"(package bench
import std.net
policy p "air gap" {
  rule r "no internet route" { require not net.has_internet_route(network.routes) }
}
)";

std::string routes_json(int n) {
  std::string s = R"({"network": {"rules": [{"family": "ipv4", "priority": 0, "action": "lookup", "table": "local", "matches_all": true}, {"family": "ipv4", "priority": 32766, "action": "lookup", "table": "main", "matches_all": true}], "routes": [)";
  for (int i = 0; i < n; ++i) {
    bool local = i % 3 == 0;
    s += std::string(i ? ", " : "") + "{\"destination\": \"10." + std::to_string(i / 256 % 256) + "." +
         std::to_string(i % 256) + ".0/24\", \"gateway\": \"10.0.0.1\", \"interface\": \"eth0\", \"metric\": 100, "
         "\"family\": \"ipv4\", \"table\": \"" + (local ? "local" : "main") + "\", \"type\": \"" +
         (local ? "local" : "unicast") + "\"}";
  }
  return s + "]}}";
}

struct Setup {
  SourceManager sources;
  DiagnosticSink sink;
  std::optional<Program> program;
  std::optional<Facts> facts;
};

std::unique_ptr<Setup> setup(int routes) {
  auto s = std::make_unique<Setup>();
  compiler::CompileOptions options;
  if (const char* dir = std::getenv("EDICT_BENCH_STDLIB")) options.stdlib_dir = dir;
  s->program = compiler::compile_sources({{"bench.edict", kPolicy}}, options, s->sources, s->sink);
  if (!s->program) {
    std::fprintf(stderr, "bench_net: the policy does not compile\n%s", render_all(s->sink, s->sources).c_str());
    std::abort();
  }
  auto loaded = load_facts_text("bench.json", routes_json(routes), FactsFormat::kJson, s->program->schema, s->sources,
                                s->sink);
  if (!loaded) {
    std::fprintf(stderr, "bench_net: the facts do not load\n%s", render_all(s->sink, s->sources).c_str());
    std::abort();
  }
  s->facts.emplace(std::move(*loaded));
  auto results = evaluate(*s->program, *s->facts);
  if (results.size() != 1 || results[0].outcome != Outcome::kPass) {
    std::fprintf(stderr, "bench_net: expected one passing rule\n");
    std::abort();
  }
  return s;
}

void BM_Net_HasInternetRoute(benchmark::State& state) {
  auto s = setup(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto results = evaluate(*s->program, *s->facts);
    benchmark::DoNotOptimize(results);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

}  // namespace

BENCHMARK(BM_Net_HasInternetRoute)->Arg(24)->Arg(1000);
BENCHMARK_MAIN();
