// A validator for the subset of JSON Schema that docs/report.schema.json uses: type,
// required, properties, additionalProperties: false, items, enum, const, $ref into
// #/$defs, oneOf, minimum, pattern. Enough to catch a report that drifts from its schema.
#pragma once

#include <nlohmann/json.hpp>

#include <regex>
#include <string>
#include <vector>

namespace edict::testing {

class JsonSchemaValidator {
 public:
  explicit JsonSchemaValidator(nlohmann::json root) : root_(std::move(root)) {}

  // Every violation as "path: what", empty when the instance is valid.
  std::vector<std::string> validate(const nlohmann::json& instance) const {
    std::vector<std::string> errors;
    check(root_, instance, "$", errors);
    return errors;
  }
  // The same against one of the schema's $defs (the fleet document: "fleet_report").
  std::vector<std::string> validate_def(const std::string& def, const nlohmann::json& instance) const {
    std::vector<std::string> errors;
    check(root_["$defs"][def], instance, "$", errors);
    return errors;
  }

 private:
  static bool has_type(const nlohmann::json& v, const std::string& type) {
    if (type == "null") return v.is_null();
    if (type == "boolean") return v.is_boolean();
    if (type == "integer") return v.is_number_integer();
    if (type == "number") return v.is_number();
    if (type == "string") return v.is_string();
    if (type == "array") return v.is_array();
    if (type == "object") return v.is_object();
    return false;
  }

  void check(const nlohmann::json& schema, const nlohmann::json& v, const std::string& at,
             std::vector<std::string>& errors) const {
    if (schema.contains("$ref")) {
      std::string ref = schema["$ref"];
      const std::string prefix = "#/$defs/";
      if (ref == "#") {  // the root schema (a fleet's hosts are single-host reports)
        check(root_, v, at, errors);
        return;
      }
      if (ref.rfind(prefix, 0) != 0 || !root_["$defs"].contains(ref.substr(prefix.size()))) {
        errors.push_back(at + ": unresolvable $ref " + ref);
        return;
      }
      check(root_["$defs"][ref.substr(prefix.size())], v, at, errors);
    }
    if (schema.contains("type")) {
      bool ok = false;
      if (schema["type"].is_array()) {
        for (const auto& t : schema["type"]) ok = ok || has_type(v, t);
      } else {
        ok = has_type(v, schema["type"]);
      }
      if (!ok) {
        errors.push_back(at + ": expected type " + schema["type"].dump() + ", got " + v.dump().substr(0, 60));
        return;
      }
    }
    if (schema.contains("const") && schema["const"] != v) errors.push_back(at + ": expected " + schema["const"].dump());
    if (schema.contains("enum")) {
      bool found = false;
      for (const auto& e : schema["enum"]) found = found || e == v;
      if (!found) errors.push_back(at + ": " + v.dump() + " not in " + schema["enum"].dump());
    }
    if (schema.contains("minimum") && v.is_number() && v.get<double>() < schema["minimum"].get<double>())
      errors.push_back(at + ": below minimum");
    if (schema.contains("pattern") && v.is_string() &&
        !std::regex_search(v.get<std::string>(), std::regex(schema["pattern"].get<std::string>())))
      errors.push_back(at + ": does not match " + schema["pattern"].get<std::string>());
    if (schema.contains("oneOf")) {
      int matches = 0;
      for (const auto& option : schema["oneOf"]) {
        std::vector<std::string> sub;
        check(option, v, at, sub);
        if (sub.empty()) ++matches;
      }
      if (matches != 1) errors.push_back(at + ": matches " + std::to_string(matches) + " of oneOf");
    }
    if (v.is_object()) {
      if (schema.contains("required"))
        for (const auto& key : schema["required"])
          if (!v.contains(key.get<std::string>())) errors.push_back(at + ": missing required `" + key.get<std::string>() + "`");
      const auto props = schema.value("properties", nlohmann::json::object());
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (props.contains(it.key())) check(props[it.key()], it.value(), at + "." + it.key(), errors);
        else if (schema.contains("additionalProperties") && schema["additionalProperties"] == false)
          errors.push_back(at + ": unexpected property `" + it.key() + "`");
      }
    }
    if (v.is_array() && schema.contains("items"))
      for (size_t i = 0; i < v.size(); ++i) check(schema["items"], v[i], at + "[" + std::to_string(i) + "]", errors);
  }

  nlohmann::json root_;
};

}  // namespace edict::testing
