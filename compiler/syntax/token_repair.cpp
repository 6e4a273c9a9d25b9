// The token passes that run before ANTLR's parser (see front_end.h): error tokens from
// the lexer and the habits other languages bring (`&&`, `=` in a comparison, `'text'`)
// become one diagnostic each and are repaired in place so the parse goes on; the token
// limit; and the nesting pre-pass that keeps ANTLR's recursion bounded.
#include <array>

#include "compiler/syntax/clauses.h"
#include "compiler/syntax/codes.h"
#include "compiler/syntax/front_end.h"

namespace edict::syntax::internal {
namespace {

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
  // Only these two types can need it. The text is asked for no sooner: a token's
  // getText() converts its UTF-32 slice of the input back to UTF-8, and doing that for
  // every token of every file was 6% of a compile.
  if (token->getType() != EdictLexer::SINGLE_QUOTED && token->getType() != EdictLexer::ERROR_CHAR) return false;
  std::string text = token->getText();
  if (token->getType() == EdictLexer::SINGLE_QUOTED) {
    std::string fixed = as_double_quoted(text);
    fe.diags().error(codes::kSingleQuotedString, fe.span_of(token), "strings use double quotes, not `'`",
                     fixed.size() <= 40 ? "write `" + fixed + "`" : "write the string between `\"` and `\"`");
    token->setType(EdictLexer::STRING);
    fe.rewrite_text(token, fixed);
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
  fe.rewrite_text(token, "==");
}

}  // namespace

// Reports error tokens from the lexer and repairs them so the parser can go on:
// an unterminated string becomes a string, a stray character is hidden, `&&`, `=` and
// `'text'` become what they meant.
void check_tokens(antlr4::CommonTokenStream& tokens, FrontEnd& fe) {
  const std::vector<Token*>& all = tokens.getTokens();
  AssignmentHeads heads;
  const Token* prev = nullptr;
  const Token* before_prev = nullptr;
  // Every token is a CommonToken: FastLexer makes them with CommonTokenFactory (a
  // dynamic_cast per token was 3 % of a compile).
  for (size_t i = 0; i < all.size(); ++i) {
    auto* token = static_cast<antlr4::CommonToken*>(all[i]);
    auto* next = i + 1 < all.size() ? static_cast<antlr4::CommonToken*>(all[i + 1]) : nullptr;
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
        fe.rewrite_text(token, text + "\"");
        break;
      }
      case EdictLexer::UNTERMINATED_TRIPLE: {
        Span span = fe.span_of(token);
        span.end = span.begin + 3;
        fe.diags().error(codes::kUnterminatedTriple, span, "unterminated triple-quoted string",
                         "close it with `\"\"\"`");
        token->setType(EdictLexer::TRIPLE_STRING);
        fe.rewrite_text(token, token->getText() + "\"\"\"");
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

// The operator a token spells in a binary position, from binary_ops.h's token column
// (`not in` is two tokens: the comparison rule builds it).
std::optional<BinaryOp> binary_op_of(size_t type) {
#define TOKEN(name) static_cast<size_t>(EdictLexer::name)
#define NO_TOKEN static_cast<size_t>(Token::INVALID_TYPE)
  static constexpr std::pair<size_t, BinaryOp> kByToken[] = {
#define EDICT_BINARY_OP_TOKEN(op, spelling, precedence, token, opcode) {token, BinaryOp::op},
      EDICT_BINARY_OPS(EDICT_BINARY_OP_TOKEN)
#undef EDICT_BINARY_OP_TOKEN
  };
#undef TOKEN
#undef NO_TOKEN
  if (type == Token::INVALID_TYPE) return std::nullopt;
  for (const auto& [token, op] : kByToken) {
    if (token == type) return op;
  }
  return std::nullopt;
}

namespace {

// The precedence of a binary operator token, or 0 for any other token (and for a
// prefix `-`, told apart by `prev_type`).
int binary_level(size_t type, size_t prev_type) {
  if (type == EdictLexer::MINUS && !ends_operand(prev_type)) return 0;
  std::optional<BinaryOp> op = binary_op_of(type);
  return op ? precedence_of(*op) : 0;
}
constexpr int kBinaryLevels = kPrecAtom + 1;

// Tokens that neither break an operator chain nor are operators: operands and brackets
// (what is inside is counted at its own level), member access, prefix `not`/`-`, and the
// `not` of `not in`.
bool inside_chain(size_t type) {
  return ends_operand(type) || type == EdictLexer::LPAREN || type == EdictLexer::LBRACK ||
         type == EdictLexer::LBRACE || type == EdictLexer::DOT || type == EdictLexer::NOT ||
         type == EdictLexer::MINUS;
}

}  // namespace

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
    int level = after_dot ? 0 : binary_level(type, prev_type);
    if (level > 0) {
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

// Lexes the whole file into `tokens` in one pass, stopping past ParseLimits::max_tokens:
// the parse tree costs about 1 KB a token, so a file past the limit is refused before
// ANTLR parses any of it; the tokens themselves (about a tenth of that) are held only
// up to the limit. (An earlier version lexed twice, counting first: a third of a cold
// compile's instructions.)
bool fill_within_token_limit(BoundedTokenStream& tokens, FrontEnd& fe) {
  if (tokens.fill_up_to(fe.limits().max_tokens)) return true;
  fe.diags().error(codes::kTooManyTokens, fe.span(0, 0),
                   "file is too large to parse: more than " + std::to_string(fe.limits().max_tokens) +
                       " tokens (the parser's limit, ParseLimits::max_tokens)",
                   "split it into several files; a long list belongs in a facts file or several `let`s");
  return false;
}

}  // namespace edict::syntax::internal
