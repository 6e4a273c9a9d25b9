// The one left-recursive `expression` rule (grammar/EdictParser.g4) against the language
// of docs/language.md's precedence list: every level's associativity and its prefix
// operators, and the places where the rule is more generous than the language (a prefix
// `not`/`-` as the right operand of a tighter operator), which the converter refuses as
// the per-level grammar did.
#include <catch2/catch.hpp>

#include "tests/syntax/test_util.h"

using namespace edict;
using namespace edict::syntax;

using edict::syntax::testing::expression_tree;


TEST_CASE("each binary level is left-associative") {
  CHECK(expression_tree("a or b or c") == "(or (or a b) c)");
  CHECK(expression_tree("a and b and c") == "(and (and a b) c)");
  CHECK(expression_tree("a - b + c") == "(+ (- a b) c)");
  CHECK(expression_tree("a / b * c % d") == "(% (* (/ a b) c) d)");
  CHECK(expression_tree("a ?? b ?? c") == "(?? (?? a b) c)");
  CHECK(expression_tree("a.b[c](d).e") == "(. (call (index (. a b) c) d) e)");
}

TEST_CASE("each level binds tighter than the one before it in the list") {
  CHECK(expression_tree("a or b and c") == "(or a (and b c))");
  CHECK(expression_tree("not a and b") == "(and (not a) b)");
  CHECK(expression_tree("not a == b") == "(not (== a b))");
  CHECK(expression_tree("a == b + c") == "(== a (+ b c))");
  CHECK(expression_tree("a + b * c") == "(+ a (* b c))");
  CHECK(expression_tree("-a * b") == "(* (neg a) b)");
  CHECK(expression_tree("-a ?? b") == "(neg (?? a b))");
  CHECK(expression_tree("a.b ?? c.d") == "(?? (. a b) (. c d))");
  CHECK(expression_tree("-a.b") == "(neg (. a b))");
  CHECK(expression_tree("a not in b or c") == "(or (not-in a b) c)");
}

TEST_CASE("prefix operators where the language allows them") {
  CHECK(expression_tree("not not a") == "(not (not a))");
  CHECK(expression_tree("--a") == "(neg (neg a))");
  CHECK(expression_tree("a - -b") == "(- a (neg b))");
  CHECK(expression_tree("a * -b") == "(* a (neg b))");
  CHECK(expression_tree("a == -b") == "(== a (neg b))");
  CHECK(expression_tree("a and not b") == "(and a (not b))");
  CHECK(expression_tree("a or not b and c") == "(or a (and (not b) c))");
  CHECK(expression_tree("a == (not b)") == "(== a (not b))");
  CHECK(expression_tree("a ?? (-b)") == "(?? a (neg b))");
  CHECK(expression_tree("-9223372036854775808") == "-9223372036854775808");
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
    CHECK(expression_tree(c.text, &diagnostics) == "<null>");
    CHECK_THAT(diagnostics, Catch::Contains(c.message));
    CHECK_THAT(diagnostics, Catch::Contains("help: `"));
  }
}

TEST_CASE("a chain of comparisons is reported once, at its second operator") {
  std::string diagnostics;
  CHECK(expression_tree("a < b < c < d", &diagnostics) == "<null>");
  CHECK_THAT(diagnostics, Catch::Contains("expr:1:7: error[E0110]: comparisons do not chain"));
  size_t count = 0;
  for (size_t at = diagnostics.find("E0110"); at != std::string::npos; at = diagnostics.find("E0110", at + 1)) ++count;
  CHECK(count == 1);
  CHECK(expression_tree("(a < b) == c") == "(== (< a b) c)");
}

TEST_CASE("a keyword is a name after a dot and as a map key") {
  CHECK(expression_tree("x.count + r.severity.if") == "(+ (. x count) (. (. r severity) if))");
  CHECK(expression_tree("{count: 1, name: 2, \"a b\": 3}") == "(map (\"count\" 1) (\"name\" 2) (\"a b\" 3))");
}

TEST_CASE("a `not in` chain is reported at its two-token operator") {
  std::string diagnostics;
  CHECK(expression_tree("a in b not in c", &diagnostics) == "<null>");
  CHECK_THAT(diagnostics, Catch::Contains("expr:1:8: error[E0110]: comparisons do not chain"));
  CHECK_THAT(diagnostics, Catch::Contains("^^^^^^"));
}
