// The CIDR memo gives parse_cidr's answer for every text, whatever was parsed before:
// many more distinct texts than slots (so slots are overwritten), valid and invalid
// ones, texts that differ in one byte, and the same text asked again after eviction.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "runtime/builtins.h"
#include "runtime/cidr_memo.h"

using namespace edict;

namespace {

std::vector<std::string> texts() {
  std::vector<std::string> out = {"0.0.0.0/0", "::/0", "10.0.0.0/8", "10.0.0.0/9", "10.0.0.0/33", "10.0.0.0/",
                                  "192.0.0.9/32", "192.0.0.9", "2001:db8::/32", "2001:db8::/129", "fe80::1%eth0",
                                  "not an address", "", "1.2.3", "::ffff:1.2.3.4/128",
                                  std::string(kCidrMemoMaxText, '1'), std::string(kCidrMemoMaxText + 1, '1'),
                                  "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"};
  std::mt19937 rng(7);
  for (int i = 0; i < 4000; ++i) {
    if (i % 3 == 0) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%u:%x::%x/%u", static_cast<unsigned>(rng() % 0x10000),
                    static_cast<unsigned>(rng() % 0x10000), static_cast<unsigned>(rng() % 0x10000),
                    static_cast<unsigned>(rng() % 140));
      out.push_back(buf);
    } else {
      out.push_back(std::to_string(rng() % 300) + "." + std::to_string(rng() % 256) + "." +
                    std::to_string(rng() % 256) + "." + std::to_string(rng() % 256) + "/" +
                    std::to_string(rng() % 40));
    }
  }
  return out;
}

void agree(const std::string& text) {
  uint8_t a[16] = {}, b[16] = {};
  int abits = -1, bbits = -1;
  bool av6 = false, bv6 = false;
  bool aok = parse_cidr(text, a, &abits, &av6);
  bool bok = parse_cidr_memo(text, b, &bbits, &bv6);
  INFO(text);
  REQUIRE(aok == bok);
  if (!aok) return;
  CHECK(std::memcmp(a, b, 16) == 0);
  CHECK(abits == bbits);
  CHECK(av6 == bv6);
}

}  // namespace

TEST_CASE("the CIDR memo answers as parse_cidr does, across evictions and repeats") {
  std::vector<std::string> all = texts();
  REQUIRE(all.size() > 4 * kCidrMemoSlots);
  for (const auto& t : all) agree(t);                             // first sight: fills and evicts
  for (auto it = all.rbegin(); it != all.rend(); ++it) agree(*it);  // again, in the other order
  for (const auto& t : all) agree(t);
}

TEST_CASE("the CIDR memo tells texts apart that differ in one byte or in length") {
  // Same slot or not, "10.0.0.0/8" must not answer for "10.0.0.0/9" or "10.0.0.0/80".
  for (int round = 0; round < 3; ++round) {
    for (const char* t : {"10.0.0.0/8", "10.0.0.0/9", "10.0.0.0/80", "10.0.0.0/", "10.0.0.0"}) agree(t);
  }
}

TEST_CASE("the CIDR memo tells apart texts of one slot that differ in any one byte, at every length") {
  // The slot is chosen from three 8-byte words, so for texts past 24 bytes a byte between
  // them leaves the slot the same: only the comparison of the whole text tells them apart
  // (words of 8 bytes, then the last word for a partial tail).
  const std::string full = "2001:0db8:0000:0000:0000:0000:0000:0001/128";  // 43 bytes, valid
  for (size_t n = 8; n <= kCidrMemoMaxText; ++n) {
    std::string base = n <= full.size() ? full.substr(0, n) : full + std::string(n - full.size(), '0');
    for (size_t at = 0; at < n; ++at) {
      std::string other = base;
      other[at] = other[at] == '1' ? '2' : '1';
      agree(base);   // memoised
      agree(other);  // same slot when `at` lies between the hashed words
      agree(base);
    }
  }
  // The valid 43-byte text and one that differs only in its 20th byte (between the words).
  std::string changed = full;
  changed[20] = '9';
  uint8_t a[16], b[16];
  int abits = 0, bbits = 0;
  bool av6 = false, bv6 = false;
  REQUIRE(parse_cidr_memo(full, a, &abits, &av6));
  REQUIRE(parse_cidr_memo(changed, b, &bbits, &bv6));
  CHECK(std::memcmp(a, b, 16) != 0);
}
