// Runs the real `edict` binary (EDICT_BINARY) in a directory and captures its exit
// code, stdout and stderr, for the CLI contract tests.
#pragma once

#include "tests/support/files.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace edict::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

using test_support::read_file;

inline std::string scratch_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("edict-cli-" + std::to_string(::getpid())) / name;
  std::filesystem::create_directories(dir);
  return dir.string();
}

// `args` is appended to the command line as written (shell syntax); cwd is relative to
// the repository root. NO_COLOR is set so output never depends on the terminal.
inline RunResult run_edict(const std::string& args, const std::string& cwd, const std::string& stdin_file = "") {
  static int counter = 0;
  std::string dir = scratch_dir("runs");
  std::string out = dir + "/out" + std::to_string(counter) + ".txt";
  std::string err = dir + "/err" + std::to_string(counter++) + ".txt";
  std::string command = "cd '" + std::string(EDICT_SOURCE_DIR) + "/" + cwd + "' && NO_COLOR=1 '" + EDICT_BINARY +
                        "' " + args + " >'" + out + "' 2>'" + err + "'" +
                        (stdin_file.empty() ? " </dev/null" : " <'" + stdin_file + "'");
  int status = std::system(command.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

}  // namespace edict::testing
