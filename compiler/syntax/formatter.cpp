// The canonical formatter; see formatter.h and docs/language.md for the layout rules.
#include "compiler/syntax/formatter.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "compiler/syntax/literals.h"

namespace edict::syntax {
namespace {

constexpr const char* kIndent = "  ";

// Binding strength, loosest first, as the numbered list in docs/language.md. `if` and
// the quantifiers are atoms that reach as far right as they can: they need parentheses
// unless nothing follows them (see `open_right`).
enum Prec : int {
  kPrecReaching = 1, kPrecOr, kPrecAnd, kPrecNot, kPrecCompare, kPrecAdd, kPrecMul, kPrecNeg,
  kPrecCoalesce, kPrecPostfix, kPrecAtom,
};

int precedence_of(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return kPrecOr;
    case BinaryOp::kAnd: return kPrecAnd;
    case BinaryOp::kAdd: case BinaryOp::kSub: return kPrecAdd;
    case BinaryOp::kMul: case BinaryOp::kDiv: case BinaryOp::kMod: return kPrecMul;
    case BinaryOp::kCoalesce: return kPrecCoalesce;
    default: return kPrecCompare;
  }
}

int precedence_of(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kIf: return kPrecReaching;
    case Expr::Kind::kQuantifier: return e.quantifier == Quantifier::kFilter ? kPrecAtom : kPrecReaching;
    case Expr::Kind::kUnary: return e.unary_op == UnaryOp::kNot ? kPrecNot : kPrecNeg;
    case Expr::Kind::kBinary: return precedence_of(e.binary_op);
    case Expr::Kind::kMember: case Expr::Kind::kIndex: case Expr::Kind::kCall: return kPrecPostfix;
    case Expr::Kind::kInt: return !e.raw.empty() && e.raw[0] == '-' ? kPrecNeg : kPrecAtom;
    default: return kPrecAtom;
  }
}

bool is_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else out += c;
  }
  return out + "\"";
}

// A string literal from its raw spelling; `"""` blocks that start with a line break are
// re-indented one level below `indent`, which leaves their value unchanged.
std::string format_string(const std::string& raw, bool triple, const std::string& indent) {
  if (!triple) return raw;
  TripleQuotedLayout layout = layout_triple_quoted(raw);
  if (!layout.leading_break) return raw;
  std::string inner = indent + kIndent;
  std::string out = "\"\"\"";
  for (const std::string& line : layout.lines) out += "\n" + (line.empty() ? "" : inner + line);
  if (layout.closing_on_own_line || layout.lines.empty()) out += "\n" + inner;
  return out + "\"\"\"";
}

class ExprPrinter {
 public:
  explicit ExprPrinter(const std::string& indent) : indent_(indent) {}

  // `open_right`: nothing follows this expression before the end of its statement or bracket.
  std::string print(const Expr* e, int min_prec, bool open_right) {
    if (!e) return "<error>";
    int prec = precedence_of(*e);
    bool parens = prec == kPrecReaching ? !open_right : prec < min_prec;
    std::string body = bare(*e, parens ? true : open_right);
    return parens ? "(" + body + ")" : body;
  }

 private:
  std::string list(const std::vector<ExprPtr>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + print(items[i].get(), 0, true);
    return out;
  }

  std::string bare(const Expr& e, bool open_right) {
    switch (e.kind) {
      case Expr::Kind::kNull: return "null";
      case Expr::Kind::kBool: return e.bool_value ? "true" : "false";
      case Expr::Kind::kInt:
      case Expr::Kind::kFloat:
      case Expr::Kind::kVersion: return e.raw;
      case Expr::Kind::kString: return format_string(e.raw, e.triple_quoted, indent_);
      case Expr::Kind::kName: return e.text;
      case Expr::Kind::kList: return "[" + list(e.args) + "]";
      case Expr::Kind::kMap: {
        std::string out = "{";
        for (size_t i = 0; i < e.args.size(); ++i) {
          const std::string& key = i < e.keys.size() ? e.keys[i] : "";
          out += (i ? ", " : "") + (is_identifier(key) ? key : quote(key)) + ": " + print(e.args[i].get(), 0, true);
        }
        return out + "}";
      }
      case Expr::Kind::kMember: return print(e.lhs.get(), kPrecPostfix, false) + "." + e.text;
      case Expr::Kind::kIndex: return print(e.lhs.get(), kPrecPostfix, false) + "[" + print(e.rhs.get(), 0, true) + "]";
      case Expr::Kind::kCall: return print(e.lhs.get(), kPrecPostfix, false) + "(" + list(e.args) + ")";
      case Expr::Kind::kUnary:
        if (e.unary_op == UnaryOp::kNot) return "not " + print(e.lhs.get(), kPrecNot, open_right);
        return "-" + print(e.lhs.get(), kPrecNeg, open_right);
      case Expr::Kind::kBinary: {
        int prec = precedence_of(e.binary_op);
        // Comparisons do not chain, so both of their operands bind tighter.
        int left = prec == kPrecCompare ? prec + 1 : prec;
        int right = prec == kPrecCoalesce ? kPrecPostfix : prec + 1;
        return print(e.lhs.get(), left, false) + " " + op_spelling(e.binary_op) + " " +
               print(e.rhs.get(), right, open_right);
      }
      case Expr::Kind::kIf:
        return "if " + print(e.cond.get(), 0, false) + " then " + print(e.lhs.get(), 0, false) + " else " +
               print(e.rhs.get(), 0, true);
      case Expr::Kind::kQuantifier: {
        std::string core = e.text + " in " + print(e.lhs.get(), 0, false) + " : " + print(e.rhs.get(), 0, true);
        if (e.quantifier == Quantifier::kFilter) return "[" + core + "]";
        return std::string(quantifier_spelling(e.quantifier)) + " " + core;
      }
    }
    return "<error>";
  }

  std::string indent_;
};

bool is_metadata(Clause::Kind kind) {
  return kind == Clause::Kind::kSeverity || kind == Clause::Kind::kEnforcement || kind == Clause::Kind::kTags ||
         kind == Clause::Kind::kRefs || kind == Clause::Kind::kDescription || kind == Clause::Kind::kRemediation;
}

const char* keyword_of(Clause::Kind kind) {
  switch (kind) {
    case Clause::Kind::kSeverity: return "severity";
    case Clause::Kind::kEnforcement: return "enforcement";
    case Clause::Kind::kTags: return "tags";
    case Clause::Kind::kRefs: return "refs";
    case Clause::Kind::kDescription: return "description";
    case Clause::Kind::kRemediation: return "remediation";
    case Clause::Kind::kWhen: return "when";
    case Clause::Kind::kRequire: return "require";
    case Clause::Kind::kRule: return "rule";
  }
  return "";
}

// Lays out declarations and clauses, threading the module's comments through by position.
class Layout {
 public:
  Layout(const Module& m, const SourceFile& file) : m_(m), file_(file) {}

  std::string run() {
    enum class Kind { kNone, kPackage, kImport, kLet, kDef, kFact, kOther };
    Kind prev = Kind::kNone;
    uint32_t prev_end = 0;
    auto separate = [&](Kind kind, uint32_t begin) {
      bool blank = true;
      if (prev == Kind::kNone) blank = false;
      else if (prev == Kind::kImport && kind == Kind::kImport) blank = false;
      // Runs of `let`s, `def`s or `fact`s keep the grouping the author chose.
      else if (prev == kind && kind != Kind::kOther) blank = blank_line_between(prev_end, begin);
      if (blank) out_ += "\n";
    };
    if (m_.package) {
      separate(Kind::kPackage, m_.package->span.begin);
      leaf(m_.package->span, "", "package " + m_.package->joined());
      prev = Kind::kPackage;
      prev_end = m_.package->span.end;
    }
    for (const Import& import : m_.imports) {
      separate(Kind::kImport, import.span.begin);
      leaf(import.span, "", "import " + import.module.joined() + (import.alias ? " as " + *import.alias : ""));
      prev = Kind::kImport;
      prev_end = import.span.end;
    }
    for (const Declaration& declaration : m_.declarations) {
      if (const auto* let = std::get_if<LetDecl>(&declaration)) {
        separate(Kind::kLet, let->span.begin);
        flush_comments(let->span.end, "");
        leaf(let->span, "", "let " + let->name + " = " + ExprPrinter("").print(let->value.get(), 0, true));
        prev = Kind::kLet;
        prev_end = let->span.end;
      } else if (const auto* def = std::get_if<DefDecl>(&declaration)) {
        separate(Kind::kDef, def->span.begin);
        std::string params;
        for (size_t i = 0; i < def->params.size(); ++i) params += (i ? ", " : "") + def->params[i];
        leaf(def->span, "", "def " + def->name + "(" + params + ") = " + ExprPrinter("").print(def->body.get(), 0, true));
        prev = Kind::kDef;
        prev_end = def->span.end;
      } else if (const auto* fact = std::get_if<FactDeclaration>(&declaration)) {
        separate(Kind::kFact, fact->span.begin);
        leaf(fact->span, "", "fact " + fact->path.joined() + ": " + fact->type_text);
        prev = Kind::kFact;
        prev_end = fact->span.end;
      } else if (const auto* block = std::get_if<Block>(&declaration)) {
        separate(Kind::kOther, block->span.begin);
        print_block(*block, "");
        prev = Kind::kOther;
        prev_end = block->span.end;
      }
    }
    if (next_ < m_.comments.size() && prev != Kind::kNone && blank_line_between(prev_end, m_.comments[next_].span.begin)) {
      out_ += "\n";
    }
    flush_comments(UINT32_MAX, "");
    return out_;
  }

 private:
  uint32_t line_of(uint32_t offset) const { return file_.line_column(offset).first; }

  bool blank_line_between(uint32_t a, uint32_t b) const {
    const std::string& text = file_.text();
    b = std::min<uint32_t>(b, static_cast<uint32_t>(text.size()));
    int newlines = 0;
    for (uint32_t i = a; i < b; ++i) {
      if (text[i] == '\n') {
        if (++newlines == 2) return true;
      } else if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r') {
        newlines = 0;
      }
    }
    return false;
  }

  // Emits, as own-line comments at `indent`, every comment that starts before `limit`:
  // comments above a statement and those from inside it, which move above it.
  void flush_comments(uint32_t limit, const std::string& indent) {
    const auto& comments = m_.comments;
    while (next_ < comments.size() && comments[next_].span.begin < limit) {
      const Comment& c = comments[next_++];
      out_ += indent + c.text + "\n";
      // A blank line after a comment (a file header, say) is kept.
      uint32_t following = next_ < comments.size() && comments[next_].span.begin < limit ? comments[next_].span.begin : limit;
      if (following != UINT32_MAX && blank_line_between(c.span.end, following)) out_ += "\n";
    }
  }

  // Ends the current output line, with the trailing comment that sat after `end` on its line.
  void end_line(uint32_t end, uint32_t limit = UINT32_MAX) {
    const auto& comments = m_.comments;
    if (next_ < comments.size() && !comments[next_].own_line && comments[next_].span.begin < limit &&
        line_of(comments[next_].span.begin) == line_of(end > 0 ? end - 1 : 0)) {
      out_ += "  " + comments[next_++].text;
    }
    out_ += "\n";
  }

  void leaf(Span span, const std::string& indent, const std::string& text) {
    flush_comments(span.end, indent);
    out_ += indent + text;
    end_line(span.end);
  }

  void print_block(const Block& block, const std::string& indent) {
    flush_comments(block.span.begin, indent);
    out_ += indent + (block.is_policy ? "policy " : "rule ") + block.name;
    if (block.title) out_ += " " + format_string(block.title->raw, block.title->triple_quoted, indent);
    out_ += " {";
    uint32_t first = block.clauses.empty() ? block.span.end : block.clauses[0].span.begin;
    end_line(block.span.begin + 1, first);  // the header line
    std::string inner = indent + kIndent;
    const auto& clauses = block.clauses;
    for (size_t i = 0; i < clauses.size(); ++i) {
      const Clause& clause = clauses[i];
      if (i > 0 && (clause.kind == Clause::Kind::kRule || clauses[i - 1].kind == Clause::Kind::kRule)) out_ += "\n";
      if (clause.kind == Clause::Kind::kRule) {
        if (clause.rule) print_block(*clause.rule, inner);
        continue;
      }
      std::string keyword = keyword_of(clause.kind);
      size_t width = metadata_width(clauses, i);
      if (width > keyword.size()) keyword += std::string(width - keyword.size(), ' ');
      leaf(clause.span, inner, keyword + " " + clause_value(clause, inner));
    }
    flush_comments(block.span.end, inner);
    out_ += indent + "}";
    end_line(block.span.end);
  }

  bool own_line_comment_between(uint32_t a, uint32_t b) const {
    // INVARIANT: module comments are in source order, so a binary search finds the first.
    auto it = std::lower_bound(m_.comments.begin(), m_.comments.end(), a,
                               [](const Comment& c, uint32_t offset) { return c.span.begin < offset; });
    for (; it != m_.comments.end() && it->span.begin < b; ++it) {
      if (it->own_line) return true;
    }
    return false;
  }

  // Runs of two or more adjacent metadata clauses align their values, as in the
  // language page's example; a comment line between two clauses ends a run.
  size_t metadata_width(const std::vector<Clause>& clauses, size_t i) const {
    if (!is_metadata(clauses[i].kind)) return 0;
    size_t begin = i, end = i + 1;
    while (begin > 0 && is_metadata(clauses[begin - 1].kind) &&
           !own_line_comment_between(clauses[begin - 1].span.end, clauses[begin].span.begin)) {
      --begin;
    }
    while (end < clauses.size() && is_metadata(clauses[end].kind) &&
           !own_line_comment_between(clauses[end - 1].span.end, clauses[end].span.begin)) {
      ++end;
    }
    if (end - begin < 2) return 0;
    size_t width = 0;
    for (size_t k = begin; k < end; ++k) width = std::max(width, std::string(keyword_of(clauses[k].kind)).size());
    return width;
  }

  std::string clause_value(const Clause& clause, const std::string& indent) const {
    switch (clause.kind) {
      case Clause::Kind::kSeverity:
      case Clause::Kind::kEnforcement: return clause.word;
      case Clause::Kind::kTags:
      case Clause::Kind::kRefs: {
        std::string out = "[";
        for (size_t i = 0; i < clause.strings.size(); ++i) {
          out += (i ? ", " : "") + format_string(clause.strings[i].raw, clause.strings[i].triple_quoted, indent);
        }
        return out + "]";
      }
      case Clause::Kind::kDescription:
      case Clause::Kind::kRemediation: return format_string(clause.text.raw, clause.text.triple_quoted, indent);
      default: return ExprPrinter(indent).print(clause.expr.get(), 0, true);
    }
  }

  const Module& m_;
  const SourceFile& file_;
  size_t next_ = 0;
  std::string out_;
};

}  // namespace

std::string format_expr(const Expr& e, const std::string& indent) {
  return ExprPrinter(indent).print(&e, 0, true);
}

std::string format_module(const Module& m, const SourceFile& file) {
  return Layout(m, file).run();
}

}  // namespace edict::syntax
