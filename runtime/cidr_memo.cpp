// See cidr_memo.h.
#include "runtime/cidr_memo.h"

#include <array>
#include <cstring>

#include "runtime/builtins.h"

namespace edict {

namespace {

struct Slot {
  uint8_t length = 0xff;  // 0xff: empty (no memoised text is that long)
  char text[kCidrMemoMaxText];
  bool ok = false;
  bool v6 = false;
  uint8_t bits = 0;
  uint8_t address[16] = {};
};

// FNV-1a over the bytes: cheap for 7-43 bytes, and spreads "10.0.0.0/8"-like
// neighbours across the slots.
size_t slot_of(std::string_view text) {
  uint32_t h = 2166136261u;
  for (unsigned char c : text) h = (h ^ c) * 16777619u;
  return h % kCidrMemoSlots;
}

}  // namespace

bool parse_cidr_memo(std::string_view text, uint8_t out[16], int* prefix_bits, bool* is_v6) {
  if (text.size() > kCidrMemoMaxText) return parse_cidr(text, out, prefix_bits, is_v6);
  thread_local std::array<Slot, kCidrMemoSlots> memo;
  Slot& slot = memo[slot_of(text)];
  if (slot.length != text.size() || std::memcmp(slot.text, text.data(), text.size()) != 0) {
    int bits = 0;
    bool v6 = false;
    slot.ok = parse_cidr(text, slot.address, &bits, &v6);
    slot.bits = static_cast<uint8_t>(bits);
    slot.v6 = v6;
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
