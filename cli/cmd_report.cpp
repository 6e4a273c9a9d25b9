// `edict report FILES...|DIR|-`: per-host json reports made elsewhere (`edict check
// --format json` on each host, or the lines of `--format ndjson`) -> one fleet report in
// any format, with the fleet's exit code (docs/fleet.md). Inputs are read as `check
// --facts` reads a fleet (cli/fleet_input.h): a .ndjson/.jsonl file is one report per
// line, a directory every *.json in it by name, `-` stdin.
//
// One policy set per fleet report: the first valid report sets it (Edict version and
// policy_set_digest); a report from another one is refused (E0834) and counted as an
// error host, and the fleet report says how many were refused. A file that is not an
// Edict json report is E0833 and an error host too.
#include <CLI/CLI.hpp>

#include <memory>

#include <nlohmann/json.hpp>

#include "cli/check_fleet.h"
#include "cli/command.h"
#include "cli/fleet_input.h"
#include "cli/report_support.h"
#include "report/json_read.h"
#include "runtime/bounded_read.h"

namespace edict::cli {

namespace {

// A per-host report is tens of kilobytes; 64 MiB (the facts limit) is far past any real
// one and keeps a wrong file (a disk image, a log) from being read whole.
constexpr size_t kMaxReportBytes = 64 << 20;

struct ReportArgs {
  std::vector<std::string> inputs;
  std::string format = "text";
  std::vector<std::string> outputs;
  std::string now;
  bool quiet = false;
  std::vector<std::string> missing_hosts;  // --missing-host NAME (check_fleet.h)
};

struct Pending {
  std::string source;
  report::HostError error;
};

int run_report(const ReportArgs& args, bool now_given) {
  RunContext ctx;
  ctx.quiet = args.quiet;
  auto fail = [&] {
    ctx.flush_diagnostics();
    return kExitUsage;
  };
  auto format = report::parse_format(args.format);
  if (!format) ctx.usage_error("E0803", "unknown format `" + args.format + "`", "formats: " + report::format_names());
  std::vector<FleetDestination> destinations;
  for (const auto& spec : args.outputs) {
    size_t eq = spec.find('=');
    auto f = eq == std::string::npos ? std::nullopt : report::parse_format(spec.substr(0, eq));
    if (!f || eq + 1 >= spec.size()) {
      ctx.usage_error("E0803", "`--output " + spec + "` is not FORMAT=PATH", "e.g. --output html=fleet.html");
      continue;
    }
    destinations.push_back({*f, spec.substr(eq + 1)});
  }
  auto now = resolve_now(args.now, now_given, ctx);
  if (ctx.sink.has_errors()) return fail();
  bool stdout_taken = false;
  for (const auto& d : destinations) stdout_taken = stdout_taken || report::is_standard_output(d.path);
  if (!stdout_taken) destinations.push_back({*format, "-"});
  std::vector<std::string> paths;
  for (const auto& d : destinations) paths.push_back(d.path);
  if (!report::check_output_paths(paths, "`--output`", ctx.sink)) return fail();

  auto plan = plan_fleet(args.inputs, kMaxReportBytes, ctx.sink, "report");
  if (!plan) return fail();
  HostStream stream(std::move(plan->sources), kMaxReportBytes);

  report::TextOptions text;
  text.quiet = args.quiet;
  std::optional<report::FleetContext> context;  // set by the first valid report
  std::optional<FleetWriter> writer;
  std::vector<Pending> pending;  // error hosts before the first valid report
  bool ok = true;

  auto add = [&](const report::Report& rep, const std::string& source, std::optional<report::HostError> error) {
    std::vector<std::string> fragments;
    report::FleetHost first;
    for (size_t i = 0; i < writer->destinations().size(); ++i) {
      auto h = report::make_fleet_host(rep, source, error, *context, writer->destinations()[i].format, text);
      fragments.push_back(std::move(h.fragment));
      if (i == 0) first = std::move(h);
    }
    ok = ok && writer->add(first, std::move(fragments), ctx.sink);
  };
  auto add_error = [&](const std::string& source, const report::HostError& error) {
    add(report::error_host_report(*context, source, error), source, error);
  };
  auto refuse = [&](const std::string& source, const char* code, const std::string& message, const std::string& help) {
    Diagnostic d = Diagnostic::error(code, Span{}, message, help);
    d.path = source;
    ctx.sink.report(d);
    ctx.flush_diagnostics();
    report::HostError error{code, source + ": " + message};
    if (context) add_error(source, error);
    else pending.push_back({source, error});
  };

  HostInput in;
  while (ok && stream.next(&in)) {
    std::string shown = in.source;
    if (in.read_error) {
      refuse(shown, in.read_error->code.c_str(), in.read_error->message, in.read_error->help);
      continue;
    }
    std::string body = std::move(in.text);
    if (!in.has_text) {
      std::string error;
      bool over = false;
      if (!read_whole_file(in.path, kMaxReportBytes, &body, &error, &over)) {
        refuse(shown, over ? "E0501" : "E0500",
               over ? "report is larger than " + size_text(kMaxReportBytes) : "cannot read report: " + error, "");
        continue;
      }
    }
    nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
    std::string why;
    std::optional<report::Report> rep;
    if (doc.is_discarded()) why = "it is not json";
    else rep = report::report_from_json(doc, &why);
    if (!rep) {
      refuse(shown, "E0833", "not an Edict json report: " + why,
             "give `edict report` what `edict check --format json` (or --format ndjson) wrote");
      continue;
    }
    std::string digest = report::policy_set_digest(rep->tool_version, rep->policies, [&] {
      std::vector<RuleInfo> rules;
      for (const auto& r : rep->rules) rules.push_back(r.info);
      return rules;
    }());
    if (!context) {
      std::vector<RuleInfo> rules;
      for (const auto& r : rep->rules) rules.push_back(r.info);
      report::Config config;
      config.gate = rep->settings;
      config.path = rep->config_path;
      context = fleet_context(rep->policies, rules, config, *now, rep->tool_version);
      writer.emplace(*context, destinations, text);
      for (const auto& p : pending) add_error(p.source, p.error);
      pending.clear();
    }
    if (digest != context->policy_digest) {
      ++context->refused_other_policy_set;
      refuse(shown, "E0834",
             "report comes from another policy set (edict " + rep->tool_version + ", " + digest +
                 "), not the fleet's (edict " + context->tool_version + ", " + context->policy_digest + ")",
             "reports are merged only when made by the same Edict with the same policies: run `edict report` once "
             "per policy set");
      continue;
    }
    add(*rep, shown, std::nullopt);
  }
  if (!ok) return fail();
  if (!context) {
    // Not one valid report: nothing to count rule by rule, nothing was evaluated.
    if (pending.empty())
      ctx.usage_error("E0831", "no report to merge: the inputs hold no report", "name report files, a directory, or -");
    else
      ctx.usage_error("E0835", "no valid Edict json report among the inputs", "see the errors above");
    return fail();
  }
  if (!add_missing_hosts(args.missing_hosts, *context, text, *writer, ctx.sink)) return fail();
  if (!writer->finish(ctx)) return fail();
  ctx.flush_diagnostics();
  return writer->summary().exit_code();
}

const CommandRegistration kReport{Command{
    "report", 15, [](CLI::App& app) -> std::function<int()> {
      auto args = std::make_shared<ReportArgs>();
      CLI::App* sub = app.add_subcommand("report", "Merge per-host json reports into one fleet report");
      sub->footer("Exit codes: 0 every host passed; 1 a host failed its gate; 2 usage error, or no valid report;\n"
                  "  3 no failure, but a host is blocked or its report could not be used. See docs/fleet.md.");
      sub->add_option("inputs", args->inputs, "Report files (.json, or .ndjson one per line), directories, or - for stdin")
          ->required();
      sub->add_option("--format", args->format, "Output on stdout: " + report::format_names());
      sub->add_option("--output", args->outputs, "Also write FORMAT=PATH (repeatable)")->allow_extra_args(false);
      auto* now = sub->add_option("--now", args->now, "Pin the fleet report's time (RFC 3339 or YYYY-MM-DD)");
      sub->add_flag("-q,--quiet", args->quiet, "Print only the summary line and errors");
      sub->add_option("--missing-host", args->missing_hosts,
                      "A host that sent no report (unreachable): listed as an error host, never dropped (repeatable)")
          ->allow_extra_args(false);
      return [args, now] { return run_report(*args, now->count() > 0); };
    }}};

}  // namespace

}  // namespace edict::cli
