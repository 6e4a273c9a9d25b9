// Building policy and rule clauses from the generic `WORD EXPR` form the grammar
// accepts, and the placement rules the grammar deliberately leaves open: which clause
// may appear where, which values each takes, and which may appear only once.
// No ANTLR here: the converter (cst_to_ast.cpp) hands over words, spans and already-built expressions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/syntax/ast.h"
#include "runtime/diagnostic.h"

namespace edict::syntax {

// The diagnostics of one file, kept apart until parsing ends so they can be sorted by
// position and capped before they reach the caller's sink.
class FileDiagnostics {
 public:
  explicit FileDiagnostics(size_t max_errors) : max_errors_(max_errors) {}
  void error(const char* code, Span span, std::string message, std::string help = {});
  bool full() const { return errors_ >= max_errors_; }
  // Sorted by position, then moved into `sink`; a note says when some were dropped.
  void flush(DiagnosticSink& sink);

 private:
  size_t max_errors_;
  size_t errors_ = 0;
  size_t dropped_ = 0;
  std::vector<Diagnostic> list_;
};

// Whether `word` names a clause at all (severity, when, require, ...).
bool is_clause_word(std::string_view word);
// The keyword that starts a clause of this kind (`severity`, `require`, `rule`, ...).
const char* clause_word(Clause::Kind kind);

// Turns `word expr` inside `block` into a clause appended to block.clauses, or reports
// why it cannot be one. `expr` may be null when the clause has no value.
void add_word_clause(Block& block, const std::string& word, Span word_span, ExprPtr expr, Span clause_span,
                     FileDiagnostics& diags);
// Checks over a finished block: duplicates, a rule without `require` (not reported
// when `require_attempted`: a `require` with a bad value was already reported).
void check_block(const Block& block, bool require_attempted, FileDiagnostics& diags);
// A clause word outside any block.
void report_top_level_clause(const std::string& word, Span word_span, FileDiagnostics& diags);
// The closest of `candidates` to `word` within a small edit distance, or "".
std::string closest_word(std::string_view word, const std::vector<std::string_view>& candidates);
// "`a`, `b` or `c`": the allowed words in a help line.
std::string join_words(const std::vector<std::string_view>& words);

}  // namespace edict::syntax
