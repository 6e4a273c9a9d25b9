// Facts <-> JSON, losslessly: the tree exactly as the VM evaluated it, so a replay binds
// the same values. `edict facts`' JSON (runtime/facts/emit.cpp) is for people and loses
// kinds (an error value becomes null, a version a string, a non-UTF-8 string is
// repaired); this form tags every value with its kind instead:
//
//   {"b": true}  {"i": 6003}  {"f": 1.5}  {"s": TEXT}  {"v": [6, 0, 6003]}
//   {"l": [value, ...]}  {"m": [[TEXT, value], ...]}  {"e": TEXT}  {"null": null}
//   {"unknown": null}
//
// TEXT is a JSON string when the bytes are UTF-8, else {"base64": "..."}. Map entries
// keep the VM's byte order. Provenance is a list of {path, source, collected_at}.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "runtime/facts.h"

namespace edict::evidence {

// Facts nest at most 64 levels when loaded (FactsLimits::max_depth); collectors build
// shallower trees. Decoding refuses deeper input so a crafted file cannot exhaust the
// stack, with room for the tags' own level.
inline constexpr int kMaxFactsCodecDepth = 80;

nlohmann::ordered_json encode_facts(const Facts& facts);
// nullopt with `why` on anything encode_facts cannot have written.
std::optional<Facts> decode_facts(const nlohmann::ordered_json& json, std::string* why);

}  // namespace edict::evidence
