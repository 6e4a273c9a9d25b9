// Helpers every test executable shares (tests/support/, linked into each by
// tests/CMakeLists.txt): reading and writing whole files, and golden files that
// EDICT_UPDATE_GOLDEN=1 rewrites. One copy, instead of one per test folder.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace edict::test_support {

// The whole file, or nullopt when it cannot be opened.
inline std::optional<std::string> try_read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The whole file; empty when it cannot be opened (the comparison that follows fails).
inline std::string read_file(const std::filesystem::path& path) { return try_read_file(path).value_or(""); }

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// True under EDICT_UPDATE_GOLDEN=1: golden files are rewritten, not compared.
inline bool updating_golden() {
  const char* update = std::getenv("EDICT_UPDATE_GOLDEN");
  return update && std::string(update) == "1";
}

// Compares `actual` with the golden file at `path`, or rewrites it under
// EDICT_UPDATE_GOLDEN=1 (review the diff).
inline void check_golden(const std::filesystem::path& path, const std::string& actual) {
  if (updating_golden()) {
    write_file(path, actual);
    return;
  }
  INFO("golden file " << path.string() << " (EDICT_UPDATE_GOLDEN=1 rewrites it)");
  auto expected = try_read_file(path);
  REQUIRE(expected);
  CHECK(*expected == actual);
}

}  // namespace edict::test_support
