// The hand-compiled form of grammar/EdictLexer.g4 (fast_lexer.h says why it exists).
// ANTLR's rules, which this follows: the longest match wins; of two matches of one
// length, the rule written first in the grammar (so a keyword beats IDENT); WS is
// skipped, COMMENT goes to the hidden channel; anything else is one ERROR_CHAR.
#include "compiler/syntax/fast_lexer.h"

#include <array>
#include <utility>

#include "EdictLexer.h"
#include "runtime/string_codec.h"

namespace edict::syntax::internal {
namespace {

using L = edict_generated::EdictLexer;

constexpr char32_t kEof = 0xFFFFFFFF;

// The keyword rules of EdictLexer.g4, in its order.
constexpr std::array<std::pair<std::u32string_view, size_t>, 26> kKeywords = {{
    {U"package", L::PACKAGE},   {U"import", L::IMPORT},   {U"as", L::AS},
    {U"let", L::LET},           {U"def", L::DEF},         {U"fact", L::FACT},
    {U"policy", L::POLICY},     {U"rule", L::RULE},       {U"if", L::IF},
    {U"then", L::THEN},         {U"else", L::ELSE},       {U"or", L::OR},
    {U"and", L::AND},           {U"not", L::NOT},         {U"in", L::IN},
    {U"matches", L::MATCHES},   {U"startswith", L::STARTSWITH}, {U"endswith", L::ENDSWITH},
    {U"contains", L::CONTAINS}, {U"all", L::ALL},         {U"any", L::ANY},
    {U"none", L::NONE},         {U"count", L::COUNT},     {U"null", L::NULL_LIT},
    {U"true", L::TRUE_LIT},     {U"false", L::FALSE_LIT},
}};

bool ident_start(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool ident_part(char32_t c) { return ident_start(c) || (c >= '0' && c <= '9'); }
bool digit(char32_t c) { return c >= '0' && c <= '9'; }
// WS : [ \t\r\n\u000C\uFEFF]+
bool space(char32_t c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x0C || c == 0xFEFF; }

}  // namespace

// The end of `quote (ESC | ~[quote \\ \r \n])*` begun at `from` (just past the opening
// quote): where the body stops, at the closing quote if there is one.
size_t FastLexer::quoted_end(size_t from, char32_t quote) const {
  size_t i = from;
  for (;;) {
    char32_t c = at(i);
    if (c == '\\') {
      char32_t next = at(i + 1);
      if (next == kEof || next == '\r' || next == '\n') return i;  // ESC : '\\' ~[\r\n]
      i += 2;
    } else if (c == kEof || c == quote || c == '\r' || c == '\n') {
      return i;
    } else {
      ++i;
    }
  }
}

// A "…" body begun at `from`: `closed` (STRING or VERSION) when its quote comes,
// UNTERMINATED_STRING (which covers both, 'v'? '"' …) when the line or file ends first.
FastLexer::Match FastLexer::double_quoted(size_t from, size_t closed, size_t& end) const {
  size_t body = quoted_end(from, '"');
  if (at(body) == '"') {
    end = body + 1;
    return {closed, 0};
  }
  end = body;
  return {L::UNTERMINATED_STRING, 0};
}

// TRIPLE_CHAR* from `from`: '\\' . | ~["\\] | '"' not followed by '""'.
size_t FastLexer::triple_body_end(size_t from) const {
  size_t i = from;
  for (;;) {
    char32_t c = at(i);
    if (c == kEof) return i;
    if (c == '\\') {
      if (at(i + 1) == kEof) return i;
      i += 2;
    } else if (c == '"') {
      if (at(i + 1) == '"' && at(i + 2) == '"') return i;
      ++i;
    } else {
      ++i;
    }
  }
}

// DIGITS : [0-9] [0-9_]*, begun at a digit.
size_t FastLexer::digits_end(size_t from) const {
  size_t i = from + 1;
  while (digit(at(i)) || at(i) == '_') ++i;
  return i;
}

// EXPONENT : [eE] [+-]? [0-9] [0-9_]* at `from`; `from` itself when there is none.
size_t FastLexer::exponent_end(size_t from) const {
  if (at(from) != 'e' && at(from) != 'E') return from;
  size_t i = from + 1;
  if (at(i) == '+' || at(i) == '-') ++i;
  return digit(at(i)) ? digits_end(i) : from;
}

FastLexer::Match FastLexer::scan(size_t& end) const {
  const size_t p = pos_;
  const char32_t c = at(p);
  end = p + 1;
  auto two = [&](char32_t second, size_t both, size_t one) {
    if (at(p + 1) == second) {
      end = p + 2;
      return Match{both, 0};
    }
    return Match{one, 0};
  };
  switch (c) {
    case '(': return {L::LPAREN, 0};
    case ')': return {L::RPAREN, 0};
    case '[': return {L::LBRACK, 0};
    case ']': return {L::RBRACK, 0};
    case '{': return {L::LBRACE, 0};
    case '}': return {L::RBRACE, 0};
    case ',': return {L::COMMA, 0};
    case '.': return {L::DOT, 0};
    case ':': return {L::COLON, 0};
    case '+': return {L::PLUS, 0};
    case '-': return {L::MINUS, 0};
    case '*': return {L::STAR, 0};
    case '/': return {L::SLASH, 0};
    case '%': return {L::PERCENT, 0};
    case 0x2260: return {L::NE, 0};  // ≠
    case 0x2264: return {L::LE, 0};  // ≤
    case 0x2265: return {L::GE, 0};  // ≥
    case '?': return two('?', L::QQ, L::ERROR_CHAR);
    case '=': return two('=', L::EQ, L::ASSIGN);
    case '!': return two('=', L::NE, L::ERROR_CHAR);
    case '<': return two('=', L::LE, L::LT);
    case '>': return two('=', L::GE, L::GT);
    case '#': {
      size_t i = p + 1;
      while (at(i) != kEof && at(i) != '\r' && at(i) != '\n') ++i;
      end = i;
      return {L::COMMENT, antlr4::Token::HIDDEN_CHANNEL};
    }
    case '"': {
      if (at(p + 1) == '"' && at(p + 2) == '"') {
        size_t body = triple_body_end(p + 3);
        if (at(body) == '"' && at(body + 1) == '"' && at(body + 2) == '"') {
          end = body + 3;
          return {L::TRIPLE_STRING, 0};
        }
        end = body;
        return {L::UNTERMINATED_TRIPLE, 0};
      }
      return double_quoted(p + 1, L::STRING, end);
    }
    case '\'': {
      size_t body = quoted_end(p + 1, '\'');
      if (at(body) != '\'') return {L::ERROR_CHAR, 0};  // no rule for an unterminated 'text'
      end = body + 1;
      return {L::SINGLE_QUOTED, 0};
    }
    default:
      break;
  }
  if (space(c)) {
    size_t i = p + 1;
    while (space(at(i))) ++i;
    end = i;
    return {L::WS, antlr4::Token::DEFAULT_CHANNEL};
  }
  if (digit(c)) {
    size_t i = digits_end(p);
    if (at(i) == '.' && digit(at(i + 1))) {
      end = exponent_end(digits_end(i + 1));
      return {L::FLOAT, 0};
    }
    size_t e = exponent_end(i);
    end = e;
    return {e != i ? L::FLOAT : L::INT, 0};
  }
  if (ident_start(c)) {
    if (c == 'v' && at(p + 1) == '"') return double_quoted(p + 2, L::VERSION, end);  // longer than IDENT `v`
    size_t i = p + 1;
    while (ident_part(at(i))) ++i;
    end = i;
    std::u32string_view word = text_.substr(p, i - p);
    for (const auto& [keyword, type] : kKeywords) {
      if (keyword == word) return {type, 0};
    }
    return {L::IDENT, 0};
  }
  return {L::ERROR_CHAR, 0};  // ERROR_CHAR : . (one code point)
}

void FastLexer::advance_to(size_t end) {
  for (; pos_ < end; ++pos_) {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 0;
    } else {
      ++column_;
    }
  }
}

std::unique_ptr<antlr4::Token> FastLexer::nextToken() {
  auto* factory = antlr4::CommonTokenFactory::DEFAULT.get();
  for (;;) {
    if (pos_ >= text_.size()) {
      // As Lexer::emitEOF: start at the end, stop one before it. (The input stream's
      // own position is left alone: nothing reads it once tokens exist.)
      return factory->create({this, &input_}, antlr4::Token::EOF, "", antlr4::Token::DEFAULT_CHANNEL, pos_,
                             pos_ - 1, line_, column_);
    }
    size_t end = 0;
    Match m = scan(end);
    size_t start = pos_, line = line_, column = column_;
    advance_to(end);
    if (m.type == L::WS) continue;  // WS -> skip
    return factory->create({this, &input_}, m.type, "", m.channel, start, end - 1, line, column);
  }
}

// ANTLR 4.9 decodes through std::wstring_convert: locale facets and a virtual call per
// character, 6% of a compile. Valid UTF-8 has one decoding, so decoding it here gives
// ANTLR's code points (tests/syntax/code_point_input_test.cpp compares them); for any
// other text ANTLR's own load runs, so what invalid text does (std::range_error, which
// parse_file.cpp reports as not UTF-8) is unchanged.
void CodePointInput::load(const std::string& input) {
  std::string_view text(input);
  text.remove_prefix(utf8_bom_length(text));  // as ANTLR's load does
  // No more code points than bytes: written in place, then cut to length.
  std::u32string data(text.size(), U'\0');
  size_t out = 0;
  for (size_t i = 0; i < text.size();) {
    for (size_t end = i + plain_ascii_length(text, i); i < end; ++i) data[out++] = static_cast<unsigned char>(text[i]);
    if (i >= text.size()) break;
    auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      data[out++] = lead;
      ++i;
      continue;
    }
    size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      antlr4::ANTLRInputStream::load(input);
      return;
    }
    char32_t code_point = lead & (0xFF >> (length + 1));
    for (size_t k = 1; k < length; ++k) code_point = (code_point << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    data[out++] = code_point;
    i += length;
  }
  data.resize(out);
  _data = std::move(data);
  p = 0;
}

}  // namespace edict::syntax::internal
