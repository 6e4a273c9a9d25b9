// Runs one external collector program: fork/exec with a clean argv (never a shell) and
// a minimal environment, its own process group, stdin from /dev/null, stdout and
// stderr captured up to a limit. Nothing it starts outlives it: edict is a child
// subreaper, so descendants that leave the group (setsid, double fork) are reparented
// to it and killed with the group when the program ends. Its own exit ends the run;
// a background child still holding stdout does not turn it into a timeout. Nothing
// here can hang the caller.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace edict {

struct RunLimits {
  int timeout_ms = 10000;
  size_t max_output = 1 << 20;  // each of stdout and stderr
  // Variables of edict's environment passed on besides PATH and LANG ([collect] env).
  std::vector<std::string> env;
};

struct RunResult {
  bool started = false;      // false: fork/exec failed, see `error`
  bool timed_out = false;    // killed at the deadline
  bool overflowed = false;   // killed for writing more than max_output
  int exit_code = -1;        // when it exited
  int signal = 0;            // when a signal ended it (other than our kill)
  std::string out;
  std::string err;
  std::string error;
  double seconds = 0;
};

// Once the program has exited and its descendants are killed, what is left in its
// pipes is read for at most this long: the program's own output is already there,
// and a holder edict cannot kill (a process outside its tree that got the descriptor,
// over a socket or through /proc/<pid>/fd) must not keep the run waiting.
constexpr int kDrainAfterExitMs = 500;

// What a program gets: PATH (kDefaultPath when edict has none), LANG when set, and
// each name of `allowed` that edict's environment has, as "NAME=value".
std::vector<std::string> collector_environment(const std::vector<std::string>& allowed);
constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

RunResult run_program(const std::string& path, const RunLimits& limits);

// Every process's parent from /proc/<pid>/stat, as parent -> children: how the
// program's descendants are found where the kernel has no /proc/<pid>/task/*/children.
// Empty without /proc.
std::multimap<pid_t, pid_t> process_tree();

}  // namespace edict
