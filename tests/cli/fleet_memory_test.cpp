// A fleet streams (docs/fleet.md): 200,000 hosts through `edict check --facts
// hosts.ndjson` stay under a fixed peak RSS, measured with getrusage of the child,
// and every host line comes out in order. Memory that grew with the fleet (every
// report kept, every facts tree kept) would take this far past the bound: one host's
// kept report is kilobytes, 200,000 of them hundreds of megabytes.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "run_edict.h"

using edict::testing::scratch_dir;

namespace {

constexpr int kHosts = 200000;
// Compiled program, one window of 4,096 hosts and their results on two threads: tens of
// megabytes. Far below what keeping 200,000 reports or facts trees would take.
constexpr long kMaxRssKiB = 120 * 1024;
// Under AddressSanitizer the child's RSS holds ASan's quarantine of freed memory (256 MB
// by default) and its shadow memory: it measures the sanitizer, not Edict (575 MB seen in
// CI's ASan run). The bound is checked in the release build's run of this test; the
// ASan run keeps every other check (order, counts, exit code) and looks for leaks.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kRssMeasuresEdict = false;
#else
constexpr bool kRssMeasuresEdict = true;
#endif

}  // namespace

TEST_CASE("fleet memory: 200,000 hosts stream through a bounded peak RSS, in order") {
  std::string dir = scratch_dir("fleet-memory");
  std::string facts = dir + "/hosts.ndjson";
  {
    std::ofstream out(facts, std::ios::binary);
    for (int i = 0; i < kHosts; ++i)
      out << R"({"host": {"name": "h)" << i << R"("}, "os": {"family": "windows", "build": )" << (i % 1000 == 0 ? 6002 : 6003)
          << R"(}, "windows": {"esu": {"licensed": true}, "rdp": {"nla_required": true}, "smb": {"v1_enabled": false}}})"
          << "\n";
  }
  std::string out = dir + "/out.txt";
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (::chdir((std::string(EDICT_SOURCE_DIR) + "/tests/data/cli/gate").c_str()) != 0) ::_exit(99);
    int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::execl(EDICT_BINARY, EDICT_BINARY, "check", "policies", "--facts", facts.c_str(), "--config", "config/defaults.toml",
            "--now", "2026-11-21", "--jobs", "2", static_cast<char*>(nullptr));
    ::_exit(98);
  }
  int status = 0;
  struct rusage usage {};
  REQUIRE(::wait4(pid, &status, 0, &usage) == pid);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);  // every 1000th host fails
  INFO("peak RSS " << usage.ru_maxrss << " KiB");
  if (kRssMeasuresEdict) {
    CHECK(usage.ru_maxrss < kMaxRssKiB);
  } else {
    WARN("peak RSS not checked under AddressSanitizer (see kRssMeasuresEdict)");
  }
  std::ifstream in(out);
  std::string line;
  int n = 0;
  bool ordered = true;
  while (std::getline(in, line) && n < kHosts) {
    std::string name = "h" + std::to_string(n) + "  (";
    ordered = ordered && line.find(name) == 8;
    ++n;
  }
  CHECK(n == kHosts);
  CHECK(ordered);
  std::string rest((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(rest.find("fleet: 200000 hosts: 199800 pass, 200 fail, 0 blocked, 0 error - gate fail (exit 1)") !=
        std::string::npos);
}
