// The collectors a run may use, and collect_facts: run only those a program needs,
// merge their facts, report each one's status. Collection failures are host failures,
// reported out of band; the facts they would have given stay unknown.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/collector.h"
#include "runtime/facts.h"
#include "runtime/schema.h"

namespace edict {

class CollectorRegistry {
 public:
  CollectorRegistry();
  CollectorRegistry(CollectorRegistry&&) = default;
  CollectorRegistry& operator=(CollectorRegistry&&) = default;

  // The built-in collectors of the platform edict was built for: on Linux host, os,
  // network, packages, sysctl, modules and the external (facts.d) collector; in
  // edict.exe the Windows collectors (collectors/windows/).
  static CollectorRegistry with_builtin_host();
  void add(std::unique_ptr<Collector> collector);

  // Facts no built-in collector provides, which external collectors may then give
  // (a program's `fact` declarations, a schema file). Core paths are ignored.
  void declare(const FactSchema& declared);

  // Shared: a built-in collector abandoned at the collection deadline keeps running on
  // its thread, and keeps its collector alive, after the registry is gone.
  const std::vector<std::shared_ptr<Collector>>& collectors() const { return collectors_; }
  const Collector* find(std::string_view name) const;
  std::vector<std::string> names() const;
  // FactSchema::core() plus every path any collector provides (incl. declarations).
  FactSchema schema() const;

 private:
  std::vector<std::shared_ptr<Collector>> collectors_;
  std::shared_ptr<FactSchema> declared_;
};

// Runs only the collectors that provide at least one of `needed_paths` (an empty list
// with collect_all=true means all; `options.only` narrows further), merges their facts
// into one Facts with provenance {"collector:<name>", time} (external ones record
// "external:<file>"), and appends one report per collector run (plus one per external
// program). A collector that fails leaves its paths unknown and reports why; the run
// goes on. Built-in collectors run on a thread each and share options.collect_deadline_ms:
// one still running then is abandoned (its facts unknown, its report says so).
Facts collect_facts(const CollectorRegistry& registry, const std::vector<std::string>& needed_paths,
                    const CollectOptions& options, std::vector<CollectorReport>* reports, bool collect_all = false);

// True when a needed path is answered by a provided fact path: the same path, a
// namespace of it (`os` for `os.name`), or a path below it (`sysctl.net.ipv4.ip_forward`).
bool path_matches(std::string_view needed, std::string_view provided);

}  // namespace edict
