#include "runtime/source.h"

#include <algorithm>

namespace edict {

SourceFile::SourceFile(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  uint32_t code_points = 0;
  for (uint32_t i = 0; i < text_.size(); ++i) {
    if (i % kColumnBlock == 0) code_points_before_block_.push_back(code_points);
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
    // Continuation bytes (10xxxxxx) do not start a code point.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++code_points;
  }
  code_points_before_block_.push_back(code_points);
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
  // Columns count code points, not bytes.
  uint32_t column = code_points_before(offset) - code_points_before(line_starts_[line_index]) + 1;
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

}  // namespace edict
