// A report-format fleet (ndjson, json, ...) is evaluated kFleetWindowReportHosts at a
// time (cli/check_fleet.h), not kFleetWindowHosts: each window holds its hosts' rendered
// reports. More hosts than one window must all come out, once each, in input order.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "run_edict.h"

using namespace edict::testing;

TEST_CASE("fleet window: an ndjson fleet of 2.5 report windows writes every host once, in order") {
  const size_t hosts = 640;  // 2.5 x kFleetWindowReportHosts (256)
  std::string path = scratch_dir("fleet_window") + "/hosts.ndjson";
  {
    std::ofstream out(path, std::ios::binary);
    for (size_t i = 0; i < hosts; ++i)
      out << R"({"host": {"name": "h)" << i << R"("}, "os": {"family": "windows", "build": 6003}})" << "\n";
  }
  RunResult r = run_edict("check policies --facts " + path +
                              " --config config/defaults.toml --now 2026-11-21 --format ndjson --jobs 2",
                          "tests/data/cli/gate");
  INFO(r.err.substr(0, 500));
  REQUIRE(r.exit_code != 2);
  size_t at = 0, lines = 0;
  bool ordered = true;
  for (size_t i = 0; i < hosts; ++i) {
    size_t next = r.out.find("\"host\":\"h" + std::to_string(i) + "\"", at);
    ordered = ordered && next != std::string::npos;
    if (next != std::string::npos) at = next;
  }
  for (char c : r.out) lines += c == '\n';
  CHECK(ordered);
  CHECK(lines == hosts);
}

namespace {

// One window of the old size (4,096) of these hosts' ndjson reports (~49 KB each against
// the bundled policies) held 235 MB; a window of kFleetWindowReportHosts holds ~13 MB,
// and the compiled program and two threads' work take ~15 MB more (26 MB measured).
constexpr long kMaxReportFleetRssKiB = 100 * 1024;
// AddressSanitizer's quarantine and shadow memory are not Edict's (fleet_memory_test.cpp).
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kReportRssMeasuresEdict = false;
#else
constexpr bool kReportRssMeasuresEdict = true;
#endif

}  // namespace

TEST_CASE("fleet window: an ndjson fleet's peak RSS stays bounded (4,200 hosts, reports of ~49 KB each)") {
  const int hosts = 4200;  // more than one old window (4,096)
  std::string dir = scratch_dir("fleet_window_rss");
  std::string facts = dir + "/hosts.ndjson";
  {
    std::ofstream out(facts, std::ios::binary);
    for (int i = 0; i < hosts; ++i)
      out << R"({"host": {"name": "h)" << i << R"("}, "os": {"family": "windows", "build": 6002}})" << "\n";
  }
  std::string out = dir + "/out.ndjson";
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (::chdir(EDICT_SOURCE_DIR) != 0) ::_exit(99);
    int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::execl(EDICT_BINARY, EDICT_BINARY, "check", "policies", "--facts", facts.c_str(), "--format", "ndjson", "--now",
            "2026-11-21", "--jobs", "2", static_cast<char*>(nullptr));
    ::_exit(98);
  }
  int status = 0;
  struct rusage usage {};
  REQUIRE(::wait4(pid, &status, 0, &usage) == pid);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) != 2);
  INFO("peak RSS " << usage.ru_maxrss << " KiB");
  if (kReportRssMeasuresEdict) CHECK(usage.ru_maxrss < kMaxReportFleetRssKiB);
  std::ifstream in(out);
  std::string line;
  int n = 0;
  bool ordered = true;
  while (std::getline(in, line)) {
    ordered = ordered && line.find("\"host\":\"h" + std::to_string(n) + "\"") != std::string::npos;
    ++n;
  }
  CHECK(n == hosts);
  CHECK(ordered);
}
