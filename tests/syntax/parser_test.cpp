// Golden AST tests (tests/data/syntax/ast) and focused parser API tests.
#include <catch2/catch.hpp>

#include "compiler/syntax/ast_printer.h"
#include "compiler/syntax/parser.h"
#include "tests/syntax/test_util.h"

using namespace edict;
using namespace edict::syntax;
using namespace edict::syntax::testing;

TEST_CASE("every golden AST file parses without errors and prints as expected") {
  auto files = edict_files(data_dir() / "ast");
  REQUIRE(files.size() >= 6);
  for (const auto& file : files) {
    SECTION(file.filename().string()) {
      auto p = parse_text("ast/" + file.filename().string(), read_file(file));
      INFO(p->rendered);
      CHECK_FALSE(p->sink.has_errors());
      auto expected = file;
      expected.replace_extension(".expected");
      check_golden(expected, print_module(p->module));
    }
  }
}

TEST_CASE("the language page's example yields the rule ids and clauses a report needs") {
  auto p = parse_text("example.edict", read_file(data_dir() / "ast/language_example.edict"));
  REQUIRE_FALSE(p->sink.has_errors());
  REQUIRE(p->module.package);
  CHECK(p->module.package->joined() == "windows.server2008");
  REQUIRE(p->module.imports.size() == 2);
  CHECK(p->module.imports[1].alias == std::optional<std::string>("win"));
  const auto& policy = std::get<Block>(p->module.declarations.back());
  CHECK(policy.name == "esu");
  std::vector<std::string> rules;
  for (const auto& clause : policy.clauses) {
    if (clause.kind == Clause::Kind::kRule) rules.push_back(clause.rule->name);
  }
  CHECK(rules == std::vector<std::string>{"build", "esu_license", "air_gapped", "bluekeep"});
  CHECK(policy.clauses[4].text.value ==
        "Microsoft moved ESU-serviced Windows Server 2008 SP2 from build 6002\n"
        "to 6003 with the servicing stack update KB4493471.");
}


TEST_CASE("parse_expression follows the precedence list") {
  CHECK(expression_tree("os.build >= 6003") == "(>= (. os build) 6003)");
  CHECK(expression_tree("a or b and not c == d + e * -f.g ?? h") ==
        "(or a (and b (not (== c (+ d (* e (neg (?? (. f g) h))))))))");
  CHECK(expression_tree("if a then b else c or d") == "(if a b (or c d))");
  CHECK(expression_tree("all x in xs : x > 0 and y") == "(all x xs (and (> x 0) y))");
  CHECK(expression_tree("x not in [1, 2]") == "(not-in x (list 1 2))");
}

TEST_CASE("parse_expression returns null with a diagnostic on bad input") {
  std::string diagnostics;
  CHECK(expression_tree("a <", &diagnostics) == "<null>");
  CHECK_THAT(diagnostics, Catch::Contains("expr:1:4: error[E0101]: expected an expression after `<`"));
  CHECK(expression_tree("1 < 2 < 3", &diagnostics) == "<null>");
  CHECK_THAT(diagnostics, Catch::Contains("error[E0110]: comparisons do not chain"));
}

TEST_CASE("ints: underscores, int64 bounds, and literals past them") {
  CHECK(expression_tree("1_000") == "1000");
  CHECK(expression_tree("9223372036854775807") == "9223372036854775807");
  CHECK(expression_tree("-9223372036854775808") == "-9223372036854775808");
  std::string diagnostics;
  CHECK(expression_tree("9223372036854775808", &diagnostics) == "<null>");
  CHECK_THAT(diagnostics, Catch::Contains("error[E0106]: integer `9223372036854775808` does not fit in 64 bits"));
  CHECK(expression_tree("1__0", &diagnostics) == "<null>");
  CHECK_THAT(diagnostics, Catch::Contains("error[E0107]"));
  CHECK(expression_tree("1e999", &diagnostics) == "<null>");
  CHECK_THAT(diagnostics, Catch::Contains("error[E0107]"));
}

TEST_CASE("string escapes decode, and bad ones point at the escape") {
  CHECK(expression_tree(R"("a\u{e9}b")") == "\"a\xC3\xA9" "b\"");
  std::string diagnostics;
  CHECK(expression_tree(R"("ab\u{D800}")", &diagnostics) == "<null>");
  CHECK_THAT(diagnostics, Catch::Contains("expr:1:4: error[E0105]"));
  CHECK(expression_tree(R"("\u{110000}")", &diagnostics) == "<null>");
  CHECK_THAT(diagnostics, Catch::Contains("error[E0105]"));
  CHECK(expression_tree(R"(v"6..1")", &diagnostics) == "<null>");
  CHECK_THAT(diagnostics, Catch::Contains("error[E0108]: invalid version"));
}

TEST_CASE("spans carry line and code-point column") {
  auto p = parse_text("spans.edict", "let a = 1\nlet é = 2\nlet b = \"é\" + x\n");
  // `é` is not an identifier character: a clean error at its column.
  CHECK_THAT(p->rendered, Catch::Contains("spans.edict:2:5: error[E0104]: unexpected character `é`"));
  auto q = parse_text("spans.edict", "let b = \"é\" + x\n");
  REQUIRE_FALSE(q->sink.has_errors());
  const auto& let = std::get<LetDecl>(q->module.declarations[0]);
  CHECK(let.value->rhs->span.line == 1);
  CHECK(let.value->rhs->span.column == 15);
}
