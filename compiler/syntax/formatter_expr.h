// The formatter's expression layout (internal to formatter*.cpp): one line when it fits
// in kLineWidth, otherwise brackets one element per line and operator chains (`and`,
// `or`, `+`/`-`) broken before each operator; comments inside brackets stay with their
// element, comments between a chain's operands stay between them.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/syntax/ast.h"

namespace edict::syntax::fmt {

// The canonical line width. 100 columns holds a clause at two levels of indentation
// with a typical `require` condition and still fits a side-by-side diff on a laptop;
// 80 broke most of the repo's rules, 120 left long KB lists unreadable in reviews.
constexpr size_t kLineWidth = 100;

// Comments that sit inside one list, map or call argument list, placed by element.
struct BracketComments {
  std::vector<const Comment*> after_open;             // trailing the opening bracket
  std::map<size_t, std::vector<const Comment*>> leading;  // own lines before element i
  std::map<size_t, const Comment*> trailing;           // at the end of element i's line
  std::vector<const Comment*> before_close;            // own lines before the closing bracket
};

// Comments between the operands of one chain (keyed by the gap: `i` is the gap before
// operand i, i >= 1).
struct ChainComments {
  std::map<size_t, const Comment*> trailing;                // at the end of operand i-1's line
  std::map<size_t, std::vector<const Comment*>> leading;    // own lines before operand i's line
};

// What the expression layout needs from the source: which comments belong to which
// bracket or chain, and which brackets the author ended with a trailing comma.
struct ExprNotes {
  std::map<const Expr*, BracketComments> comments;
  std::map<const Expr*, ChainComments> chain_comments;
  std::set<const Expr*> magic_comma;
};

// Claims, for the brackets inside `e`, the comments of `comments` that lie between
// their brackets (innermost bracket first), and for the chains inside `e` those between
// two of their operands; marks them in `used`; records trailing commas from `source`.
// Comments inside `e` but outside any bracket or chain gap stay unclaimed.
void collect_notes(const Expr& e, const std::vector<Comment>& comments, std::vector<bool>& used,
                   const std::string& source, ExprNotes& notes);

// Where an expression starts: `indent` is the indentation of its line, `column` the
// width already used on it, `tail` the width of the text that follows it on its line.
struct Place {
  std::string indent;
  size_t column = 0;
  size_t tail = 0;
};

// `e` in canonical form at `place`; `notes` may be null (no comments, no trailing commas).
std::string layout_expr(const Expr& e, const Place& place, const ExprNotes* notes);

// A string literal from its raw spelling; a `"""` block that starts with a line break
// is re-indented one level below `indent`, which leaves its value unchanged.
std::string format_string(const std::string& raw, bool triple, const std::string& indent);

// Display width of the last line of `s` (code points), for the column after it.
size_t last_line_width(const std::string& s);

}  // namespace edict::syntax::fmt
