// A bump allocator. Fact trees and per-evaluation scratch values live in arenas so
// that the VM never calls malloc per instruction and a whole tree frees at once.
// Not thread-safe: one arena per fact tree, one per evaluating thread.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace edict {

class Arena {
 public:
  // Blocks start small and double up to this size; a 5 KB facts file fits in one.
  static constexpr size_t kMinBlock = 4096;
  static constexpr size_t kMaxBlock = 1 << 20;

  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  Arena(Arena&&) = default;
  Arena& operator=(Arena&&) = default;

  void* allocate(size_t size, size_t align = alignof(std::max_align_t)) {
    size_t offset = (used_ + align - 1) & ~(align - 1);
    if (blocks_.empty() || offset + size > capacity_) {
      grow(size + align);
      offset = (used_ + align - 1) & ~(align - 1);
    }
    used_ = offset + size;
    total_ += size;
    return blocks_.back().get() + offset;
  }

  template <typename T>
  T* allocate_array(size_t n) {
    return static_cast<T*>(allocate(sizeof(T) * (n ? n : 1), alignof(T)));
  }

  // Copies bytes into the arena; the view stays valid as long as the arena.
  std::string_view copy(std::string_view s) {
    char* p = allocate_array<char>(s.size() + 1);
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return {p, s.size()};
  }

  // Forgets every allocation but keeps the largest block, so a reused scratch
  // arena stops allocating after the first evaluation.
  void reset() {
    if (blocks_.size() > 1) {
      std::unique_ptr<char[]> last = std::move(blocks_.back());
      blocks_.clear();
      blocks_.push_back(std::move(last));
    }
    used_ = 0;
    total_ = 0;
  }

  // Bytes handed out since construction or the last reset.
  size_t bytes_allocated() const { return total_; }

 private:
  void grow(size_t at_least) {
    size_t size = next_block_ < at_least ? at_least : next_block_;
    // Not zeroed (make_unique<char[]> would be): every byte handed out is written by
    // its user first, as after reset(), which reuses a block as it was left. Zeroing
    // was a 12,000-instruction memset per fleet host.
    blocks_.push_back(std::unique_ptr<char[]>(new char[size]));
    capacity_ = size;
    used_ = 0;
    if (next_block_ < kMaxBlock) next_block_ *= 2;
  }

  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t capacity_ = 0;
  size_t used_ = 0;
  size_t total_ = 0;
  size_t next_block_ = kMinBlock;
};

}  // namespace edict
