// The command line's own errors in Edict's diagnostic style: CLI11 finds them, this
// file says them as `error[E08xx]: ...` with a help line (a did-you-mean where one is
// close), so a mistyped flag reads like every other Edict error and scripts can grep
// its code. Codes (docs/diagnostics.md):
//   E0803 a flag value its check refuses (not a number, not a choice, out of range)
//   E0805 flags that exclude each other
//   E0812 an unknown command (or none)
//   E0813 an unknown flag or an unexpected argument
//   E0814 a flag without its value, given too often, or a required flag or argument missing
#pragma once

#include <string>
#include <vector>

#include "cli/report_support.h"

namespace CLI {
class App;
class ParseError;
}  // namespace CLI

namespace edict::cli {

// The arguments CLI11 is to parse, after Edict's own spellings: `edict help` is
// `edict --help`, `edict help VERB` is `edict VERB --help`. `args` excludes argv[0].
std::vector<std::string> normalize_arguments(std::vector<std::string> args);

// E0812 when the first argument is meant as a command (it is not a flag) but names
// none: `edict chek` says `did you mean `check`?`. False when it reported.
bool check_command_name(const CLI::App& app, const std::vector<std::string>& args, RunContext& ctx);

// Reports `error` (which CLI11 threw while parsing `app`) as one diagnostic.
void report_parse_error(const CLI::App& app, const CLI::ParseError& error, RunContext& ctx);

}  // namespace edict::cli
