// `edict facts`: collect this host's facts (or a root directory's) and print them as
// JSON or TOML, or print the fact schema. The output loads back with `--facts`.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "report/escape.h"
#include "runtime/file_key.h"
#include "collectors/external.h"
#include "collectors/linux.h"
#include "collectors/registry.h"
#include "collectors/root_fs.h"
#include "runtime/diagnostic.h"
#include "runtime/facts/load.h"

namespace edict::cli {

namespace {

struct FactsArgs {
  std::string format = "json";
  bool schema = false;
  std::vector<std::string> only;
  std::vector<std::string> keys;  // --key: keys of the keyed resource --only names
  std::string root = "/";
  std::vector<std::string> facts_d;
  int timeout_ms = 10000;
};

void print_error(const std::string& code, const std::string& message, const std::string& help = {}) {
  Diagnostic d = Diagnostic::error(code, Span{}, message, help);
  std::fputs(render(d, SourceManager{}).c_str(), stderr);
}

// Output is written whole: one write of the finished text, checked.
int write_all(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    print_error("E0515", "cannot write the output");
    return kExitUsage;
  }
  return kExitOk;
}

std::string schema_table(const FactSchema& schema) {
  size_t path_width = 4, type_width = 4;
  for (const auto& [path, decl] : schema.all()) {
    path_width = std::max(path_width, path.size());
    type_width = std::max(type_width, type_to_string(*decl.type).size());
  }
  auto row = [&](const std::string& a, const std::string& b, const std::string& c) {
    std::string line = a + std::string(path_width - a.size() + 2, ' ') + b + std::string(type_width - b.size() + 2, ' ') + c;
    return line + "\n";
  };
  std::string out = row("path", "type", "provider");
  for (const auto& [path, decl] : schema.all()) {
    // A keyed resource is read only at the keys a program names (`files["/etc/passwd"]`).
    out += row(path, type_to_string(*decl.type), decl.provider + (decl.keyed ? " (keyed)" : ""));
  }
  return out;
}

std::string schema_json(const FactSchema& schema) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& [path, decl] : schema.all()) {
    rows.push_back({{"path", path}, {"type", type_to_string(*decl.type)}, {"provider", decl.provider},
                    {"description", decl.description}, {"keyed", decl.keyed}});
  }
  return rows.dump(2) + "\n";
}

// Every error value in the tree (a wrong-typed fact from facts.d), depth first. They are
// written as null (JSON) or left out (TOML): on their own that reads as "not collected",
// so each is also reported, as `check` reports it, and the run exits 2.
void collect_errors(const Value& v, const std::string& path, std::vector<std::pair<std::string, std::string>>* out) {
  if (v.kind == ValueKind::kError) {
    out->emplace_back(path, std::string(v.str()));
  } else if (v.kind == ValueKind::kMap) {
    for (uint32_t i = 0; i < v.size; ++i) {
      std::string key(v.entries[i].key);
      collect_errors(v.entries[i].value, path.empty() ? key : path + "." + key, out);
    }
  } else if (v.kind == ValueKind::kList) {
    for (uint32_t i = 0; i < v.size; ++i) collect_errors(v.items[i], path + "[" + std::to_string(i) + "]", out);
  }
}

// The keyed resources (FactDecl::keyed) `--only` names get the `--key`s: what a policy
// reading `files["/etc/passwd"]` would be given. A keyed resource cannot be listed, so
// `--only files` needs keys, and keys need exactly one keyed resource to belong to.
bool keys_of_only(const FactSchema& schema, const FactsArgs& args, CollectOptions* options) {
  std::vector<std::string> keyed;
  for (const auto& o : args.only) {
    if (const FactDecl* decl = schema.find(o); decl && decl->keyed) keyed.push_back(o);
  }
  if (!args.keys.empty() && keyed.size() != 1) {
    print_error("E0815",
                keyed.empty() ? "`--key` needs `--only` to name a keyed resource"
                              : "`--key` is ambiguous: `--only` names " + std::to_string(keyed.size()) + " keyed resources",
                "keys name entries of one keyed resource, e.g. `edict facts --only files --key /etc/passwd`");
    return false;
  }
  if (args.keys.empty()) {
    if (keyed.empty()) return true;
    print_error("E0816", "`" + keyed[0] + "` is a keyed resource: name its keys with `--key`",
                "Edict reads `" + keyed[0] + "` only at the keys a policy names; e.g. `edict facts --only " + keyed[0] +
                    " --key /etc/passwd`");
    return false;
  }
  if (args.keys.size() > collectors::kMaxFileKeys) {
    print_error("E0817", "`--key` is given " + std::to_string(args.keys.size()) + " times, more than " +
                             std::to_string(collectors::kMaxFileKeys) + " (kMaxFileKeys)",
                "a run reads at most that many keys; split the paths over several runs");
    return false;
  }
  for (const auto& key : args.keys) {
    if (keyed[0] == "files" && !is_file_key(key)) {
      print_error("E0818", "`--key " + key + "` is not an absolute path",
                  "a `files` key is the file's absolute path on the host (below `--root`), e.g. `/etc/passwd`, or "
                  "on Windows from a drive letter, e.g. `C:\\Windows\\System32\\ntoskrnl.exe`");
      return false;
    }
    // Everything about the entry, the costly fields included: this is what a policy
    // reading any field of it could be given.
    add_keyed_read(&options->keys[keyed[0]], key, "");
  }
  return true;
}

int run_facts(const FactsArgs& args, bool format_given) {
  CollectorRegistry registry = CollectorRegistry::with_builtin_host();

  SourceManager sources;
  DiagnosticSink sink;
  FactSchema declared;
  if (!load_facts_d_schemas(args.facts_d, declared, sources, sink)) {
    std::fputs(render_all(sink, sources).c_str(), stderr);
    return kExitUsage;
  }
  registry.declare(declared);

  if (args.schema) {
    FactSchema schema = registry.schema();
    return write_all(format_given && args.format == "json" ? schema_json(schema) : schema_table(schema));
  }

  std::vector<std::string> names = registry.names();
  for (const auto& o : args.only) {
    if (std::find(names.begin(), names.end(), o) == names.end()) {
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      print_error("E0514", "no collector named `" + o + "`", "collectors are: " + list);
      return kExitUsage;
    }
  }
  std::string error;
  if (!RootFs(args.root).ok(&error)) {
    print_error("E0513", error, "`--root` takes a directory holding a host's file tree");
    return kExitUsage;
  }

  CollectOptions options;
  if (!keys_of_only(registry.schema(), args, &options)) return kExitUsage;
  options.root = args.root;
  options.facts_d = args.facts_d;
  options.only = args.only;
  options.external_timeout_ms = args.timeout_ms;
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(registry, {}, options, &reports, /*collect_all=*/true);

  for (const auto& r : reports) {
    if (r.ok && r.message.empty()) continue;  // the external summary repeats its programs' ignored paths
    std::string message = "collector `" + r.collector + "`: " + (r.message.empty() ? "failed" : r.message);
    Diagnostic d = Diagnostic::warning(r.ok ? "W0522" : "W0521", Span{}, message);
    std::string text = render(d, sources);
    if (!r.stderr_text.empty()) {
      std::string err = r.stderr_text.substr(0, 2000);
      while (!err.empty() && err.back() == '\n') err.pop_back();
      text += "  = stderr: " + err + "\n";
    }
    std::fputs(report::terminal_text(text).c_str(), stderr);  // a collector's stderr must not drive the terminal
  }
  std::vector<std::pair<std::string, std::string>> errors;
  collect_errors(facts.root(), "", &errors);
  DiagnosticSink wrong;
  for (const auto& [path, message] : errors) {
    const Provenance* from = facts.provenance(path);
    std::string help = "rules that read it end in `error`";
    if (from) help = "from `" + from->source + "`; " + help;
    wrong.report(Diagnostic::error("E0518", Span{}, message, help));
  }
  if (!wrong.diagnostics().empty()) std::fputs(render_all(wrong, sources).c_str(), stderr);
  int written = write_all(args.format == "toml" ? facts_to_toml(facts) : facts_to_json(facts));
  return errors.empty() ? written : kExitUsage;
}

const CommandRegistration kFacts{Command{
    "facts", 50, [](CLI::App& app) -> std::function<int()> {
      auto args = std::make_shared<FactsArgs>();
      CLI::App* sub = app.add_subcommand("facts", "Collect and print this host's facts (or the fact schema)");
      auto* format = sub->add_option("--format", args->format, "Output format")
                         ->check(CLI::IsMember({"json", "toml"}));
      sub->add_flag("--schema", args->schema, "Print every known fact path with its type and provider");
      sub->add_option("--only", args->only, "Run only these collectors (host, os, network, packages, sysctl, modules, users, files, sshd, external)")
          ->delimiter(',');
      sub->add_option("--key", args->keys,
                      "A key of the keyed resource --only names (repeatable): --only files --key /etc/passwd");
      sub->add_option("--root", args->root, "Read the host's files below this directory (default /)");
      sub->add_option("--facts-d", args->facts_d, "A directory of external collectors and static fact files");
      sub->add_option("--external-timeout-ms", args->timeout_ms, "Time limit of each external collector")
          ->check(CLI::Range(1, 3600000));
      return [args, format] { return run_facts(*args, format->count() > 0); };
    }}};

}  // namespace

}  // namespace edict::cli
