// Shared by `edict check`, `edict test` and `edict doc`: finding edict.toml and the
// policy paths, compiling them, reading --now, printing diagnostics, writing output.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/config.h"
#include "report/output.h"
#include "runtime/diagnostic.h"
#include "runtime/program.h"
#include "runtime/source.h"

namespace edict::cli {

// Owns the sources and diagnostics of one command run.
struct RunContext {
  SourceManager sources;
  DiagnosticSink sink;
  bool quiet = false;  // drop warnings (errors are always printed)
  // `--color always|never` of `edict check`; nullopt = auto (want_color(2)).
  std::optional<bool> color;

  // Prints and forgets what the sink holds (warnings too, unless quiet). Colour
  // only when stderr is a terminal and NO_COLOR is unset.
  void flush_diagnostics();
  // Reports an E08xx error about the command line.
  void usage_error(const std::string& code, const std::string& message, const std::string& help = {});
};

// True when `stream` (1 = stdout, 2 = stderr) is a terminal and NO_COLOR is unset or empty.
bool want_color(int fd);
// `--color auto|always|never`: always/never force it (a CI log viewer that renders ANSI,
// a terminal that should not get it); auto is want_color(fd), so NO_COLOR wins there.
// nullopt for another word (the flag's own check refuses it first).
std::optional<bool> color_choice(const std::string& mode);
bool use_color(const std::optional<bool>& forced, int fd);
bool is_tty(int fd);

// --config FILE when given (must exist); else the nearest edict.toml upward from the
// working directory; else defaults (Config::path empty). nullopt on an error.
std::optional<report::Config> load_project_config(const std::string& explicit_path, RunContext& ctx);

// The paths to compile: those on the command line; else the config's `policies`;
// else ./policies. E0804 when a named path does not exist.
std::optional<std::vector<std::string>> policy_paths(const std::vector<std::string>& args,
                                                     const report::Config& config, RunContext& ctx);

std::optional<Program> compile_policies(const std::vector<std::string>& paths, const std::string& stdlib_dir,
                                        RunContext& ctx);

// A gate over no rule passes whatever the host looks like, so a run that loaded none
// (an empty or comment-only file, a package of `let`s only, an empty bundle) is an
// input error (E0410) unless the user asked for it with --allow-empty. False = reported.
bool require_rules(const Program& program, bool allow_empty, RunContext& ctx);

// --now: RFC 3339 or YYYY-MM-DD; not `given` -> the clock. E0802 on a bad one, the
// empty text included (`--now ""`, `--now "$UNSET"` must not silently mean today).
std::optional<int64_t> resolve_now(const std::string& text, bool given, RunContext& ctx);

// Writes `contents` to `path` ("" or "-": stdout) through the one writer
// (report/output.h): whole or not at all, E0801 on failure.
bool write_output(const std::string& path, const std::string& contents, RunContext& ctx);
// Every file of `files`, or none of them (report::write_outputs).
bool write_outputs(const std::vector<report::OutputFile>& files, RunContext& ctx);

}  // namespace edict::cli
