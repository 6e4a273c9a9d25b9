// `edict check`: compile policies, gather facts (a facts file or the collectors),
// evaluate, apply edict.toml's waivers and thresholds, write the reports, and exit
// with the gate's code (docs/exit-codes.md). The one command CI runs. This file reads
// the command line, edict.toml, the program (sources, packs or a signed bundle) and
// the fleet plan; the pipeline on one host is edict::check (include/edict/check.h).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <map>
#include <memory>

#include "cli/check_fleet.h"
#include "cli/command.h"
#include "cli/evidence_support.h"
#include "cli/packs.h"
#include "cli/report_support.h"
#include "cli/size_option.h"
#include "compiler/bundle_cache.h"
#include "cli/source_root.h"
#include "edict/check.h"
#include "report/formats.h"
#include "report/report.h"
#include "runtime/bundle.h"
#include "runtime/facts/load.h"
#include "runtime/vm.h"

namespace edict::cli {

namespace {

constexpr const char* kExitCodesHelp =
    "Exit codes:\n"
    "  0  the gate passed\n"
    "  1  a gating rule failed (mandatory, severity >= fail_on, not covered by an active waiver)\n"
    "  2  usage, config, compile or input error: nothing was evaluated\n"
    "  3  no failure, but a gating rule is `error`, or `unknown` while unknown = \"fail\"\n"
    "See docs/exit-codes.md.";

struct CheckArgs {
  std::vector<std::string> paths;
  std::vector<std::string> packs;  // --pack NAME (cli/packs.h)
  std::string facts;
  std::vector<std::string> facts_list;  // every --facts (a fleet when several, a DIR or NDJSON: check_fleet.h)
  unsigned jobs = 0;                    // fleet threads; 0 = available_cpus()
  bool collect = false;
  std::string root;
  std::string config;
  std::string format = "text";
  std::vector<std::string> outputs;
  std::string fail_on;
  std::string unknown;
  bool explain = false;
  std::string now;
  bool now_given = false;
  bool quiet = false;
  std::string stdlib;
  uint64_t max_steps = kDefaultMaxSteps;  // docs/security.md: the one VM limit a fleet may need to raise
  // docs/security.md: an inventory export of a host with a huge package list may need
  // more than the 64 MiB FactsLimits default; applies to the --facts document only.
  uint64_t max_facts_bytes = FactsLimits{}.max_bytes;
  bool max_facts_bytes_given = false;
  std::string bundle;
  bool allow_empty = false;  // issue 12: loading no rule is an input error unless asked for
  bool no_cache = false;     // issue 14: compile without the bundle cache (compiler/bundle_cache.h)
  std::vector<std::string> facts_d;  // issue 17: like `edict facts --facts-d`; replaces [collect] facts_d
  std::string color = "auto";        // issue 17: auto|always|never
  EvidenceArgs evidence;             // --evidence/--sign/--trust (cli/evidence_support.h)
  std::vector<std::string> missing_hosts;  // --missing-host: a fleet's hosts that sent nothing
};

struct OutputSpec {
  report::Format format;
  std::string path;
};

// `FORMAT=PATH`, or a bare PATH that takes the --format format (`--format sarif
// --output edict.sarif`); stdout then shows the text report.
std::optional<std::vector<OutputSpec>> parse_outputs(const std::vector<std::string>& specs,
                                                     std::optional<report::Format> format_flag, RunContext& ctx) {
  std::vector<OutputSpec> out;
  bool ok = true;
  for (const auto& spec : specs) {
    size_t eq = spec.find('=');
    auto format = eq == std::string::npos ? std::nullopt : report::parse_format(spec.substr(0, eq));
    if (format && eq + 1 < spec.size()) {
      out.push_back({*format, spec.substr(eq + 1)});
    } else if (!format && format_flag && !spec.empty()) {
      out.push_back({*format_flag, spec});
    } else {
      ctx.usage_error("E0803", "`--output " + spec + "` is not FORMAT=PATH",
                      "e.g. --output junit=edict.xml, or --format junit --output edict.xml; formats: " +
                          report::format_names());
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

// Before any work: no two outputs to one destination, and stdout claimed by one
// document only (an `--output FMT=-` beside an explicit `--format` would mix two).
void check_outputs(const std::optional<std::vector<OutputSpec>>& outputs, bool format_claims_stdout,
                   RunContext& ctx) {
  if (!outputs) return;
  std::vector<std::string> paths;
  for (const auto& o : *outputs) paths.push_back(o.path);
  report::check_output_paths(paths, "`--output`", ctx.sink);
  for (const auto& o : *outputs) {
    if (!format_claims_stdout || !report::is_standard_output(o.path)) continue;
    ctx.usage_error("E0805", "`--output " + std::string(report::format_name(o.format)) + "=" + o.path +
                                 "` and `--format` both write standard output",
                    "drop --format: the --output document is then written alone on stdout");
    return;
  }
}

// [collect] of edict.toml, under the command line's --root and --facts-d.
CollectOptions collect_options(const CheckArgs& args, const report::Config& config) {
  CollectOptions options;
  options.root = !args.root.empty() ? args.root : config.collect.root.value_or("/");
  if (!args.facts_d.empty()) options.facts_d = args.facts_d;
  else if (config.collect.facts_d) options.facts_d = {*config.collect.facts_d};
  if (config.collect.timeout_ms) options.external_timeout_ms = static_cast<int>(*config.collect.timeout_ms);
  if (config.collect.max_output) options.external_max_output = static_cast<size_t>(*config.collect.max_output);
  if (config.collect.env) options.external_env = *config.collect.env;
  return options;
}

int run_check(const CheckArgs& args, bool format_given) {
  RunContext ctx;
  ctx.quiet = args.quiet;
  ctx.color = color_choice(args.color);
  auto fail = [&] {
    ctx.flush_diagnostics();
    return kExitUsage;
  };

  // The command line first: nothing is read before it is known to make sense.
  auto stdout_format = report::parse_format(args.format);
  if (!stdout_format)
    ctx.usage_error("E0803", "unknown format `" + args.format + "`", "formats: " + report::format_names());
  auto outputs = parse_outputs(args.outputs, format_given ? stdout_format : std::nullopt, ctx);
  bool format_spent = false;  // a bare --output PATH took the --format format
  for (const auto& spec : args.outputs)
    format_spent = format_spent || spec.find('=') == std::string::npos ||
                   !report::parse_format(spec.substr(0, spec.find('=')));
  std::optional<Level> fail_on;
  if (!args.fail_on.empty() && !(fail_on = parse_level(args.fail_on)))
    ctx.usage_error("E0803", "`--fail-on " + args.fail_on + "` is not a severity",
                    "one of info, low, medium, high, critical");
  if (!args.unknown.empty() && args.unknown != "fail" && args.unknown != "warn")
    ctx.usage_error("E0803", "`--unknown " + args.unknown + "` must be `fail` or `warn`");
  if (!args.facts.empty() && args.collect)
    ctx.usage_error("E0805", "`--facts` and `--collect` exclude each other",
                    "--facts checks a snapshot; --collect gathers this host's facts");
  if (!args.facts.empty() && !args.facts_d.empty())
    ctx.usage_error("E0805", "`--facts-d` applies to collection, not to `--facts`");
  if (!args.facts.empty() && !args.root.empty())
    ctx.usage_error("E0805", "`--root` applies to collection, not to `--facts`");
  check_max_facts_bytes(args.max_facts_bytes, ctx);
  if (args.facts.empty() && args.max_facts_bytes_given)
    ctx.usage_error("E0805", "`--max-facts-bytes` applies to `--facts`, not to collection");
  if (!args.bundle.empty() && (!args.paths.empty() || !args.packs.empty() || !args.stdlib.empty()))
    ctx.usage_error("E0805", "`--bundle` replaces policy paths and `--stdlib`",
                    "a bundle is already compiled; pass either it or the policies");
  check_outputs(outputs, format_given && !format_spent, ctx);
  auto now = resolve_now(args.now, args.now_given, ctx);
  if (ctx.sink.has_errors()) return fail();

  auto config = load_project_config(args.config, ctx);
  if (!config) return fail();
  if (fail_on) config->gate.fail_on = *fail_on;
  if (!args.unknown.empty())
    config->gate.unknown = args.unknown == "warn" ? report::UnknownMode::kWarn : report::UnknownMode::kFail;

  auto signing = EvidenceSession::open(args.evidence, *config, ctx);
  if (!signing) return fail();

  std::optional<Program> program;
  if (!args.bundle.empty()) {
    program = signing->load_bundle(args.bundle, ctx);
  } else {
    if (!signing->allow_sources(ctx)) return fail();
    std::vector<std::string> named = args.paths;
    if (!resolve_packs(args.packs, &named, ctx)) return fail();
    auto paths = policy_paths(named, *config, ctx);
    if (!paths) return fail();
    // The bundle cache (compiler/bundle_cache.h): a verified program of the same inputs, or a compile.
    compiler::CompileOptions options;
    if (!args.stdlib.empty()) options.stdlib_dir = args.stdlib;
    compiler::BundleCacheOptions cache{!args.no_cache && !compiler::bundle_cache_disabled_by_environment(), {},
                                       EDICT_VERSION};
    program = compiler::compile_paths_cached(*paths, options, cache, ctx.sources, ctx.sink);
  }
  if (!program || ctx.sink.has_errors() || !require_rules(*program, args.allow_empty, ctx)) return fail();

  std::optional<std::string> stdin_text;
  if (args.facts_list.empty() && !args.missing_hosts.empty()) {
    ctx.usage_error("E0805", "`--missing-host` applies to a fleet given with `--facts`, not to collection");
    return fail();
  }
  if (!args.facts_list.empty()) {
    auto plan = plan_fleet(args.facts_list, static_cast<size_t>(args.max_facts_bytes), ctx.sink);
    if (!plan) return fail();
    if (plan->is_fleet) {
      if (!args.evidence.evidence.empty() || !args.evidence.sign.empty()) {
        // Evidence replays one host; a fleet's would be silently missing: refuse.
        ctx.usage_error("E0920", "`--evidence` covers one host, and `--facts` names a fleet",
                        "write evidence per host (`edict check --facts HOST.json --evidence ...`)");
        return fail();
      }
      FleetRun run;
      run.missing_hosts = args.missing_hosts;
      run.program = &*program;
      run.config = &*config;
      run.now = *now;
      run.max_steps = args.max_steps;
      run.limits.max_bytes = static_cast<size_t>(args.max_facts_bytes);
      run.jobs = args.jobs > 0 ? args.jobs : available_cpus();
      run.text.explain = args.explain;
      run.text.quiet = args.quiet;
      for (const auto& o : *outputs) run.destinations.push_back({o.format, o.path});
      bool stdout_taken = false;
      for (const auto& o : *outputs) stdout_taken = stdout_taken || report::is_standard_output(o.path);
      if (!stdout_taken) run.destinations.push_back({format_spent ? report::Format::kText : *stdout_format, "-"});
      return run_fleet(run, std::move(*plan), ctx);
    }
    if (!args.missing_hosts.empty()) {
      ctx.usage_error("E0805", "`--missing-host` applies to a fleet, and `--facts` names one host",
                      "give a directory, an NDJSON file or several `--facts`");
      return fail();
    }
    stdin_text = plan->single_stdin_text;
  }

  // The pipeline itself (facts, evaluation, report, gate, outputs) is edict::check.
  CheckOptions check_options;
  check_options.program = &*program;
  check_options.allow_empty = args.allow_empty;
  check_options.facts_text = stdin_text;
  check_options.facts_path = args.facts;
  check_options.facts_limits.max_bytes = static_cast<size_t>(args.max_facts_bytes);
  check_options.collect = collect_options(args, *config);
  check_options.config = *config;
  check_options.now = *now;
  check_options.max_steps = args.max_steps;
  check_options.tool_version = EDICT_VERSION;
  check_options.source_root = find_source_root(config->path, args.paths);  // SARIF's %SRCROOT%

  // Every document is rendered, then all are written through the one writer: every file
  // whole, or none of them and no summary on stdout (report/output.h).
  report::TextOptions text;
  text.explain = args.explain || is_tty(1);
  text.quiet = args.quiet;
  bool stdout_taken = false;  // an --output names stdout: that document alone goes there
  for (const auto& o : *outputs) {
    bool on_stdout = report::is_standard_output(o.path);
    report::TextOptions file_text = text;
    file_text.color = on_stdout && use_color(ctx.color, 1);  // colour is for a terminal, never a file
    check_options.outputs.push_back({o.format, o.path, file_text});
    stdout_taken = stdout_taken || on_stdout;
  }
  if (!stdout_taken) {
    report::Format on_stdout = format_spent ? report::Format::kText : *stdout_format;
    report::TextOptions stdout_text = text;
    stdout_text.color = on_stdout == report::Format::kText && use_color(ctx.color, 1);
    check_options.outputs.push_back({on_stdout, "-", stdout_text});
  }
  check_options.before_write = [&](const CheckResult& run, std::vector<report::OutputFile>& files) {
    ctx.flush_diagnostics();  // waiver and collector warnings, before the report itself
    if (!signing->wants_evidence()) return true;
    auto file = signing->evidence(*run.program, *run.facts, *config, *now, args.max_steps, run.collector_warnings,
                                  *run.report, ctx);
    if (!file) return false;
    files.push_back(std::move(*file));
    return true;
  };
  CheckResult result = check(check_options, ctx.sources, ctx.sink);
  if (result.exit_code == kExitUsage) return fail();
  return result.exit_code;
}

const CommandRegistration kCheck{Command{
    "check", 10, [](CLI::App& app) -> std::function<int()> {
      auto args = std::make_shared<CheckArgs>();
      CLI::App* sub = app.add_subcommand("check", "Check a host (or a facts snapshot) against policies; the CI gate");
      sub->footer(kExitCodesHelp);
      sub->add_option("paths", args->paths,
                      "Policy files or directories (default: `policies` of edict.toml, else ./policies)");
      sub->add_option("--pack", args->packs, "A policy pack by name (linux, network, windows), found on the pack search path (man edict-check)");
      sub->add_option("--facts", args->facts_list,
                      "Check this facts file (JSON or TOML; - for stdin) instead of collecting; repeat it, or name "
                      "an NDJSON file (.ndjson/.jsonl) or a directory, to check a fleet (docs/fleet.md)")
          ->allow_extra_args(false);
      sub->add_option("--missing-host", args->missing_hosts,
                      "In a fleet: a host that sent no facts (unreachable), listed as an error host (repeatable)")
          ->allow_extra_args(false);
      sub->add_option("--jobs", args->jobs, "Threads for a fleet (default: the CPUs available)")
          ->check(CLI::Range(1u, kMaxJobs));
      sub->add_flag("--collect", args->collect, "Collect this host's facts (the default without --facts)");
      sub->add_option("--root", args->root, "Collect from the host's files below this directory (default /)");
      sub->add_option("--facts-d", args->facts_d,
                      "A directory of external collectors and static fact files (repeatable; replaces [collect] facts_d)");
      sub->add_option("--config", args->config, "The project config (default: nearest edict.toml upward)");
      auto* format = sub->add_option("--format", args->format, "Output on stdout: " + report::format_names());
      sub->add_option("-o,--output", args->outputs, "Also write FORMAT=PATH (repeatable), e.g. junit=edict.xml; a bare PATH takes --format; "
                      "PATH - is stdout, which then carries that document alone")
          ->allow_extra_args(false);
      sub->add_option("--fail-on", args->fail_on, "Lowest severity that gates (overrides edict.toml's fail_on)");
      sub->add_option("--unknown", args->unknown, "fail|warn: does an unknown gating rule block (exit 3)?");
      sub->add_flag("--explain", args->explain, "Explain every non-passing rule (always on when stdout is a terminal)");
      auto* now = sub->add_option("--now", args->now, "Pin now (RFC 3339 or YYYY-MM-DD) for waivers and time built-ins");
      sub->add_flag("-q,--quiet", args->quiet, "Print only the summary line and errors");
      sub->add_option("--color", args->color,
                      "auto|always|never: ANSI colour on the terminal (auto: only on a terminal, never with NO_COLOR)")
          ->check(CLI::IsMember({"auto", "always", "never"}));
      sub->add_option("--stdlib", args->stdlib, "Use this stdlib directory instead of the embedded one");
      sub->add_option("--max-steps", args->max_steps,
                      "Quantifier steps one rule may take before it ends in `error` (default 1000000)")
          ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
      auto* max_facts = add_max_facts_bytes(sub, &args->max_facts_bytes, "a --facts document");
      sub->add_option("--bundle", args->bundle, "Evaluate this compiled bundle (.edictc, from `edict compile`)");
      sub->add_flag("--no-cache", args->no_cache,
                    "Compile the policies even if the bundle cache holds them (also: EDICT_NO_CACHE=1)");
      sub->add_flag("--allow-empty", args->allow_empty,
                    "Let a run that loaded no rule pass (by default it is an input error, exit 2)");
      add_evidence_options(sub, &args->evidence);
      return [args, format, max_facts, now] {
        args->max_facts_bytes_given = max_facts->count() > 0;
        if (!args->facts_list.empty()) args->facts = args->facts_list.front();
        args->now_given = now->count() > 0;
        return run_check(*args, format->count() > 0);
      };
    }}};

}  // namespace

}  // namespace edict::cli
