// The only file that sees ANTLR: lexes and parses one source file with the generated
// EdictLexer/EdictParser, rewrites ANTLR's errors into Edict diagnostics (E01xx), guards
// nesting depth before ANTLR's recursive descent runs, and turns the parse tree into
// the AST of ast.h.
#include <antlr4-runtime.h>

#include <algorithm>
#include <array>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>

#include "EdictLexer.h"
#include "EdictParser.h"
#include "compiler/syntax/clauses.h"
#include "compiler/syntax/codes.h"
#include "compiler/syntax/literals.h"
#include "compiler/syntax/parser.h"
#include "compiler/syntax/prediction_cache.h"

namespace edict::syntax {
namespace {

using edict_generated::EdictLexer;
using edict_generated::EdictParser;
using antlr4::Token;

// Thrown by the error strategy once a file has too many errors: ANTLR unwinds and the
// rest of the file is not parsed.
struct TooManyErrors {};

bool ends_operand(size_t type) {
  switch (type) {
    case EdictLexer::IDENT: case EdictLexer::INT: case EdictLexer::FLOAT: case EdictLexer::STRING:
    case EdictLexer::TRIPLE_STRING: case EdictLexer::VERSION: case EdictLexer::NULL_LIT:
    case EdictLexer::TRUE_LIT: case EdictLexer::FALSE_LIT: case EdictLexer::RPAREN: case EdictLexer::RBRACK:
    case EdictLexer::RBRACE:
      return true;
    default:
      return false;
  }
}

size_t closer_of(size_t opener) {
  return opener == EdictLexer::LPAREN ? EdictLexer::RPAREN
         : opener == EdictLexer::LBRACK ? EdictLexer::RBRACK : EdictLexer::RBRACE;
}

// Shared state of one file's parse.
class FrontEnd {
 public:
  FrontEnd(const SourceFile& file, uint32_t file_id, const ParseLimits& limits)
      : file_(file), file_id_(file_id), limits_(limits), diags_(kMaxSyntaxErrorsPerFile) {
    const std::string& text = file.text();
    for (uint32_t i = 0; i < text.size(); ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) cp_to_byte_.push_back(i);
    }
    cp_to_byte_.push_back(static_cast<uint32_t>(text.size()));
  }

  FileDiagnostics& diags() { return diags_; }
  const ParseLimits& limits() const { return limits_; }
  const SourceFile& file() const { return file_; }
  uint32_t file_id() const { return file_id_; }

  uint32_t byte_of(size_t code_point) const {
    return code_point < cp_to_byte_.size() ? cp_to_byte_[code_point] : cp_to_byte_.back();
  }
  Span span(uint32_t begin, uint32_t end) const { return file_.span(file_id_, begin, std::max(begin, end)); }
  Span span_of(const Token* t) const {
    if (!t) return {};
    if (t->getType() == Token::EOF) return span(byte_of(cp_to_byte_.size()), byte_of(cp_to_byte_.size()));
    return span(byte_of(t->getStartIndex()), byte_of(t->getStopIndex() + 1));
  }
  Span span_of(antlr4::ParserRuleContext* ctx) const {
    if (!ctx || !ctx->getStart()) return {};
    const Token* stop = ctx->getStop();
    uint32_t begin = byte_of(ctx->getStart()->getStartIndex());
    // A rule that matched nothing has its stop before its start.
    uint32_t end = stop && stop->getType() != Token::EOF && stop->getStopIndex() + 1 >= ctx->getStart()->getStartIndex()
                       ? byte_of(stop->getStopIndex() + 1) : begin;
    return span(begin, end);
  }
  Span join(Span a, Span b) const { return span(a.begin, std::max(a.end, b.end)); }
  // A one-character span just past `t`, for "expected X after Y".
  Span after(const Token* t) const {
    uint32_t end = byte_of(t->getStopIndex() + 1);
    return span(end, end);
  }

  // Opening bracket (token index) enclosing each token, filled by the nesting check.
  std::vector<ptrdiff_t> enclosing_opener;
  // Set when an unterminated `"""` swallowed the rest of the file.
  bool unterminated_triple = false;

 private:
  const SourceFile& file_;
  uint32_t file_id_;
  const ParseLimits& limits_;
  FileDiagnostics diags_;
  std::vector<uint32_t> cp_to_byte_;
};

// The single-quoted token `'it''s'` as the double-quoted string that means the same.
std::string as_double_quoted(const std::string& single) {
  std::string out = "\"";
  for (size_t i = 1; i + 1 < single.size(); ++i) {
    char c = single[i];
    if (c == '\\' && i + 2 < single.size()) {
      char next = single[++i];
      if (next != '\'') out += '\\';
      out += next;
    } else {
      if (c == '"') out += '\\';
      out += c;
    }
  }
  return out + "\"";
}

// Operators and quotes people bring from other languages (`&&`, `||`, `'text'`) get one
// targeted diagnostic each and are repaired into what they meant (`and`, `or`, a
// string), so the parser goes on as if the file were right: no cascade of errors.
// Returns true when `token` was one of them.
bool repair_foreign_token(antlr4::CommonToken* token, antlr4::CommonToken* next, FrontEnd& fe) {
  std::string text = token->getText();
  if (token->getType() == EdictLexer::SINGLE_QUOTED) {
    std::string fixed = as_double_quoted(text);
    fe.diags().error(codes::kSingleQuotedString, fe.span_of(token), "strings use double quotes, not `'`",
                     fixed.size() <= 40 ? "write `" + fixed + "`" : "write the string between `\"` and `\"`");
    token->setType(EdictLexer::STRING);
    token->setText(fixed);
    return true;
  }
  if (token->getType() != EdictLexer::ERROR_CHAR || (text != "&" && text != "|")) return false;
  bool doubled = next && next->getType() == EdictLexer::ERROR_CHAR && next->getText() == text &&
                 next->getStartIndex() == token->getStopIndex() + 1;
  std::string shown = doubled ? text + text : text;
  std::string word = text == "&" ? "and" : "or";
  Span span = fe.span_of(token);
  if (doubled) span = fe.join(span, fe.span_of(next));
  fe.diags().error(codes::kForeignOperator, span, "`" + shown + "` is not an operator in Edict",
                   "write `" + word + "`: `a " + word + " b`");
  token->setType(text == "&" ? EdictLexer::AND : EdictLexer::OR);
  if (doubled) next->setChannel(Token::HIDDEN_CHANNEL);
  return true;
}

// A `=` is assignment only in `let NAME =` and `def NAME(...) =`; tracks whether the
// tokens so far are one of those heads.
class AssignmentHeads {
 public:
  // Feeds the next default-channel token; true when it is a `=` a head allows, or one
  // inside a def's parameter list (`def f(x = 3)`: the parser says what is wrong).
  bool allows(size_t type) {
    bool allowed = type == EdictLexer::ASSIGN && (state_ == State::kAssign || state_ == State::kDefHead);
    switch (state_) {
      case State::kLetName: state_ = type == EdictLexer::IDENT ? State::kAssign : State::kNone; break;
      case State::kDefHead:
        if (type == EdictLexer::LPAREN) ++parens_;
        if (type == EdictLexer::RPAREN && --parens_ == 0) state_ = State::kAssign;
        if (type == EdictLexer::ASSIGN) state_ = State::kNone;
        break;
      default: state_ = State::kNone; break;
    }
    if (type == EdictLexer::LET) state_ = State::kLetName;
    if (type == EdictLexer::DEF) {
      state_ = State::kDefHead;
      parens_ = 0;
    }
    return allowed;
  }

 private:
  enum class State { kNone, kLetName, kDefHead, kAssign };
  State state_ = State::kNone;
  int parens_ = 0;
};

// A `=` outside a `let`/`def` head: after a clause word (`severity = "high"`) it is
// dropped, after an operand (`os.family = "linux"`) it becomes the `==` that was meant;
// one diagnostic either way. Anything else is left to the parser.
void repair_stray_assign(antlr4::CommonToken* token, const Token* prev, const Token* before_prev, FrontEnd& fe) {
  if (!prev || !ends_operand(prev->getType())) return;
  bool clause_word = prev->getType() == EdictLexer::IDENT && is_clause_word(prev->getText()) &&
                     (!before_prev || before_prev->getType() == EdictLexer::LBRACE ||
                      before_prev->getType() == EdictLexer::RBRACE || ends_operand(before_prev->getType()));
  if (clause_word) {
    fe.diags().error(codes::kStrayAssign, fe.span_of(token), "a clause takes no `=`",
                     "write `" + prev->getText() + " VALUE`, e.g. `severity high`");
    token->setChannel(Token::HIDDEN_CHANNEL);
    return;
  }
  fe.diags().error(codes::kStrayAssign, fe.span_of(token), "`=` does not compare; `==` does",
                   "write `a == b`; a single `=` only gives a `let` or `def` its value");
  token->setType(EdictLexer::EQ);
  token->setText("==");
}

// Reports error tokens from the lexer and repairs them so the parser can go on:
// an unterminated string becomes a string, a stray character is hidden, `&&`, `=` and
// `'text'` become what they meant.
void check_tokens(antlr4::CommonTokenStream& tokens, FrontEnd& fe) {
  const std::vector<Token*>& all = tokens.getTokens();
  AssignmentHeads heads;
  const Token* prev = nullptr;
  const Token* before_prev = nullptr;
  for (size_t i = 0; i < all.size(); ++i) {
    auto* token = dynamic_cast<antlr4::CommonToken*>(all[i]);
    if (!token) continue;
    auto* next = i + 1 < all.size() ? dynamic_cast<antlr4::CommonToken*>(all[i + 1]) : nullptr;
    if (token->getChannel() != Token::DEFAULT_CHANNEL) continue;  // hidden by a repair before
    if (repair_foreign_token(token, next, fe)) {
      // repaired into a default-channel token: counts as what it became
    } else if (token->getType() == EdictLexer::ASSIGN) {
      if (!heads.allows(EdictLexer::ASSIGN)) repair_stray_assign(token, prev, before_prev, fe);
      if (token->getChannel() != Token::DEFAULT_CHANNEL) continue;
      before_prev = prev;
      prev = token;
      continue;
    }
    switch (token->getType()) {
      case EdictLexer::ERROR_CHAR: {
        std::string text = token->getText();
        std::string shown = text == "\t" ? "\\t" : text == "\r" ? "\\r" : text;
        std::string help = text == "'" ? "strings use double quotes: \"...\""
                           : text == "!" ? "write `not x` for negation and `!=` for inequality"
                           : text == ";" ? "clauses end at the end of their expression; no `;` is needed" : "";
        fe.diags().error(codes::kBadCharacter, fe.span_of(token), "unexpected character `" + shown + "`", help);
        token->setChannel(Token::HIDDEN_CHANNEL);
        continue;
      }
      case EdictLexer::UNTERMINATED_STRING: {
        std::string text = token->getText();
        fe.diags().error(codes::kUnterminatedString, fe.span_of(token), "unterminated string",
                         "close it with `\"` on the same line; use `\"\"\"` for text over several lines");
        token->setType(text[0] == 'v' ? EdictLexer::VERSION : EdictLexer::STRING);
        token->setText(text + "\"");
        break;
      }
      case EdictLexer::UNTERMINATED_TRIPLE: {
        Span span = fe.span_of(token);
        span.end = span.begin + 3;
        fe.diags().error(codes::kUnterminatedTriple, span, "unterminated triple-quoted string",
                         "close it with `\"\"\"`");
        token->setType(EdictLexer::TRIPLE_STRING);
        token->setText(token->getText() + "\"\"\"");
        fe.unterminated_triple = true;
        break;
      }
      default:
        break;
    }
    if (token->getType() == Token::EOF) break;
    heads.allows(token->getType());
    before_prev = prev;
    prev = token;
  }
}

// The binding level of a binary operator token (0 = `or` ... 5 = `??`), or -1 for any
// other token. `prev_type` tells a binary `-` from a prefix one.
int binary_level(size_t type, size_t prev_type) {
  switch (type) {
    case EdictLexer::OR: return 0;
    case EdictLexer::AND: return 1;
    case EdictLexer::EQ: case EdictLexer::NE: case EdictLexer::LT: case EdictLexer::LE: case EdictLexer::GT:
    case EdictLexer::GE: case EdictLexer::IN: case EdictLexer::MATCHES: case EdictLexer::STARTSWITH:
    case EdictLexer::ENDSWITH: case EdictLexer::CONTAINS:
      return 2;
    case EdictLexer::PLUS: return 3;
    case EdictLexer::MINUS: return ends_operand(prev_type) ? 3 : -1;
    case EdictLexer::STAR: case EdictLexer::SLASH: case EdictLexer::PERCENT: return 4;
    case EdictLexer::QQ: return 5;
    default: return -1;
  }
}
constexpr int kBinaryLevels = 6;

// Tokens that neither break an operator chain nor are operators: operands and brackets
// (what is inside is counted at its own level), member access, prefix `not`/`-`, and the
// `not` of `not in`.
bool inside_chain(size_t type) {
  return ends_operand(type) || type == EdictLexer::LPAREN || type == EdictLexer::LBRACK ||
         type == EdictLexer::LBRACE || type == EdictLexer::DOT || type == EdictLexer::NOT ||
         type == EdictLexer::MINUS;
}

// ANTLR recurses once or more per nesting level, so depth is measured on the tokens
// before parsing. The measure over-approximates: open brackets, plus runs of prefix
// operators (`not not ...`, `- - ...`), plus `if`/quantifiers seen in the current
// bracket level since its last `,` or statement start (they reach as far right as they
// can, so each nests the next). Returns false, with a diagnostic, past the limit.
// It also counts runs of binary operators: k operators of one binding level in a row
// (tighter ones may come between, looser ones end the run) build a left spine k nodes
// deep, which the AST depth limit refuses anyway; counting them here refuses a
// 4 MiB `1+1+...` file at once instead of after ANTLR spent a minute and gigabytes on it.
bool check_nesting(antlr4::CommonTokenStream& tokens, FrontEnd& fe) {
  const auto& all = tokens.getTokens();
  fe.enclosing_opener.assign(all.size(), -1);
  struct Level {
    ptrdiff_t opener;
    uint32_t open_constructs;
    std::array<uint32_t, kBinaryLevels> runs;  // operators in the current run, per level
  };
  std::vector<Level> levels{{-1, 0, {}}};
  uint32_t constructs = 0;  // sum of open_constructs over levels
  uint32_t prefix_run = 0;
  size_t prev_type = Token::INVALID_TYPE;
  for (Token* t : all) {
    size_t type = t->getType();
    fe.enclosing_opener[t->getTokenIndex()] = levels.back().opener;
    if (t->getChannel() != Token::DEFAULT_CHANNEL || type == Token::EOF) continue;
    bool after_dot = prev_type == EdictLexer::DOT;
    // A name right after a complete operand can only start a new clause or statement.
    bool statement_start = (type == EdictLexer::IDENT && ends_operand(prev_type)) || type == EdictLexer::LET ||
                           type == EdictLexer::DEF || type == EdictLexer::FACT || type == EdictLexer::POLICY ||
                           type == EdictLexer::RULE || type == EdictLexer::COMMA;
    if (statement_start) {
      constructs -= levels.back().open_constructs;
      levels.back().open_constructs = 0;
    }
    if ((type == EdictLexer::NOT || type == EdictLexer::MINUS) && !ends_operand(prev_type) && !after_dot) {
      ++prefix_run;
    } else {
      prefix_run = 0;
    }
    if (!after_dot && (type == EdictLexer::IF || type == EdictLexer::ALL || type == EdictLexer::ANY ||
                       type == EdictLexer::NONE || type == EdictLexer::COUNT)) {
      ++levels.back().open_constructs;
      ++constructs;
    }
    int level = after_dot ? -1 : binary_level(type, prev_type);
    if (level >= 0) {
      std::array<uint32_t, kBinaryLevels>& runs = levels.back().runs;
      std::fill(runs.begin() + level + 1, runs.end(), 0);  // a looser operator ends tighter runs
      if (++runs[level] > fe.limits().max_expression_depth) {
        fe.diags().error(codes::kTooDeep, fe.span_of(t),
                         "expression is nested too deeply (more than " +
                             std::to_string(fe.limits().max_expression_depth) + " levels)",
                         "split it into smaller parts with `let` or `def`");
        return false;
      }
    } else if (statement_start || (!after_dot && !inside_chain(type))) {
      levels.back().runs.fill(0);  // `,` `:` `then` `if` ...: the chain ends here
    }
    if (type == EdictLexer::LPAREN || type == EdictLexer::LBRACK || type == EdictLexer::LBRACE) {
      levels.push_back({static_cast<ptrdiff_t>(t->getTokenIndex()), 0, {}});
    } else if ((type == EdictLexer::RPAREN || type == EdictLexer::RBRACK || type == EdictLexer::RBRACE) &&
               levels.size() > 1) {
      constructs -= levels.back().open_constructs;
      levels.pop_back();
    }
    uint32_t depth = static_cast<uint32_t>(levels.size() - 1) + constructs + prefix_run;
    if (depth > fe.limits().max_nesting) {
      fe.diags().error(codes::kTooDeep, fe.span_of(t),
                       "expression is nested too deeply (more than " + std::to_string(fe.limits().max_nesting) +
                           " levels)",
                       "split it into smaller parts with `let` or `def`");
      return false;
    }
    prev_type = type;
  }
  return true;
}

// ---- Error messages -------------------------------------------------------------------

Token* previous_token(antlr4::TokenStream* stream, const Token* t) {
  for (ptrdiff_t i = static_cast<ptrdiff_t>(t->getTokenIndex()) - 1; i >= 0; --i) {
    Token* p = stream->get(static_cast<size_t>(i));
    if (p->getChannel() == Token::DEFAULT_CHANNEL) return p;
  }
  return nullptr;
}

std::string describe_token(const Token* t) {
  if (!t || t->getType() == Token::EOF) return "end of file";
  std::string text = t->getText();
  if (text.size() > 30) text = text.substr(0, 27) + "...";
  if (text.find('\n') != std::string::npos) text = text.substr(0, text.find('\n')) + "...";
  return "`" + text + "`";
}

// "an expression", "`)`", "a name", ... for each token type the parser would accept.
std::string describe_expected(const antlr4::misc::IntervalSet& expected, const antlr4::dfa::Vocabulary& vocab) {
  std::vector<std::string> names;
  auto add = [&](std::string name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
  };
  bool expression = expected.contains(static_cast<size_t>(EdictLexer::INT));
  if (expression) add("an expression");
  for (ssize_t type : expected.toList()) {
    if (type == static_cast<ssize_t>(Token::EOF)) {
      add("end of file");
      continue;
    }
    switch (type) {
      case EdictLexer::INT: case EdictLexer::FLOAT: case EdictLexer::STRING: case EdictLexer::TRIPLE_STRING:
      case EdictLexer::VERSION: case EdictLexer::NULL_LIT: case EdictLexer::TRUE_LIT: case EdictLexer::FALSE_LIT:
      case EdictLexer::LPAREN: case EdictLexer::LBRACK: case EdictLexer::LBRACE: case EdictLexer::MINUS:
      case EdictLexer::NOT: case EdictLexer::IF: case EdictLexer::ALL: case EdictLexer::ANY: case EdictLexer::NONE:
      case EdictLexer::COUNT:
        if (expression) continue;
        break;
      case EdictLexer::IDENT:
        if (!expression) add("a name");
        continue;
      default:
        break;
    }
    if (type == EdictLexer::STRING || type == EdictLexer::TRIPLE_STRING) {
      add("a string");
      continue;
    }
    std::string literal = vocab.getLiteralName(static_cast<size_t>(type));
    if (literal.size() >= 2) add("`" + literal.substr(1, literal.size() - 2) + "`");
  }
  if (names.empty()) return "";
  if (names.size() > 6) names.resize(6);
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

// Turns ANTLR's recognition errors into Edict diagnostics. The recovery itself stays
// ANTLR's (single-token insertion/deletion, then resynchronisation).
class ErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  explicit ErrorStrategy(FrontEnd& fe) : fe_(fe) {}

 protected:
  void reportNoViableAlternative(antlr4::Parser* p, const antlr4::NoViableAltException& e) override {
    report(p, e.getOffendingToken(), p->getExpectedTokens());
  }
  void reportInputMismatch(antlr4::Parser* p, const antlr4::InputMismatchException& e) override {
    report(p, e.getOffendingToken(), e.getExpectedTokens());
  }
  void reportFailedPredicate(antlr4::Parser* p, const antlr4::FailedPredicateException& e) override {
    report(p, e.getOffendingToken(), p->getExpectedTokens());
  }
  void reportUnwantedToken(antlr4::Parser* p) override {
    if (inErrorRecoveryMode(p)) return;
    beginErrorCondition(p);
    report(p, p->getCurrentToken(), getExpectedTokens(p));
  }
  void reportMissingToken(antlr4::Parser* p) override {
    if (inErrorRecoveryMode(p)) return;
    beginErrorCondition(p);
    report(p, p->getCurrentToken(), getExpectedTokens(p));
  }

 private:
  // `policy `esu`` when the `{` at `opener` opens a block, else "".
  std::string block_label(antlr4::TokenStream* stream, const Token* opener) {
    const Token* t = opener;
    std::string name;
    for (int steps = 0; steps < 3 && t; ++steps) {
      t = previous_token(stream, t);
      if (!t) break;
      if (t->getType() == EdictLexer::IDENT) name = t->getText();
      if (t->getType() == EdictLexer::POLICY || t->getType() == EdictLexer::RULE) {
        std::string kind = t->getType() == EdictLexer::POLICY ? "policy" : "rule";
        return name.empty() ? kind : kind + " `" + name + "`";
      }
      if (t->getType() != EdictLexer::IDENT && t->getType() != EdictLexer::STRING &&
          t->getType() != EdictLexer::TRIPLE_STRING) {
        break;
      }
    }
    return "";
  }

  void report(antlr4::Parser* p, Token* t, const antlr4::misc::IntervalSet& expected) {
    if (!t) return;
    if (fe_.diags().full()) {
      fe_.diags().error(codes::kSyntax, {}, "");  // counted as dropped
      throw TooManyErrors{};
    }
    // The unterminated `"""` already explains why the file ends too early.
    if (t->getType() == Token::EOF && fe_.unterminated_triple) return;
    antlr4::TokenStream* stream = p->getTokenStream();
    Token* prev = previous_token(stream, t);
    bool at_eof = t->getType() == Token::EOF;
    // Point at the gap after the previous token when the offending one is far away.
    Span here = fe_.span_of(t);
    Span after_prev = prev ? fe_.after(prev) : here;
    bool other_line = prev && here.line != after_prev.line;
    Span where = at_eof || other_line ? after_prev : here;
    std::string expected_text = describe_expected(expected, p->getVocabulary());

    // 1. An unclosed bracket or block.
    ptrdiff_t opener_index = t->getTokenIndex() < fe_.enclosing_opener.size()
                                 ? fe_.enclosing_opener[t->getTokenIndex()] : -1;
    if (opener_index >= 0) {
      Token* opener = stream->get(static_cast<size_t>(opener_index));
      size_t closer = closer_of(opener->getType());
      size_t type = t->getType();
      // Tokens that only make sense once the bracket is closed: the start of the next
      // declaration, the end of the file, or a block's `}` while a `(`/`[` is open.
      bool gives_up = at_eof || type == EdictLexer::POLICY || type == EdictLexer::RULE || type == EdictLexer::LET ||
                      type == EdictLexer::DEF || type == EdictLexer::FACT || type == EdictLexer::IMPORT ||
                      type == EdictLexer::PACKAGE || (type == EdictLexer::RBRACE && closer != EdictLexer::RBRACE);
      if (expected.contains(closer) && gives_up && type != closer) {
        Span open_span = fe_.span_of(opener);
        std::string label = opener->getType() == EdictLexer::LBRACE ? block_label(stream, opener) : "";
        std::string closer_text = closer == EdictLexer::RPAREN ? ")" : closer == EdictLexer::RBRACK ? "]" : "}";
        if (!label.empty()) {
          fe_.diags().error(codes::kSyntax, where, "expected `}` to close " + label,
                            label + " starts at line " + std::to_string(open_span.line));
        } else {
          fe_.diags().error(codes::kSyntax, where, "expected `" + closer_text + "` to close `" + opener->getText() + "`",
                            "the `" + opener->getText() + "` is at line " + std::to_string(open_span.line) +
                                ", column " + std::to_string(open_span.column));
        }
        return;
      }
    }
    // 2. An expression was needed.
    if (expected.contains(static_cast<size_t>(EdictLexer::INT))) {
      if (prev && !ends_operand(prev->getType())) {
        fe_.diags().error(codes::kSyntax, where, "expected an expression after " + describe_token(prev),
                          at_eof ? "" : "found " + describe_token(t));
      } else {
        fe_.diags().error(codes::kSyntax, here, "expected an expression, found " + describe_token(t));
      }
      return;
    }
    // 3. Exactly one token fits: say which, right after what came before.
    if (!expected_text.empty() && expected_text.find(" or ") == std::string::npos && prev &&
        expected_text != "end of file") {
      fe_.diags().error(codes::kSyntax, where, "expected " + expected_text + " after " + describe_token(prev),
                        at_eof ? "" : "found " + describe_token(t));
      return;
    }
    // 4. Anything else.
    std::string help = expected_text.empty() ? "" : "expected " + expected_text + " here";
    if (expected.contains(static_cast<size_t>(EdictLexer::LET)) && expected.contains(static_cast<size_t>(EdictLexer::POLICY))) {
      help = "expected a declaration: `package`, `import`, `let`, `def`, `fact` or `policy`";
    }
    if (at_eof) {
      fe_.diags().error(codes::kSyntax, where, "unexpected end of file", help);
    } else {
      fe_.diags().error(codes::kSyntax, here, "unexpected " + describe_token(t), help);
    }
  }

  FrontEnd& fe_;
};

// ---- Parse tree to AST ---------------------------------------------------------------

void collect_comments(antlr4::CommonTokenStream& tokens, FrontEnd& fe, Module& module) {
  const std::string& text = fe.file().text();
  for (Token* t : tokens.getTokens()) {
    if (t->getType() != EdictLexer::COMMENT) continue;
    Comment comment;
    comment.span = fe.span_of(t);
    comment.text = text.substr(comment.span.begin, comment.span.end - comment.span.begin);
    while (!comment.text.empty() && (comment.text.back() == '\r' || comment.text.back() == ' ')) {
      comment.text.pop_back();
    }
    uint32_t i = comment.span.begin;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) --i;
    comment.own_line = i == 0 || text[i - 1] == '\n';
    module.comments.push_back(std::move(comment));
  }
}

std::optional<BinaryOp> binary_op_of(size_t type) {
  switch (type) {
    case EdictLexer::OR: return BinaryOp::kOr;
    case EdictLexer::AND: return BinaryOp::kAnd;
    case EdictLexer::EQ: return BinaryOp::kEq;
    case EdictLexer::NE: return BinaryOp::kNe;
    case EdictLexer::LT: return BinaryOp::kLt;
    case EdictLexer::LE: return BinaryOp::kLe;
    case EdictLexer::GT: return BinaryOp::kGt;
    case EdictLexer::GE: return BinaryOp::kGe;
    case EdictLexer::IN: return BinaryOp::kIn;
    case EdictLexer::MATCHES: return BinaryOp::kMatches;
    case EdictLexer::STARTSWITH: return BinaryOp::kStartsWith;
    case EdictLexer::ENDSWITH: return BinaryOp::kEndsWith;
    case EdictLexer::CONTAINS: return BinaryOp::kContains;
    case EdictLexer::PLUS: return BinaryOp::kAdd;
    case EdictLexer::MINUS: return BinaryOp::kSub;
    case EdictLexer::STAR: return BinaryOp::kMul;
    case EdictLexer::SLASH: return BinaryOp::kDiv;
    case EdictLexer::PERCENT: return BinaryOp::kMod;
    case EdictLexer::QQ: return BinaryOp::kCoalesce;
    default: return std::nullopt;
  }
}

bool is_error_node(antlr4::tree::ParseTree* node) { return dynamic_cast<antlr4::tree::ErrorNode*>(node) != nullptr; }

// INVARIANT: every function returns an empty Built (null expr) only after a diagnostic
// was reported for it, either here or by the error strategy.
class Converter {
 public:
  explicit Converter(FrontEnd& fe) : fe_(fe) {}

  void module(EdictParser::ModuleContext* ctx, Module& out) {
    if (!ctx) return;
    bool seen_import = false, seen_declaration = false;
    for (auto* item : ctx->item()) {
      if (auto* c = dynamic_cast<EdictParser::PackageItemContext*>(item)) {
        DottedName name = dotted(c->dottedName());
        if (out.package) {
          fe_.diags().error(codes::kDeclarationOrder, fe_.span_of(c), "a file has at most one `package` line",
                            "the first one is at line " + std::to_string(out.package->span.line));
        } else {
          if (seen_import || seen_declaration) {
            fe_.diags().error(codes::kDeclarationOrder, fe_.span_of(c), "`package` must be the first line of the file",
                              "move it above the imports and declarations");
          }
          out.package = std::move(name);
        }
      } else if (auto* c = dynamic_cast<EdictParser::ImportItemContext*>(item)) {
        if (seen_declaration) {
          fe_.diags().error(codes::kDeclarationOrder, fe_.span_of(c), "`import` must come before declarations",
                            "move it to the top of the file, after `package`");
        }
        seen_import = true;
        Import import;
        import.module = dotted(c->dottedName());
        import.span = fe_.span_of(c);
        if (c->IDENT()) {
          import.alias = c->IDENT()->getText();
          import.alias_span = fe_.span_of(c->IDENT()->getSymbol());
        }
        out.imports.push_back(std::move(import));
      } else if (auto* c = dynamic_cast<EdictParser::LetItemContext*>(item)) {
        seen_declaration = true;
        // After error recovery a rule may lack its parts; ANTLR reported why.
        if (!c->IDENT()) continue;
        // Error recovery can leave a `let` without its name (`let \nlet package a`,
        // a null dereference found by fuzz_compile); the syntax error is already reported.
        if (!c->IDENT()) continue;
        LetDecl let;
        let.name = c->IDENT()->getText();
        let.name_span = fe_.span_of(c->IDENT()->getSymbol());
        let.value = expression(c->expression());
        let.span = fe_.span_of(c);
        out.declarations.emplace_back(std::move(let));
      } else if (auto* c = dynamic_cast<EdictParser::DefItemContext*>(item)) {
        seen_declaration = true;
        DefDecl def;
        auto names = c->IDENT();
        if (names.empty()) continue;
        if (names.empty()) continue;  // the same for `def \ndef package a`
        def.name = names[0]->getText();
        def.name_span = fe_.span_of(names[0]->getSymbol());
        for (size_t i = 1; i < names.size(); ++i) {
          def.params.push_back(names[i]->getText());
          def.param_spans.push_back(fe_.span_of(names[i]->getSymbol()));
        }
        def.body = expression(c->expression());
        def.span = fe_.span_of(c);
        out.declarations.emplace_back(std::move(def));
      } else if (auto* c = dynamic_cast<EdictParser::FactItemContext*>(item)) {
        seen_declaration = true;
        FactDeclaration fact;
        fact.path = dotted(c->dottedName());
        fact.type_text = type_text(c->typeExpr());
        fact.type_span = fe_.span_of(c->typeExpr());
        fact.span = fe_.span_of(c);
        out.declarations.emplace_back(std::move(fact));
      } else if (auto* c = dynamic_cast<EdictParser::BlockItemContext*>(item)) {
        seen_declaration = true;
        std::optional<Block> b = block(c->block(), nullptr);
        if (!b) continue;
        if (!b->is_policy) {
          fe_.diags().error(codes::kMisplacedClause, b->name_span.valid() ? b->name_span : b->span,
                            "rule `" + b->name + "` must be inside a policy",
                            "wrap it in `policy NAME \"TITLE\" { ... }`");
          continue;
        }
        out.declarations.emplace_back(std::move(*b));
      } else if (auto* c = dynamic_cast<EdictParser::StrayItemContext*>(item)) {
        if (!c->exception && c->IDENT()) report_top_level_clause(c->IDENT()->getText(), fe_.span_of(c->IDENT()->getSymbol()), fe_.diags());
      }
    }
  }

  ExprPtr expression(EdictParser::ExpressionContext* ctx) { return expr(ctx).expr; }

 private:
  struct Built {
    ExprPtr expr;
    uint32_t depth = 0;  // height of the tree under expr
    // A parenthesized expression keeps its own span (diagnostics point inside the
    // parentheses), but the expressions built from it cover the parentheses too:
    // `(os.build ?? 0) >= 6003` is the text of the comparison, not `os.build ?? 0) >= 6003`.
    Span parens{};
  };
  static Span full_span(const Built& b) { return b.parens.valid() ? b.parens : b.expr->span; }

  // Counts converter recursion; the token check keeps real input far below the cap.
  struct Guard {
    explicit Guard(Converter& c) : c_(c) { ++c_.recursion_; }
    ~Guard() { --c_.recursion_; }
    bool too_deep() const { return c_.recursion_ > c_.fe_.limits().max_nesting * 16 + 64; }
    Converter& c_;
  };

  Built fail_too_deep(Span span) {
    if (!reported_too_deep_) {
      fe_.diags().error(codes::kTooDeep, span,
                        "expression is nested too deeply (more than " +
                            std::to_string(fe_.limits().max_expression_depth) + " levels)",
                        "split it into smaller parts with `let` or `def`");
      reported_too_deep_ = true;
    }
    return {};
  }

  Built make(Expr::Kind kind, Span span) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->span = span;
    return {std::move(e), 1};
  }

  // Adopts children into `parent`, updating its depth; false past the depth limit.
  bool adopt_depth(Built& parent, uint32_t child_depth) {
    parent.depth = std::max(parent.depth, child_depth + 1);
    return parent.depth <= fe_.limits().max_expression_depth;
  }

  Built binary(BinaryOp op, Built lhs, Built rhs) {
    if (!lhs.expr || !rhs.expr) return {};
    Built b = make(Expr::Kind::kBinary, fe_.join(full_span(lhs), full_span(rhs)));
    b.expr->binary_op = op;
    if (!adopt_depth(b, std::max(lhs.depth, rhs.depth))) return fail_too_deep(b.expr->span);
    b.expr->lhs = std::move(lhs.expr);
    b.expr->rhs = std::move(rhs.expr);
    return b;
  }

  Built unary(UnaryOp op, const Token* op_token, Built operand) {
    if (!operand.expr) return {};
    Built u = make(Expr::Kind::kUnary, fe_.join(fe_.span_of(op_token), full_span(operand)));
    u.expr->unary_op = op;
    if (!adopt_depth(u, operand.depth)) return fail_too_deep(u.expr->span);
    u.expr->lhs = std::move(operand.expr);
    return u;
  }

  // Left-associative `operand (op operand)*` over the children of `ctx`.
  template <class Operand>
  Built chain(antlr4::ParserRuleContext* ctx, Built (Converter::*operand)(Operand*)) {
    Built acc;
    bool have = false;
    std::optional<BinaryOp> pending;
    for (auto* child : ctx->children) {
      if (auto* o = dynamic_cast<Operand*>(child)) {
        Built next = (this->*operand)(o);
        if (!have) {
          acc = std::move(next);
          have = true;
        } else if (pending) {
          acc = binary(*pending, std::move(acc), std::move(next));
          pending.reset();
        }
      } else if (auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child); term && !is_error_node(child)) {
        pending = binary_op_of(term->getSymbol()->getType());
      }
    }
    return acc;
  }

  Built expr(EdictParser::ExpressionContext* ctx) {
    Guard guard(*this);
    if (!ctx || !ctx->orExpr()) return {};
    if (guard.too_deep()) return fail_too_deep(fe_.span_of(ctx));
    return chain(ctx->orExpr(), &Converter::and_expr);
  }
  Built and_expr(EdictParser::AndExprContext* ctx) { return chain(ctx, &Converter::not_expr); }
  Built not_expr(EdictParser::NotExprContext* ctx) {
    Guard guard(*this);
    if (guard.too_deep()) return fail_too_deep(fe_.span_of(ctx));
    if (ctx->NOT()) return unary(UnaryOp::kNot, ctx->NOT()->getSymbol(), ctx->notExpr() ? not_expr(ctx->notExpr()) : Built{});
    if (!ctx->comparison()) return {};
    return comparison(ctx->comparison());
  }
  Built comparison(EdictParser::ComparisonContext* ctx) {
    auto operands = ctx->additive();
    auto ops = ctx->compOp();
    if (operands.empty()) return {};
    Built acc = additive(operands[0]);
    if (ops.size() > 1) {
      fe_.diags().error(codes::kChainedComparison, fe_.span_of(ops[1]), "comparisons do not chain",
                        chained_comparison_help(ctx));
    }
    for (size_t i = 0; i < ops.size() && i + 1 < operands.size(); ++i) {
      std::optional<BinaryOp> op = ops[i]->NOT() ? BinaryOp::kNotIn : binary_op_of(ops[i]->getStart()->getType());
      if (!op) return {};  // a broken operator, already reported
      acc = binary(*op, std::move(acc), additive(operands[i + 1]));
    }
    return acc;
  }
  // `count k in xs : k in ys >= 1`: the quantifier's condition reaches as far right as
  // it can, so the chain is `k in ys >= 1`; what was meant is the count compared, and
  // the fix is parentheses around the quantifier, not `and`.
  std::string chained_comparison_help(EdictParser::ComparisonContext* ctx) {
    const std::string generic = "compare two values at a time and join them with `and`: `a < b and b < c`";
    antlr4::tree::ParseTree* node = ctx->parent;  // notExpr, andExpr, orExpr, expression
    for (int level = 0; level < 3 && node; ++level, node = node->parent) {
      if (node->children.size() != 1) return generic;
    }
    auto* quantifier = node ? dynamic_cast<EdictParser::QuantifierExprContext*>(node->parent) : nullptr;
    if (!quantifier || quantifier->expression().size() != 2 || quantifier->expression(1) != node) return generic;
    const std::string& text = fe_.file().text();
    Span whole = fe_.span_of(quantifier), cut = fe_.span_of(ctx->additive(1)), chain = fe_.span_of(ctx);
    std::string word = quantifier->quantifierWord() ? quantifier->quantifierWord()->getText() : "count";
    std::string fixed = "(" + text.substr(whole.begin, cut.end - whole.begin) + ")" +
                        text.substr(cut.end, chain.end - cut.end);
    if (fixed.size() > 80 || fixed.find('\n') != std::string::npos) {
      fixed = "(" + word + " x in xs : p) >= 1";
    }
    return "the condition after `:` runs to the end of the expression; to compare what `" + word +
           "` gives, close it in parentheses: `" + fixed + "`";
  }
  Built additive(EdictParser::AdditiveContext* ctx) { return chain(ctx, &Converter::multiplicative); }
  Built multiplicative(EdictParser::MultiplicativeContext* ctx) { return chain(ctx, &Converter::unary_expr); }
  Built unary_expr(EdictParser::UnaryContext* ctx) {
    Guard guard(*this);
    if (guard.too_deep()) return fail_too_deep(fe_.span_of(ctx));
    if (ctx->coalesce()) return chain(ctx->coalesce(), &Converter::postfix);
    if (!ctx->MINUS() || !ctx->unary()) return {};
    // `-9223372036854775808` is the one int whose digits alone do not fit.
    if (const Token* digits = plain_int(ctx->unary())) {
      LiteralError ignored;
      if (!decode_int(digits->getText(), false, &ignored)) {
        if (auto v = decode_int(digits->getText(), true, nullptr)) {
          Built b = make(Expr::Kind::kInt, fe_.span_of(ctx));
          b.expr->int_value = *v;
          b.expr->raw = "-" + digits->getText();
          return b;
        }
      }
    }
    return unary(UnaryOp::kNeg, ctx->MINUS()->getSymbol(), unary_expr(ctx->unary()));
  }
  // The INT token when `ctx` is nothing but an integer literal.
  static const Token* plain_int(EdictParser::UnaryContext* ctx) {
    auto* co = ctx->coalesce();
    if (!co || co->postfix().size() != 1 || !co->postfix(0)->postfixOp().empty()) return nullptr;
    auto* lit = dynamic_cast<EdictParser::LiteralExprContext*>(co->postfix(0)->primary());
    if (!lit || !lit->literal() || !lit->literal()->INT()) return nullptr;
    return lit->literal()->INT()->getSymbol();
  }

  Built postfix(EdictParser::PostfixContext* ctx) {
    if (!ctx->primary()) return {};
    Built acc = primary(ctx->primary());
    for (auto* op : ctx->postfixOp()) {
      if (!acc.expr) return {};
      Span span = fe_.join(full_span(acc), fe_.span_of(op));
      if (auto* m = dynamic_cast<EdictParser::MemberOpContext*>(op)) {
        if (!m->memberName()) return {};
        Built b = make(Expr::Kind::kMember, span);
        b.expr->text = m->memberName()->getText();
        b.expr->name_span = fe_.span_of(m->memberName());
        if (!adopt_depth(b, acc.depth)) return fail_too_deep(span);
        b.expr->lhs = std::move(acc.expr);
        acc = std::move(b);
      } else if (auto* ix = dynamic_cast<EdictParser::IndexOpContext*>(op)) {
        Built index = expr(ix->expression());
        if (!index.expr) return {};
        Built b = make(Expr::Kind::kIndex, span);
        if (!adopt_depth(b, std::max(acc.depth, index.depth))) return fail_too_deep(span);
        b.expr->lhs = std::move(acc.expr);
        b.expr->rhs = std::move(index.expr);
        acc = std::move(b);
      } else if (auto* call = dynamic_cast<EdictParser::CallOpContext*>(op)) {
        Built b = make(Expr::Kind::kCall, span);
        if (!adopt_depth(b, acc.depth) || !add_all(b, call->expression())) return b.expr ? fail_too_deep(span) : Built{};
        b.expr->lhs = std::move(acc.expr);
        acc = std::move(b);
      }
    }
    return acc;
  }

  // Converts `items` into parent.expr->args; false (parent emptied) if one failed.
  bool add_all(Built& parent, const std::vector<EdictParser::ExpressionContext*>& items) {
    for (auto* item : items) {
      Built b = expr(item);
      if (!b.expr || !adopt_depth(parent, b.depth)) {
        if (b.expr) fail_too_deep(b.expr->span);
        parent = {};
        return false;
      }
      parent.expr->args.push_back(std::move(b.expr));
    }
    return true;
  }

  Built primary(EdictParser::PrimaryContext* ctx) {
    Guard guard(*this);
    Span span = fe_.span_of(ctx);
    if (guard.too_deep()) return fail_too_deep(span);
    if (auto* c = dynamic_cast<EdictParser::LiteralExprContext*>(ctx)) return literal(c->literal());
    if (auto* c = dynamic_cast<EdictParser::NameExprContext*>(ctx); c && c->IDENT()) {
      Built b = make(Expr::Kind::kName, span);
      b.expr->text = c->IDENT()->getText();
      return b;
    }
    if (auto* c = dynamic_cast<EdictParser::ParenExprContext*>(ctx)) {
      Built b = expr(c->expression());
      if (b.expr) b.parens = span;
      return b;
    }
    if (auto* c = dynamic_cast<EdictParser::ListExprContext*>(ctx)) {
      Built b = make(Expr::Kind::kList, span);
      add_all(b, c->expression());
      return b;
    }
    if (auto* c = dynamic_cast<EdictParser::MapExprContext*>(ctx)) {
      Built b = make(Expr::Kind::kMap, span);
      for (auto* entry : c->mapEntry()) {
        Built value = expr(entry->expression());
        if (!value.expr) return {};
        if (!adopt_depth(b, value.depth)) return fail_too_deep(span);
        if (entry->STRING()) {
          LiteralError error;
          auto key = decode_string(entry->STRING()->getText(), &error);
          b.expr->keys.push_back(key.value_or(""));
          if (!key) report_literal(entry->STRING()->getSymbol(), error);
          b.expr->key_spans.push_back(fe_.span_of(entry->STRING()->getSymbol()));
        } else if (entry->memberName()) {
          b.expr->keys.push_back(entry->memberName()->getText());
          b.expr->key_spans.push_back(fe_.span_of(entry->memberName()));
        } else {
          return {};
        }
        b.expr->args.push_back(std::move(value.expr));
      }
      return b;
    }
    if (auto* c = dynamic_cast<EdictParser::QuantifierExprContext*>(ctx)) {
      if (!c->quantifierWord()) return {};
      Quantifier q = c->quantifierWord()->ALL() ? Quantifier::kAll
                     : c->quantifierWord()->ANY() ? Quantifier::kAny
                     : c->quantifierWord()->NONE() ? Quantifier::kNone : Quantifier::kCount;
      return quantifier(q, c->IDENT(), c->expression(), span);
    }
    if (auto* c = dynamic_cast<EdictParser::FilterExprContext*>(ctx)) {
      return quantifier(Quantifier::kFilter, c->IDENT(), c->expression(), span);
    }
    if (auto* c = dynamic_cast<EdictParser::IfExprContext*>(ctx)) {
      auto parts = c->expression();
      if (parts.size() != 3) return {};
      Built cond = expr(parts[0]), then_part = expr(parts[1]), else_part = expr(parts[2]);
      if (!cond.expr || !then_part.expr || !else_part.expr) return {};
      Built b = make(Expr::Kind::kIf, span);
      if (!adopt_depth(b, std::max({cond.depth, then_part.depth, else_part.depth}))) return fail_too_deep(span);
      b.expr->cond = std::move(cond.expr);
      b.expr->lhs = std::move(then_part.expr);
      b.expr->rhs = std::move(else_part.expr);
      return b;
    }
    return {};
  }

  Built quantifier(Quantifier q, antlr4::tree::TerminalNode* var, const std::vector<EdictParser::ExpressionContext*>& parts,
                   Span span) {
    if (!var || parts.size() != 2) return {};
    Built over = expr(parts[0]), pred = expr(parts[1]);
    if (!over.expr || !pred.expr) return {};
    Built b = make(Expr::Kind::kQuantifier, span);
    b.expr->quantifier = q;
    b.expr->text = var->getText();
    b.expr->name_span = fe_.span_of(var->getSymbol());
    if (!adopt_depth(b, std::max(over.depth, pred.depth))) return fail_too_deep(span);
    b.expr->lhs = std::move(over.expr);
    b.expr->rhs = std::move(pred.expr);
    return b;
  }

  void report_literal(const Token* t, const LiteralError& error) {
    Span token_span = fe_.span_of(t);
    uint32_t begin = token_span.begin + static_cast<uint32_t>(std::min<size_t>(error.offset, token_span.end - token_span.begin));
    uint32_t end = std::min<uint32_t>(token_span.end, begin + static_cast<uint32_t>(error.length));
    fe_.diags().error(error.code, fe_.span(begin, end), error.message, error.help);
  }

  Built literal(EdictParser::LiteralContext* ctx) {
    if (!ctx) return {};
    Span span = fe_.span_of(ctx);
    if (ctx->NULL_LIT()) return make(Expr::Kind::kNull, span);
    if (ctx->TRUE_LIT() || ctx->FALSE_LIT()) {
      Built b = make(Expr::Kind::kBool, span);
      b.expr->bool_value = ctx->TRUE_LIT() != nullptr;
      return b;
    }
    LiteralError error;
    if (ctx->INT()) {
      std::string raw = ctx->INT()->getText();
      auto v = decode_int(raw, false, &error);
      if (!v) {
        report_literal(ctx->INT()->getSymbol(), error);
        return {};
      }
      Built b = make(Expr::Kind::kInt, span);
      b.expr->int_value = *v;
      b.expr->raw = raw;
      return b;
    }
    if (ctx->FLOAT()) {
      std::string raw = ctx->FLOAT()->getText();
      auto v = decode_float(raw, &error);
      if (!v) {
        report_literal(ctx->FLOAT()->getSymbol(), error);
        return {};
      }
      Built b = make(Expr::Kind::kFloat, span);
      b.expr->float_value = *v;
      b.expr->raw = raw;
      return b;
    }
    if (ctx->VERSION()) {
      std::string raw = ctx->VERSION()->getText();
      auto v = decode_version(raw, &error);
      if (!v) {
        report_literal(ctx->VERSION()->getSymbol(), error);
        return {};
      }
      Built b = make(Expr::Kind::kVersion, span);
      b.expr->text = *v;
      b.expr->raw = raw;
      return b;
    }
    if (auto* s = ctx->stringLit()) {
      Token* t = s->getStart();
      std::string raw = t->getText();
      auto v = decode_string(raw, &error);
      if (!v) {
        report_literal(t, error);
        return {};
      }
      Built b = make(Expr::Kind::kString, span);
      b.expr->text = *v;
      b.expr->raw = raw;
      b.expr->triple_quoted = s->TRIPLE_STRING() != nullptr;
      return b;
    }
    return {};
  }

  DottedName dotted(EdictParser::DottedNameContext* ctx) {
    DottedName name;
    if (!ctx) return name;
    name.span = fe_.span_of(ctx);
    if (ctx->IDENT()) name.parts.push_back(ctx->IDENT()->getText());
    for (auto* part : ctx->memberName()) name.parts.push_back(part->getText());
    return name;
  }

  // The canonical spelling of a fact type (as type_to_string writes it).
  std::string type_text(EdictParser::TypeExprContext* ctx) {
    Guard guard(*this);
    if (!ctx || guard.too_deep()) return "";
    if (auto* c = dynamic_cast<EdictParser::NamedTypeContext*>(ctx)) {
      std::string out = c->getStart()->getText();
      auto args = c->typeExpr();
      if (!args.empty()) {
        out += "<";
        for (size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + type_text(args[i]);
        out += ">";
      }
      return out;
    }
    auto* c = dynamic_cast<EdictParser::RecordTypeContext*>(ctx);
    std::string out = "{";
    for (size_t i = 0; c && i < c->typeField().size(); ++i) {
      auto* field = c->typeField(i);
      std::string name = field->memberName() ? field->memberName()->getText()
                         : field->STRING() ? field->STRING()->getText() : "";
      out += (i ? ", " : "") + name + ": " + type_text(field->typeExpr());
    }
    return out + "}";
  }

  std::optional<Block> block(EdictParser::BlockContext* ctx, const Block* parent) {
    if (!ctx) return std::nullopt;
    Block b;
    b.is_policy = ctx->POLICY() != nullptr;
    b.span = fe_.span_of(ctx);
    const char* kind = b.is_policy ? "policy" : "rule";
    if (ctx->IDENT()) {
      b.name = ctx->IDENT()->getText();
      b.name_span = fe_.span_of(ctx->IDENT()->getSymbol());
    } else if (ctx->LBRACE() && !ctx->exception) {
      fe_.diags().error(codes::kMissingName, fe_.span_of(ctx->getStart()), std::string(kind) + " needs a name",
                        std::string("as in `") + kind + " esu \"A title\" { ... }`");
    }
    if (auto* title = ctx->stringLit()) {
      Token* t = title->getStart();
      LiteralError error;
      auto v = decode_string(t->getText(), &error);
      if (!v) report_literal(t, error);
      b.title = StringLiteral{v.value_or(""), t->getText(), title->TRIPLE_STRING() != nullptr, fe_.span_of(t)};
    }
    bool require_attempted = false;
    for (auto* clause : ctx->clause()) {
      if (auto* c = dynamic_cast<EdictParser::BlockClauseContext*>(clause)) {
        std::optional<Block> inner = block(c->block(), &b);
        if (!inner) continue;
        std::string here = std::string(kind) + (b.name.empty() ? "" : " `" + b.name + "`");
        std::string inner_label = std::string(inner->is_policy ? "policy" : "rule") +
                                  (inner->name.empty() ? "" : " `" + inner->name + "`");
        Span at = inner->name_span.valid() ? inner->name_span : inner->span;
        if (inner->is_policy) {
          fe_.diags().error(codes::kMisplacedClause, at, inner_label + " cannot be inside " + here,
                            "policies are top-level declarations; close " + here + " with `}` first");
        } else if (!b.is_policy) {
          fe_.diags().error(codes::kMisplacedClause, at, inner_label + " cannot be inside " + here,
                            "rules belong directly in a policy; close " + here + " with `}` first");
        } else {
          Clause rule;
          rule.kind = Clause::Kind::kRule;
          rule.span = inner->span;
          rule.rule = std::make_unique<Block>(std::move(*inner));
          b.clauses.push_back(std::move(rule));
        }
      } else if (auto* c = dynamic_cast<EdictParser::WordClauseContext*>(clause)) {
        if (!c->IDENT()) continue;
        std::string word = c->IDENT()->getText();
        Span word_span = fe_.span_of(c->IDENT()->getSymbol());
        if (word == "require") require_attempted = true;
        ExprPtr value;
        if (c->expression()) {
          value = expression(c->expression());
          if (!value) continue;  // already reported
        }
        // `require` with nothing after it swallows the next line's clause word as its
        // value (`require` / `when x`): treat that word as the next clause instead.
        if (value && value->kind == Expr::Kind::kName && is_clause_word(value->text) && value->span.line > word_span.line &&
            is_clause_word(word)) {
          Span next_span = value->span;
          std::string next_word = value->text;
          add_word_clause(b, word, word_span, nullptr, fe_.span(word_span.begin, word_span.end), fe_.diags());
          add_word_clause(b, next_word, next_span, nullptr, next_span, fe_.diags());
          continue;
        }
        add_word_clause(b, word, word_span, std::move(value), fe_.span_of(c), fe_.diags());
      }
    }
    (void)parent;
    check_block(b, require_attempted, fe_.diags());
    return b;
  }

  FrontEnd& fe_;
  uint32_t recursion_ = 0;
  bool reported_too_deep_ = false;
};

// Counts the file's tokens without keeping them (one at a time), then rewinds the lexer:
// the parse tree costs about 1 KB a token, so a file past ParseLimits::max_tokens is
// refused before ANTLR holds any of it.
bool within_token_limit(EdictLexer& lexer, FrontEnd& fe) {
  size_t count = 0;
  while (lexer.nextToken()->getType() != Token::EOF) {
    if (++count > fe.limits().max_tokens) {
      fe.diags().error(codes::kTooManyTokens, fe.span(0, 0),
                       "file is too large to parse: more than " + std::to_string(fe.limits().max_tokens) +
                           " tokens (the parser's limit, ParseLimits::max_tokens)",
                       "split it into several files; a long list belongs in a facts file or several `let`s");
      return false;
    }
  }
  lexer.reset();
  return true;
}

// Lexes, checks and parses the file, then runs `body` with the parser ready.
void run_parser(FrontEnd& fe, const std::function<void(EdictParser&, antlr4::CommonTokenStream&)>& body) {
  // ANTLR decodes UTF-8 itself (std::wstring_convert, which throws std::range_error):
  // text that bypassed add_source's check lands here. Only that conversion is caught as
  // "not UTF-8"; anything else, std::bad_alloc first, goes to the caller, which reports
  // an internal error and fails closed rather than blaming the file.
  antlr4::ANTLRInputStream input;
  try {
    input.load(fe.file().text());
  } catch (const std::range_error&) {
    fe.diags().error(codes::kNotUtf8, fe.span(0, 0), "source file could not be read as UTF-8 text",
                     "save the file as UTF-8");
    return;
  }
  try {
    std::shared_lock<std::shared_mutex> parsing(prediction_cache_mutex());
    EdictLexer lexer(&input);
    lexer.removeErrorListeners();
    if (!within_token_limit(lexer, fe)) return;
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();
    check_tokens(tokens, fe);
    if (!check_nesting(tokens, fe)) return;
    EdictParser parser(&tokens);
    parser.removeErrorListeners();
    parser.setErrorHandler(std::make_shared<ErrorStrategy>(fe));
    body(parser, tokens);
    parsing.unlock();
    trim_prediction_caches(parser, lexer, fe.limits().max_prediction_states);
  } catch (const TooManyErrors&) {
    // The cap was reached; what was reported stands.
  }
}

}  // namespace

Module parse_module(const SourceManager& sources, uint32_t file_id, DiagnosticSink& sink, const ParseLimits& limits) {
  Module module;
  module.file_id = file_id;
  const SourceFile* file = sources.get(file_id);
  if (!file) return module;
  FrontEnd fe(*file, file_id, limits);
  run_parser(fe, [&](EdictParser& parser, antlr4::CommonTokenStream& tokens) {
    collect_comments(tokens, fe, module);
    EdictParser::ModuleContext* tree = parser.module();
    Converter(fe).module(tree, module);
  });
  fe.diags().flush(sink);
  return module;
}

ExprPtr parse_expression(const SourceManager& sources, uint32_t file_id, DiagnosticSink& sink,
                         const ParseLimits& limits) {
  const SourceFile* file = sources.get(file_id);
  if (!file) return nullptr;
  FrontEnd fe(*file, file_id, limits);
  ExprPtr result;
  run_parser(fe, [&](EdictParser& parser, antlr4::CommonTokenStream&) {
    EdictParser::StandaloneExpressionContext* tree = parser.standaloneExpression();
    result = Converter(fe).expression(tree->expression());
  });
  size_t before = sink.error_count();
  fe.diags().flush(sink);
  if (sink.error_count() > before) return nullptr;
  return result;
}

}  // namespace edict::syntax
