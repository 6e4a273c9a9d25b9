// Facts documents -> Facts. A facts file (JSON or TOML, "-" for stdin) replaces
// collection altogether; it is checked against the fact schema as it loads, so a
// wrong-typed fact becomes an error value in the tree rather than a crash or a pass.
//
//   SourceManager sources;
//   DiagnosticSink sink;
//   auto facts = load_facts_file("fleet/web-01.json", FactSchema::core(), sources, sink);
//   if (!facts) { std::cerr << render_all(sink, sources); return 2; }
//
// Rules for values at declared paths (docs/facts.md, "Loading facts files"):
//   - the wrong JSON type -> Value::of_error("fact `os.build` is a string, expected int (at h.json:3:14)")
//   - a wrong item or field inside a typed list/map/record -> the whole fact is that error
//   - "6.0.6003" at a version path -> a version; 6003.0 at an int path -> 6003
//   - null at a fact or record field -> the fact is absent (unknown)
//   - undeclared paths are kept as they are
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/bounded_read.h"  // read_whole_file: the facts loader reads through it
#include "runtime/diagnostic.h"
#include "runtime/facts.h"
#include "runtime/schema.h"
#include "runtime/source.h"

namespace edict {

struct FactsLimits {
  // Inventory snapshots are kilobytes; 64 MiB leaves room for hosts with huge package
  // lists while refusing a runaway export before it is read into memory.
  size_t max_bytes = 64 << 20;
  // The deepest core fact is 4 levels (network.interfaces[].addresses[]); 64 covers any
  // sane custom fact and keeps recursion over the tree far from the stack's end.
  uint32_t max_depth = 64;
  // A fact string over 1 MiB is a pasted file, not a fact; it would slow every compare.
  size_t max_string_bytes = 1 << 20;
  // Items of one list or entries of one map: a million packages is already absurd.
  size_t max_list_items = 1 << 20;
};

enum class FactsFormat { kAuto, kJson, kToml };  // kAuto: by extension, else sniff

// Whether an error value may name a line and column of the text. kNone when the caller
// made the text (an inline [case.facts] table written out as JSON): a position in it
// would point nowhere the user can look.
enum class TextPositions { kPointInto, kNone };

// Loads a facts document ("-" = stdin). On a document error (unreadable, too large,
// not UTF-8, not JSON/TOML, too deep, a limit hit) reports diagnostics E05xx with
// file:line:col where known (the text is added to `sources` so render() shows a
// caret) and returns nullopt. Provenance: {"file:<path>", the file's mtime (load time
// for stdin) in RFC 3339 UTC} for the whole tree.
std::optional<Facts> load_facts_file(const std::string& path, const FactSchema& schema, SourceManager& sources,
                                     DiagnosticSink& sink, FactsFormat format = FactsFormat::kAuto,
                                     const FactsLimits& limits = {});
std::optional<Facts> load_facts_text(std::string name, std::string text, FactsFormat format,
                                     const FactSchema& schema, SourceManager& sources, DiagnosticSink& sink,
                                     const FactsLimits& limits = {},
                                     TextPositions positions = TextPositions::kPointInto);

// NDJSON fleets: one JSON facts document per non-blank line. A bad line is reported
// (with its own line number) and left out; the others still load. Each Facts gets
// provenance {"file:<path>:<line>", mtime}. nullopt only when the file cannot be read
// or is too large as a whole.
std::optional<std::vector<Facts>> load_facts_ndjson(const std::string& path, const FactSchema& schema,
                                                    SourceManager& sources, DiagnosticSink& sink,
                                                    const FactsLimits& limits = {});

// Facts -> text for `edict facts`. Keys in byte order; versions are written as strings
// ("6.0.6003") so the output loads back as the same facts; unknown values are left out
// and error values written as null (JSON) or left out (TOML, which has no null).
std::string facts_to_json(const Facts& facts, bool pretty = true);
std::string facts_to_toml(const Facts& facts);


}  // namespace edict
