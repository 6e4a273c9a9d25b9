// Built-in helpers the stdlib's judgements rest on: address parsing, dpkg version
// ordering, dates. Bad input must be refused, never misread.
#include <catch2/catch.hpp>

#include "runtime/builtins.h"

using namespace edict;

TEST_CASE("IP and CIDR parsing accepts real forms and refuses malformed ones") {
  uint8_t a[16];
  bool v6;
  int bits;
  CHECK(parse_ip("10.0.0.1", a, &v6));
  CHECK_FALSE(v6);
  CHECK(parse_ip("::", a, &v6));
  CHECK(v6);
  CHECK(parse_ip("2001:db8::1", a, &v6));
  CHECK(parse_ip("::ffff:10.0.0.1", a, &v6));
  CHECK(parse_ip("fe80:0:0:0:0:0:0:1", a, &v6));
  CHECK_FALSE(parse_ip("10.0.0.256", a, &v6));
  CHECK_FALSE(parse_ip("010.0.0.1", a, &v6));  // leading zeros are ambiguous
  CHECK_FALSE(parse_ip("1:2:3:4:5:6:7:8:9", a, &v6));
  CHECK_FALSE(parse_ip("1::2::3", a, &v6));
  CHECK_FALSE(parse_ip("", a, &v6));
  CHECK(parse_cidr("0.0.0.0/0", a, &bits, &v6));
  CHECK(bits == 0);
  CHECK(parse_cidr("::1", a, &bits, &v6));
  CHECK(bits == 128);
  CHECK_FALSE(parse_cidr("10.0.0.0/33", a, &bits, &v6));
  CHECK_FALSE(parse_cidr("10.0.0.0/", a, &bits, &v6));
}

TEST_CASE("debian_version_compare follows dpkg") {
  CHECK(debian_version_compare("1.0", "1.0") == 0);
  CHECK(debian_version_compare("1.0~rc1", "1.0") == -1);
  CHECK(debian_version_compare("1.0", "1.0+b1") == -1);
  CHECK(debian_version_compare("1:1.0", "2.0") == 1);
  CHECK(debian_version_compare("2.36-9+deb12u4", "2.36-9+deb12u10") == -1);
  CHECK(debian_version_compare("1.10", "1.9") == 1);
  CHECK(debian_version_compare("1.0-1", "1.0-1~bpo1") == 1);
  CHECK(debian_version_compare("a", "1") == 1);  // letters sort after the end of digits
}

TEST_CASE("dates are real calendar dates") {
  int64_t d;
  REQUIRE(parse_date("1970-01-01", &d));
  CHECK(d == 0);
  REQUIRE(parse_date("2024-02-29", &d));
  CHECK_FALSE(parse_date("2023-02-29", &d));
  CHECK_FALSE(parse_date("2024-13-01", &d));
  CHECK_FALSE(parse_date("2024-1-01", &d));
  CHECK_FALSE(parse_date("2024-01-01T00:00:00Z", &d));
}

TEST_CASE("the built-in table and find_builtin agree") {
  for (uint32_t i = 0; i < kBuiltinCount; ++i) {
    auto id = find_builtin(kBuiltinInfo[i].name);
    REQUIRE(id);
    CHECK(static_cast<uint32_t>(*id) == i);
  }
  CHECK_FALSE(find_builtin("eval"));
}
