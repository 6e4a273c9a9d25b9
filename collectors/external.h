// External collectors: executables in a facts.d directory that print a JSON facts
// document on stdout (as Facter's external facts do), and static .json/.toml fact
// files beside them. Only declared paths are used (a `fact` declaration in a policy,
// a schema file passed in, or a `*.schema.toml` in the facts.d directory); anything
// else they print is reported in paths_ignored. See docs/collectors.md.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "collectors/collector.h"
#include "runtime/diagnostic.h"
#include "runtime/source.h"

namespace edict {

class ExternalCollector : public Collector {
 public:
  // `declared`: facts external collectors may provide (not the core ones).
  explicit ExternalCollector(std::shared_ptr<const FactSchema> declared);
  std::string name() const override { return "external"; }
  std::vector<FactDecl> provides() const override;
  bool provides_declared() const override { return true; }
  void collect(const CollectRequest& request, FactsBuilder& out, CollectorReport& report) override;

 private:
  std::shared_ptr<const FactSchema> declared_;
};

// Why `path` may not be trusted (writable by group or others, or owned by another
// user than root and us), or "" when it may. Applies to files and directories.
std::string unsafe_reason(const std::string& path);

// Adds every `*.schema.toml` declaration found in the directories to `schema`
// (provider "external"); problems go to `sink`. Returns false on any error.
bool load_facts_d_schemas(const std::vector<std::string>& dirs, FactSchema& schema, SourceManager& sources,
                          DiagnosticSink& sink);

}  // namespace edict
