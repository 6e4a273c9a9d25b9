// See cidr_memo.h.
#include "runtime/cidr_memo.h"

#include <array>
#include <cstring>

#include "runtime/builtins.h"

namespace edict {

namespace {

// The text's bytes padded with zeros to whole 8-byte words, so a hit compares words
// inline instead of calling memcmp (the call was a third of a hit's cost).
constexpr size_t kSlotTextBytes = (kCidrMemoMaxText + 7) / 8 * 8;

struct Slot {
  uint8_t length = 0xff;  // 0xff: empty (no memoised text is that long)
  char text[kSlotTextBytes] = {};
  bool ok = false;
  bool v6 = false;
  uint8_t bits = 0;
  uint8_t address[16] = {};
};

// Three unaligned 8-byte words (the first, the middle and the last; zero-padded under
// 8 bytes) and the length, mixed by multiplication: a few instructions for 7-43 bytes,
// where FNV-1a's byte loop was most of a memo hit (~55 Ir of the 2,000 hits per fleet
// host). "10.0.0.0/8"-like neighbours differ in the first or last word, so they still
// spread; texts equal in all three words share a slot, which costs a re-parse, never a
// wrong answer (a hit compares the whole text).
size_t slot_of(std::string_view text) {
  const size_t n = text.size();
  uint64_t first = 0, middle = 0, last = 0;
  if (n >= 8) {
    std::memcpy(&first, text.data(), 8);
    std::memcpy(&middle, text.data() + n / 2 - 4, 8);
    std::memcpy(&last, text.data() + n - 8, 8);
  } else if (n > 0) {
    std::memcpy(&first, text.data(), n);
  }
  uint64_t h = (first ^ (n * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;
  h = (h ^ middle ^ (h >> 31)) * 0x94D049BB133111EBull;
  h = (h ^ last ^ (h >> 29)) * 0xBF58476D1CE4E5B9ull;
  return static_cast<size_t>(h >> 32) % kCidrMemoSlots;
}

uint64_t word_at(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// `text` (at most kCidrMemoMaxText bytes) equals the slot's text of the same length:
// whole words, then the last word (overlapping the one before) for a partial tail.
bool same_text(const Slot& slot, std::string_view text) {
  const size_t n = text.size();
  if (n < 8) return std::memcmp(slot.text, text.data(), n) == 0;  // no CIDR is this short
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    if (word_at(slot.text + i) != word_at(text.data() + i)) return false;
  }
  return i == n || word_at(slot.text + n - 8) == word_at(text.data() + n - 8);
}

}  // namespace

bool parse_cidr_memo(std::string_view text, uint8_t out[16], int* prefix_bits, bool* is_v6) {
  if (text.size() > kCidrMemoMaxText) return parse_cidr(text, out, prefix_bits, is_v6);
  thread_local std::array<Slot, kCidrMemoSlots> memo;
  Slot& slot = memo[slot_of(text)];
  if (slot.length != text.size() || !same_text(slot, text)) {
    int bits = 0;
    bool v6 = false;
    slot.ok = parse_cidr(text, slot.address, &bits, &v6);
    slot.bits = static_cast<uint8_t>(bits);
    slot.v6 = v6;
    std::memset(slot.text, 0, sizeof slot.text);
    std::memcpy(slot.text, text.data(), text.size());
    slot.length = static_cast<uint8_t>(text.size());
  }
  if (!slot.ok) return false;
  std::memcpy(out, slot.address, 16);
  *prefix_bits = slot.bits;
  *is_v6 = slot.v6;
  return true;
}

}  // namespace edict
