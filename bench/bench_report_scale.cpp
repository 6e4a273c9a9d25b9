// Report cost against the size of the facts (bench/README.md, "Facts and reports at
// scale"): what `edict check` does after evaluating (build_report, then the JSON report)
// when facts are large. Before 2371a63..20b3409 each rule's entry copied every fact it
// read in full, and ordered_json's linear operator[] made a map quadratic:
//   BM_Load_MapFact/N        loading a facts document with a sysctl map of N keys
//   BM_Report_MapFact/N      one rule reads a sysctl map of N keys
//   BM_Check_HotfixList/N/R  R rules each test one KB against a list of N hotfixes
//                            (evaluate with explanations, build_report, render_json)
#include <benchmark/benchmark.h>

#include <string>

#include "bench/bench_common.h"
#include "report/formats.h"
#include "report/report.h"
#include "runtime/vm.h"

namespace {

using namespace edict;
using namespace edict::bench;

std::string sysctl_json(int64_t keys) {
  std::string s = R"({"host": {"name": "big"}, "sysctl": {)";
  s.reserve(static_cast<size_t>(keys) * 34);
  for (int64_t i = 0; i < keys; ++i) s += (i ? ",\"net.ipv4.conf.k" : "\"net.ipv4.conf.k") + std::to_string(i) + "\":\"1\"";
  return s + "}}";
}

std::string hotfixes_json(int64_t n) {
  std::string s = R"({"host": {"name": "big"}, "os": {"family": "windows"}, "windows": {"hotfixes": [)";
  for (int64_t i = 0; i < n; ++i) s += (i ? ",\"KB" : "\"KB") + std::to_string(1000000 + i) + "\"";
  return s + "]}}";
}

// R rules; rule i asks for a KB that is in the list when i is even, and one that is not
// when i is odd (those fail, so they are explained: their traced values include the list).
std::string hotfix_rules(int64_t rules, int64_t n) {
  std::string s = "package scale\npolicy hotfixes \"Hotfixes\" {\n";
  for (int64_t i = 0; i < rules; ++i) {
    int64_t kb = i % 2 == 0 ? 1000000 + (i * 7919) % n : 9000000 + i;
    s += "  rule r" + std::to_string(i) + " \"KB present\" {\n    require \"KB" + std::to_string(kb) +
         "\" in windows.hotfixes\n  }\n";
  }
  return s + "}\n";
}

void BM_Load_MapFact(benchmark::State& state) {
  const std::string json = sysctl_json(state.range(0));
  for (auto _ : state) {
    Facts facts = facts_or_die(json);
    benchmark::DoNotOptimize(facts.root());
  }
  state.counters["json_bytes"] = static_cast<double>(json.size());
}

void BM_Report_MapFact(benchmark::State& state) {
  Facts facts = facts_or_die(sysctl_json(state.range(0)));
  std::vector<PolicyInfo> policies(1);
  policies[0].id = "p";
  std::vector<RuleInfo> rules(1);
  rules[0].id = "p.sysctl";
  rules[0].fact_paths = {"sysctl"};
  std::vector<RuleResult> results(1);
  results[0].outcome = Outcome::kPass;
  size_t bytes = 0;
  for (auto _ : state) {
    report::BuildInput input;
    input.policies = &policies;
    input.rules = &rules;
    input.results = &results;
    input.facts = &facts;
    std::string json = report::render_json(report::build_report(input));
    bytes = json.size();
    benchmark::DoNotOptimize(json.data());
  }
  state.counters["report_bytes"] = static_cast<double>(bytes);
}

void BM_Check_HotfixList(benchmark::State& state) {
  const int64_t n = state.range(0), rule_count = state.range(1);
  Program program = compile_or_die(hotfix_rules(rule_count, n));
  Facts facts = facts_or_die(hotfixes_json(n), program.schema);
  EvalOptions options;
  options.explain = true;
  options.now = 1'800'000'000;
  size_t bytes = 0;
  for (auto _ : state) {
    std::vector<RuleResult> results = evaluate(program, facts, options);
    report::BuildInput input;
    input.policies = &program.policies;
    input.rules = &program.rules;
    input.results = &results;
    input.facts = &facts;
    std::string json = report::render_json(report::build_report(input));
    bytes = json.size();
    benchmark::DoNotOptimize(json.data());
  }
  state.counters["report_bytes"] = static_cast<double>(bytes);
}

BENCHMARK(BM_Load_MapFact)->Arg(10000)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Report_MapFact)->Arg(10000)->Arg(20000)->Arg(50000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Check_HotfixList)->Args({10000, 200})->Args({100000, 200})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
