// The fact schema: every fact path a policy may read, with its one declared type and
// one provider. The core table is docs/facts.md in code (core_schema.cpp); collectors
// provide subsets of it; `fact` declarations and schema files add the rest.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/types.h"

namespace edict {

struct FactDecl {
  std::string path;      // "os.build"
  TypeRef type;
  std::string provider;  // collector name ("os", "network", "windows.registry"), or "declared"
  std::string description;
  // A keyed resource: a map whose keys are known only when a program names them
  // (`files["/etc/shadow"]`), so it cannot be read whole or walked. The compiler records
  // the literal keys each program reads (FactSlot::keys); the collector gathers those.
  bool keyed = false;
};

// One literal key a program reads from a keyed resource, and what it reads of it: the
// fields named after it (`files["/etc/shadow"].mode` -> {"mode"}), or `whole` when the
// record itself is used. Collectors use it to skip costly fields nobody reads (a hash).
struct KeyedRead {
  std::string key;
  std::vector<std::string> fields;  // sorted, unique
  bool whole = false;

  bool reads(std::string_view field) const;
};
// Adds `key` (with `field`, or whole when field is empty) to *reads, kept sorted by key.
void add_keyed_read(std::vector<KeyedRead>* reads, const std::string& key, const std::string& field);

class FactSchema {
 public:
  // The core facts of docs/facts.md.
  static const FactSchema& core();

  // Adds a declaration. Returns false (and leaves the schema unchanged) if the path
  // is already declared with a different type, or is a prefix/extension of a declared
  // path (a fact is either a leaf with a type or a namespace, never both).
  bool add(FactDecl decl, std::string* conflict = nullptr);

  const FactDecl* find(std::string_view path) const;
  // True when some declared path starts with `prefix.` (a namespace like `windows.esu`).
  bool is_namespace(std::string_view prefix) const;
  // Declared paths close to `path` (edit distance), best first, for did-you-mean.
  std::vector<std::string> suggest(std::string_view path, size_t max = 3) const;
  const std::map<std::string, FactDecl, std::less<>>& all() const { return decls_; }

 private:
  std::map<std::string, FactDecl, std::less<>> decls_;
};

// Levenshtein distance, shared by every did-you-mean in Edict.
size_t edit_distance(std::string_view a, std::string_view b);
// The closest of `candidates` to `word` within a distance that makes sense for its
// length, or empty when none is close.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace edict
