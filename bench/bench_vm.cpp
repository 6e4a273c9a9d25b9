// The VM on facts already bound (BoundProgram): the 10-condition rule, a 50-rule pack of
// such rules, and the same checks hand-written in C++ over the same Value tree (the
// physical floor the VM is compared with). Results and the machine: bench/README.md.
#include <benchmark/benchmark.h>
#include <re2/re2.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/bench_common.h"
#include "runtime/vm.h"

namespace {

using namespace edict;
using namespace edict::bench;

// Program + facts + bound slots, built once per process.
struct Fixture {
  Program program;
  Facts facts;
  std::unique_ptr<BoundProgram> bound;
  Fixture(const std::string& source) : program(compile_or_die(source)), facts(facts_or_die(kHostJson)) {
    bound = std::make_unique<BoundProgram>(program, facts);
  }
};

Fixture& one_rule() {
  static Fixture f(pack_source(1));
  return f;
}
Fixture& pack() {
  static Fixture f(pack_source(kPackRules));
  return f;
}

void run_vm(benchmark::State& state, Fixture& f) {
  EvalScratch scratch;
  EvalOptions options;
  options.now = 1'800'000'000;
  std::vector<Outcome> out(f.program.rules.size());
  f.bound->evaluate_outcomes(scratch, options, out.data());
  for (Outcome o : out) {
    if (o != Outcome::kPass) {
      std::fprintf(stderr, "bench: a rule did not pass; the benchmark must evaluate every condition\n");
      std::abort();
    }
  }
  for (auto _ : state) {
    f.bound->evaluate_outcomes(scratch, options, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["rules"] = static_cast<double>(out.size());
}

void BM_Vm_TenConditionRule(benchmark::State& state) { run_vm(state, one_rule()); }
void BM_Vm_FiftyRulePack(benchmark::State& state) { run_vm(state, pack()); }

// ---- the floor: the same checks in C++, pointers resolved once like bind does ----

struct Resolved {
  const Value* family;
  const Value* build;
  const Value* licensed;
  const Value* hotfixes;
  const Value* routes;
  const Value* firewall;
  const Value* nla;
  const Value* smb_v1;
  const Value* name;
};

struct RuleConstants {
  int64_t min_build;
  std::string kb;
  std::string bad_destination;
  std::unique_ptr<re2::RE2> pattern;
  int64_t min_hotfixes;
};

bool is_string(const Value& v, std::string_view s) {
  return v.kind == ValueKind::kString && v.str() == s;
}

// A record's field as hand-written code would find it: records are a handful of sorted
// fields, so a linear scan on the key's length first beats a binary search.
const Value* field(const Value& record, std::string_view name) {
  if (record.kind != ValueKind::kMap) return nullptr;
  for (uint32_t i = 0; i < record.size; ++i) {
    const MapEntry& e = record.entries[i];
    if (e.key.size() == name.size() && e.key == name) return &e.value;
  }
  return nullptr;
}

// One rule, with the VM's semantics on known values: a wrong kind is a failure (the VM
// would say `error`), every condition evaluated in order with short-circuit.
[[gnu::noinline]] bool floor_rule(const Resolved& f, const RuleConstants& k) {
  if (!is_string(*f.family, "windows")) return false;
  if (f.build->kind != ValueKind::kInt || f.build->integer < k.min_build) return false;
  if (f.licensed->kind != ValueKind::kBool || !f.licensed->boolean) return false;
  if (f.hotfixes->kind != ValueKind::kList) return false;
  bool found = false;
  for (uint32_t i = 0; i < f.hotfixes->size && !found; ++i) found = is_string(f.hotfixes->items[i], k.kb);
  if (!found) return false;
  if (f.routes->kind != ValueKind::kList) return false;
  for (uint32_t i = 0; i < f.routes->size; ++i) {
    const Value* d = field(f.routes->items[i], "destination");
    if (d && is_string(*d, k.bad_destination)) return false;
  }
  if (f.firewall->kind != ValueKind::kBool || !f.firewall->boolean) return false;
  if (f.nla->kind != ValueKind::kBool || !f.nla->boolean) return false;
  if (f.smb_v1->kind != ValueKind::kBool || f.smb_v1->boolean) return false;
  if (f.name->kind != ValueKind::kString ||
      !re2::RE2::PartialMatch(re2::StringPiece(f.name->chars, f.name->size), *k.pattern)) {
    return false;
  }
  return f.hotfixes->size >= static_cast<uint64_t>(k.min_hotfixes);
}

Resolved resolve(const Facts& facts) {
  auto get = [&](const char* path) {
    const Value* v = facts.find(path);
    if (!v) {
      std::fprintf(stderr, "bench: fact %s missing\n", path);
      std::abort();
    }
    return v;
  };
  return Resolved{get("os.family"), get("os.build"), get("windows.esu.licensed"),
                  get("windows.hotfixes"), get("network.routes"), get("windows.firewall.public.enabled"),
                  get("windows.rdp.nla_required"), get("windows.smb.v1_enabled"), get("os.name")};
}

std::vector<RuleConstants> floor_constants(int rules) {
  std::vector<RuleConstants> out;
  for (int i = 0; i < rules; ++i) {
    RuleParams p = rule_params(i);
    RuleConstants k{p.min_build, p.kb, p.bad_destination, nullptr, p.min_hotfixes};
    std::string error;
    k.pattern = compile_regex(p.pattern, &error);
    out.push_back(std::move(k));
  }
  return out;
}

void run_floor(benchmark::State& state, Fixture& f, int rules) {
  Resolved r = resolve(f.facts);
  std::vector<RuleConstants> k = floor_constants(rules);
  for (const auto& c : k) {
    if (!floor_rule(r, c)) {
      std::fprintf(stderr, "bench: a floor rule did not pass\n");
      std::abort();
    }
  }
  for (auto _ : state) {
    int passed = 0;
    for (const auto& c : k) passed += floor_rule(r, c);
    benchmark::DoNotOptimize(passed);
  }
  state.counters["rules"] = rules;
}

void BM_Floor_TenConditionRule(benchmark::State& state) { run_floor(state, one_rule(), 1); }
void BM_Floor_FiftyRulePack(benchmark::State& state) { run_floor(state, pack(), kPackRules); }

BENCHMARK(BM_Vm_TenConditionRule);
BENCHMARK(BM_Floor_TenConditionRule);
BENCHMARK(BM_Vm_FiftyRulePack);
BENCHMARK(BM_Floor_FiftyRulePack);

}  // namespace

BENCHMARK_MAIN();
