// JSON text -> DOM for facts documents. nlohmann's own parse keeps the last of a key
// written twice in one map, so `{"licensed": false, "licensed": true}` read as licensed:
// this parser builds the same DOM through nlohmann's SAX interface and stops at the first
// repeated key instead, saying where the map is. Internal to runtime/facts.
//
//   JsonParseResult r = parse_json_dom(text);
//   if (r.duplicate) { /* r.duplicate->map_steps, r.duplicate->key: locate and report */ }
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edict::internal {

struct JsonSyntaxError {
  bool out_of_range = false;  // a number past double's range (nlohmann's out_of_range.406)
  size_t byte = 0;            // nlohmann's position: bytes read when it failed (1-based)
  std::string what;           // nlohmann's message, as its exception's what()
};

// A key repeated in one map. The path to that map is given as owned keys and indices
// (DocumentStep needs a key that outlives it); every key on it is the first of its name,
// because parsing stops at the first repeat in document order.
struct JsonDuplicateKey {
  struct Step {
    bool is_key = false;
    std::string key;
    size_t index = 0;
  };
  std::vector<Step> map_steps;  // from the root to the map that repeats `key`
  std::string key;              // decoded
};

struct JsonParseResult {
  std::optional<nlohmann::json> root;  // set when the text parsed and repeated no key
  std::optional<JsonSyntaxError> syntax;
  std::optional<JsonDuplicateKey> duplicate;
};

// Parses `text` as one JSON document (a leading byte order mark is skipped, no comments).
// Exactly one of root, syntax and duplicate is set. Never throws on bad input.
JsonParseResult parse_json_dom(std::string_view text);

}  // namespace edict::internal
