// The formatter: idempotent and meaning-preserving over every .edict file of the repo,
// golden output for messy input, comments kept, and `edict fmt`'s contract.
#include <catch2/catch.hpp>

#include <set>

#include "compiler/syntax/ast_equal.h"
#include "compiler/syntax/formatter.h"
#include "compiler/syntax/formatter_expr.h"
#include "compiler/syntax/parser.h"
#include "tests/syntax/test_util.h"

using namespace edict;
using namespace edict::syntax;
using namespace edict::syntax::testing;
namespace fs = std::filesystem;

namespace {

// Formats `text`; checks that the result reparses to an equal AST and is a fixed point.
std::string format_checked(const std::string& name, const std::string& text) {
  auto first = parse_text(name, text);
  INFO(name << "\n" << first->rendered);
  REQUIRE_FALSE(first->sink.has_errors());
  std::string once = format_module(first->module, *first->sources.get(1));
  auto second = parse_text(name + " (formatted)", once);
  INFO("formatted:\n" << once << second->rendered);
  REQUIRE_FALSE(second->sink.has_errors());
  CHECK(ast_equal(first->module, second->module));
  CHECK(format_module(second->module, *second->sources.get(1)) == once);
  CHECK(second->module.comments.size() == first->module.comments.size());
  // Every comment's text survives (a comment from inside a chain's operand moves above its
  // statement, so the order may change, never the set).
  std::multiset<std::string> before, after;
  for (const Comment& c : first->module.comments) before.insert(c.text);
  for (const Comment& c : second->module.comments) after.insert(c.text);
  CHECK(before == after);
  return once;
}

fs::path scratch_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("edict_fmt_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("format is idempotent and keeps the AST for every .edict file in the repository") {
  size_t count = 0;
  fs::path root = EDICT_SOURCE_DIR;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    std::string rel = fs::relative(it->path(), root).string();
    if (it->is_directory() && (rel == "tests/data/syntax/errors" || rel.rfind("build", 0) == 0 || rel == ".git")) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || it->path().extension() != ".edict") continue;
    std::string text = read_file(it->path());
    auto p = parse_text(rel, text);
    // Other folders may hold deliberately broken inputs (for checker tests, say); only
    // files that parse can be formatted.
    if (p->sink.has_errors()) continue;
    format_checked(rel, text);
    ++count;
  }
  CHECK(count >= 8);
}

TEST_CASE("golden formatter output for messy inputs") {
  for (const auto& file : edict_files(data_dir() / "fmt")) {
    SECTION(file.filename().string()) {
      auto expected = file;
      expected.replace_extension(".expected");
      check_golden(expected, format_checked(file.filename().string(), read_file(file)));
    }
  }
}

TEST_CASE("the language example is already canonical except for its trailing-comment spacing") {
  std::string text = read_file(data_dir() / "ast/language_example.edict");
  std::string formatted = format_checked("example", text);
  std::string adjusted = text;
  adjusted.replace(adjusted.find(")   #"), 5, ")  #");
  CHECK(formatted == adjusted);
}

TEST_CASE("comments survive formatting in their places") {
  std::string formatted = format_checked("comments", read_file(data_dir() / "ast/comments.edict"));
  CHECK_THAT(formatted, Catch::StartsWith("# A file header.\n\npackage p  # trailing on package\n"));
  CHECK_THAT(formatted, Catch::Contains("policy x \"X\" {  # on the header\n"));
  // A comment between two operands of an `and` chain stays between them (issue 17; it
  // used to move above its statement).
  CHECK_THAT(formatted, Catch::Contains("    require a  # inside a multi-line expression\n      and b\n"));
  CHECK_THAT(formatted, Catch::Contains("  # before the closing brace\n}\n# at the end\n"));
}

TEST_CASE("end-of-line comments in a list stay after their element") {
  CHECK(format_checked("kbs", "let kbs = [\n  \"KB4503273\",  # 2019-06\n  \"KB4507452\",  # 2019-07\n]\n") ==
        "let kbs = [\n  \"KB4503273\",  # 2019-06\n  \"KB4507452\",  # 2019-07\n]\n");
  // Without the trailing comma, and squeezed: still one element per line, as a comment forces it.
  CHECK(format_checked("kbs", "let kbs = [\"a\", # one\n \"b\"]  # after\n") ==
        "let kbs = [\n  \"a\",  # one\n  \"b\",\n]  # after\n");
  // An own-line comment stays before the element it precedes, at the element's indentation.
  CHECK(format_checked("own", "let a = f(x,\n# why y\ny)\n") == "let a = f(\n  x,\n  # why y\n  y,\n)\n");
}

TEST_CASE("lines break at the width limit, not before") {
  // A list exactly kLineWidth wide stays on one line; one more column breaks it.
  std::string padded = "let a = [\"" + std::string(fmt::kLineWidth - 15, 'x') + "\", 1]";
  REQUIRE(padded.size() == fmt::kLineWidth);
  CHECK(format_checked("fits", padded + "\n") == padded + "\n");
  std::string over = "let a = [\"" + std::string(fmt::kLineWidth - 14, 'x') + "\", 1]";
  CHECK(format_checked("over", over + "\n") ==
        "let a = [\n  \"" + std::string(fmt::kLineWidth - 14, 'x') + "\",\n  1,\n]\n");
  // The magic trailing comma keeps a short list broken; removing it joins the list.
  CHECK(format_checked("magic", "let a = [1, 2,]\n") == "let a = [\n  1,\n  2,\n]\n");
  CHECK(format_checked("joined", "let a = [\n  1,\n  2\n]\n") == "let a = [1, 2]\n");
  // No line is longer than the limit when the formatter has somewhere to break it.
  std::string formatted = format_checked("wrap", read_file(data_dir() / "fmt/wrap.edict"));
  size_t start = 0;
  while (start < formatted.size()) {
    size_t end = formatted.find('\n', start);
    CHECK(end - start <= fmt::kLineWidth);
    start = end + 1;
  }
}

TEST_CASE("minimal parentheses keep meaning") {
  CHECK(format_checked("p", "let a = ((a + b)) * c\n") == "let a = (a + b) * c\n");
  CHECK(format_checked("p", "let a = (a * b) + c\n") == "let a = a * b + c\n");
  CHECK(format_checked("p", "let a = a - (b - c)\n") == "let a = a - (b - c)\n");
  CHECK(format_checked("p", "let a = (all x in xs : x) and y\n") == "let a = (all x in xs : x) and y\n");
  CHECK(format_checked("p", "let a = y and (all x in xs : x)\n") == "let a = y and all x in xs : x\n");
  CHECK(format_checked("p", "let a = (if a then b else c) + 1\n") == "let a = (if a then b else c) + 1\n");
  CHECK(format_checked("p", "let a = (a ?? b).c\n") == "let a = (a ?? b).c\n");
  CHECK(format_checked("p", "let a = (not a) == b\n") == "let a = (not a) == b\n");
  CHECK(format_checked("p", "let a = -(-a)\n") == "let a = --a\n");
}

TEST_CASE("edict fmt rewrites in place, --check and --diff change nothing, errors leave files alone") {
  fs::path dir = scratch_dir("cli");
  fs::create_directories(dir / "sub");
  write_file(dir / "clean.edict", "let a = 1\n");
  write_file(dir / "sub" / "messy.edict", "let   a=1+2\n");
  write_file(dir / "notes.txt", "let   a=1\n");

  RunResult check = run_edict("fmt --check '" + dir.string() + "'");
  CHECK(check.status == 1);
  CHECK(check.out == (dir / "sub" / "messy.edict").string() + "\n");

  RunResult diff = run_edict("fmt --diff '" + dir.string() + "'");
  CHECK(diff.status == 0);
  CHECK_THAT(diff.out, Catch::Contains("-let   a=1+2\n+let a = 1 + 2\n"));
  CHECK(read_file(dir / "sub" / "messy.edict") == "let   a=1+2\n");

  RunResult write = run_edict("fmt '" + dir.string() + "'");
  CHECK(write.status == 0);
  CHECK(read_file(dir / "sub" / "messy.edict") == "let a = 1 + 2\n");
  CHECK(read_file(dir / "notes.txt") == "let   a=1\n");
  CHECK(run_edict("fmt --check '" + dir.string() + "'").status == 0);
  // No temporary file is left behind.
  size_t files = 0;
  for (auto& e : fs::recursive_directory_iterator(dir)) files += e.is_regular_file();
  CHECK(files == 3);

  write_file(dir / "broken.edict", "let   a = (1 +\n");
  RunResult broken = run_edict("fmt '" + (dir / "broken.edict").string() + "'");
  CHECK(broken.status == 2);
  CHECK_THAT(broken.err, Catch::Contains("broken.edict:1:"));
  CHECK_THAT(broken.err, Catch::Contains("error[E01"));
  CHECK(read_file(dir / "broken.edict") == "let   a = (1 +\n");
  fs::remove_all(dir);
}

TEST_CASE("edict fmt - formats stdin to stdout") {
  fs::path dir = scratch_dir("stdin");
  write_file(dir / "in.edict", "let  b =[1,2]\n");
  RunResult r = run_edict("fmt -", (dir / "in.edict").string());
  CHECK(r.status == 0);
  CHECK(r.out == "let b = [1, 2]\n");
  RunResult check = run_edict("fmt --check -", (dir / "in.edict").string());
  CHECK(check.status == 1);
  fs::remove_all(dir);
}
