// Helpers for check/test/doc (see report_support.h).
#include "cli/report_support.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "compiler/compile.h"
#include "report/escape.h"
#include "report/time_util.h"

namespace edict::cli {

namespace fs = std::filesystem;

bool is_tty(int fd) { return ::isatty(fd) == 1; }

bool want_color(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  return is_tty(fd) && (no_color == nullptr || *no_color == '\0');
}

std::optional<bool> color_choice(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  return std::nullopt;
}

bool use_color(const std::optional<bool>& forced, int fd) { return forced ? *forced : want_color(fd); }

void RunContext::flush_diagnostics() {
  RenderOptions options{use_color(color, 2)};
  std::string out;
  for (const auto& d : sink.diagnostics()) {
    if (quiet && d.severity != Severity::kError) continue;
    // Messages quote host text (a collector's reason, a fact's path): it must not
    // drive the terminal (report/escape.h).
    Diagnostic shown = d;
    shown.message = report::terminal_text(d.message);
    shown.help = report::terminal_text(d.help);
    shown.path = report::terminal_text(d.path);
    out += render(shown, sources, options);
  }
  if (sink.dropped() > 0) out += "note: " + std::to_string(sink.dropped()) + " more errors were not shown\n";
  std::fputs(out.c_str(), stderr);
  sink = DiagnosticSink{};
}

void RunContext::usage_error(const std::string& code, const std::string& message, const std::string& help) {
  sink.report(Diagnostic::error(code, Span{}, message, help));
}

std::optional<report::Config> load_project_config(const std::string& explicit_path, RunContext& ctx) {
  if (!explicit_path.empty()) return report::load_config(explicit_path, ctx.sources, ctx.sink);
  std::error_code ec;
  std::string found = report::find_config(fs::current_path(ec).string());
  if (found.empty()) return report::Config{};
  // Show the config relative to the working directory when it is below it: shorter, and
  // reports stay the same wherever the repository is checked out.
  fs::path relative = fs::path(found).lexically_relative(fs::current_path(ec));
  if (!relative.empty() && *relative.begin() != "..") found = relative.string();
  return report::load_config(found, ctx.sources, ctx.sink);
}

std::optional<std::vector<std::string>> policy_paths(const std::vector<std::string>& args,
                                                     const report::Config& config, RunContext& ctx) {
  std::vector<std::string> paths = !args.empty() ? args : !config.policies.empty() ? config.policies
                                                                                  : std::vector<std::string>{"policies"};
  bool ok = true;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::exists(p, ec)) continue;
    std::string why = args.empty() && config.policies.empty()
                          ? "no policy paths were given and `./policies` does not exist"
                          : "policy path `" + p + "` does not exist";
    ctx.usage_error("E0804", why,
                    "name .edict files or directories, or set `policies` in edict.toml");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return paths;
}

std::optional<Program> compile_policies(const std::vector<std::string>& paths, const std::string& stdlib_dir,
                                        RunContext& ctx) {
  compiler::CompileOptions options;
  if (!stdlib_dir.empty()) options.stdlib_dir = stdlib_dir;
  return compiler::compile_paths(paths, options, ctx.sources, ctx.sink);
}

bool require_rules(const Program& program, bool allow_empty, RunContext& ctx) {
  if (!program.rules.empty() || allow_empty) return true;
  ctx.usage_error("E0410", "no rule was loaded: a gate over no rule would pass any host",
                  "check the policy paths (is every file empty, or only `let`s and `def`s?); pass `--allow-empty` "
                  "if an empty policy set is intended");
  return false;
}

std::optional<int64_t> resolve_now(const std::string& text, bool given, RunContext& ctx) {
  if (!given) {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  auto now = text.empty() ? std::nullopt : report::parse_timestamp(text);
  if (!now)
    ctx.usage_error("E0802",
                    text.empty() ? std::string("`--now` is empty, not a date or an RFC 3339 timestamp")
                                 : "`--now " + text + "` is not a date or an RFC 3339 timestamp",
                    "write e.g. --now 2026-11-21 or --now 2026-11-21T10:00:00Z; leave --now out for the clock");
  return now;
}

bool write_output(const std::string& path, const std::string& contents, RunContext& ctx) {
  return report::write_outputs({report::OutputFile{path, contents}}, ctx.sink);
}

bool write_outputs(const std::vector<report::OutputFile>& files, RunContext& ctx) {
  return report::write_outputs(files, ctx.sink);
}

}  // namespace edict::cli
