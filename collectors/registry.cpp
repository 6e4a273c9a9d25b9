// Lazy collection (see registry.h).
#include "collectors/registry.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <future>
#include <system_error>
#include <thread>

#include "collectors/external.h"
#include "collectors/linux.h"
#include "runtime/program.h"
#ifdef _WIN32
#include "collectors/windows/win32_sources.h"
#include "collectors/windows/windows_facts.h"
#endif

namespace edict {

CollectorRegistry::CollectorRegistry() : declared_(std::make_shared<FactSchema>()) {}

CollectorRegistry CollectorRegistry::with_builtin_host() {
  CollectorRegistry registry;
#ifdef _WIN32
  // edict.exe: the Windows collectors (collectors/windows/) answer host, os and
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
  registry.add(collectors::make_users_collector());
  registry.add(collectors::make_ports_collector());
  registry.add(collectors::make_mounts_collector());
  registry.add(collectors::make_services_collector());
  registry.add(collectors::make_files_collector());
  registry.add(collectors::make_sshd_collector());
  registry.add(std::make_unique<ExternalCollector>(registry.declared_));
  return registry;
#endif
}

void CollectorRegistry::add(std::unique_ptr<Collector> collector) {
  collectors_.push_back(std::shared_ptr<Collector>(std::move(collector)));
}

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

namespace {

using Clock = std::chrono::steady_clock;

#ifdef _WIN32
// The Windows collectors share one COM connection, initialised on the thread that
// first queries WMI; they run on the caller's thread, bounded by WMI's own timeouts.
constexpr bool kBuiltinsOnThreads = false;
#else
constexpr bool kBuiltinsOnThreads = true;
#endif

// One collector's run. A built-in one runs on its own thread into its own builder,
// and everything that thread touches lives here (shared with it), so a run abandoned
// at the deadline, still blocked in a read, never touches freed memory when it wakes.
struct CollectorRun {
  std::shared_ptr<Collector> collector;
  std::vector<std::string> asked;
  bool everything = false;
  CollectOptions options;
  FactsBuilder builder;
  CollectorReport report;
  std::vector<CollectorReport> more;
  std::promise<void> done;

  void run() noexcept {
    try {
      CollectRequest request{asked, everything, options, &more};
      collector->collect(request, builder, report);
    } catch (const std::exception& e) {
      report.ok = false;  // as on the caller's thread below
      report.message = std::string("internal error: ") + e.what();
    } catch (...) {
      report.ok = false;
      report.message = "internal error";
    }
  }
};

// Runs `job` on a thread and waits for it until `deadline`: true when it finished.
// Should no thread start, it runs here, unbounded, as it always did.
[[maybe_unused]] bool run_until(const std::shared_ptr<CollectorRun>& job, Clock::time_point deadline) {
  std::future<void> finished = job->done.get_future();
  try {
    std::thread([job] {
      job->run();
      job->done.set_value();
    }).detach();
  } catch (const std::system_error&) {
    job->run();
    return true;
  }
  return finished.wait_until(deadline) == std::future_status::ready;
}

[[maybe_unused]] std::string seconds_text(int ms) {
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

}  // namespace

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
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(options.collect_deadline_ms);

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
    auto started = Clock::now();
    if (collector->provides_declared() || !kBuiltinsOnThreads) {
      // On this thread, into the merged tree. External collectors bound each program
      // themselves (external_timeout_ms), and may set paths their facts.d schema files
      // declare, which provides() does not list.
      try {
        CollectRequest request{asked, everything, options, &more};
        collector->collect(request, builder, report);
      } catch (const std::exception& e) {
        // INVARIANT: collectors report instead of throwing; a throw (bad_alloc) still
        // must not end the run.
        report.ok = false;
        report.message = std::string("internal error: ") + e.what();
      }
    } else if (started >= deadline) {
      report.ok = false;
      report.message = "not run: the " + seconds_text(options.collect_deadline_ms) +
                       " collection deadline had passed; its facts are unknown";
    } else {
      auto job = std::make_shared<CollectorRun>();
      job->collector = collector;
      job->asked = asked;
      job->everything = everything;
      job->options = options;
      if (run_until(job, deadline)) {
        report = std::move(job->report);
        report.collector = name;
        more = std::move(job->more);
        // Its values live in its own arena: copied into the merged tree, path by
        // provided path (a built-in sets nothing else).
        Facts got = job->builder.freeze();
        for (const auto& d : provided) {
          if (const Value* v = got.find(d.path)) builder.set(d.path, deep_copy(builder.arena(), *v));
        }
        for (const auto& [path, provenance] : got.provenances()) builder.set_provenance(path, provenance);
      } else {
        // Still blocked (a hung mount): left running on its thread, which owns all it
        // touches; nothing it sets from now on is used.
        report.ok = false;
        report.message = "did not finish within the " + seconds_text(options.collect_deadline_ms) +
                         " collection deadline; abandoned, its facts are unknown";
      }
    }
    report.seconds = std::chrono::duration<double>(Clock::now() - started).count();

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
