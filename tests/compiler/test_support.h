// Helpers for the compiler and VM tests: facts from JSON text (no schema check, so
// tests can feed wrong types on purpose), compiling in-memory sources, reading files.
#pragma once

#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "compiler/compile.h"
#include "runtime/facts.h"
#include "runtime/vm.h"
#include "tests/support/files.h"

namespace edict::testing {

inline Value json_to_value(const nlohmann::json& j, Arena& arena) {
  switch (j.type()) {
    case nlohmann::json::value_t::null: return Value::null();
    case nlohmann::json::value_t::boolean: return Value::of_bool(j.get<bool>());
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return Value::of_int(j.get<int64_t>());
    case nlohmann::json::value_t::number_float: return Value::of_float(j.get<double>());
    case nlohmann::json::value_t::string: return make_string(arena, j.get<std::string>());
    case nlohmann::json::value_t::array: {
      Value* items = arena.allocate_array<Value>(j.size());
      uint32_t i = 0;
      for (const auto& e : j) items[i++] = json_to_value(e, arena);
      return Value::of_list(items, i);
    }
    case nlohmann::json::value_t::object: {
      MapEntry* entries = arena.allocate_array<MapEntry>(j.size());
      uint32_t i = 0;
      for (auto it = j.begin(); it != j.end(); ++it) {
        entries[i].key = arena.copy(it.key());
        entries[i].value = json_to_value(it.value(), arena);
        ++i;
      }
      return make_map(entries, i);
    }
    default: return Value::unknown();
  }
}

inline Facts facts_from_json(const std::string& text) {
  Facts facts;
  facts.set_root(json_to_value(nlohmann::json::parse(text), facts.arena()));
  return facts;
}

// nullopt when the file cannot be read (tests/support/files.h).
inline std::optional<std::string> read_file(const std::string& path) { return test_support::try_read_file(path); }

struct Compiled {
  SourceManager sources;
  DiagnosticSink sink;
  std::optional<Program> program;
  std::string diagnostics() const { return render_all(sink, sources); }
};

inline std::unique_ptr<Compiled> compile_text(const std::string& text, compiler::CompileOptions options = {}) {
  auto c = std::make_unique<Compiled>();
  c->program = compiler::compile_sources({{"test.edict", text}}, options, c->sources, c->sink);
  return c;
}

// Pinned `now` for every test: 2026-01-01T00:00:00Z.
inline constexpr int64_t kTestNow = 1767225600;

}  // namespace edict::testing
