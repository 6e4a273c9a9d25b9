// The hashed view of a string list (bind_index.h): open addressing with linear probing
// over a power-of-two table at most half full, holding indices into the list itself.
#include "runtime/bind_index.h"

#include <cstring>
#include <new>

#include "runtime/bytes.h"

namespace edict {

uint64_t string_hash(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
  while (n >= 8) {
    h = (h ^ load_u64(p)) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
    p += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  if (n >= 4) {
    tail = load_u32(p) | (static_cast<uint64_t>(load_u32(p + n - 4)) << 32);
  } else if (n > 0) {
    tail = static_cast<uint8_t>(p[0]) | (static_cast<uint64_t>(static_cast<uint8_t>(p[n / 2])) << 8) |
           (static_cast<uint64_t>(static_cast<uint8_t>(p[n - 1])) << 16);
  }
  h = (h ^ tail) * 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 29);
}

Value StringListIndex::contains(std::string_view needle) const {
  const uint32_t n = static_cast<uint32_t>(needle.size());
  uint32_t at = static_cast<uint32_t>(string_hash(needle)) & mask_;
  for (uint32_t d = 0; d <= max_displacement_; ++d, at = (at + 1) & mask_) {
    uint32_t t = table_[at];
    if (t == 0) break;
    const Value& e = items_[t - 1];
    if (e.size == n && same_bytes(e.chars, needle.data(), n)) return Value::of_bool(true);
  }
  return has_unknown_ ? Value::unknown() : Value::of_bool(false);
}

const StringListIndex* StringListIndex::build(const Value& list, Arena& arena) {
  if (list.kind != ValueKind::kList || list.size < kMinIndexedListSize) return nullptr;
  uint32_t buckets = 1;
  while (buckets < 2 * list.size) buckets <<= 1;  // list.size < 2^31: the facts loader's limits
  uint32_t* table = arena.allocate_array<uint32_t>(buckets);
  std::memset(table, 0, sizeof(uint32_t) * buckets);
  auto* index = static_cast<StringListIndex*>(arena.allocate(sizeof(StringListIndex), alignof(StringListIndex)));
  new (index) StringListIndex();
  index->items_ = list.items;
  index->table_ = table;
  index->mask_ = buckets - 1;
  for (uint32_t i = 0; i < list.size; ++i) {
    const Value& e = list.items[i];
    if (e.kind != ValueKind::kString) {
      index->has_unknown_ |= e.is_unknown();
      continue;  // other kinds never equal a string: the scan skips them too
    }
    uint32_t at = static_cast<uint32_t>(string_hash(e.str())) & index->mask_;
    uint32_t d = 0;
    for (; table[at] != 0; ++d, at = (at + 1) & index->mask_) {
      const Value& other = list.items[table[at] - 1];
      if (other.size == e.size && same_bytes(other.chars, e.chars, e.size)) break;  // a repeat: already there
      if (d == kMaxIndexDisplacement) return nullptr;  // the arena keeps the bytes; nothing points at them
    }
    if (table[at] == 0) table[at] = i + 1;
    if (d > index->max_displacement_) index->max_displacement_ = d;
  }
  return index;
}

}  // namespace edict
