// Facts -> JSON / TOML text, for `edict facts` and snapshots that load back.
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <sstream>

#include "runtime/facts/load.h"

namespace edict {

namespace {

using nlohmann::json;

std::string version_text(const Value& v) {
  std::string out;
  for (uint32_t i = 0; i < v.size; ++i) {
    if (i) out += '.';
    out += std::to_string(v.parts[i]);
  }
  return out;
}

json to_json(const Value& v) {
  switch (v.kind) {
    case ValueKind::kBool: return v.boolean;
    case ValueKind::kInt: return v.integer;
    case ValueKind::kFloat: return v.number;
    case ValueKind::kString: return std::string(v.str());
    case ValueKind::kVersion: return version_text(v);
    case ValueKind::kList: {
      json out = json::array();
      for (uint32_t i = 0; i < v.size; ++i) out.push_back(to_json(v.items[i]));
      return out;
    }
    case ValueKind::kMap: {
      json out = json::object();
      for (uint32_t i = 0; i < v.size; ++i) {
        if (v.entries[i].value.is_unknown()) continue;
        out[std::string(v.entries[i].key)] = to_json(v.entries[i].value);
      }
      return out;
    }
    default: return nullptr;  // null, unknown, error
  }
}

// False when the value has no TOML form (null, unknown, error): the caller leaves it out.
bool to_toml(const Value& v, toml::table* table, std::string_view key, toml::array* array) {
  auto put = [&](auto&& node) {
    if (table) table->insert_or_assign(key, std::forward<decltype(node)>(node));
    else array->push_back(std::forward<decltype(node)>(node));
  };
  switch (v.kind) {
    case ValueKind::kBool: put(v.boolean); return true;
    case ValueKind::kInt: put(v.integer); return true;
    case ValueKind::kFloat: put(v.number); return true;
    case ValueKind::kString: put(std::string(v.str())); return true;
    case ValueKind::kVersion: put(version_text(v)); return true;
    case ValueKind::kList: {
      toml::array items;
      for (uint32_t i = 0; i < v.size; ++i) to_toml(v.items[i], nullptr, {}, &items);
      put(std::move(items));
      return true;
    }
    case ValueKind::kMap: {
      toml::table entries;
      for (uint32_t i = 0; i < v.size; ++i) to_toml(v.entries[i].value, &entries, v.entries[i].key, nullptr);
      put(std::move(entries));
      return true;
    }
    default: return false;
  }
}

}  // namespace

std::string facts_to_json(const Facts& facts, bool pretty) {
  json doc = to_json(facts.root());
  if (!doc.is_object()) doc = json::object();
  // Collected strings are not guaranteed UTF-8 (a host name is bytes): replace, never throw.
  std::string out = doc.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace);
  out += '\n';
  return out;
}

std::string facts_to_toml(const Facts& facts) {
  toml::table root;
  const Value& r = facts.root();
  if (r.kind == ValueKind::kMap) {
    for (uint32_t i = 0; i < r.size; ++i) to_toml(r.entries[i].value, &root, r.entries[i].key, nullptr);
  }
  std::ostringstream out;
  out << root << '\n';
  return out.str();
}

}  // namespace edict
