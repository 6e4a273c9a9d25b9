// What the command line is, read off the CLI11 definitions the verbs register
// (command.h): every verb with its description, flags, their spellings, whether they
// take a value and which values they allow. The man pages (`edict man`) and the shell
// completions (`edict completion`) are rendered from this one model, so they cannot
// drift from `--help`.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace edict::cli {

struct FlagReference {
  std::vector<std::string> spellings;  // "-o", "--output" (short ones first)
  std::string value;                   // "" for a switch; "TEXT", "INT", "PATH", ...
  std::vector<std::string> choices;    // an IsMember check's values: {"json", "toml"}
  std::string description;
  bool repeatable = false;
};

struct VerbReference {
  std::string name;         // "" for `edict` itself
  std::string description;  // the first paragraph is the summary line
  std::vector<FlagReference> flags;
  std::vector<FlagReference> positionals;
  bool hidden = false;      // not in `edict --help` (e.g. `man`)
};

// `edict` itself first, then its verbs in `--help` order.
std::vector<VerbReference> describe_command_line(const CLI::App& app);

// The first line of a description.
std::string summary_of(const std::string& description);

}  // namespace edict::cli
