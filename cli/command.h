// How a command joins the `edict` executable: a cmd_*.cpp file defines a static
// CommandRegistration whose setup adds a CLI11 subcommand and whose run returns the
// process exit code. main.cpp knows no command by name.
//
// Exit codes are one contract for every command (docs/exit-codes.md):
//   0 success / the gate passed
//   1 a gating rule failed; `fmt --check`: files would change; `test`: a case failed
//   2 usage, config, compile or input error: nothing was evaluated
//   3 no failure, but an unknown or error outcome blocks the gate
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace edict::cli {

constexpr int kExitOk = 0;
constexpr int kExitGateFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitUnknownBlocks = 3;

struct Command {
  std::string name;
  int order;  // position in `--help`
  // Adds the subcommand and its options; returns the function that runs it once parsed.
  std::function<std::function<int()>(CLI::App& app)> setup;
};

std::vector<Command>& command_registry();

struct CommandRegistration {
  explicit CommandRegistration(Command command) { command_registry().push_back(std::move(command)); }
};

}  // namespace edict::cli
