// `edict doc`: the rulebook for auditors: every policy and rule with its metadata,
// applicability and requirements as written, compiled but never evaluated.
#include <CLI/CLI.hpp>

#include <memory>

#include "cli/command.h"
#include "cli/packs.h"
#include "cli/report_support.h"
#include "report/formats.h"
#include "report/time_util.h"

namespace edict::cli {

namespace {

struct DocArgs {
  std::vector<std::string> paths;
  std::vector<std::string> packs;  // --pack NAME (cli/packs.h)
  std::string config;
  std::string format = "markdown";
  std::string output;
  std::string stdlib;
  std::string now;  // issue 17: pins "today" for the waivers' states
  bool now_given = false;
};

int run_doc(const DocArgs& args) {
  RunContext ctx;
  auto fail = [&] {
    ctx.flush_diagnostics();
    return kExitUsage;
  };
  auto format = report::parse_format(args.format);
  if (!format || (*format != report::Format::kMarkdown && *format != report::Format::kHtml)) {
    ctx.usage_error("E0803", "unknown format `" + args.format + "` for `edict doc`", "formats: markdown|html");
    return fail();
  }
  auto now = resolve_now(args.now, args.now_given, ctx);  // a waiver's state as of this day
  if (!now) return fail();
  auto config = load_project_config(args.config, ctx);
  if (!config) return fail();
  std::vector<std::string> named = args.paths;
  if (!resolve_packs(args.packs, &named, ctx)) return fail();
  auto paths = policy_paths(named, *config, ctx);
  if (!paths) return fail();
  auto program = compile_policies(*paths, args.stdlib, ctx);
  if (!program || ctx.sink.has_errors()) return fail();
  ctx.flush_diagnostics();
  report::Rulebook book{program->policies, program->rules, EDICT_VERSION};
  book.config_path = config->path;
  book.settings = config->gate;
  book.waivers = config->waivers;
  book.today = report::day_of(*now);
  std::string text = *format == report::Format::kHtml ? report::render_rulebook_html(book)
                                                      : report::render_rulebook_markdown(book);
  if (!write_output(args.output, text, ctx)) return fail();
  return kExitOk;
}

const CommandRegistration kDoc{Command{
    "doc", 60, [](CLI::App& app) -> std::function<int()> {
      auto args = std::make_shared<DocArgs>();
      CLI::App* sub = app.add_subcommand("doc", "Write the rulebook (every policy and rule) for auditors");
      sub->add_option("paths", args->paths,
                      "Policy files or directories (default: `policies` of edict.toml, else ./policies)");
      sub->add_option("--pack", args->packs, "A policy pack by name (linux, network, windows), found on the pack search path");
      sub->add_option("--config", args->config, "The project config (default: nearest edict.toml upward)");
      sub->add_option("--format", args->format, "markdown|html");
      sub->add_option("-o,--output", args->output, "Write to this file (whole or not at all) instead of stdout");
      sub->add_option("--stdlib", args->stdlib, "Use this stdlib directory instead of the embedded one");
      auto* now = sub->add_option("--now", args->now, "Pin today (RFC 3339 or YYYY-MM-DD) for the waivers' states");
      return [args, now] {
        args->now_given = now->count() > 0;
        return run_doc(*args);
      };
    }}};

}  // namespace

}  // namespace edict::cli
