// One host's facts: the VM's own value tree (not a JSON DOM), the arena that owns it,
// and where each fact came from. Loaders (runtime/facts/) and collectors
// (collectors/) build it; bind resolves a program's fact slots against it.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "runtime/arena.h"
#include "runtime/value.h"

namespace edict {

struct Provenance {
  std::string source;        // "collector:os", "file:fleet/web-01.json", "external:facts.d/esu.sh"
  std::string collected_at;  // RFC 3339 UTC, "2026-11-21T10:00:00Z"
};

class Facts {
 public:
  Facts() : root_(Value::of_map(nullptr, 0)) {}
  Facts(Facts&&) = default;
  Facts& operator=(Facts&&) = default;

  Arena& arena() { return arena_; }
  const Value& root() const { return root_; }
  // INVARIANT: root is a map whose values (recursively) live in this->arena().
  void set_root(Value root) { root_ = root; }

  // The value at a dotted schema path (`os.build`), walking nested maps; nullptr when
  // any segment is missing. Map keys that contain dots are reached by indexing, not here.
  const Value* find(std::string_view dotted_path) const;

  // Provenance for a path: the entry of the longest recorded prefix (a collector
  // records "os" once for every os.* fact).
  void set_provenance(std::string path_prefix, Provenance provenance);
  const Provenance* provenance(std::string_view path) const;
  const std::map<std::string, Provenance, std::less<>>& provenances() const { return provenance_; }

 private:
  Arena arena_;
  Value root_;
  std::map<std::string, Provenance, std::less<>> provenance_;
};

}  // namespace edict
