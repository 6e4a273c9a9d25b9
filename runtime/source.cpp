#include "runtime/source.h"

#include <algorithm>
#include <cstring>

#include "runtime/string_codec.h"

namespace edict {

SourceFile::SourceFile(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
  // Every facts document and NDJSON line passes through here, so this is a word at a
  // time, not a byte (it was 8% of a fleet host's cost): memchr for the newlines, and
  // per 8 bytes a count of the bytes that start a code point (not 10xxxxxx).
  const char* data = text_.data();
  size_t size = text_.size();
  line_starts_.push_back(0);
  for (const char* p = data; (p = static_cast<const char*>(std::memchr(p, '\n', size - (p - data)))); ++p) {
    line_starts_.push_back(static_cast<uint32_t>(p - data + 1));
  }
  code_points_before_block_.reserve(size / kColumnBlock + 2);
  uint32_t code_points = 0;
  for (size_t block = 0; block < size; block += kColumnBlock) {
    code_points_before_block_.push_back(code_points);
    code_points += count_code_point_starts(data + block, std::min<size_t>(kColumnBlock, size - block));
  }
  code_points_before_block_.push_back(code_points);
}

uint32_t count_code_point_starts(const char* bytes, size_t n) {
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  uint32_t continuation = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, bytes + i, 8);
    // A continuation byte has bit 7 set and bit 6 clear; `w << 1` brings each byte's
    // bit 6 up to its bit 7. The marks (one per byte, at bit 7) are summed by a multiply.
    uint64_t marks = (w & ~(w << 1) & kHigh) >> 7;
    continuation += static_cast<uint32_t>((marks * 0x0101010101010101ull) >> 56);
  }
  for (; i < n; ++i) continuation += (static_cast<unsigned char>(bytes[i]) & 0xC0) == 0x80;
  return static_cast<uint32_t>(n) - continuation;
}

uint32_t SourceFile::code_points_before(uint32_t offset) const {
  uint32_t block = offset / kColumnBlock;
  uint32_t count = code_points_before_block_[block];
  for (uint32_t i = block * kColumnBlock; i < offset; ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::pair<uint32_t, uint32_t> SourceFile::line_column(uint32_t offset) const {
  if (offset > text_.size()) offset = static_cast<uint32_t>(text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line_index = static_cast<uint32_t>(it - line_starts_.begin()) - 1;
  // Columns count code points, not bytes. Within a short line they are counted word by
  // word from the line's start (a compile asks for a span's column per AST node, and the
  // two block walks cost ~600 instructions); a long line uses the per-block counts, so
  // a column costs at most two blocks' walk however long the line.
  // Line 1's columns start after a byte order mark, which no editor shows.
  uint32_t line_start = line_index == 0 ? std::min(offset, static_cast<uint32_t>(utf8_bom_length(text_))) : line_starts_[line_index];
  uint32_t column = offset - line_start <= kColumnBlock
                        ? count_code_point_starts(text_.data() + line_start, offset - line_start) + 1
                        : code_points_before(offset) - code_points_before(line_start) + 1;
  return {line_index + 1, column};
}

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  uint32_t begin = line_starts_[line - 1];
  uint32_t end = line < line_starts_.size() ? line_starts_[line] : static_cast<uint32_t>(text_.size());
  std::string_view view(text_.data() + begin, end - begin);
  while (!view.empty() && (view.back() == '\n' || view.back() == '\r')) view.remove_suffix(1);
  return view;
}

Span SourceFile::span(uint32_t file_id, uint32_t begin, uint32_t end) const {
  auto [line, column] = line_column(begin);
  return Span{file_id, begin, end, line, column};
}

uint32_t SourceManager::add(std::string path, std::string text) {
  files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(text)));
  return static_cast<uint32_t>(files_.size());
}

const SourceFile* SourceManager::get(uint32_t file_id) const {
  if (file_id == 0 || file_id > files_.size()) return nullptr;
  return files_[file_id - 1].get();
}

std::string_view SourceManager::text_of(const Span& span) const {
  const SourceFile* file = get(span.file_id);
  if (!file || span.end > file->text().size() || span.begin > span.end) return {};
  return std::string_view(file->text()).substr(span.begin, span.end - span.begin);
}

}  // namespace edict
