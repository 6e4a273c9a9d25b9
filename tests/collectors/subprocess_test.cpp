// What an external collector program gets and leaves behind: a minimal environment
// (PATH, LANG and the [collect] env allow-list, never edict's secrets), no descendant
// that outlives it (setsid and double-fork daemons included), and its own exit ends
// the run even while a background child holds its stdout open.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "collectors/registry.h"
#include "collectors/subprocess.h"
#include "tests/collectors/collector_reports.h"
#include "tests/facts/temp_tree.h"

using namespace edict;
using edict::testing::report_of;
using edict::testing::show;
using edict::testing::TempTree;

namespace {

// Sets a variable for the scope.
struct ScopedEnv {
  std::string name;
  ScopedEnv(std::string n, const char* value) : name(std::move(n)) { ::setenv(name.c_str(), value, 1); }
  ~ScopedEnv() { ::unsetenv(name.c_str()); }
};

bool alive(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

// The pid a program wrote to `file`, waiting a little for the write.
pid_t pid_in(const std::string& file) {
  for (int i = 0; i < 200; ++i) {
    std::ifstream in(file);
    long pid = 0;
    if (in >> pid && pid > 0) return static_cast<pid_t>(pid);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return 0;
}

// Whether `pid` is gone within a second (a killed process is reaped at once; allow
// the scheduler a moment). A survivor from the old code is killed here by its pid.
bool gone_soon(pid_t pid) {
  for (int i = 0; i < 100; ++i) {
    if (!alive(pid)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid, SIGKILL);
  return false;
}

}  // namespace

TEST_CASE("an external collector gets PATH, LANG and the allow-listed variables, never the rest of edict's environment") {
  ScopedEnv secret("EDICT_TEST_CI_TOKEN", "hunter2");
  ScopedEnv proxy("HTTPS_PROXY", "http://proxy.example:3128");
  ScopedEnv lang("LANG", "C.UTF-8");
  // /usr/bin/env prints exactly the environment execve gave it.
  RunResult plain = run_program("/usr/bin/env", RunLimits{});
  REQUIRE(plain.exit_code == 0);
  CHECK(plain.out == "PATH=" + std::string(std::getenv("PATH")) + "\nLANG=C.UTF-8\n");

  RunLimits allow;
  allow.env = {"HTTPS_PROXY", "NOT_SET_ANYWHERE", "LANG"};
  RunResult allowed = run_program("/usr/bin/env", allow);
  CHECK(allowed.out == "PATH=" + std::string(std::getenv("PATH")) +
                           "\nLANG=C.UTF-8\nHTTPS_PROXY=http://proxy.example:3128\n");

  // Without PATH in edict's environment, the program still gets a sane one.
  std::string saved = std::getenv("PATH");
  ::unsetenv("PATH");
  RunResult no_path = run_program("/usr/bin/env", RunLimits{});
  ::setenv("PATH", saved.c_str(), 1);
  CHECK(no_path.out == std::string("PATH=") + kDefaultPath + "\nLANG=C.UTF-8\n");

  // Through a facts.d: options.external_env is what reaches the program.
  TempTree dir("env", edict::testing::trusted_base_dir());
  dir.write("site.schema.toml", "[facts]\n\"site.env\" = \"string\"\n");
  dir.write("env.sh", "#!/bin/sh\nprintf '{\"site\": {\"env\": \"%s|%s\"}}' \"$EDICT_TEST_CI_TOKEN\" \"$HTTPS_PROXY\"\n",
            0755);
  CollectOptions options;
  options.facts_d = {dir.path()};
  options.only = {"external"};
  options.external_env = {"HTTPS_PROXY"};
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {}, options, &reports, true);
  CHECK(show(facts, "site.env") == "\"|http://proxy.example:3128\"");
}

TEST_CASE("a collector's descendants die with it, even after setsid or a double fork") {
  TempTree dir("descendants");
  std::string setsid_pid = dir.at("setsid.pid"), daemon_pid = dir.at("daemon.pid");
  // A child in its own session (out of the group edict kills), and a grandchild
  // whose parent exits at once (reparented while the program still runs).
  dir.write("spawn.sh",
            "#!/bin/sh\n"
            "setsid sh -c 'echo $$ > \"$0\"; exec sleep 1000' '" + setsid_pid + "' >/dev/null 2>&1 &\n"
            "( setsid sh -c 'echo $$ > \"$0\"; exec sleep 1000' '" + daemon_pid + "' >/dev/null 2>&1 & )\n"
            "while [ ! -s '" + setsid_pid + "' ] || [ ! -s '" + daemon_pid + "' ]; do sleep 0.01; done\n"
            "echo '{}'\n",
            0755);
  RunResult r = run_program(dir.at("spawn.sh"), RunLimits{});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "{}\n");
  pid_t a = pid_in(setsid_pid), b = pid_in(daemon_pid);
  REQUIRE(a > 0);
  REQUIRE(b > 0);
  CHECK(gone_soon(a));
  CHECK(gone_soon(b));

  // The same when the program is killed at its deadline.
  dir.write("hang.sh",
            "#!/bin/sh\nsetsid sh -c 'echo $$ > \"$0\"; exec sleep 1000' '" + dir.at("hang.pid") +
                "' >/dev/null 2>&1 &\nsleep 1000\n",
            0755);
  RunLimits short_limit;
  short_limit.timeout_ms = 500;
  RunResult hung = run_program(dir.at("hang.sh"), short_limit);
  CHECK(hung.timed_out);
  pid_t c = pid_in(dir.at("hang.pid"));
  REQUIRE(c > 0);
  CHECK(gone_soon(c));
}

TEST_CASE("a finished collector whose background child holds stdout open is not a timeout") {
  TempTree dir("stdout-held");
  dir.write("bg.sh", "#!/bin/sh\nsleep 30 &\necho '{\"a\": 1}'\n", 0755);
  RunLimits limits;
  limits.timeout_ms = 5000;
  auto start = std::chrono::steady_clock::now();
  RunResult r = run_program(dir.at("bg.sh"), limits);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "{\"a\": 1}\n");
  CHECK(seconds < 2);  // its exit, not the sleep's 30 s nor the 5 s limit, ended the run
}

TEST_CASE("a chain of 70 generations of setsid'd descendants dies with the collector, not one generation per round") {
  TempTree dir("chain");
  std::string pids = dir.at("pids");
  // Each generation starts the next in its own session, then sleeps: when the program
  // exits, only the first is reparented to edict; the rest hang below it.
  dir.write("chain.sh",
            "#!/bin/sh\necho $$ >> '" + pids + "'\n"
            "if [ \"$1\" -gt 0 ]; then setsid \"$0\" $(($1 - 1)) >/dev/null 2>&1 & fi\nexec sleep 1000\n",
            0755);
  dir.write("spawn.sh",
            "#!/bin/sh\nsetsid '" + dir.at("chain.sh") + "' 69 >/dev/null 2>&1 &\n"
            "while [ \"$(wc -l < '" + pids + "' 2>/dev/null || echo 0)\" -lt 70 ]; do sleep 0.01; done\necho '{}'\n",
            0755);
  RunResult r = run_program(dir.at("spawn.sh"), RunLimits{});
  CHECK(r.exit_code == 0);
  std::ifstream in(pids);
  std::vector<pid_t> all;
  long pid;
  while (in >> pid) all.push_back(static_cast<pid_t>(pid));
  REQUIRE(all.size() == 70);
  int survivors = 0;
  for (pid_t p : all) survivors += gone_soon(p) ? 0 : 1;
  CHECK(survivors == 0);
}

TEST_CASE("after the collector exits, its pipes are drained for at most kDrainAfterExitMs, whoever holds them") {
  static_assert(kDrainAfterExitMs == 500);
  TempTree dir("drain");
  std::string pid_file = dir.at("pid"), held = dir.at("held");
  // The program waits until someone outside its tree holds its stdout, then exits.
  dir.write("exit.sh",
            "#!/bin/sh\necho '{\"a\": 1}'\necho $$ > '" + pid_file + "'\n"
            "while [ ! -e '" + held + "' ]; do sleep 0.01; done\n",
            0755);
  std::atomic<bool> done{false};
  std::thread holder([&] {
    pid_t pid = pid_in(pid_file);
    // A second write end of its stdout pipe, in this process: nothing edict may kill.
    int fd = pid > 0 ? ::open(("/proc/" + std::to_string(pid) + "/fd/1").c_str(), O_WRONLY) : -1;
    std::ofstream(held) << "x";
    while (!done.load()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (fd >= 0) ::close(fd);
  });
  RunLimits limits;
  limits.timeout_ms = 5000;
  auto start = std::chrono::steady_clock::now();
  RunResult r = run_program(dir.at("exit.sh"), limits);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  done = true;
  holder.join();
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "{\"a\": 1}\n");
  CHECK(seconds >= kDrainAfterExitMs / 1000.0);  // the drain ran to its bound
  CHECK(seconds < 3);                            // and no further
}

TEST_CASE("the /proc scan that finds descendants without task children files reads odd command names") {
  TempTree dir("tree");
  // A command name with spaces and parentheses: /proc/<pid>/stat's ppid follows the last ')'.
  // (a copy of sleep(1), so the process keeps that name).
  std::string odd = dir.at("a (b) c");
  std::filesystem::copy_file("/bin/sleep", odd);
  pid_t child = ::fork();
  if (child == 0) {
    ::execl(odd.c_str(), odd.c_str(), "1000", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  REQUIRE(child > 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::ifstream stat("/proc/" + std::to_string(child) + "/stat");
  std::string line;
  std::getline(stat, line);
  CHECK(line.find("(a (b) c)") != std::string::npos);
  auto tree = process_tree();
  bool found = false;
  auto [begin, end] = tree.equal_range(::getpid());
  for (auto it = begin; it != end; ++it) found = found || it->second == child;
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  CHECK(found);
}
