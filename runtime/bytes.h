// Byte equality for the short strings facts are made of (KB numbers, route
// destinations, record field names), shared by the VM's loops and the bind-time
// membership index: strings of 4 to 16 bytes are decided by two overlapping word
// compares, with no call to memcmp (which costs more than the compare itself here).
#pragma once

#include <cstdint>
#include <cstring>

namespace edict {

inline uint64_t load_u64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline uint32_t load_u32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// a[0..n) == b[0..n).
inline bool same_bytes(const char* a, const char* b, uint32_t n) {
  if (n >= 8) {
    if (load_u64(a) != load_u64(b)) return false;
    if (n <= 16) return load_u64(a + n - 8) == load_u64(b + n - 8);
    return std::memcmp(a + 8, b + 8, n - 8) == 0;
  }
  if (n >= 4) return load_u32(a) == load_u32(b) && load_u32(a + n - 4) == load_u32(b + n - 4);
  for (uint32_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace edict
