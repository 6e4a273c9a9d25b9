// The SLL stage's one-token shortcut never changes a parse: every .edict file of the
// tree and every fuzz_compile seed and regression parse to the same AST, with the same
// diagnostics, with and without it (one_token_prediction.h argues why; this checks it,
// and fuzz_compile keeps checking it on every fuzzed input).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "tests/support/prediction_equivalence.h"
#include "tests/syntax/test_util.h"

using edict::syntax::testing::read_file;
using edict::testing::prediction_difference;

TEST_CASE("one-token prediction: every .edict file and fuzz seed parses as with ANTLR's prediction alone") {
  size_t files = edict::syntax::testing::for_each_policy_text([](const std::string& path) {
    INFO(path);
    CHECK(prediction_difference(read_file(path)) == "");
  });
  CHECK(files > 500);
}

TEST_CASE("one-token prediction: the decisions it answers, and broken input, parse as before") {
  for (const char* text : {
           "rule r { require a or b and not c == d + e * -f ?? g.h[i](j) }",
           "rule r { require if a then b else c * d }",
           "rule r { require all x in xs : x > 1 and y }",
           "rule r { require count k in xs : k in ys >= 1 }",
           "rule r { require a not in b }",
           "rule r { require a - }",
           "rule r { require (a + ) }",
           "rule r { require a b c }",
           "let x = [1, 2,, 3]",
           "def f(a, b) = a ?? ?? b",
           "rule r { require x == = 1 }",
           "rule r { require a < b < c }",
           "rule { severity high }",
           "policy p { rule r { require true } } }",
           "import std.net as",
       }) {
    INFO(text);
    CHECK(prediction_difference(text) == "");
  }
}
