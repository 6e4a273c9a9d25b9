// SIGINT, SIGTERM and SIGHUP while Edict writes its outputs remove the temporaries
// (`.NAME.tmp-XXXXXX`) and end the process as the signal would (130 / 143 / 129 in a
// shell).
// Catches: a Ctrl-C or a CI timeout leaving hidden half-written files beside reports.
//
// The run is held mid-write on purpose: a regular report is staged to its temporary,
// then the writer waits to open a FIFO output that no one reads (as `>` would).
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "run_edict.h"

using edict::testing::scratch_dir;

namespace fs = std::filesystem;

namespace {

const char* kDir = "tests/data/cli/outputs";

// Runs `script` with sh in kDir, default signal dispositions, stdin from /dev/null.
// $EDICT is the binary.
pid_t spawn_shell(const std::string& script) {
  std::string command = "cd '" + std::string(EDICT_SOURCE_DIR) + "/" + kDir + "' && EDICT='" + EDICT_BINARY +
                        "' && " + script + " </dev/null";
  pid_t pid = ::fork();
  if (pid == 0) {
    // The test runner may ignore or block these; Edict must see them as a shell would.
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    ::signal(SIGHUP, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

// `edict ARGS` as the spawned process itself (exec), stdout and stderr discarded.
pid_t spawn_edict(const std::string& args) {
  return spawn_shell("exec \"$EDICT\" " + args + " >/dev/null 2>/dev/null");
}

std::vector<std::string> temporaries(const std::string& dir) {
  std::vector<std::string> found;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().find(".tmp") != std::string::npos) found.push_back(e.path().string());
  return found;
}

// Waits until Edict has staged a temporary in `dir` (true), or has exited or taken
// more than 30 s (false; the process is then killed and reaped).
bool wait_for_temporary(pid_t pid, const std::string& dir) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!temporaries(dir).empty()) return true;
    int status;
    if (::waitpid(pid, &status, WNOHANG) == pid) return false;  // finished without waiting: the FIFO was replaced
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return false;
}

void interrupt_mid_write(int sig) {
  std::string dir = scratch_dir("signal-" + std::to_string(sig));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string fifo = dir + "/held.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  pid_t pid = spawn_edict("check policies --facts fail.json --now 2026-11-21 --output json=" + dir +
                          "/r.json --output sarif=" + fifo);
  REQUIRE(pid > 0);
  REQUIRE(wait_for_temporary(pid, dir));
  REQUIRE(::kill(pid, sig) == 0);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  // Died of the signal: a shell reports 128 + signal (130 for SIGINT, 143 for SIGTERM).
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == sig);
  CHECK(temporaries(dir).empty());
  CHECK_FALSE(fs::exists(dir + "/r.json"));
  struct stat st {};
  CHECK(::lstat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
}

}  // namespace

TEST_CASE("outputs: SIGTERM while writing removes the temporaries and exits as SIGTERM") {
  interrupt_mid_write(SIGTERM);
}

TEST_CASE("outputs: SIGINT while writing removes the temporaries and exits as SIGINT") {
  interrupt_mid_write(SIGINT);
}

TEST_CASE("outputs: SIGHUP (a closed terminal) while writing removes the temporaries too") {
  interrupt_mid_write(SIGHUP);
}

TEST_CASE("outputs: a shell reports 143 after SIGTERM mid-write") {
  std::string dir = scratch_dir("signal-shell");
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string fifo = dir + "/held.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  // sh starts edict as its child, says its pid, and writes the status `wait` saw.
  std::string pid_file = dir + "/pid", status_file = dir + "/status";
  pid_t shell = spawn_shell("{ \"$EDICT\" check policies --facts fail.json --now 2026-11-21 --output json=" + dir +
                            "/r.json --output sarif=" + fifo + " >/dev/null 2>&1 & echo $! > '" + pid_file +
                            "'; wait $!; echo $? > '" + status_file + "'; } 2>/dev/null");
  REQUIRE(shell > 0);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while ((temporaries(dir).empty() || edict::testing::read_file(pid_file).empty()) &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  REQUIRE_FALSE(temporaries(dir).empty());
  pid_t edict = std::stoi(edict::testing::read_file(pid_file));
  REQUIRE(::kill(edict, SIGTERM) == 0);
  ::waitpid(shell, nullptr, 0);
  CHECK(edict::testing::read_file(status_file) == "143\n");
  CHECK(temporaries(dir).empty());
}
