// String literals through the real lexer and parser: a string written by encode_string
// (as the formatter, the AST printer and value display write strings) parses back as
// the same string, and `edict fmt` keeps map keys that need escapes parseable.
#include <catch2/catch.hpp>

#include <random>

#include "compiler/syntax/ast_equal.h"
#include "compiler/syntax/formatter.h"
#include "compiler/syntax/parser.h"
#include "runtime/string_codec.h"
#include "tests/syntax/test_util.h"

using namespace edict;
using namespace edict::syntax;
using namespace edict::syntax::testing;

namespace {

// The value of `text` parsed as a standalone string expression; nullopt on any error.
std::optional<std::string> parse_string_expression(const std::string& text) {
  SourceManager sources;
  DiagnosticSink sink;
  auto id = add_source("expr", text, sources, sink, {});
  if (!id) return std::nullopt;
  ExprPtr e = parse_expression(sources, *id, sink, {});
  if (!e || sink.has_errors() || e->kind != Expr::Kind::kString) return std::nullopt;
  return e->string_value;
}

std::string utf8(uint32_t cp) {
  std::string s;
  append_utf8(s, cp);
  return s;
}

}  // namespace

TEST_CASE("an encoded string parses back as the same string") {
  std::mt19937 rng(1129);
  std::vector<uint32_t> pool = {'"', '\\', '{', '}', 'u', '\n', '\t', '\r', 1, 0x0B, 0x1F, 0x7F, 0x85, 0x2028, 0x202E, ' '};
  for (uint32_t cp : pool) {
    std::string s = "a" + utf8(cp) + "b";
    INFO("encoded: " << encode_string(s));
    CHECK(parse_string_expression(encode_string(s)) == s);
  }
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    size_t n = rng() % 12;
    for (size_t i = 0; i < n; ++i) {
      uint32_t cp = rng() % 2 ? pool[rng() % pool.size()] : 1 + rng() % 0x10FFFF;
      if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
      s += utf8(cp);
    }
    INFO("encoded: " << encode_string(s));
    CHECK(parse_string_expression(encode_string(s)) == s);
  }
}

TEST_CASE("fmt writes a map key holding a carriage return as an escape, and the result parses") {
  // Was: the formatter's own quote() wrote the CR raw, and the output no longer parsed.
  std::string src = "let m = {\"a\\u{d}b\": 1, \"c\\u{1b}\": 2, \"q\\\"\\\\\": 3}\n";
  auto first = parse_text("crkey.edict", src);
  INFO(first->rendered);
  REQUIRE_FALSE(first->sink.has_errors());
  std::string once = format_module(first->module, *first->sources.get(1));
  CHECK(once == "let m = {\"a\\u{d}b\": 1, \"c\\u{1b}\": 2, \"q\\\"\\\\\": 3}\n");
  auto second = parse_text("crkey.edict (formatted)", once);
  INFO(second->rendered);
  REQUIRE_FALSE(second->sink.has_errors());
  CHECK(ast_equal(first->module, second->module));
}
