// Clause placement and values for policies and rules; see clauses.h.
#include "compiler/syntax/clauses.h"

#include <algorithm>
#include <array>

#include "compiler/syntax/codes.h"
#include "runtime/rule_info.h"
#include "runtime/schema.h"  // edit_distance, shared by every did-you-mean

namespace edict::syntax {
namespace {

constexpr std::array<std::string_view, 8> kClauseWords = {"severity", "enforcement", "tags", "refs",
                                                          "description", "remediation", "when", "require"};
const std::vector<std::string_view> kSeverities(kLevelNames.begin(), kLevelNames.end());
const std::vector<std::string_view> kEnforcements(kEnforcementNames.begin(), kEnforcementNames.end());

std::string block_label(const Block& block) {
  std::string kind = block.is_policy ? "policy" : "rule";
  return block.name.empty() ? kind : kind + " `" + block.name + "`";
}

Clause::Kind clause_kind(std::string_view word) {
  if (word == "severity") return Clause::Kind::kSeverity;
  if (word == "enforcement") return Clause::Kind::kEnforcement;
  if (word == "tags") return Clause::Kind::kTags;
  if (word == "refs") return Clause::Kind::kRefs;
  if (word == "description") return Clause::Kind::kDescription;
  if (word == "remediation") return Clause::Kind::kRemediation;
  if (word == "when") return Clause::Kind::kWhen;
  return Clause::Kind::kRequire;
}

StringLiteral to_string_literal(const Expr& e) {
  return StringLiteral{e.string_value, e.raw, e.triple_quoted, e.span};
}

}  // namespace

std::string join_words(const std::vector<std::string_view>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out += i + 1 == words.size() ? " or " : ", ";
    out += "`" + std::string(words[i]) + "`";
  }
  return out;
}

const char* clause_word(Clause::Kind kind) {
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
  return "?";
}

void FileDiagnostics::error(const char* code, Span span, std::string message, std::string help) {
  if (full()) {
    ++dropped_;
    return;
  }
  ++errors_;
  list_.push_back(Diagnostic::error(code, span, std::move(message), std::move(help)));
}

void FileDiagnostics::flush(DiagnosticSink& sink) {
  std::stable_sort(list_.begin(), list_.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.span.begin < b.span.begin; });
  for (auto& d : list_) sink.report(std::move(d));
  if (dropped_ > 0) {
    Diagnostic note{"", Severity::kNote, {}, {},
                    "stopped after " + std::to_string(max_errors_) + " syntax errors in this file; fix these first",
                    ""};
    sink.report(std::move(note));
  }
  list_.clear();
}

bool is_clause_word(std::string_view word) {
  return std::find(kClauseWords.begin(), kClauseWords.end(), word) != kClauseWords.end();
}

std::string closest_word(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::string best;
  size_t best_distance = word.size() <= 3 ? 1 : 2;
  for (std::string_view c : candidates) {
    size_t d = edit_distance(word, c);
    if (d <= best_distance && (best.empty() || d < edit_distance(word, best))) best = std::string(c);
  }
  return best;
}

void add_word_clause(Block& block, const std::string& word, Span word_span, ExprPtr expr, Span clause_span,
                     FileDiagnostics& diags) {
  const std::string label = block_label(block);
  if (!is_clause_word(word)) {
    std::vector<std::string_view> allowed(kClauseWords.begin(), kClauseWords.end());
    std::string guess = closest_word(word, allowed);
    std::string help = !guess.empty() ? "did you mean `" + guess + "`?"
                       : block.is_policy
                           ? "a policy holds severity, enforcement, tags, refs, description, when and rule blocks"
                           : "a rule holds require, when, severity, enforcement, tags, refs, description and remediation";
    diags.error(codes::kUnknownClause, word_span, "unknown clause `" + word + "` in " + label, help);
    return;
  }
  Clause::Kind kind = clause_kind(word);
  if (block.is_policy && (kind == Clause::Kind::kRequire || kind == Clause::Kind::kRemediation)) {
    diags.error(codes::kMisplacedClause, word_span,
                "`" + word + "` belongs in a rule, not directly in " + label,
                "put it inside a `rule NAME \"TITLE\" { ... }` block of this policy");
    return;
  }
  Clause clause;
  clause.kind = kind;
  clause.span = clause_span;
  auto bad_value = [&](std::string message, std::string help) {
    diags.error(codes::kBadClauseValue, expr ? expr->span : word_span, std::move(message), std::move(help));
  };
  if (!expr) {
    Span after = word_span;
    after.begin = after.end;
    after.column += static_cast<uint32_t>(word.size());
    switch (kind) {
      case Clause::Kind::kWhen:
      case Clause::Kind::kRequire:
        diags.error(codes::kSyntax, after, "expected an expression after `" + word + "`");
        break;
      case Clause::Kind::kSeverity:
        diags.error(codes::kBadClauseValue, after, "expected a severity after `severity`",
                    "one of " + join_words(kSeverities));
        break;
      case Clause::Kind::kEnforcement:
        diags.error(codes::kBadClauseValue, after, "expected an enforcement after `enforcement`",
                    "one of " + join_words(kEnforcements));
        break;
      case Clause::Kind::kTags:
      case Clause::Kind::kRefs:
        diags.error(codes::kBadClauseValue, after, "expected a list of strings after `" + word + "`",
                    "as in `" + word + " [\"a\", \"b\"]`");
        break;
      default:
        diags.error(codes::kBadClauseValue, after, "expected a string after `" + word + "`");
        break;
    }
    return;
  }
  switch (kind) {
    case Clause::Kind::kSeverity:
    case Clause::Kind::kEnforcement: {
      const auto& allowed = kind == Clause::Kind::kSeverity ? kSeverities : kEnforcements;
      std::string what = kind == Clause::Kind::kSeverity ? "severity" : "enforcement";
      if (expr->kind != Expr::Kind::kName) {
        bad_value("`" + word + "` takes a word, not an expression", "one of " + join_words(allowed));
        return;
      }
      if (std::find(allowed.begin(), allowed.end(), expr->name) == allowed.end()) {
        std::string guess = closest_word(expr->name, allowed);
        bad_value("unknown " + what + " `" + expr->name + "`",
                  guess.empty() ? "one of " + join_words(allowed) : "did you mean `" + guess + "`?");
        return;
      }
      clause.word = expr->name;
      clause.word_span = expr->span;
      break;
    }
    case Clause::Kind::kTags:
    case Clause::Kind::kRefs: {
      bool ok = expr->kind == Expr::Kind::kList;
      if (ok) {
        for (const auto& item : expr->args) ok = ok && item && item->kind == Expr::Kind::kString;
      }
      if (!ok) {
        bad_value("`" + word + "` takes a list of strings", "as in `" + word + " [\"a\", \"b\"]`");
        return;
      }
      for (const auto& item : expr->args) clause.strings.push_back(to_string_literal(*item));
      break;
    }
    case Clause::Kind::kDescription:
    case Clause::Kind::kRemediation:
      if (expr->kind != Expr::Kind::kString) {
        bad_value("`" + word + "` takes a string", "as in `" + word + " \"...\"` or a `\"\"\"` block");
        return;
      }
      clause.text = to_string_literal(*expr);
      break;
    default:
      clause.expr = std::move(expr);
      break;
  }
  block.clauses.push_back(std::move(clause));
}

void check_block(const Block& block, bool require_attempted, FileDiagnostics& diags) {
  const std::string label = block_label(block);
  bool has_require = false;
  std::vector<const Clause*> seen;
  for (const Clause& clause : block.clauses) {
    if (clause.kind == Clause::Kind::kRequire) {
      has_require = true;
      continue;
    }
    if (clause.kind == Clause::Kind::kRule) continue;
    auto it = std::find_if(seen.begin(), seen.end(), [&](const Clause* c) { return c->kind == clause.kind; });
    if (it != seen.end()) {
      diags.error(codes::kDuplicateClause, clause.span,
                  "`" + std::string(clause_word(clause.kind)) + "` is given twice in " + label,
                  "keep one; the first is at line " + std::to_string((*it)->span.line));
      continue;
    }
    seen.push_back(&clause);
  }
  if (!block.is_policy && !has_require && !require_attempted) {
    diags.error(codes::kRuleWithoutRequire, block.name_span.valid() ? block.name_span : block.span,
                label + " has no `require`", "a rule needs at least one `require EXPR`");
  }
}

void report_top_level_clause(const std::string& word, Span word_span, FileDiagnostics& diags) {
  if (is_clause_word(word)) {
    std::string where = word == "require" || word == "remediation" ? "a rule" : "a policy or a rule";
    diags.error(codes::kMisplacedClause, word_span, "`" + word + "` belongs in " + where + ", not at the top level",
                "put it inside a `policy NAME \"TITLE\" { ... }` block");
    return;
  }
  std::vector<std::string_view> words = {"package", "import", "let", "def", "fact", "policy"};
  std::string guess = closest_word(word, words);
  diags.error(codes::kSyntax, word_span, "unexpected `" + word + "`",
              guess.empty() ? "a file holds `package`, `import`, `let`, `def`, `fact` and `policy` declarations"
                            : "did you mean `" + guess + "`?");
}

}  // namespace edict::syntax
