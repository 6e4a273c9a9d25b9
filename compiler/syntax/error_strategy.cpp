// ANTLR's recognition errors as Edict diagnostics (E0101): what was expected, after
// what, and which bracket or block is still open. The recovery itself stays ANTLR's
// (single-token insertion/deletion, then resynchronisation).
#include "compiler/syntax/codes.h"
#include "compiler/syntax/front_end.h"

namespace edict::syntax::internal {
namespace {

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

}  // namespace

std::shared_ptr<antlr4::ANTLRErrorStrategy> make_error_strategy(FrontEnd& fe) {
  return std::make_shared<ErrorStrategy>(fe);
}

}  // namespace edict::syntax::internal
