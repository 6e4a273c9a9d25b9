#include "cli/cli_reference.h"

#include <CLI/CLI.hpp>

namespace edict::cli {
namespace {

// CLI11 spells a value's type as "TEXT:{json,toml}" when an IsMember check limits it,
// "INT:INT in [1 - 3600000]" for a range: keep the type, and the choices when listed.
void split_type_name(const std::string& type_name, FlagReference* flag) {
  std::string type = type_name.substr(0, type_name.find(':'));
  flag->value = type.empty() ? "VALUE" : type;
  size_t open = type_name.find(":{");
  size_t close = type_name.rfind('}');
  if (open == std::string::npos || close == std::string::npos || close < open) return;
  std::string list = type_name.substr(open + 2, close - open - 2);
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    if (comma > start) flag->choices.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
}

FlagReference describe_option(const CLI::Option& option) {
  FlagReference flag;
  for (const auto& s : option.get_snames()) flag.spellings.push_back("-" + s);
  for (const auto& l : option.get_lnames()) flag.spellings.push_back("--" + l);
  if (flag.spellings.empty()) flag.spellings.push_back(option.get_name());  // a positional
  if (option.get_items_expected_max() > 0) split_type_name(option.get_type_name(), &flag);
  flag.description = option.get_description();
  flag.repeatable = option.get_items_expected_max() > 1 || option.get_multi_option_policy() != CLI::MultiOptionPolicy::Throw;
  return flag;
}

VerbReference describe_app(const CLI::App& app, const std::string& name) {
  VerbReference verb;
  verb.name = name;
  verb.description = app.get_description();
  verb.hidden = !name.empty() && app.get_group().empty();
  for (const CLI::Option* option : app.get_options()) {
    FlagReference flag = describe_option(*option);
    if (option->nonpositional()) {
      verb.flags.push_back(std::move(flag));
    } else {
      verb.positionals.push_back(std::move(flag));
    }
  }
  return verb;
}

}  // namespace

std::vector<VerbReference> describe_command_line(const CLI::App& app) {
  std::vector<VerbReference> verbs = {describe_app(app, "")};
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    verbs.push_back(describe_app(*sub, sub->get_name()));
  }
  return verbs;
}

std::string summary_of(const std::string& description) { return description.substr(0, description.find('\n')); }

}  // namespace edict::cli
