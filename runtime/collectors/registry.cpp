// Lazy collection (see registry.h).
#include "runtime/collectors/registry.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "runtime/collectors/external.h"
#include "runtime/collectors/linux.h"
#ifdef _WIN32
#include "runtime/collectors/windows/win32_sources.h"
#include "runtime/collectors/windows/windows_facts.h"
#endif

namespace edict {

CollectorRegistry::CollectorRegistry() : declared_(std::make_shared<FactSchema>()) {}

CollectorRegistry CollectorRegistry::with_builtin_linux() {
  CollectorRegistry registry;
#ifdef _WIN32
  // edict.exe: the Windows collectors (runtime/collectors/windows/) answer host, os and
  // network, and add the windows.* namespaces; there is no packages, sysctl or facts.d.
  for (auto& c : collectors::windows::MakeCollectors(collectors::windows::Win32Sources())) registry.add(std::move(c));
  return registry;
#else
  registry.add(collectors::make_host_collector());
  registry.add(collectors::make_os_collector());
  registry.add(collectors::make_network_collector());
  registry.add(collectors::make_packages_collector());
  registry.add(collectors::make_sysctl_collector());
  registry.add(collectors::make_modules_collector());
  registry.add(std::make_unique<ExternalCollector>(registry.declared_));
  return registry;
#endif
}

void CollectorRegistry::add(std::unique_ptr<Collector> collector) { collectors_.push_back(std::move(collector)); }

void CollectorRegistry::declare(const FactSchema& declared) {
  for (const auto& [path, decl] : declared.all()) {
    if (!FactSchema::core().find(path)) declared_->add(decl);
  }
}

const Collector* CollectorRegistry::find(std::string_view name) const {
  for (const auto& c : collectors_) {
    if (c->name() == name) return c.get();
  }
  return nullptr;
}

std::vector<std::string> CollectorRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& c : collectors_) out.push_back(c->name());
  return out;
}

FactSchema CollectorRegistry::schema() const {
  FactSchema schema = FactSchema::core();
  for (const auto& c : collectors_) {
    for (auto& decl : c->provides()) schema.add(std::move(decl));
  }
  return schema;
}

bool path_matches(std::string_view needed, std::string_view provided) {
  auto below = [](std::string_view longer, std::string_view prefix) {
    return longer.size() > prefix.size() && longer.substr(0, prefix.size()) == prefix && longer[prefix.size()] == '.';
  };
  return needed == provided || below(provided, needed) || below(needed, provided);
}

Facts collect_facts(const CollectorRegistry& registry, const std::vector<std::string>& needed_paths,
                    const CollectOptions& options, std::vector<CollectorReport>* reports, bool collect_all) {
  FactsBuilder builder;
  bool everything = collect_all && needed_paths.empty();

  // Paths some non-external collector answers; the rest go to external collectors.
  auto claimed_by_builtin = [&](const std::string& path) {
    for (const auto& c : registry.collectors()) {
      if (c->provides_declared()) continue;
      for (const auto& decl : c->provides()) {
        if (path_matches(path, decl.path)) return true;
      }
    }
    return false;
  };

  for (const auto& collector : registry.collectors()) {
    std::string name = collector->name();
    if (!options.only.empty() && std::find(options.only.begin(), options.only.end(), name) == options.only.end()) {
      continue;
    }
    std::vector<FactDecl> provided = collector->provides();
    std::vector<std::string> asked;
    if (everything) {
      for (const auto& d : provided) asked.push_back(d.path);
    } else {
      for (const auto& p : needed_paths) {
        bool mine = std::any_of(provided.begin(), provided.end(), [&](const FactDecl& d) { return path_matches(p, d.path); });
        if (!mine && collector->provides_declared() && !claimed_by_builtin(p)) mine = true;
        if (mine) asked.push_back(p);
      }
    }
    // The external collector has work whenever a facts.d is configured and all is asked.
    bool run = !asked.empty() || (everything && collector->provides_declared() && !options.facts_d.empty());
    if (!run || (collector->provides_declared() && options.facts_d.empty())) {
      if (run && reports) {
        CollectorReport skipped;
        skipped.collector = name;
        // Not a failure: nothing on this host provides these paths (a Linux host
        // asked for windows.* facts, say). The facts stay unknown and the rules that
        // need them say so; a warning here would be noise on every mixed-OS run.
        skipped.ok = true;
        skipped.message = "no collector on this host provides these facts (no facts.d directory is configured)";
        skipped.paths_left_unknown = asked;
        reports->push_back(std::move(skipped));
      }
      continue;
    }

    CollectorReport report;
    report.collector = name;
    std::vector<CollectorReport> more;
    std::string collected_at = now_rfc3339();
    auto started = std::chrono::steady_clock::now();
    try {
      CollectRequest request{asked, everything, options, &more};
      collector->collect(request, builder, report);
    } catch (const std::exception& e) {
      // INVARIANT: collectors report instead of throwing; a throw (bad_alloc) still
      // must not end the run.
      report.ok = false;
      report.message = std::string("internal error: ") + e.what();
    }
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    // Provenance and what was asked but is still missing, per provided path.
    for (const auto& d : provided) {
      bool was_asked = std::any_of(asked.begin(), asked.end(), [&](const std::string& p) { return path_matches(p, d.path); });
      if (!was_asked) continue;
      if (builder.has(d.path)) {
        if (!builder.has_provenance(d.path)) builder.set_provenance(d.path, Provenance{"collector:" + name, collected_at});
      } else {
        report.paths_left_unknown.push_back(d.path);
      }
    }
    if (collector->provides_declared()) {
      for (const auto& p : asked) {
        if (!builder.has(p) && std::find(report.paths_left_unknown.begin(), report.paths_left_unknown.end(), p) ==
                                   report.paths_left_unknown.end()) {
          report.paths_left_unknown.push_back(p);
        }
      }
    }
    if (reports) {
      reports->push_back(std::move(report));
      for (auto& r : more) reports->push_back(std::move(r));
    }
  }
  return builder.freeze();
}

}  // namespace edict
