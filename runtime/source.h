// Source text and positions. Lowest layer: the runtime keeps spans in its source
// map, the compiler and the facts loader point diagnostics at them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace edict {

// A half-open byte range [begin, end) in one source file, plus the 1-based line
// and column (in Unicode code points) of `begin`, cached so renderers need not rescan.
struct Span {
  uint32_t file_id = 0;  // index into the SourceManager; 0 = no file
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t line = 0;    // 1-based; 0 = unknown position
  uint32_t column = 0;  // 1-based, in code points

  bool valid() const { return line != 0; }
  friend bool operator==(const Span&, const Span&) = default;
};

// How many of `n` bytes start a UTF-8 code point (are not 10xxxxxx continuations).
uint32_t count_code_point_starts(const char* bytes, size_t n);

// One file's text with a line index.
class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }

  // Line and code-point column (both 1-based) of a byte offset.
  std::pair<uint32_t, uint32_t> line_column(uint32_t offset) const;
  // The text of a 1-based line, without its line terminator.
  std::string_view line_text(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }
  // A span for [begin, end) with line and column filled in.
  Span span(uint32_t file_id, uint32_t begin, uint32_t end) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
  // Code points begun before each kColumnBlock-byte block, so a column is found by
  // scanning at most one block rather than the whole line: a 2.6 MB one-line list
  // literal made every token's span scan its line from the start (quadratic: 14 min).
  static constexpr uint32_t kColumnBlock = 256;
  std::vector<uint32_t> code_points_before_block_;
  uint32_t code_points_before(uint32_t offset) const;
};

// Owns every source file of a run, so spans stay meaningful until reports are written.
class SourceManager {
 public:
  // Returns the new file's id (ids start at 1).
  uint32_t add(std::string path, std::string text);
  const SourceFile* get(uint32_t file_id) const;
  // The text `span` covers, or "" when it names no file or lies outside its file.
  std::string_view text_of(const Span& span) const;
  size_t size() const { return files_.size(); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace edict
