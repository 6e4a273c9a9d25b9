// Issue 16's collection target for keyed facts: a check that reads 50 file facts
// collects them in <= 20 ms. The policy names 50 files of this host's /etc (mode, owner,
// group, size; and, in the second benchmark, sha256 as well); the benchmark runs what
// `edict check` runs to collect: the program's recorded keys into CollectOptions::keys,
// then collect_facts with the slots' paths. Services (the other 10 facts) are
// another collector's (sysres's); this measures files alone. bench/README.md.
#include <benchmark/benchmark.h>

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>

#include "bench/bench_collect.h"
#include "bench/bench_common.h"
#include "collectors/registry.h"

namespace {

using namespace edict;
using namespace edict::bench;

// 50 regular files of /etc, sorted: the same ones on every run on one host.
std::vector<std::string> fifty_files() {
  std::vector<std::string> names;
  if (DIR* dir = ::opendir("/etc")) {
    while (struct dirent* e = ::readdir(dir)) {
      std::string path = std::string("/etc/") + e->d_name;
      struct stat st;
      if (::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size < (1 << 20)) names.push_back(path);
    }
    ::closedir(dir);
  }
  std::sort(names.begin(), names.end());
  if (names.size() > 50) names.resize(50);
  return names;
}

std::string policy(const std::vector<std::string>& files, bool hash) {
  std::string source = "package bench\npolicy files \"Files\" {\n";
  for (size_t i = 0; i < files.size(); ++i) {
    std::string f = "files[\"" + files[i] + "\"]";
    source += "  rule f" + std::to_string(i) + " \"F\" {\n    require " + f + ".mode >= 0 and " + f +
              ".owner != \"\" and " + f + ".group != \"\" and " + f + ".size >= 0" +
              (hash ? " and " + f + ".sha256 != \"\"" : "") + "\n  }\n";
  }
  return source + "}\n";
}

void collect_files(benchmark::State& state, bool hash) {
  std::vector<std::string> files = fifty_files();
  if (files.size() < 50) return state.SkipWithError("fewer than 50 regular files in /etc");
  Program program = compile_or_die(policy(files, hash));
  CollectorRegistry registry = CollectorRegistry::with_builtin_host();
  CollectOptions options;
  std::vector<std::string> needed = fact_request(program, options);
  for (auto _ : state) {
    std::vector<CollectorReport> reports;
    Facts facts = collect_facts(registry, needed, options, &reports);
    const Value* v = facts.find("files");
    if (!v || v->size != 50) state.SkipWithError("not every file was collected");
    benchmark::DoNotOptimize(v);
  }
  state.counters["files"] = 50;
}

void BM_Collect50Files(benchmark::State& state) { collect_files(state, false); }
void BM_Collect50FilesWithSha256(benchmark::State& state) { collect_files(state, true); }

BENCHMARK(BM_Collect50Files)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Collect50FilesWithSha256)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
