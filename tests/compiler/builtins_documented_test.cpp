// Issue 17: every built-in is documented in docs/language.md with an example, and the
// examples are true. The runtime's table (EDICT_BUILTINS, runtime/builtins.h) is the
// list: a built-in added there without a row under "## Built-in functions" fails here.
// Before, `debian_version_compare`, `keys`, `cidr_prefix_len`, `cidr_is_ipv6`, `today`
// and `days_since` were only in runtime/builtins.h.
#include <catch2/catch.hpp>

#include <map>

#include "runtime/builtins.h"
#include "test_support.h"

using namespace edict;
using namespace edict::testing;

namespace {

struct Row {
  std::string signature;  // the first cell's code, `\|` unescaped
  std::string example;    // the last cell's code
};

// The code span of a table cell, with Markdown's `\|` turned back into `|`.
std::string code_of(std::string cell) {
  size_t a = cell.find('`'), b = cell.rfind('`');
  if (a == std::string::npos || b <= a) return {};
  std::string code = cell.substr(a + 1, b - a - 1), out;
  for (size_t i = 0; i < code.size(); ++i) {
    if (code[i] == '\\' && i + 1 < code.size() && code[i + 1] == '|') continue;
    out += code[i];
  }
  return out;
}

// Splits a table row on the `|` that are not escaped.
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '|' && line[i - 1] != '\\') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += line[i];
    }
  }
  return out;
}

// Built-in name -> its row in the "## Built-in functions" section.
std::map<std::string, Row> documented() {
  auto text = read_file(std::string(EDICT_SOURCE_DIR) + "/docs/language.md");
  REQUIRE(text);
  size_t start = text->find("\n## Built-in functions\n");
  REQUIRE(start != std::string::npos);
  size_t end = text->find("\n## ", start + 1);
  std::istringstream section(text->substr(start, end - start));
  std::map<std::string, Row> rows;
  for (std::string line; std::getline(section, line);) {
    if (line.rfind("| `", 0) != 0) continue;
    std::vector<std::string> c = cells(line);
    if (c.size() < 3) continue;
    Row row{code_of(c[0]), code_of(c.back())};
    rows[row.signature.substr(0, row.signature.find('('))] = row;
  }
  return rows;
}

}  // namespace

TEST_CASE("every built-in has a row in docs/language.md with its signature and an example") {
  std::map<std::string, Row> rows = documented();
  for (uint32_t i = 0; i < kBuiltinCount; ++i) {
    std::string name = kBuiltinInfo[i].name;
    INFO("built-in `" << name << "` (runtime/builtins.h) under docs/language.md's \"## Built-in functions\"");
    auto it = rows.find(name);
    REQUIRE(it != rows.end());
    CHECK(it->second.signature.rfind(name + "(", 0) == 0);
    CHECK(it->second.example.find(name + "(") != std::string::npos);
  }
  // And no row for a built-in that does not exist.
  for (const auto& [name, row] : rows) {
    INFO(name);
    CHECK(find_builtin(name).has_value());
  }
}

TEST_CASE("every built-in's documented example holds") {
  std::map<std::string, Row> rows = documented();
  std::string source = "package doc\n\npolicy examples \"Examples\" {\n";
  for (const auto& [name, row] : rows)
    source += "  rule " + name + " {\n    require " + row.example + "\n  }\n";
  source += "}\n";
  auto compiled = compile_text(source);
  INFO(source << compiled->diagnostics());
  REQUIRE(compiled->program);
  Facts facts = facts_from_json("{}");
  EvalOptions options;
  options.now = kTestNow;  // 2026-01-01
  options.explain = true;
  std::vector<RuleResult> results = evaluate(*compiled->program, facts, options);
  REQUIRE(results.size() == rows.size());
  for (const RuleResult& r : results) {
    const RuleInfo& info = compiled->program->rules[r.rule_index];
    INFO(info.id << ": " << info.require_texts[0] << " -> " << outcome_name(r.outcome) << " " << r.error);
    CHECK(r.outcome == Outcome::kPass);
  }
}
