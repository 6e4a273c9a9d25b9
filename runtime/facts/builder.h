// A mutable fact tree that collectors and loaders fill path by path, then freeze into
// the VM's sorted, arena-backed Facts. Leaves are Values built in arena() (the arena
// moves into the frozen Facts, so nothing is copied twice).
#pragma once

#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/facts.h"
#include "runtime/value.h"

namespace edict {

class FactsBuilder {
 public:
  FactsBuilder();
  FactsBuilder(const FactsBuilder&) = delete;
  FactsBuilder& operator=(const FactsBuilder&) = delete;

  // Leaves passed to set() must live here (or be static).
  Arena& arena() { return facts_.arena(); }

  // Sets the value at a dotted path (`os.kernel.release`), creating the namespaces on
  // the way and replacing whatever was there (a leaf or a whole namespace). Setting an
  // unknown value removes the path.
  void set(std::string_view dotted_path, Value value);
  // True when the path holds a value, or is a namespace with at least one value below.
  bool has(std::string_view dotted_path) const;
  void set_provenance(std::string path_prefix, Provenance provenance);
  bool has_provenance(std::string_view path) const;

  // Builds the sorted maps and hands over the tree; the builder is empty afterwards.
  Facts freeze();

 private:
  struct Node {
    bool is_leaf = false;
    Value leaf;
    std::map<std::string, std::unique_ptr<Node>, std::less<>> children;
  };
  Value build(const Node& node);

  Facts facts_;
  Node root_;
  std::map<std::string, Provenance, std::less<>> provenance_;
};

// ---- helpers for composite leaves (keys and items copied into `arena`) ----
Value make_list(Arena& arena, const std::vector<Value>& items);
// A map or record from (key, value) pairs; unknown values are left out.
Value make_record(Arena& arena, const std::vector<std::pair<std::string_view, Value>>& fields);

// "2026-11-21T10:00:00Z"
std::string rfc3339_utc(std::time_t t);
std::string now_rfc3339();

}  // namespace edict
