// Shared by the two TOML files Edict reads (edict.toml and *_test.toml): parsing with
// located errors, key checking with did-you-mean, and typed getters that report E06xx.
// Internal to report/; includes toml++.
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <vector>

#include "runtime/diagnostic.h"
#include "runtime/source.h"

namespace edict::report {

struct TomlContext {
  std::string path;
  uint32_t file_id;
  SourceManager& sources;
  DiagnosticSink& sink;

  // E0601 with the parser's position on a syntax error.
  std::optional<toml::table> parse(const std::string& text);
  Span span_of(const toml::node& node, uint32_t length) const;
  Span span_of_key(const toml::key& key) const;
  void error(const char* code, Span span, std::string message, std::string help = {});
  // E0602 for each key not in `allowed`, with a did-you-mean. Returns false if any.
  bool check_keys(const toml::table& table, const std::vector<std::string>& allowed, const std::string& where);
  // The string at `key`; E0603 when it has another type, E0604 when required and absent.
  std::optional<std::string> get_string(const toml::table& table, const std::string& key, bool required);
  // An array of strings; E0603 otherwise.
  std::optional<std::vector<std::string>> string_list(const toml::node& node, const std::string& key);
};

// A TOML node's type as a user would name it ("string", "integer", "table", ...).
const char* toml_type_name(const toml::node& node);

}  // namespace edict::report
