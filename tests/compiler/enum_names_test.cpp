// Severity and enforcement words are spelled once (runtime/rule_info.h's kLevelNames and
// kEnforcementNames): the names, the parsers, the clause checker and the compiled rule
// table all agree on every entry of the tables.
#include <catch2/catch.hpp>

#include "tests/compiler/test_support.h"

using namespace edict;
using namespace edict::testing;

TEST_CASE("every severity and enforcement word round-trips and compiles to its enum value") {
  for (size_t i = 0; i < kLevelNames.size(); ++i) {
    Level level = static_cast<Level>(i);
    CHECK(std::string(level_name(level)) == kLevelNames[i]);
    CHECK(parse_level(kLevelNames[i]) == level);
    for (size_t j = 0; j < kEnforcementNames.size(); ++j) {
      Enforcement enforcement = static_cast<Enforcement>(j);
      CHECK(std::string(enforcement_name(enforcement)) == kEnforcementNames[j]);
      CHECK(parse_enforcement(kEnforcementNames[j]) == enforcement);
      auto c = compile_text(std::string("package p\npolicy x \"X\" {\n  severity ") + kLevelNames[i] +
                            "\n  enforcement " + kEnforcementNames[j] + "\n  rule r \"R\" { require true }\n}\n");
      INFO(c->diagnostics());
      REQUIRE(c->program);
      REQUIRE(c->program->rules.size() == 1);
      CHECK(c->program->rules[0].severity == level);
      CHECK(c->program->rules[0].enforcement == enforcement);
    }
  }
  CHECK_FALSE(parse_level("severe").has_value());
  CHECK_FALSE(parse_enforcement("optional").has_value());
}

TEST_CASE("an unknown severity lists the table's words") {
  auto c = compile_text("package p\npolicy x \"X\" {\n  severity zzzzzzzz\n  rule r \"R\" { require true }\n}\n");
  CHECK_FALSE(c->program);
  CHECK_THAT(c->diagnostics(), Catch::Contains("one of `info`, `low`, `medium`, `high` or `critical`"));
}
