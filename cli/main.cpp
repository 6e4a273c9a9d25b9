// The `edict` executable: parses argv with CLI11 and runs the chosen command.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <exception>

#include "cli/build_info.h"
#include "cli/command.h"
#include "cli/usage_errors.h"

namespace edict::cli {

std::vector<Command>& command_registry() {
  static std::vector<Command> commands;
  return commands;
}

}  // namespace edict::cli

int main(int argc, char** argv) {
  using namespace edict::cli;
  CLI::App app{"Edict: policy as code for hosts. Checks hosts against policies and says why.\n\n"
               "Exit codes: 0 the gate passed; 1 a gating rule failed; 2 usage, config, compile or\n"
               "input error (nothing was evaluated); 3 no failure, but an unknown or error outcome\n"
               "blocks the gate.",
               "edict"};
  // One line: the version, then the commit and build date (cli/build_info.h).
  app.set_version_flag("-V,--version", std::string("edict ") + EDICT_VERSION + " (commit " + BuildCommit() +
                                           ", built " + BuildDate() + ")");
  app.require_subcommand(1);

  auto& commands = command_registry();
  std::sort(commands.begin(), commands.end(), [](const Command& a, const Command& b) { return a.order < b.order; });
  std::function<int()> to_run;
  for (auto& command : commands) {
    CLI::App* sub = nullptr;
    auto run = std::make_shared<std::function<int()>>();
    // The setup adds the subcommand itself; find it by name afterwards to attach the callback.
    *run = command.setup(app);
    sub = app.get_subcommand_ptr(command.name).get();
    if (sub) sub->final_callback([run, &to_run] { to_run = *run; });
  }

  // Edict's spellings (`edict help check`) and its errors (E08xx), before and after CLI11.
  std::vector<std::string> args = normalize_arguments(std::vector<std::string>(argv + 1, argv + argc));
  RunContext ctx;
  if (!check_command_name(app, args, ctx)) {
    ctx.flush_diagnostics();
    return kExitUsage;
  }
  std::vector<char*> parse_argv = {argv[0]};
  for (auto& arg : args) parse_argv.push_back(arg.data());
  try {
    app.parse(static_cast<int>(parse_argv.size()), parse_argv.data());
  } catch (const CLI::ParseError& e) {
    // --help and --version end here with exit 0; every real usage error is exit 2.
    if (e.get_exit_code() == 0) return app.exit(e);
    report_parse_error(app, e, ctx);
    ctx.flush_diagnostics();
    return kExitUsage;
  }
  if (!to_run) return kExitUsage;
  try {
    return to_run();
  } catch (const std::exception& e) {
    // INVARIANT: commands report user errors as diagnostics; reaching here is a bug,
    // but it must still end with a message and exit 2, never an abort.
    std::fprintf(stderr, "edict: internal error: %s\n", e.what());
    return kExitUsage;
  }
}
