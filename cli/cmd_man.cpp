// `edict man [VERB]` prints the manual page of edict (or of one verb) in roff;
// `edict man --dir DIR` writes every page (edict.1, edict-check.1, ...) into DIR. The
// build makes the installed pages this way (cli/CMakeLists.txt), so they say what
// `--help` says. Hidden from `edict --help`: users read the pages with man(1).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/man_page.h"
#include "cli/report_support.h"
#include "report/output.h"

namespace edict::cli {
namespace {

struct ManArgs {
  std::string verb;
  std::string dir;
};

int run_man(const ManArgs& args, const CLI::App& root) {
  RunContext ctx;
  std::vector<VerbReference> verbs = describe_command_line(root);
  if (!args.dir.empty()) {
    for (const auto& v : verbs) {
      if (v.hidden) continue;
      std::string path = args.dir + "/" + man_page_name(v) + ".1";
      if (!report::write_file_atomic(path, render_man_page(v, verbs, EDICT_VERSION), ctx.sink)) break;
    }
    ctx.flush_diagnostics();
    return ctx.sink.has_errors() ? kExitUsage : kExitOk;
  }
  for (const auto& v : verbs) {
    if (v.name != args.verb) continue;
    std::string page = render_man_page(v, verbs, EDICT_VERSION);
    std::fwrite(page.data(), 1, page.size(), stdout);
    return std::fflush(stdout) == 0 ? kExitOk : kExitUsage;
  }
  ctx.usage_error("E0812", "no command `" + args.verb + "` to show the manual of", "see `edict --help` for the commands");
  ctx.flush_diagnostics();
  return kExitUsage;
}

const CommandRegistration kMan{Command{
    "man", 99, [](CLI::App& app) -> std::function<int()> {
      auto args = std::make_shared<ManArgs>();
      CLI::App* sub = app.add_subcommand("man", "Print the manual page of edict or of one command (roff)");
      sub->group("");  // hidden: read the pages with man(1)
      sub->add_option("command", args->verb, "The command whose page to print (default: edict itself)");
      sub->add_option("--dir", args->dir, "Write every page into this directory instead");
      const CLI::App* root = &app;
      return [args, root] { return run_man(*args, *root); };
    }}};

}  // namespace
}  // namespace edict::cli
