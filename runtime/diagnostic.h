// The one diagnostic type of Edict, the sink passes report into, and the renderer
// that prints `path:line:col: error[E0101]: message`, the source line and a caret.
//
// Codes are stable public contracts (users grep for them, docs list them); each
// range belongs to one stage. docs/diagnostics.md lists every code with an example.
//   E00xx  reading input: missing file, not UTF-8, NUL byte, too large
//   E01xx  syntax (compiler/syntax)
//   E02xx  names and resolution: unknown name, unknown fact path, imports
//   E03xx  types
//   E04xx  other compile-time checks: recursion, regex, duplicate ids, arity, limits
//   E05xx  facts documents and the fact schema
//   E06xx  edict.toml, waivers, *_test.toml
//   E07xx  bundles (.edictc)
//   E08xx  command line and output files
// Warnings use the same ranges with a W prefix.
//
// Messages are lowercase, one line, user names in backticks, no C++ type names;
// the fix goes in `help`.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "runtime/source.h"

namespace edict {

enum class Severity { kError, kWarning, kNote };

struct Diagnostic {
  std::string code;  // "E0101"
  Severity severity = Severity::kError;
  Span span;         // may be invalid for diagnostics about a whole file or none
  std::string path;  // used when span is invalid but a file is known
  std::string message;
  std::string help;  // optional, one line

  static Diagnostic error(std::string code, Span span, std::string message, std::string help = {});
  static Diagnostic warning(std::string code, Span span, std::string message, std::string help = {});
};

// Collects diagnostics; passes report here instead of throwing.
class DiagnosticSink {
 public:
  // Past this many errors a run stops collecting: a file with thousands of errors
  // is almost always one early mistake, and printing them all hides it.
  static constexpr size_t kDefaultMaxErrors = 100;

  explicit DiagnosticSink(size_t max_errors = kDefaultMaxErrors) : max_errors_(max_errors) {}

  void report(Diagnostic diagnostic);
  bool has_errors() const { return error_count_ > 0; }
  size_t error_count() const { return error_count_; }
  // True once max_errors has been reached; later errors are counted but not kept.
  bool full() const { return error_count_ >= max_errors_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  size_t dropped() const { return dropped_; }

 private:
  size_t max_errors_;
  size_t error_count_ = 0;
  size_t dropped_ = 0;
  std::vector<Diagnostic> diagnostics_;
};

// Code points of a source line shown under a diagnostic; longer lines are cut to a
// window around the caret (with `...` at the cut ends), so a diagnostic in a generated
// one-line file stays readable and small.
inline constexpr size_t kMaxShownLineWidth = 160;

struct RenderOptions {
  bool color = false;
};

// `path:line:col: error[E0101]: message`, then the source line, a caret line
// underlining the span (on its first line), and `  = help: ...` when there is help.
std::string render(const Diagnostic& diagnostic, const SourceManager& sources, RenderOptions options = {});
// Every diagnostic of the sink, then `N errors` / a note about dropped ones.
std::string render_all(const DiagnosticSink& sink, const SourceManager& sources, RenderOptions options = {});

}  // namespace edict
