// Runs one external collector program: fork/exec with a clean argv (never a shell),
// its own process group, stdin from /dev/null, stdout and stderr captured up to a
// limit, and the whole group killed at the deadline. Nothing here can hang the caller.
#pragma once

#include <cstddef>
#include <string>

namespace edict {

struct RunLimits {
  int timeout_ms = 10000;
  size_t max_output = 1 << 20;  // each of stdout and stderr
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

RunResult run_program(const std::string& path, const RunLimits& limits);

}  // namespace edict
