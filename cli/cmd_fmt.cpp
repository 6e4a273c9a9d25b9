// `edict fmt [--check] [--diff] [PATHS...]`: rewrites policy files in their canonical
// form (compiler/syntax/formatter.h). A file with a syntax error is never touched; a
// rewrite goes through the one output writer (report/output.h), so a file is never
// left half-written. `-` (or no path) formats stdin to stdout.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli/command.h"
#include "compiler/policy_files.h"
#include "compiler/syntax/formatter.h"
#include "compiler/syntax/parser.h"
#include "report/output.h"

namespace edict::cli {
namespace {

namespace fs = std::filesystem;

struct FmtOptions {
  std::vector<std::string> paths;
  bool check = false;
  bool diff = false;
};

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

// A unified diff (3 lines of context) from an LCS table; policy files are small.
std::string unified_diff(const std::string& path, const std::string& before, const std::string& after) {
  std::vector<std::string> a = split_lines(before), b = split_lines(after);
  size_t n = a.size(), m = b.size();
  std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  struct Op { char kind; size_t ai, bi; };
  std::vector<Op> ops;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) ops.push_back({' ', i++, j++});
    else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push_back({'-', i++, j});
    else ops.push_back({'+', i, j++});
  }
  std::string out = "--- " + path + "\n+++ " + path + " (formatted)\n";
  constexpr size_t kContext = 3;
  size_t k = 0;
  while (k < ops.size()) {
    if (ops[k].kind == ' ') { ++k; continue; }
    size_t start = k >= kContext ? k - kContext : 0;
    size_t end = k;
    // Extend the hunk while changes are within 2 * context of each other.
    size_t last_change = k;
    while (end < ops.size()) {
      if (ops[end].kind != ' ') last_change = end;
      else if (end - last_change > 2 * kContext) break;
      ++end;
    }
    end = std::min(ops.size(), last_change + kContext + 1);
    size_t a_start = ops[start].ai, b_start = ops[start].bi, a_len = 0, b_len = 0;
    std::string body;
    for (size_t h = start; h < end; ++h) {
      const Op& op = ops[h];
      if (op.kind != '+') ++a_len;
      if (op.kind != '-') ++b_len;
      body += op.kind + (op.kind == '+' ? b[op.bi] : a[op.ai]) + "\n";
    }
    out += "@@ -" + std::to_string(a_start + (a_len ? 1 : 0)) + "," + std::to_string(a_len) + " +" +
           std::to_string(b_start + (b_len ? 1 : 0)) + "," + std::to_string(b_len) + " @@\n" + body;
    k = end;
  }
  return out;
}

int run_fmt(const FmtOptions& options) {
  SourceManager sources;
  DiagnosticSink sink;
  bool errors = false, changed = false;

  auto format = [&](std::optional<uint32_t> id) -> std::optional<std::string> {
    if (!id) return std::nullopt;
    size_t before = sink.error_count();
    syntax::Module module = syntax::parse_module(sources, *id, sink);
    if (sink.error_count() > before) return std::nullopt;
    return syntax::format_module(module, *sources.get(*id));
  };

  std::vector<std::string> paths = options.paths;
  if (paths.empty()) paths.push_back("-");
  std::vector<std::string> files;
  // The walk `check` uses: an unreadable subdirectory or a dangling symlink is an error
  // (E0005), so `fmt --check` cannot pass a tree it did not read whole.
  for (const std::string& path : paths) {
    if (path == "-") {
      files.push_back(path);
    } else {
      compiler::find_policy_files(path, &files, sink);
    }
  }
  if (sink.has_errors()) errors = true;

  for (const std::string& path : files) {
    if (path == "-") {
      // Bounded like every input: an endless stdin is E0002, not `bad_alloc`.
      auto id = syntax::read_source("-", sources, sink);
      auto formatted = format(id);
      if (!formatted) { errors = true; continue; }
      const std::string& text = sources.get(*id)->text();
      if (*formatted != text) {
        changed = true;
        if (options.check) std::cout << "<stdin>\n";
      }
      if (options.diff) {
        if (*formatted != text) std::cout << unified_diff("<stdin>", text, *formatted);
      } else if (!options.check) {
        std::cout << *formatted;
      }
      continue;
    }
    auto id = syntax::read_source(path, sources, sink);
    auto formatted = format(id);
    if (!formatted) { errors = true; continue; }
    const std::string& original = sources.get(*id)->text();
    if (*formatted == original) continue;
    changed = true;
    if (options.check) std::cout << path << "\n";
    if (options.diff) std::cout << unified_diff(path, original, *formatted);
    // The one writer (report/output.h): a temporary beside the file, renamed over it,
    // keeping its mode and owner; a symlinked policy file is rewritten at its target.
    if (!options.check && !options.diff && !report::write_outputs({report::OutputFile{path, *formatted}}, sink))
      errors = true;
  }
  std::cerr << render_all(sink, sources);
  if (errors || sink.has_errors()) return kExitUsage;
  return options.check && changed ? kExitGateFailed : kExitOk;
}

CommandRegistration registration{Command{"fmt", 40, [](CLI::App& app) -> std::function<int()> {
  auto options = std::make_shared<FmtOptions>();
  CLI::App* sub = app.add_subcommand("fmt", "Rewrite policy files in canonical form (`-` or nothing: stdin to stdout)");
  sub->add_option("paths", options->paths, "Files or directories (searched for *.edict)");
  sub->add_flag("--check", options->check, "Change nothing; list files that would change and exit 1 if any");
  sub->add_flag("--diff", options->diff, "Change nothing; print a unified diff of what would change");
  return [options] { return run_fmt(*options); };
}}};

}  // namespace
}  // namespace edict::cli
