// An unsigned 128-bit integer for address arithmetic (IPv6 CIDR spans in builtins.cpp).
// GCC's `unsigned __int128` exists only on 64-bit targets; the 32-bit edict.exe (i686)
// has none, so every build uses this one type and the tests of the 64-bit build cover
// what the 32-bit one runs. Arithmetic wraps modulo 2^128, as the built-in type does.
#pragma once

#include <compare>
#include <cstdint>

namespace edict {

struct Uint128 {
  uint64_t hi = 0;  // declared first: the defaulted <=> compares it first
  uint64_t lo = 0;

  constexpr Uint128() = default;
  constexpr Uint128(uint64_t low) : lo(low) {}  // NOLINT: implicit, as for a built-in integer
  constexpr Uint128(uint64_t high, uint64_t low) : hi(high), lo(low) {}

  friend constexpr auto operator<=>(const Uint128&, const Uint128&) = default;

  constexpr Uint128 operator~() const { return {~hi, ~lo}; }
  friend constexpr Uint128 operator&(Uint128 a, Uint128 b) { return {a.hi & b.hi, a.lo & b.lo}; }
  friend constexpr Uint128 operator|(Uint128 a, Uint128 b) { return {a.hi | b.hi, a.lo | b.lo}; }
  friend constexpr Uint128 operator+(Uint128 a, Uint128 b) {
    uint64_t lo = a.lo + b.lo;
    return {a.hi + b.hi + (lo < a.lo ? 1 : 0), lo};
  }
  friend constexpr Uint128 operator-(Uint128 a, Uint128 b) {
    return {a.hi - b.hi - (a.lo < b.lo ? 1 : 0), a.lo - b.lo};
  }
  // Shifts by 0..127 bits (as for the built-in type, 128 or more is not defined).
  constexpr Uint128 operator<<(int n) const {
    if (n == 0) return *this;
    if (n >= 64) return {lo << (n - 64), 0};
    return {hi << n | lo >> (64 - n), lo << n};
  }
};

}  // namespace edict
