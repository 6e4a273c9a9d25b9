// Located TOML diagnostics for edict.toml and *_test.toml.
#include "report/toml_util.h"

#include "report/config.h"
#include "runtime/schema.h"

namespace edict::report {

std::optional<toml::table> TomlContext::parse(const std::string& text) {
  try {
    return toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    std::string description(e.description());
    error("E0601", span_at(sources, file_id, e.source().begin.line, e.source().begin.column),
          "invalid TOML: " + description, "see https://toml.io for the syntax");
    return std::nullopt;
  }
}

Span TomlContext::span_of(const toml::node& node, uint32_t length) const {
  const auto& region = node.source();
  // Underline the whole value when toml++ knows where it ends on the same line.
  if (region.end.line == region.begin.line && region.end.column > region.begin.column && !node.is_table())
    length = static_cast<uint32_t>(region.end.column - region.begin.column);
  return span_at(sources, file_id, region.begin.line, region.begin.column, length);
}

Span TomlContext::span_of_key(const toml::key& key) const {
  const auto& region = key.source();
  return span_at(sources, file_id, region.begin.line, region.begin.column,
                 static_cast<uint32_t>(key.str().size()));
}

void TomlContext::error(const char* code, Span span, std::string message, std::string help) {
  Diagnostic d = Diagnostic::error(code, span, std::move(message), std::move(help));
  d.path = path;
  sink.report(std::move(d));
}

bool TomlContext::check_keys(const toml::table& table, const std::vector<std::string>& allowed,
                             const std::string& where) {
  bool ok = true;
  for (auto&& [key, value] : table) {
    std::string name(key.str());
    bool known = false;
    for (const auto& a : allowed) known = known || a == name;
    if (known) continue;
    ok = false;
    std::string suggestion = closest_match(name, allowed);
    std::string help = suggestion.empty() ? "the keys of " + where + " are: " : "did you mean `" + suggestion + "`?";
    if (suggestion.empty()) {
      for (size_t i = 0; i < allowed.size(); ++i) help += (i ? ", `" : "`") + allowed[i] + "`";
    }
    error("E0602", span_of_key(key), "unknown key `" + name + "` in " + where, help);
  }
  return ok;
}

const char* toml_type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "string";
    case toml::node_type::integer: return "integer";
    case toml::node_type::floating_point: return "float";
    case toml::node_type::boolean: return "boolean";
    case toml::node_type::date: return "date";
    case toml::node_type::time: return "time";
    case toml::node_type::date_time: return "date-time";
    case toml::node_type::array: return "array";
    case toml::node_type::table: return "table";
    default: return "value";
  }
}

std::optional<std::string> TomlContext::get_string(const toml::table& table, const std::string& key, bool required) {
  const toml::node* node = table.get(key);
  if (!node) {
    if (required) error("E0604", span_of(table, 1), "missing required key `" + key + "`");
    return std::nullopt;
  }
  if (auto s = node->value_exact<std::string>()) return *s;
  error("E0603", span_of(*node, 1), "`" + key + "` must be a string, not a " + toml_type_name(*node));
  return std::nullopt;
}

std::optional<std::vector<std::string>> TomlContext::string_list(const toml::node& node, const std::string& key) {
  std::vector<std::string> out;
  const toml::array* array = node.as_array();
  if (!array) {
    error("E0603", span_of(node, 1), "`" + key + "` must be an array of strings, not a " + toml_type_name(node),
          "write it as " + key + " = [\"...\"]");
    return std::nullopt;
  }
  for (const toml::node& item : *array) {
    auto s = item.value_exact<std::string>();
    if (!s) {
      error("E0603", span_of(item, 1), "`" + key + "` must hold only strings, not a " + toml_type_name(item));
      return std::nullopt;
    }
    out.push_back(*s);
  }
  return out;
}

}  // namespace edict::report
