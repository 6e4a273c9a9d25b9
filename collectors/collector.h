// A collector gathers one namespace of facts from the host (or a root directory
// standing in for one) into a FactsBuilder. The registry (registry.h) runs only the
// collectors whose paths a program reads; see docs/collectors.md.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "runtime/facts/builder.h"
#include "runtime/schema.h"

namespace edict {

// The built-in collectors together get this long (from the start of collect_facts):
// they read a few small files and ask the kernel, which takes milliseconds, and a 64 MiB
// dpkg status a second or two under a sanitizer. Past it, a collector still running
// (a hung NFS or FUSE mount under --root) is abandoned and the ones not started are
// skipped; their facts stay unknown and the report says why. External collectors are
// bounded per program instead (external_timeout_ms).
constexpr int kCollectDeadlineMs = 30 * 1000;

struct CollectOptions {
  std::string root = "/";                // --root: every file read goes through it
  std::vector<std::string> facts_d;      // external collector directories (default: none)
  int external_timeout_ms = 10000;       // per external run
  size_t external_max_output = 1 << 20;  // per external run (stdout and stderr each)
  // Environment variables external collectors get besides PATH and LANG (edict.toml's
  // [collect] env); every other variable of edict's environment is withheld.
  std::vector<std::string> external_env;
  std::vector<std::string> only;         // --only os,network: limit to these collectors
  // sysctl keys to read on top of the documented default set (docs/collectors.md).
  std::vector<std::string> sysctl_keys;
  // Keyed resources (FactDecl::keyed, e.g. `files`): the keys to collect, by resource
  // path: a program's FactSlot::keys, or `edict facts --key`. Nothing else is gathered
  // (no walk of the file system); a keyed resource no key is asked of stays unset.
  std::map<std::string, std::vector<KeyedRead>> keys;
  // kCollectDeadlineMs; tests lower it to hit it.
  int collect_deadline_ms = kCollectDeadlineMs;
};

struct CollectorReport {
  std::string collector;
  bool ok = true;
  std::string message;      // why it failed or what it left out; "" when all went well
  std::string stderr_text;  // external collectors: what they wrote to stderr
  double seconds = 0;
  std::vector<std::string> paths_left_unknown;  // asked for, provided by this collector, not set
  std::vector<std::string> paths_ignored;       // external: printed but not declared (or not theirs)
};

struct CollectRequest {
  // The paths asked of this collector: its own paths, namespaces of them (`os`), or
  // sub-paths (`sysctl.net.ipv4.ip_forward`). With `all`, everything it provides.
  const std::vector<std::string>& paths;
  bool all = false;
  const CollectOptions& options;
  // Collectors that run several programs add one report per program here.
  std::vector<CollectorReport>* more_reports = nullptr;
};

class Collector {
 public:
  virtual ~Collector();
  virtual std::string name() const = 0;
  // Path, type, provider = name().
  virtual std::vector<FactDecl> provides() const = 0;
  // Sets the facts asked for in `out`. A failure (permission denied, file missing)
  // sets report.ok = false and report.message and leaves those facts unset; it does
  // not throw. Facts that do not exist on this host (os.build on Linux) are left unset.
  virtual void collect(const CollectRequest& request, FactsBuilder& out, CollectorReport& report) = 0;
  // True for collectors of declared facts (external ones): they are asked for any
  // needed path that no other collector provides.
  virtual bool provides_declared() const { return false; }
};

// The core schema's declarations whose provider is `provider`.
std::vector<FactDecl> core_facts_of(const std::string& provider);

}  // namespace edict
