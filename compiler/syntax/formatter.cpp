// The canonical formatter; see formatter.h and docs/language.md for the layout rules.
#include "compiler/syntax/formatter.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "compiler/syntax/clauses.h"
#include "compiler/syntax/formatter_expr.h"

namespace edict::syntax {
namespace {

constexpr const char* kIndent = "  ";

using fmt::format_string;

bool is_metadata(Clause::Kind kind) {
  return kind == Clause::Kind::kSeverity || kind == Clause::Kind::kEnforcement || kind == Clause::Kind::kTags ||
         kind == Clause::Kind::kRefs || kind == Clause::Kind::kDescription || kind == Clause::Kind::kRemediation;
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
        statement(let->span, "", "let " + let->name + " = ", let->value.get());
        prev = Kind::kLet;
        prev_end = let->span.end;
      } else if (const auto* def = std::get_if<DefDecl>(&declaration)) {
        separate(Kind::kDef, def->span.begin);
        std::string params;
        for (size_t i = 0; i < def->params.size(); ++i) params += (i ? ", " : "") + def->params[i];
        statement(def->span, "", "def " + def->name + "(" + params + ") = ", def->body.get());
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
    skip_used();
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
    while (skip_used(), next_ < comments.size() && comments[next_].span.begin < limit) {
      const Comment& c = comments[next_++];
      out_ += indent + c.text + "\n";
      skip_used();
      // A blank line after a comment (a file header, say) is kept.
      uint32_t following = next_ < comments.size() && comments[next_].span.begin < limit ? comments[next_].span.begin : limit;
      if (following != UINT32_MAX && blank_line_between(c.span.end, following)) out_ += "\n";
    }
  }

  // Ends the current output line, with the trailing comment that sat after `end` on its line.
  void end_line(uint32_t end, uint32_t limit = UINT32_MAX) {
    const auto& comments = m_.comments;
    skip_used();
    if (next_ < comments.size() && !comments[next_].own_line && comments[next_].span.begin < limit &&
        line_of(comments[next_].span.begin) == line_of(end > 0 ? end - 1 : 0)) {
      out_ += "  " + comments[next_++].text;
    }
    out_ += "\n";
  }

  void skip_used() {
    while (next_ < used_.size() && used_[next_]) ++next_;
  }

  // A statement whose value is an expression: the comments inside its brackets stay
  // with their elements; the others inside it move above it.
  void statement(Span span, const std::string& indent, const std::string& prefix, const Expr* e) {
    if (!e) return leaf(span, indent, prefix + "<error>");
    fmt::ExprNotes notes;
    fmt::collect_notes(*e, m_.comments, used_, file_.text(), notes);
    flush_comments(span.end, indent);
    std::string head = indent + prefix;
    out_ += head + fmt::layout_expr(*e, {indent, fmt::last_line_width(head), 0}, &notes);
    end_line(span.end);
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
      std::string keyword = clause_word(clause.kind);
      size_t width = metadata_width(clauses, i);
      if (width > keyword.size()) keyword += std::string(width - keyword.size(), ' ');
      if (clause.kind == Clause::Kind::kWhen || clause.kind == Clause::Kind::kRequire) {
        statement(clause.span, inner, keyword + " ", clause.expr.get());
      } else {
        leaf(clause.span, inner, keyword + " " + clause_value(clause, inner, inner.size() + keyword.size() + 1));
      }
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
    for (size_t k = begin; k < end; ++k) width = std::max(width, std::string(clause_word(clauses[k].kind)).size());
    return width;
  }

  // `column`: where the value starts on its line.
  std::string clause_value(const Clause& clause, const std::string& indent, size_t column) const {
    switch (clause.kind) {
      case Clause::Kind::kSeverity:
      case Clause::Kind::kEnforcement: return clause.word;
      case Clause::Kind::kTags:
      case Clause::Kind::kRefs: {
        std::string out = "[";
        for (size_t i = 0; i < clause.strings.size(); ++i) {
          out += (i ? ", " : "") + format_string(clause.strings[i].raw, clause.strings[i].triple_quoted, indent);
        }
        out += "]";
        if (column + fmt::last_line_width(out) <= fmt::kLineWidth || out.find('\n') != std::string::npos) return out;
        // Too long for one line: one string per line, as a broken list expression.
        std::string inner = indent + kIndent;
        out = "[\n";
        for (const StringLiteral& s : clause.strings) out += inner + format_string(s.raw, s.triple_quoted, inner) + ",\n";
        return out + indent + "]";
      }
      case Clause::Kind::kDescription:
      case Clause::Kind::kRemediation: return format_string(clause.text.raw, clause.text.triple_quoted, indent);
      default: return clause.expr ? fmt::layout_expr(*clause.expr, {indent, indent.size(), 0}, nullptr) : "<error>";
    }
  }

  const Module& m_;
  const SourceFile& file_;
  std::vector<bool> used_ = std::vector<bool>(m_.comments.size());  // claimed by a bracket
  size_t next_ = 0;
  std::string out_;
};

}  // namespace

std::string format_expr(const Expr& e, const std::string& indent) {
  return fmt::layout_expr(e, {indent, indent.size(), 0}, nullptr);
}

std::string format_module(const Module& m, const SourceFile& file) {
  return Layout(m, file).run();
}

}  // namespace edict::syntax
