// The compiler driver: reads and parses the named files, then runs the stages of
// Driver::finish in order (resolve imports, declare, lower, warn, compile regexes).
#include "compiler/compile.h"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "compiler/checker.h"
#include "compiler/codes.h"
#include "compiler/policy_files.h"
#include "compiler/lower_rules.h"
#include "stdlib/embedded.h"

namespace edict::compiler {

namespace {

namespace fs = std::filesystem;

bool is_stdlib_package(const std::string& package) {
  return package == "std" || package.rfind("std.", 0) == 0;
}

class Driver {
 public:
  Driver(const CompileOptions& options, SourceManager& sources, DiagnosticSink& sink)
      : options_(options), sources_(sources), sink_(sink) {}

  void add_parsed(std::optional<uint32_t> file_id, bool user) {
    if (!file_id) return;
    auto unit = std::make_unique<ModuleUnit>();
    unit->ast = syntax::parse_module(sources_, *file_id, sink_, options_.parse_limits);
    if (unit->ast.package) unit->package = unit->ast.package->joined();
    // `std` is the stdlib's namespace: a policy file claiming it would replace the
    // embedded module every `import std.net` resolves to (imports find loaded
    // packages first), e.g. turn `net.has_internet_route` into `false`.
    if (user && is_stdlib_package(unit->package)) {
      sink_.report(Diagnostic::error(codes::kReservedPackage, unit->ast.package->span,
                                     "package `" + unit->package + "` is reserved for the standard library",
                                     "name the package after your organisation or project, e.g. `acme.net`"));
    }
    if (user) user_units_.push_back(unit.get());
    units_.push_back(std::move(unit));
  }

  // Everything after parsing, as an ordered list of named stages (OPA's compiler stage
  // table is the model). Each stage names the transition it makes. A stage marked
  // `needs_clean` runs only when nothing before it reported an error: checking a partial
  // tree, or warning about a program that does not compile, only adds noise.
  std::optional<Program> finish() {
    Program program;
    program.schema = *options_.schema;
    Checker checker(options_, sources_, sink_, program);
    struct Stage {
      const char* name;
      bool needs_clean;
      void (Driver::*run)(Checker&);
    };
    static constexpr Stage kStages[] = {
        {"resolve imports: each `import` -> a loaded package or a stdlib module (parsed now)", true,
         &Driver::stage_resolve_imports},
        {"declare: packages -> symbols and `fact` declarations; names a file cannot take over; recursion; "
         "every body checked once",
         false, &Driver::stage_declare},
        {"lower: each `when`/`require` -> typed IR (names resolved, types checked, defs inlined, slots "
         "allocated, constants folded) -> bytecode and the rule table",
         false, &Driver::stage_lower},
        {"warn: unused names, parameters hiding a fact root", true, &Driver::stage_warn},
        {"compile regexes: every pattern of the program -> RE2", true, &Driver::stage_compile_regexes},
    };
    for (const Stage& stage : kStages) {
      if (stage.needs_clean && sink_.has_errors()) return std::nullopt;
      (this->*stage.run)(checker);
    }
    if (sink_.has_errors()) return std::nullopt;
    return program;
  }

  const CompileOptions& options() const { return options_; }
  SourceManager& sources() { return sources_; }
  DiagnosticSink& sink() { return sink_; }

 private:
  std::vector<ModuleUnit*> all_units() const {
    std::vector<ModuleUnit*> all;
    for (const auto& u : units_) all.push_back(u.get());
    return all;
  }
  void stage_resolve_imports(Checker&) { resolve_imports(); }
  void stage_declare(Checker& checker) { checker.declare(all_units()); }
  void stage_lower(Checker& checker) { lower_policies(checker, user_units_); }
  void stage_warn(Checker& checker) { checker.warn_unused_and_hidden(all_units()); }
  void stage_compile_regexes(Checker& checker) {
    size_t bad = 0;
    std::string why;
    if (!checker.program().build_regexes(&bad, &why)) {
      // INVARIANT: the checker compiled every literal pattern already.
      sink_.report(Diagnostic::error(codes::kBadRegex, {}, "invalid regular expression: " + why));
    }
  }

  // Loads std.x from --stdlib DIR or the embedded copy; nullopt when there is none.
  std::optional<uint32_t> load_stdlib(const std::string& name) {
    std::string rest = name.substr(4);
    if (options_.stdlib_dir) {
      std::string relative = rest;
      std::replace(relative.begin(), relative.end(), '.', '/');
      fs::path path = fs::path(*options_.stdlib_dir) / (relative + ".edict");
      std::error_code ec;
      if (!fs::is_regular_file(path, ec)) return std::nullopt;
      return syntax::read_source(path.string(), sources_, sink_, options_.parse_limits);
    }
    for (const EmbeddedModule& m : embedded_stdlib()) {
      if (m.name == name) return syntax::add_source(std::string(m.path), std::string(m.source), sources_, sink_, options_.parse_limits);
    }
    return std::nullopt;
  }

  std::vector<std::string> known_modules() const {
    std::vector<std::string> names;
    for (const auto& u : units_) {
      if (!u->package.empty()) names.push_back(u->package);
    }
    if (!options_.stdlib_dir) {
      for (const EmbeddedModule& m : embedded_stdlib()) names.emplace_back(m.name);
    }
    return names;
  }

  void resolve_imports() {
    std::deque<ModuleUnit*> queue;
    for (auto& u : units_) queue.push_back(u.get());
    while (!queue.empty()) {
      ModuleUnit* unit = queue.front();
      queue.pop_front();
      for (const syntax::Import& imp : unit->ast.imports) {
        std::string name = imp.module.joined();
        std::string alias = imp.alias ? *imp.alias : imp.module.parts.back();
        Span alias_span = imp.alias ? imp.alias_span : imp.module.span;
        if (unit->imports.count(alias)) {
          sink_.report(Diagnostic::error(codes::kDuplicateName, alias_span, "`" + alias + "` is imported twice",
                                         "give one of them another name with `as`"));
          continue;
        }
        bool found = std::any_of(units_.begin(), units_.end(), [&](const auto& u) { return u->package == name; });
        if (!found && name.rfind("std.", 0) == 0) {
          size_t before = sink_.error_count();
          if (auto id = load_stdlib(name)) {
            add_parsed(id, /*user=*/false);
            units_.back()->package = name;  // a module is its import name, whatever its package line says
            queue.push_back(units_.back().get());
            found = true;
          } else if (sink_.error_count() > before) {
            continue;
          }
        }
        if (!found) {
          std::string best = closest_match(name, known_modules());
          sink_.report(Diagnostic::error(codes::kUnknownModule, imp.module.span, "unknown module `" + name + "`",
                                         best.empty() ? "import a stdlib module (`std.net`) or the package of a loaded policy file"
                                                      : "did you mean `" + best + "`?"));
          continue;
        }
        unit->imports.emplace(alias, name);
      }
    }
  }

  const CompileOptions& options_;
  SourceManager& sources_;
  DiagnosticSink& sink_;
  std::vector<std::unique_ptr<ModuleUnit>> units_;
  std::vector<ModuleUnit*> user_units_;
};

}  // namespace

std::optional<Program> compile_paths(const std::vector<std::string>& paths, const CompileOptions& options,
                                     SourceManager& sources, DiagnosticSink& sink) {
  Driver driver(options, sources, sink);
  std::vector<std::string> files;
  for (const std::string& p : paths) find_policy_files(p, &files, sink);
  if (paths.empty()) sink.report(Diagnostic::error(codes::kNoPaths, {}, "no policy files given"));
  for (const std::string& f : files) driver.add_parsed(syntax::read_source(f, sources, sink, options.parse_limits), true);
  return driver.finish();
}

std::optional<Program> compile_sources(const std::vector<std::pair<std::string, std::string>>& sources_in,
                                       const CompileOptions& options, SourceManager& sources, DiagnosticSink& sink) {
  Driver driver(options, sources, sink);
  for (const auto& [path, text] : sources_in) {
    driver.add_parsed(syntax::add_source(path, text, sources, sink, options.parse_limits), true);
  }
  return driver.finish();
}

}  // namespace edict::compiler
