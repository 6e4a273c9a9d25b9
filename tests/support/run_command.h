// Runs a shell command for a test and returns what it printed: the tests that compare
// Edict with the system's own tools (stat, ss, findmnt, modprobe, systemctl, rpm) share it.
#pragma once

#include <stdio.h>
#include <sys/wait.h>

#include <string>

namespace edict::testing {

// Runs a shell command, returns its stdout; *status gets the exit status.
inline std::string run_command(const std::string& cmd, int* status = nullptr) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = pclose(p);
  if (status) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

}  // namespace edict::testing
