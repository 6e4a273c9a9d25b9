// The one left-recursive `expression` rule (grammar/EdictParser.g4) against the language
// of docs/language.md's precedence list: every level's associativity and its prefix
// operators, and the places where the rule is more generous than the language (a prefix
// `not`/`-` as the right operand of a tighter operator), which the converter refuses as
// the per-level grammar did.
#include <catch2/catch.hpp>

#include "compiler/syntax/ast_printer.h"
#include "compiler/syntax/parser.h"
#include "tests/syntax/test_util.h"

using namespace edict;
using namespace edict::syntax;

namespace {

// The printed AST of `text` as a standalone expression, or "<null>"; the rendered
// diagnostics into `diagnostics`.
std::string tree_of(const std::string& text, std::string* diagnostics = nullptr) {
  SourceManager sources;
  DiagnosticSink sink;
  auto id = add_source("expr", text, sources, sink);
  REQUIRE(id);
  ExprPtr e = parse_expression(sources, *id, sink);
  if (diagnostics) *diagnostics = render_all(sink, sources);
  return e ? print_expr(*e) : "<null>";
}

}  // namespace

TEST_CASE("each binary level is left-associative") {
  CHECK(tree_of("a or b or c") == "(or (or a b) c)");
  CHECK(tree_of("a and b and c") == "(and (and a b) c)");
  CHECK(tree_of("a - b + c") == "(+ (- a b) c)");
  CHECK(tree_of("a / b * c % d") == "(% (* (/ a b) c) d)");
  CHECK(tree_of("a ?? b ?? c") == "(?? (?? a b) c)");
  CHECK(tree_of("a.b[c](d).e") == "(. (call (index (. a b) c) d) e)");
}

TEST_CASE("each level binds tighter than the one before it in the list") {
  CHECK(tree_of("a or b and c") == "(or a (and b c))");
  CHECK(tree_of("not a and b") == "(and (not a) b)");
  CHECK(tree_of("not a == b") == "(not (== a b))");
  CHECK(tree_of("a == b + c") == "(== a (+ b c))");
  CHECK(tree_of("a + b * c") == "(+ a (* b c))");
  CHECK(tree_of("-a * b") == "(* (neg a) b)");
  CHECK(tree_of("-a ?? b") == "(neg (?? a b))");
  CHECK(tree_of("a.b ?? c.d") == "(?? (. a b) (. c d))");
  CHECK(tree_of("-a.b") == "(neg (. a b))");
  CHECK(tree_of("a not in b or c") == "(or (not-in a b) c)");
}

TEST_CASE("prefix operators where the language allows them") {
  CHECK(tree_of("not not a") == "(not (not a))");
  CHECK(tree_of("--a") == "(neg (neg a))");
  CHECK(tree_of("a - -b") == "(- a (neg b))");
  CHECK(tree_of("a * -b") == "(* a (neg b))");
  CHECK(tree_of("a == -b") == "(== a (neg b))");
  CHECK(tree_of("a and not b") == "(and a (not b))");
  CHECK(tree_of("a or not b and c") == "(or a (and (not b) c))");
  CHECK(tree_of("a == (not b)") == "(== a (not b))");
  CHECK(tree_of("a ?? (-b)") == "(?? a (neg b))");
  CHECK(tree_of("-9223372036854775808") == "-9223372036854775808");
}

TEST_CASE("a prefix operator looser than the operator before it needs parentheses (E0101)") {
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case& c : {Case{"a == not b", "expr:1:6: error[E0101]: `not` cannot follow `==` without parentheses"},
                        Case{"a not in not b", "expr:1:10: error[E0101]: `not` cannot follow `not in` without parentheses"},
                        Case{"a + not b", "expr:1:5: error[E0101]: `not` cannot follow `+` without parentheses"},
                        Case{"a * not b", "expr:1:5: error[E0101]: `not` cannot follow `*` without parentheses"},
                        Case{"a ?? not b", "expr:1:6: error[E0101]: `not` cannot follow `??` without parentheses"},
                        Case{"- not a", "expr:1:3: error[E0101]: `not` cannot follow `-` without parentheses"},
                        Case{"a ?? -b", "expr:1:6: error[E0101]: `-` cannot follow `??` without parentheses"},
                        Case{"x and a ?? -b", "expr:1:12: error[E0101]: `-` cannot follow `??` without parentheses"}}) {
    INFO(c.text);
    std::string diagnostics;
    CHECK(tree_of(c.text, &diagnostics) == "<null>");
    CHECK_THAT(diagnostics, Catch::Contains(c.message));
    CHECK_THAT(diagnostics, Catch::Contains("help: `"));
  }
}

TEST_CASE("a chain of comparisons is reported once, at its second operator") {
  std::string diagnostics;
  CHECK(tree_of("a < b < c < d", &diagnostics) == "<null>");
  CHECK_THAT(diagnostics, Catch::Contains("expr:1:7: error[E0110]: comparisons do not chain"));
  size_t count = 0;
  for (size_t at = diagnostics.find("E0110"); at != std::string::npos; at = diagnostics.find("E0110", at + 1)) ++count;
  CHECK(count == 1);
  CHECK(tree_of("(a < b) == c") == "(== (< a b) c)");
}

TEST_CASE("a keyword is a name after a dot and as a map key") {
  CHECK(tree_of("x.count + r.severity.if") == "(+ (. x count) (. (. r severity) if))");
  CHECK(tree_of("{count: 1, name: 2, \"a b\": 3}") == "(map (\"count\" 1) (\"name\" 2) (\"a b\" 3))");
}

TEST_CASE("a `not in` chain is reported at its two-token operator") {
  std::string diagnostics;
  CHECK(tree_of("a in b not in c", &diagnostics) == "<null>");
  CHECK_THAT(diagnostics, Catch::Contains("expr:1:8: error[E0110]: comparisons do not chain"));
  CHECK_THAT(diagnostics, Catch::Contains("^^^^^^"));
}
