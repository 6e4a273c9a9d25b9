// `edict completion bash|zsh|fish`: prints the shell's completion script, rendered from
// the verbs' own definitions (shell_completion.h). The Debian package installs the
// three where each shell looks; from a checkout: `source <(edict completion bash)`.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/shell_completion.h"

namespace edict::cli {
namespace {

const CommandRegistration kCompletion{Command{
    "completion", 95, [](CLI::App& app) -> std::function<int()> {
      auto shell = std::make_shared<std::string>();
      CLI::App* sub = app.add_subcommand("completion", "Print the shell completion script for bash, zsh or fish");
      sub->add_option("shell", *shell, "The shell")->required()->check(CLI::IsMember(completion_shells()));
      const CLI::App* root = &app;
      return [shell, root] {
        std::string script = render_completion(*shell, describe_command_line(*root));
        std::fwrite(script.data(), 1, script.size(), stdout);
        return std::fflush(stdout) == 0 ? kExitOk : kExitUsage;
      };
    }}};

}  // namespace
}  // namespace edict::cli
