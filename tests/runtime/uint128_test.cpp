// runtime/uint128.h against GCC's unsigned __int128 on this 64-bit host: the 32-bit
// edict.exe has no built-in 128-bit type, so cidr_covered_by runs on Uint128 everywhere
// and must compute what the built-in type did.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>

#include "runtime/uint128.h"

using edict::Uint128;

#if defined(__SIZEOF_INT128__)
namespace {

using Native = unsigned __int128;
Native ToNative(Uint128 v) { return static_cast<Native>(v.hi) << 64 | v.lo; }

}  // namespace

TEST_CASE("Uint128 computes what unsigned __int128 does, wrap-around included") {
  std::mt19937_64 rng(18);
  // Edge values first (0, 1, all ones, the 64-bit boundary), then random ones.
  std::vector<Uint128> values = {{0, 0}, {0, 1}, {0, ~0ull}, {1, 0}, {~0ull, ~0ull}, {~0ull, 0}, {0x8000000000000000ull, 0}};
  for (int i = 0; i < 200; ++i) values.push_back({rng(), rng()});
  for (const Uint128& a : values) {
    for (int shift : {0, 1, 8, 63, 64, 65, 127}) CHECK(ToNative(a << shift) == (ToNative(a) << shift));
    CHECK(ToNative(~a) == static_cast<Native>(~ToNative(a)));
    for (const Uint128& b : {values[0], values[2], values[4], values[values.size() - 1], a}) {
      CHECK(ToNative(a + b) == static_cast<Native>(ToNative(a) + ToNative(b)));
      CHECK(ToNative(a - b) == static_cast<Native>(ToNative(a) - ToNative(b)));
      CHECK(ToNative(a & b) == (ToNative(a) & ToNative(b)));
      CHECK(ToNative(a | b) == (ToNative(a) | ToNative(b)));
      CHECK((a < b) == (ToNative(a) < ToNative(b)));
      CHECK((a == b) == (ToNative(a) == ToNative(b)));
      CHECK((a >= b) == (ToNative(a) >= ToNative(b)));
    }
  }
}
#endif

TEST_CASE("Uint128 spans of a /0 wrap as the CIDR code expects") {
  Uint128 all = ~Uint128(0);
  CHECK(all + 1 == Uint128(0));
  CHECK((Uint128(1) << 127) - 1 == Uint128(0x7fffffffffffffffull, ~0ull));
}
