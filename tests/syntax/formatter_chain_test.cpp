// Issue 17: the formatter breaks long `+` chains (as it breaks `and`/`or` chains) and
// keeps a comment between two operands of a chain between those operands, instead of
// moving it above the statement. Checked on new cases and, as a property, over the
// whole fuzz corpus and every .edict file of the repository: each comment that sat in
// a chain's gap (between operand i-1 and operand i) sits in the same gap after `fmt`.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <set>
#include <tuple>

#include "compiler/syntax/ast_equal.h"
#include "compiler/syntax/formatter.h"
#include "compiler/syntax/formatter_expr.h"
#include "tests/syntax/test_util.h"

using namespace edict;
using namespace edict::syntax;
using namespace edict::syntax::testing;
namespace fs = std::filesystem;

namespace {

// The chain levels the formatter breaks: `and`, `or`, and `+`/`-` together.
bool chains_with(const Expr& top, const Expr* node) {
  if (!node || node->kind != Expr::Kind::kBinary) return false;
  if (top.binary_op == BinaryOp::kAnd || top.binary_op == BinaryOp::kOr) return node->binary_op == top.binary_op;
  return precedence_of(node->binary_op) == kPrecAdd && precedence_of(top.binary_op) == kPrecAdd;
}

// (chain number in pre-order, gap, comment text) for every comment between two
// operands of a chain of `e`'s tree.
using Placement = std::tuple<size_t, size_t, std::string>;

void gaps(const Expr* e, const std::vector<Comment>& comments, size_t& chain_number, std::multiset<Placement>& out) {
  if (!e) return;
  if (e->kind == Expr::Kind::kBinary && chains_with(*e, e)) {
    std::vector<const Expr*> operands;
    const Expr* node = e;
    while (chains_with(*e, node)) {
      operands.push_back(node->rhs.get());
      node = node->lhs.get();
    }
    operands.push_back(node);
    std::reverse(operands.begin(), operands.end());
    size_t number = chain_number++;
    for (size_t i = 1; i < operands.size(); ++i) {
      if (!operands[i - 1] || !operands[i]) continue;
      for (const Comment& c : comments) {
        if (c.span.begin >= operands[i - 1]->span.end && c.span.begin < operands[i]->span.begin) {
          out.emplace(number, i, c.text);
        }
      }
    }
    for (const Expr* operand : operands) gaps(operand, comments, chain_number, out);
    return;
  }
  for_each_child(*e, [&](const Expr& child) { gaps(&child, comments, chain_number, out); });
}

std::multiset<Placement> chain_comments(const Module& m) {
  std::multiset<Placement> out;
  size_t chain_number = 0;
  auto visit = [&](const Expr* e) { gaps(e, m.comments, chain_number, out); };
  std::function<void(const Block&)> block = [&](const Block& b) {
    for (const Clause& clause : b.clauses) {
      if (clause.rule) block(*clause.rule);
      visit(clause.expr.get());
    }
  };
  for (const Declaration& d : m.declarations) {
    if (const auto* let = std::get_if<LetDecl>(&d)) visit(let->value.get());
    else if (const auto* def = std::get_if<DefDecl>(&d)) visit(def->body.get());
    else if (const auto* b = std::get_if<Block>(&d)) block(*b);
  }
  return out;
}

// Formats `text`: reparses to an equal AST, is a fixed point, keeps every comment and
// keeps each chain comment in its gap. Returns the formatted text ("" when `text` does
// not parse and `must_parse` is false).
std::string format_checked(const std::string& name, const std::string& text, bool must_parse = true) {
  auto first = parse_text(name, text);
  if (!must_parse && (first->sink.has_errors() || first->sources.get(1) == nullptr)) return "";
  INFO(name << "\n" << first->rendered);
  REQUIRE_FALSE(first->sink.has_errors());
  std::string once = format_module(first->module, *first->sources.get(1));
  auto second = parse_text(name + " (formatted)", once);
  INFO("formatted:\n" << once << second->rendered);
  REQUIRE_FALSE(second->sink.has_errors());
  CHECK(ast_equal(first->module, second->module));
  CHECK(format_module(second->module, *second->sources.get(1)) == once);
  CHECK(second->module.comments.size() == first->module.comments.size());
  CHECK(chain_comments(first->module) == chain_comments(second->module));
  return once;
}

std::string block(const std::string& require) {
  return "policy p \"P\" {\n  rule r \"R\" {\n    require " + require + "\n  }\n}\n";
}

}  // namespace

TEST_CASE("fmt breaks a long + chain before each operator, as it breaks and/or chains") {
  std::string a(40, 'a'), b(40, 'b'), c(40, 'c');
  std::string flat = "let x = \"" + a + "\" + \"" + b + "\" + \"" + c + "\"\n";
  CHECK(format_checked("plus", flat) == "let x = \"" + a + "\"\n  + \"" + b + "\"\n  + \"" + c + "\"\n");
  // `-` is on the same level: one chain, each operator kept, the grouping too.
  std::string names = "let y = alpha_" + a + " - beta_" + b + " + (gamma_" + c + " - delta)\n";
  CHECK(format_checked("minus", names) ==
        "let y = alpha_" + a + "\n  - beta_" + b + "\n  + (gamma_" + c + " - delta)\n");
  // Short chains stay on one line.
  CHECK(format_checked("short", "let z = 1 + 2 - 3\n") == "let z = 1 + 2 - 3\n");
  // Inside a require, a + chain under a comparison breaks within its operand.
  std::string req = format_checked("req", block("len(xs) + len(" + a + ") + len(" + b + ") >= 3"));
  CHECK_THAT(req, Catch::Contains("    require len(xs)\n      + len(" + a + ")\n      + len(" + b + ") >= 3\n"));
}

TEST_CASE("fmt keeps a comment inside an and chain where it was") {
  // A trailing comment after `a and`: at the end of a's line, before `and b`.
  CHECK(format_checked("trailing", block("a and # why\n      b")) ==
        block("a  # why\n      and b"));
  // It forces the chain to break even though it would fit.
  CHECK(format_checked("own-line", block("a and\n      # why b\n      b and c")) ==
        block("a\n      # why b\n      and b\n      and c"));
  // Before the operator, and in an `or` chain inside an `and` operand.
  CHECK(format_checked("nested", block("(a or  # left\n b) and c")) ==
        block("(a  # left\n        or b)\n      and c"));
  // In a + chain.
  CHECK(format_checked("plus", "let s = \"a\" +  # first\n  \"b\"\n") == "let s = \"a\"  # first\n  + \"b\"\n");
  // A comment inside an operand (not between operands) still moves above the statement.
  CHECK(format_checked("inside", block("not # why\n a and b")) == "policy p \"P\" {\n  rule r \"R\" {\n    # why\n"
                                                                    "    require not a and b\n  }\n}\n");
}

TEST_CASE("fmt keeps chain comments in their gaps over the fuzz corpus and the repository") {
  size_t files = 0;
  std::vector<fs::path> paths;
  for (const char* folder : {"fuzz/corpus/fuzz_compile", "fuzz/regressions/fuzz_compile"}) {
    for (const auto& entry : fs::directory_iterator(fs::path(EDICT_SOURCE_DIR) / folder)) paths.push_back(entry.path());
  }
  for (const char* folder : {"policies", "examples", "stdlib", "tests/data"}) {
    fs::path dir = fs::path(EDICT_SOURCE_DIR) / folder;
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (entry.path().extension() == ".edict") paths.push_back(entry.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  for (const fs::path& path : paths) {
    INFO(path.string());
    if (!format_checked(path.filename().string(), read_file(path), false).empty()) ++files;
  }
  CHECK(files >= 100);  // the corpus and the repository's files that parse
}
