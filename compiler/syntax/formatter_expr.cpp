// Expression layout for `edict fmt`: flat text when it fits, otherwise the line breaks
// of docs/language.md ("Canonical form"). Called by formatter.cpp per statement.
#include "compiler/syntax/formatter_expr.h"

#include <algorithm>
#include <cctype>

#include "compiler/syntax/literals.h"
#include "runtime/string_codec.h"

namespace edict::syntax::fmt {
namespace {

constexpr const char* kIndent = "  ";

// Binding strength: Precedence (ast.h); `if` and the quantifiers need parentheses
// unless nothing follows them (see `open_right`).

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

std::string map_key(const std::string& key) { return is_identifier(key) ? key : encode_string(key); }

bool is_bracket(const Expr& e) {
  return e.kind == Expr::Kind::kList || e.kind == Expr::Kind::kMap || e.kind == Expr::Kind::kCall;
}

// Chains break before each operator when they do not fit: `and`, `or`, and the additive
// level (`+` and `-`, which mix in one left-associative chain).
bool is_chain(const Expr& e) {
  return e.kind == Expr::Kind::kBinary && (e.binary_op == BinaryOp::kAnd || e.binary_op == BinaryOp::kOr ||
                                           precedence_of(e.binary_op) == kPrecAdd);
}

// Whether `node` continues the chain that `top` heads: `and` and `or` chain only with
// themselves, the additive operators with each other.
bool same_chain(const Expr& top, const Expr* node) {
  if (!node || node->kind != Expr::Kind::kBinary) return false;
  if (top.binary_op == BinaryOp::kAnd || top.binary_op == BinaryOp::kOr) return node->binary_op == top.binary_op;
  return precedence_of(node->binary_op) == precedence_of(top.binary_op);
}

// A chain's operands left to right, each with the operator before it (ops[0] unused).
// The parser builds `a and b and c` as ((a and b) and c): walk down the left side.
void flatten_chain(const Expr& e, std::vector<const Expr*>& operands, std::vector<BinaryOp>& ops) {
  const Expr* node = &e;
  while (same_chain(e, node)) {
    operands.push_back(node->rhs.get());
    ops.push_back(node->binary_op);
    node = node->lhs.get();
  }
  operands.push_back(node);
  ops.push_back(e.binary_op);
  std::reverse(operands.begin(), operands.end());
  std::reverse(ops.begin(), ops.end());
}

// Claims the comments between a chain's operands (those inside an operand stay for the
// operand's own brackets and chains, or unclaimed).
void claim_chain(const Expr& e, const std::vector<const Expr*>& operands, const std::vector<Comment>& comments,
                 std::vector<bool>& used, ExprNotes& notes) {
  auto it = std::lower_bound(comments.begin(), comments.end(), e.span.begin,
                             [](const Comment& c, uint32_t offset) { return c.span.begin < offset; });
  for (; it != comments.end() && it->span.begin < e.span.end; ++it) {
    size_t k = static_cast<size_t>(it - comments.begin());
    if (used[k]) continue;
    uint32_t at = it->span.begin;
    size_t gap = 0;
    bool inside = false;
    for (size_t i = 0; i < operands.size(); ++i) {
      if (!operands[i]) continue;
      if (operands[i]->span.begin <= at && at < operands[i]->span.end) inside = true;
      if (operands[i]->span.begin <= at) gap = i + 1;
    }
    if (inside || gap == 0 || gap >= operands.size()) continue;
    used[k] = true;
    ChainComments& cc = notes.chain_comments[&e];
    if (!it->own_line && !cc.trailing.count(gap) && !cc.leading.count(gap)) {
      cc.trailing[gap] = &*it;
    } else {
      cc.leading[gap].push_back(&*it);
    }
  }
}

// The spans of a bracket's elements (a map entry runs from its key to its value).
std::vector<Span> element_spans(const Expr& e) {
  std::vector<Span> spans;
  for (size_t i = 0; i < e.args.size(); ++i) {
    if (!e.args[i]) continue;
    Span s = e.args[i]->span;
    if (e.kind == Expr::Kind::kMap && i < e.key_spans.size()) s.begin = std::min(s.begin, e.key_spans[i].begin);
    spans.push_back(s);
  }
  return spans;
}

// Offset just inside the opening bracket; the closing bracket is the span's last byte.
uint32_t open_of(const Expr& e) { return e.kind == Expr::Kind::kCall && e.lhs ? e.lhs->span.end : e.span.begin; }

// A `,` between the last element and the closing bracket (skipping white space,
// comments and a parenthesised element's `)`).
bool has_trailing_comma(const Expr& e, const std::vector<Span>& spans, const std::string& text) {
  if (spans.empty() || e.span.end == 0 || e.span.end > text.size()) return false;
  for (uint32_t i = spans.back().end; i + 1 < e.span.end; ++i) {
    if (text[i] == ',') return true;
    if (text[i] == '#') {
      while (i + 1 < e.span.end && text[i] != '\n') ++i;
    }
  }
  return false;
}

void claim(const Expr& e, const std::vector<Comment>& comments, std::vector<bool>& used, ExprNotes& notes) {
  std::vector<Span> spans = element_spans(e);
  uint32_t open = open_of(e), close = e.span.end > 0 ? e.span.end - 1 : 0;
  auto it = std::lower_bound(comments.begin(), comments.end(), open,
                             [](const Comment& c, uint32_t offset) { return c.span.begin < offset; });
  for (; it != comments.end() && it->span.begin < close; ++it) {
    size_t k = static_cast<size_t>(it - comments.begin());
    if (used[k]) continue;
    used[k] = true;
    BracketComments& bc = notes.comments[&e];
    const Comment* c = &*it;
    uint32_t at = c->span.begin;
    // Inside an element (a multi-line operand, say): on its own line before that element.
    auto inside = std::find_if(spans.begin(), spans.end(), [&](const Span& s) { return s.begin <= at && at < s.end; });
    if (inside != spans.end()) {
      bc.leading[static_cast<size_t>(inside - spans.begin())].push_back(c);
      continue;
    }
    size_t next = static_cast<size_t>(std::find_if(spans.begin(), spans.end(), [&](const Span& s) { return s.begin > at; }) -
                                      spans.begin());
    if (!c->own_line) {
      if (next == 0) {
        bc.after_open.push_back(c);
        continue;
      }
      if (!bc.trailing.count(next - 1)) {
        bc.trailing[next - 1] = c;
        continue;
      }
      // A second trailing comment after the same element (only after a lone `,` line)
      // goes on its own line below it.
    }
    if (next < spans.size()) bc.leading[next].push_back(c);
    else bc.before_close.push_back(c);
  }
}

size_t width_of(const std::string& s, size_t from, size_t to) {
  size_t n = 0;
  for (size_t i = from; i < to; ++i) n += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  return n;
}

// Where a line-broken `and`/`or` chain's continuation lines go: `indent` is the line
// the chain starts on; `cont` the indentation of its continuation lines.
struct Ctx {
  std::string indent;
  std::string cont;
  size_t column = 0;
  size_t tail = 0;
};

class Printer {
 public:
  explicit Printer(const ExprNotes* notes) : notes_(notes) {}

  // `open_right`: nothing follows this expression before the end of its statement or bracket.
  std::string print(const Expr* e, int min_prec, bool open_right, Ctx c) {
    if (!e) return "<error>";
    int prec = precedence_of(*e);
    bool parens = prec == kPrecReaching ? !open_right : prec < min_prec;
    if (!parens) return broken(*e, open_right, c);
    c.column += 1;
    c.tail += 1;
    return "(" + broken(*e, true, c) + ")";
  }

 private:
  // Flat text of `e` (one line unless a `"""` string spans several), at line indent `indent`.
  std::string flat(const Expr* e, int min_prec, bool open_right, const std::string& indent) {
    if (!e) return "<error>";
    int prec = precedence_of(*e);
    bool parens = prec == kPrecReaching ? !open_right : prec < min_prec;
    std::string body = flat_bare(*e, parens ? true : open_right, indent);
    return parens ? "(" + body + ")" : body;
  }

  std::string flat_list(const std::vector<ExprPtr>& items, const std::string& indent) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + flat(items[i].get(), 0, true, indent);
    return out;
  }

  std::string flat_bare(const Expr& e, bool open_right, const std::string& indent) {
    switch (e.kind) {
      case Expr::Kind::kNull: return "null";
      case Expr::Kind::kBool: return e.bool_value ? "true" : "false";
      case Expr::Kind::kInt:
      case Expr::Kind::kFloat:
      case Expr::Kind::kVersion: return e.raw;
      case Expr::Kind::kString: return format_string(e.raw, e.triple_quoted, indent);
      case Expr::Kind::kName: return e.name;
      case Expr::Kind::kList: return "[" + flat_list(e.args, indent) + "]";
      case Expr::Kind::kMap: {
        std::string out = "{";
        for (size_t i = 0; i < e.args.size(); ++i) {
          const std::string& key = i < e.keys.size() ? e.keys[i] : "";
          out += (i ? ", " : "") + map_key(key) + ": " + flat(e.args[i].get(), 0, true, indent);
        }
        return out + "}";
      }
      case Expr::Kind::kMember: return flat(e.lhs.get(), kPrecPostfix, false, indent) + "." + e.name;
      case Expr::Kind::kIndex:
        return flat(e.lhs.get(), kPrecPostfix, false, indent) + "[" + flat(e.rhs.get(), 0, true, indent) + "]";
      case Expr::Kind::kCall: return flat(e.lhs.get(), kPrecPostfix, false, indent) + "(" + flat_list(e.args, indent) + ")";
      case Expr::Kind::kUnary:
        if (e.unary_op == UnaryOp::kNot) return "not " + flat(e.lhs.get(), kPrecNot, open_right, indent);
        return "-" + flat(e.lhs.get(), kPrecNeg, open_right, indent);
      case Expr::Kind::kBinary: {
        auto [left, right] = operand_precs(e.binary_op);
        return flat(e.lhs.get(), left, false, indent) + " " + op_spelling(e.binary_op) + " " +
               flat(e.rhs.get(), right, open_right, indent);
      }
      case Expr::Kind::kIf:
        return "if " + flat(e.cond.get(), 0, false, indent) + " then " + flat(e.then_branch.get(), 0, false, indent) +
               " else " + flat(e.else_branch.get(), 0, true, indent);
      case Expr::Kind::kQuantifier: {
        std::string core = e.bound_name + " in " + flat(e.lhs.get(), 0, false, indent) + " : " + flat(e.rhs.get(), 0, true, indent);
        if (e.quantifier == Quantifier::kFilter) return "[" + core + "]";
        return std::string(quantifier_spelling(e.quantifier)) + " " + core;
      }
    }
    return "<error>";
  }

  static std::pair<int, int> operand_precs(BinaryOp op) {
    int prec = precedence_of(op);
    // Comparisons do not chain, so both of their operands bind tighter.
    int left = prec == kPrecCompare ? prec + 1 : prec;
    int right = prec == kPrecCoalesce ? kPrecPostfix : prec + 1;
    return {left, right};
  }

  // True when `e` or something inside it must be written on several lines: a bracket
  // with a comment or a trailing comma in the source.
  bool forced(const Expr* e) {
    if (!e || !notes_) return false;
    auto memo = forced_.find(e);
    if (memo != forced_.end()) return memo->second;
    bool f = notes_->magic_comma.count(e) || notes_->comments.count(e) || notes_->chain_comments.count(e);
    for_each_child(*e, [&](const Expr& child) { f = f || forced(&child); });
    forced_[e] = f;
    return f;
  }

  bool fits(const std::string& text, const Ctx& c) const {
    size_t nl = text.find('\n');
    size_t width = c.column + width_of(text, 0, nl == std::string::npos ? text.size() : nl);
    return width + (nl == std::string::npos ? c.tail : 0) <= kLineWidth;
  }

  static Ctx after(const Ctx& c, const std::string& printed, size_t extra, size_t tail) {
    Ctx next = c;
    size_t nl = printed.rfind('\n');
    next.column = (nl == std::string::npos ? c.column + width_of(printed, 0, printed.size()) : last_line_width(printed)) + extra;
    next.tail = tail;
    return next;
  }

  std::string broken(const Expr& e, bool open_right, const Ctx& c) {
    std::string one_line = flat_bare(e, open_right, c.indent);
    if (!forced(&e) && fits(one_line, c)) return one_line;
    switch (e.kind) {
      case Expr::Kind::kList: return "[" + elements(e, c) + "]";
      case Expr::Kind::kMap: return "{" + elements(e, c) + "}";
      case Expr::Kind::kCall: {
        std::string callee = print(e.lhs.get(), kPrecPostfix, false, after(c, "", 0, 1));
        return callee + "(" + elements(e, c) + ")";
      }
      case Expr::Kind::kMember: {
        return print(e.lhs.get(), kPrecPostfix, false, after(c, "", 0, 1 + e.name.size() + c.tail)) + "." + e.name;
      }
      case Expr::Kind::kIndex: {
        std::string base = print(e.lhs.get(), kPrecPostfix, false, after(c, "", 0, 0));
        return base + "[" + print(e.rhs.get(), 0, true, after(c, base, 1, 1 + c.tail)) + "]";
      }
      case Expr::Kind::kUnary: {
        std::string op = e.unary_op == UnaryOp::kNot ? "not " : "-";
        return op + print(e.lhs.get(), e.unary_op == UnaryOp::kNot ? kPrecNot : kPrecNeg, open_right,
                          after(c, op, 0, c.tail));
      }
      case Expr::Kind::kBinary: {
        if (is_chain(e)) return chain(e, open_right, c);
        auto [left, right] = operand_precs(e.binary_op);
        std::string op = std::string(" ") + op_spelling(e.binary_op) + " ";
        std::string l = print(e.lhs.get(), left, false, after(c, "", 0, 0));
        return l + op + print(e.rhs.get(), right, open_right, after(c, l + op, 0, c.tail));
      }
      case Expr::Kind::kIf: return if_chain(e, c);
      case Expr::Kind::kQuantifier: {
        bool filter = e.quantifier == Quantifier::kFilter;
        std::string out = filter ? "[" : std::string(quantifier_spelling(e.quantifier)) + " ";
        out += e.bound_name + " in ";
        out += print(e.lhs.get(), 0, false, after(c, out, 0, 0));
        out += " : ";
        out += print(e.rhs.get(), 0, true, after(c, out, 0, c.tail + (filter ? 1 : 0)));
        return filter ? out + "]" : out;
      }
      default: return one_line;
    }
  }

  // `if a then x else if b then y else z` broken before each `else`, continuation lines
  // as for an `and` chain.
  std::string if_chain(const Expr& e, const Ctx& c) {
    std::string deeper = c.cont + kIndent;
    Ctx first{c.indent, deeper, c.column, 0};
    std::string out;
    const Expr* node = &e;
    bool head = true;
    while (node && node->kind == Expr::Kind::kIf) {
      Ctx line = head ? first : Ctx{c.cont, deeper, c.cont.size(), 0};
      std::string seg = head ? "if " : "else if ";
      seg += print(node->cond.get(), 0, false, after(line, seg, 0, 0));
      std::string then = " then " + flat(node->then_branch.get(), 0, false, c.cont);
      if (forced(node->then_branch.get()) || !fits(then, after(line, seg, 0, 0))) {
        // `then` too moves to a continuation line when the pair does not fit.
        then = "\n" + c.cont + "then ";
        then += print(node->then_branch.get(), 0, false, Ctx{c.cont, deeper, c.cont.size() + 5, 0});
      }
      seg += then;
      out += head ? seg : "\n" + c.cont + seg;
      head = false;
      node = node->else_branch.get();
    }
    Ctx line{c.cont, deeper, c.cont.size() + 5, c.tail};
    return out + "\n" + c.cont + "else " + print(node, 0, true, line);
  }

  // `a and b and c` broken before each operator: the first operand stays on the line,
  // each further one starts a continuation line `cont + op + " "`. A chain inside an
  // operand breaks one level deeper still. Comments between two operands stay there:
  // at the end of the earlier operand's line, or on their own lines before the later.
  std::string chain(const Expr& e, bool open_right, const Ctx& c) {
    std::vector<const Expr*> operands;
    std::vector<BinaryOp> ops;
    flatten_chain(e, operands, ops);
    static const ChainComments kNone;
    const ChainComments* cc = &kNone;
    if (notes_) {
      auto it = notes_->chain_comments.find(&e);
      if (it != notes_->chain_comments.end()) cc = &it->second;
    }
    int prec = precedence_of(e.binary_op);
    std::string deeper = c.cont + kIndent;
    Ctx first = c;
    first.cont = deeper;
    first.tail = 0;
    std::string out = print(operands[0], prec, false, first);
    for (size_t i = 1; i < operands.size(); ++i) {
      if (auto trail = cc->trailing.find(i); trail != cc->trailing.end()) out += "  " + trail->second->text;
      if (auto lead = cc->leading.find(i); lead != cc->leading.end()) {
        for (const Comment* k : lead->second) out += "\n" + c.cont + k->text;
      }
      bool last = i + 1 == operands.size();
      std::string op = op_spelling(ops[i]);
      Ctx line{c.cont, deeper, c.cont.size() + op.size() + 1, last ? c.tail : 0};
      out += "\n" + c.cont + op + " " + print(operands[i], prec + 1, last && open_right, line);
    }
    return out;
  }

  // The inside of a broken bracket: one element per line two spaces deeper, each with
  // a trailing comma and its comments; the closing bracket back at the line's indentation.
  std::string elements(const Expr& e, const Ctx& c) {
    static const BracketComments kNone;
    const BracketComments* bc = &kNone;
    if (notes_) {
      auto it = notes_->comments.find(&e);
      if (it != notes_->comments.end()) bc = &it->second;
    }
    std::string inner = c.indent + kIndent;
    std::string out;
    for (const Comment* k : bc->after_open) out += "  " + k->text;
    out += "\n";
    for (size_t i = 0; i < e.args.size(); ++i) {
      if (auto lead = bc->leading.find(i); lead != bc->leading.end()) {
        for (const Comment* k : lead->second) out += inner + k->text + "\n";
      }
      std::string prefix;
      if (e.kind == Expr::Kind::kMap) prefix = map_key(i < e.keys.size() ? e.keys[i] : "") + ": ";
      Ctx line{inner, inner + kIndent, inner.size() + width_of(prefix, 0, prefix.size()), 1};
      out += inner + prefix + print(e.args[i].get(), 0, true, line) + ",";
      if (auto trail = bc->trailing.find(i); trail != bc->trailing.end()) out += "  " + trail->second->text;
      out += "\n";
    }
    for (const Comment* k : bc->before_close) out += inner + k->text + "\n";
    return out + c.indent;
  }

  const ExprNotes* notes_;
  std::map<const Expr*, bool> forced_;
};

}  // namespace

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

size_t last_line_width(const std::string& s) {
  size_t nl = s.rfind('\n');
  return width_of(s, nl == std::string::npos ? 0 : nl + 1, s.size());
}

void collect_notes(const Expr& e, const std::vector<Comment>& comments, std::vector<bool>& used,
                   const std::string& source, ExprNotes& notes) {
  if (is_chain(e)) {
    // The operands, not the chain's inner nodes: the chain as a whole owns its gaps.
    std::vector<const Expr*> operands;
    std::vector<BinaryOp> ops;
    flatten_chain(e, operands, ops);
    for (const Expr* operand : operands) {
      if (operand) collect_notes(*operand, comments, used, source, notes);
    }
    claim_chain(e, operands, comments, used, notes);
    return;
  }
  for_each_child(e, [&](const Expr& child) { collect_notes(child, comments, used, source, notes); });
  if (!is_bracket(e)) return;
  if (has_trailing_comma(e, element_spans(e), source)) notes.magic_comma.insert(&e);
  claim(e, comments, used, notes);
}

std::string layout_expr(const Expr& e, const Place& place, const ExprNotes* notes) {
  Ctx c{place.indent, place.indent + kIndent, place.column, place.tail};
  return Printer(notes).print(&e, 0, true, c);
}

}  // namespace edict::syntax::fmt
