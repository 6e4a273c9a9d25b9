// Helpers shared by the front-end tests: reading data files, golden comparison
// (EDICT_UPDATE_GOLDEN=1 rewrites .expected files), running the `edict` binary.
#pragma once

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/syntax/ast_printer.h"
#include "compiler/syntax/parser.h"
#include "tests/support/files.h"

namespace edict::syntax::testing {

inline std::filesystem::path data_dir() { return std::filesystem::path(EDICT_SOURCE_DIR) / "tests/data/syntax"; }

using test_support::read_file;
using test_support::write_file;

// The `.edict` files of a data folder, sorted.
inline std::vector<std::filesystem::path> edict_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".edict") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

using test_support::check_golden;

struct Parsed {
  SourceManager sources;
  DiagnosticSink sink;
  Module module;
  std::string rendered;  // render_all of the diagnostics
};

// Parses `text` as a file named `name` (a stable, relative name for goldens).
inline std::unique_ptr<Parsed> parse_text(const std::string& name, const std::string& text, ParseLimits limits = {}) {
  auto p = std::make_unique<Parsed>();
  if (auto id = add_source(name, text, p->sources, p->sink, limits)) {
    p->module = parse_module(p->sources, *id, p->sink, limits);
  }
  p->rendered = render_all(p->sink, p->sources);
  return p;
}

// The printed AST of `text` parsed as a standalone expression (the file is named
// `expr`), or "<null>"; the rendered diagnostics into `diagnostics`.
inline std::string expression_tree(const std::string& text, std::string* diagnostics = nullptr) {
  SourceManager sources;
  DiagnosticSink sink;
  auto id = add_source("expr", text, sources, sink);
  REQUIRE(id);
  ExprPtr e = parse_expression(sources, *id, sink);
  if (diagnostics) *diagnostics = render_all(sink, sources);
  return e ? print_expr(*e) : "<null>";
}

struct RunResult {
  int status = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs the edict binary with `args` (shell-quoted by the caller), optional stdin file.
inline RunResult run_edict(const std::string& args, const std::string& stdin_path = "") {
  auto tmp = std::filesystem::temp_directory_path() / ("edict_syntax_run_" + std::to_string(::getpid()));
  std::string out_path = tmp.string() + ".out", err_path = tmp.string() + ".err";
  std::string command = std::string("'") + EDICT_BINARY + "' " + args + " >'" + out_path + "' 2>'" + err_path + "'";
  if (!stdin_path.empty()) command += " <'" + stdin_path + "'";
  int raw = std::system(command.c_str());
  RunResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return r;
}

// Every policy text the tree holds: each .edict file and each fuzz_compile seed and
// regression, given to `fn(path)`. Returns how many.
template <typename Fn>
size_t for_each_policy_text(Fn fn) {
  size_t files = 0;
  for (const char* dir : {"policies", "stdlib", "examples", "tests", "fuzz/corpus", "fuzz/regressions", "bench"}) {
    std::filesystem::path root = std::filesystem::path(EDICT_SOURCE_DIR) / dir;
    if (!std::filesystem::exists(root)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file()) continue;
      const std::filesystem::path& p = entry.path();
      if (p.extension() != ".edict" && p.parent_path().filename() != "fuzz_compile") continue;
      fn(p.string());
      ++files;
    }
  }
  return files;
}

}  // namespace edict::syntax::testing
