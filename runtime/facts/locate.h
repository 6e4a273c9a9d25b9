// Where a value sits in a facts document's text, for diagnostics about wrong-typed facts.
// The DOM keeps no positions (nlohmann's, and TOML once turned into it), so the text is
// searched again along the value's path, on the error path only.
//
//   std::vector<DocumentStep> steps = {DocumentStep::of_key(&os), DocumentStep::of_key(&build)};
//   std::optional<Span> at = locate_value(file, file_id, FactsFormat::kJson, steps);
//   // {"os": {"build": "6003"}} -> the span of "6003", line 1, column 17
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "runtime/facts/load.h"
#include "runtime/source.h"

namespace edict::internal {

// One step from a map to an entry (`key`, which the caller keeps alive) or from a list
// to an item (`index`).
struct DocumentStep {
  const std::string* key = nullptr;
  size_t index = 0;

  static DocumentStep of_key(const std::string* key) { return {key, 0}; }
  static DocumentStep of_index(size_t index) { return {nullptr, index}; }
};

// The span of the first byte of the value at `steps` in `file`'s text, which must be a
// document parse_document() accepted in `format` (kJson or kToml). Where a JSON map
// repeats a key (only while reporting that, see json_dom.h), the first one is taken.
// nullopt when the path is not there. Costs one pass over the text (TOML: one parse).
std::optional<Span> locate_value(const SourceFile& file, uint32_t file_id, FactsFormat format,
                                 const std::vector<DocumentStep>& steps);

// Where a JSON map (at `map_steps`) names `key` twice: the first two such keys' opening
// quotes. nullopt when they cannot be found (the text is not the one that was parsed).
struct RepeatedKey {
  Span first;
  Span second;
};
std::optional<RepeatedKey> locate_repeated_key(const SourceFile& file, uint32_t file_id,
                                               const std::vector<DocumentStep>& map_steps, const std::string& key);

// The byte offset of a 1-based line and code-point column in `file` (toml++ reports
// positions as line and column).
size_t offset_of(const SourceFile& file, uint32_t line, uint32_t column);

}  // namespace edict::internal
