// CLI11's parse errors as Edict diagnostics (see usage_errors.h).
#include "cli/usage_errors.h"

#include <CLI/CLI.hpp>

#include <cctype>

#include "runtime/schema.h"

namespace edict::cli {

namespace {

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(sub->get_name());
  names.push_back("help");
  return names;
}

// The command being parsed (`check`), or null before one was recognized.
const CLI::App* active_command(const CLI::App& app) {
  auto parsed = app.get_subcommands();
  return parsed.empty() ? nullptr : parsed.front();
}

std::string command_text(const CLI::App* command) {
  return command ? "`edict " + command->get_name() + "`" : std::string("`edict`");
}

std::string see_help(const CLI::App* command) {
  return "see `edict " + (command ? command->get_name() + " " : std::string()) + "--help`";
}

// Every spelling of every flag of `command` (`--fail-on`, `-q`), for did-you-mean.
std::vector<std::string> flag_names(const CLI::App& command) {
  std::vector<std::string> names = {"--help"};
  for (const CLI::Option* option : command.get_options()) {
    for (const auto& name : option->get_lnames()) names.push_back("--" + name);
    for (const auto& name : option->get_snames()) names.push_back("-" + name);
  }
  return names;
}

// CLI11 starts most messages with the option's name and a colon: `--now: ...`.
// The detail is lowercased to read like Edict's own messages (`value abc not in range`).
std::pair<std::string, std::string> split_name(const std::string& message) {
  size_t colon = message.find(": ");
  if (colon == std::string::npos) return {"", message};
  std::string detail = message.substr(colon + 2);
  if (detail.size() > 1 && std::isupper(static_cast<unsigned char>(detail[0])) &&
      std::islower(static_cast<unsigned char>(detail[1])))
    detail[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(detail[0])));
  return {message.substr(0, colon), detail};
}

void report_extras(const CLI::App& app, const CLI::App* command, RunContext& ctx) {
  std::vector<std::string> extras = app.remaining(true);
  for (const std::string& extra : extras) {
    if (extra.size() > 1 && extra[0] == '-') {
      std::string flag = extra.substr(0, extra.find('='));
      std::string guess = closest_match(flag, flag_names(command ? *command : app));
      ctx.usage_error("E0813", "unknown flag `" + flag + "` for " + command_text(command),
                      guess.empty() ? see_help(command) : "did you mean `" + guess + "`?");
    } else {
      ctx.usage_error("E0813", "unexpected argument `" + extra + "` for " + command_text(command), see_help(command));
    }
    return;  // the first one: the rest often follow from it (a flag's value read as an argument)
  }
  ctx.usage_error("E0813", "unexpected arguments for " + command_text(command), see_help(command));
}

}  // namespace

std::vector<std::string> normalize_arguments(std::vector<std::string> args) {
  if (!args.empty() && args[0] == "help") {
    args.erase(args.begin());
    args.push_back("--help");
  }
  return args;
}

bool check_command_name(const CLI::App& app, const std::vector<std::string>& args, RunContext& ctx) {
  if (args.empty() || args[0].empty() || args[0][0] == '-') return true;
  std::vector<std::string> names = command_names(app);
  for (const auto& name : names)
    if (name == args[0]) return true;
  std::string guess = closest_match(args[0], names);
  std::string list;
  for (const auto& name : names) list += (list.empty() ? "" : ", ") + name;
  ctx.usage_error("E0812", "unknown command `" + args[0] + "`",
                  guess.empty() ? "commands are: " + list + "; see `edict --help`" : "did you mean `" + guess + "`?");
  return false;
}

void report_parse_error(const CLI::App& app, const CLI::ParseError& error, RunContext& ctx) {
  const CLI::App* command = active_command(app);
  std::string message = error.what();
  auto [name, detail] = split_name(message);

  if (dynamic_cast<const CLI::ExtrasError*>(&error)) {
    report_extras(app, command, ctx);
  } else if (dynamic_cast<const CLI::RequiredError*>(&error)) {
    if (!command && !app.remaining(true).empty()) {
      report_extras(app, command, ctx);  // `edict --bogus`: the flag is the mistake
    } else if (!command) {
      ctx.usage_error("E0812", "no command given", "e.g. `edict check`; see `edict --help`");
    } else {
      std::string what = message.substr(0, message.find(" is required"));
      ctx.usage_error("E0814", command_text(command) + " needs `" + what + "`", see_help(command));
    }
  } else if (dynamic_cast<const CLI::ArgumentMismatch*>(&error)) {
    if (message.find(" missing") != std::string::npos)
      ctx.usage_error("E0814", "`" + name + "` needs a value", see_help(command));
    else if (message.find("At Most") != std::string::npos)
      ctx.usage_error("E0814", "`" + name + "` is given more than once", "give it once");
    else
      ctx.usage_error("E0814", "wrong number of values: " + message, see_help(command));
  } else if (dynamic_cast<const CLI::ValidationError*>(&error)) {
    size_t choices = detail.find(" not in {");
    if (choices != std::string::npos && detail.back() == '}') {
      std::string list = detail.substr(choices + 9, detail.size() - choices - 10);
      for (char& c : list)
        if (c == ',') c = '|';
      ctx.usage_error("E0803", "`" + name + " " + detail.substr(0, choices) + "` is not one of " + list,
                      see_help(command));
    } else {
      ctx.usage_error("E0803", "invalid value for `" + name + "`: " + detail, see_help(command));
    }
  } else if (dynamic_cast<const CLI::ConversionError*>(&error)) {
    const std::string kCould = "Could not convert: ";
    size_t equals = message.find(" = ");
    if (starts_with(message, kCould) && equals != std::string::npos)
      ctx.usage_error("E0803",
                      "`" + message.substr(kCould.size(), equals - kCould.size()) + " " + message.substr(equals + 3) +
                          "` is not a valid value",
                      see_help(command));
    else
      ctx.usage_error("E0803", "invalid value: " + message, see_help(command));
  } else if (dynamic_cast<const CLI::ExcludesError*>(&error) || dynamic_cast<const CLI::RequiresError*>(&error)) {
    size_t verb = message.find(dynamic_cast<const CLI::ExcludesError*>(&error) ? " excludes " : " requires ");
    std::string first = message.substr(0, verb), second = verb == std::string::npos ? "" : message.substr(verb + 10);
    ctx.usage_error("E0805",
                    dynamic_cast<const CLI::ExcludesError*>(&error)
                        ? "`" + first + "` and `" + second + "` exclude each other"
                        : "`" + first + "` needs `" + second + "`",
                    see_help(command));
  } else {
    ctx.usage_error("E0814", "cannot read the command line: " + message, see_help(command));
  }
}

}  // namespace edict::cli
