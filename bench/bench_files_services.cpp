// Issue 16's target in one program: "a check that reads 50 file facts and 10 services
// still collects in <= 20 ms on this machine". One policy of 60 rules: 50 read
// files["/etc/X"] (mode, owner, group, size) for the first 50 regular files of this
// host's /etc, 10 read services["X.service"] (state, enabled, active) for the first 10
// service unit files of this host's unit directories. Each iteration does what
// `edict check` does on the live host: the program's recorded keys into
// CollectOptions::keys, collect_facts with the slots' paths (the real `files` and
// `services` collectors, on their threads), bind, evaluate.
//
// On a host where systemd runs, `services` also asks it for `active` (one ListUnits on
// the system bus). This machine runs no systemd, so that call is measured on its own:
// BM_ManagerListUnits300 asks a fake manager with 300 units on a private dbus-daemon
// (tests/collectors/systemd_bus_fake.h), the sd-bus client's whole cost (connect,
// authenticate, Hello, the call, 300 rows decoded). bench/README.md.
#include <benchmark/benchmark.h>

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>

#include "bench/bench_collect.h"
#include "bench/bench_common.h"
#include "collectors/linux_systemd_bus.h"
#include "collectors/registry.h"
#include "runtime/vm.h"
#include "tests/collectors/systemd_bus_fake.h"

namespace {

using namespace edict;
using namespace edict::bench;

constexpr size_t kFiles = 50;
constexpr size_t kServices = 10;

// The first `n` names (sorted) in `dir` for which keep(path, stat) holds.
template <typename Keep>
std::vector<std::string> first_entries(const std::string& dir, size_t n, Keep keep) {
  std::vector<std::string> names;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (struct dirent* e = ::readdir(d)) {
      std::string path = dir + "/" + e->d_name;
      struct stat st;
      if (::lstat(path.c_str(), &st) == 0 && keep(std::string(e->d_name), st)) names.push_back(e->d_name);
    }
    ::closedir(d);
  }
  std::sort(names.begin(), names.end());
  if (names.size() > n) names.resize(n);
  return names;
}

std::string policy(const std::vector<std::string>& files, const std::vector<std::string>& units) {
  std::string s = "package bench\npolicy host \"Files and services\" {\n";
  for (size_t i = 0; i < files.size(); ++i) {
    std::string f = "files[\"/etc/" + files[i] + "\"]";
    s += "  rule f" + std::to_string(i) + " \"F\" {\n    require " + f + ".mode >= 0 and " + f + ".owner != \"\" and " +
         f + ".group != \"\" and " + f + ".size >= 0\n  }\n";
  }
  for (size_t i = 0; i < units.size(); ++i) {
    std::string u = "services[\"" + units[i] + "\"]";
    s += "  rule s" + std::to_string(i) + " \"S\" {\n    require " + u + ".state != \"masked\" and " + u +
         ".loaded and " + u + ".active != \"failed\"\n  }\n";
  }
  return s + "}\n";
}

void BM_Check50FilesAnd10Services_ThisHost(benchmark::State& state) {
  auto files = first_entries("/etc", kFiles, [](const std::string&, const struct stat& st) {
    return S_ISREG(st.st_mode) && st.st_size < (1 << 20);
  });
  auto units = first_entries("/lib/systemd/system", kServices, [](const std::string& name, const struct stat& st) {
    return S_ISREG(st.st_mode) && name.size() > 8 && name.compare(name.size() - 8, 8, ".service") == 0 &&
           name.find('@') == std::string::npos;
  });
  if (files.size() < kFiles || units.size() < kServices) {
    return state.SkipWithError("fewer than 50 files in /etc or 10 services in /lib/systemd/system");
  }
  Program program = compile_or_die(policy(files, units));
  CollectorRegistry registry = CollectorRegistry::with_builtin_host();
  CollectOptions options;
  std::vector<std::string> needed = fact_request(program, options);
  EvalScratch scratch;
  EvalOptions eval;
  std::vector<Outcome> out(program.rules.size());
  for (auto _ : state) {
    std::vector<CollectorReport> reports;
    Facts facts = collect_facts(registry, needed, options, &reports);
    const Value* f = facts.find("files");
    const Value* s = facts.find("services");
    if (!f || f->size != kFiles || !s) state.SkipWithError("files or services were not collected");
    BoundProgram bound(program, facts);
    bound.evaluate_outcomes(scratch, eval, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["rules"] = static_cast<double>(program.rules.size());
}

void BM_ManagerListUnits300(benchmark::State& state) {
  if (std::system("command -v dbus-daemon >/dev/null 2>&1") != 0) return state.SkipWithError("no dbus-daemon");
  edict::testing::PrivateBus bus("bench");
  std::vector<edict::testing::FakeUnit> units;
  for (int i = 0; i < 300; ++i) {
    units.push_back({"unit" + std::to_string(i) + ".service", "loaded", i % 3 ? "active" : "inactive", "running"});
  }
  edict::testing::FakeSystemd manager(bus.address(), units);
  if (!bus.up() || !manager.ready()) return state.SkipWithError("the private bus did not start");
  ::setenv("DBUS_SYSTEM_BUS_ADDRESS", bus.address().c_str(), 1);
  for (auto _ : state) {
    std::map<std::string, collectors::ManagerUnit> listed;
    std::string error;
    if (!collectors::list_manager_units(&listed, &error) || listed.size() != 300) state.SkipWithError(error.c_str());
    benchmark::DoNotOptimize(listed);
  }
  ::unsetenv("DBUS_SYSTEM_BUS_ADDRESS");
}

BENCHMARK(BM_Check50FilesAnd10Services_ThisHost)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ManagerListUnits300)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
