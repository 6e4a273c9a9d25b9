// Base64 and PAE exactly as the DSSE spec defines them: a wrong PAE would make every
// signature unverifiable by any other DSSE tool.
#include <catch2/catch.hpp>

#include "evidence/dsse.h"
#include "evidence/encoding.h"

using namespace edict::evidence;

TEST_CASE("base64 round-trips every length and refuses every non-canonical text") {
  std::string bytes;
  for (int n = 0; n < 64; ++n) {
    auto back = base64_decode(base64_encode(bytes));
    REQUIRE(back.has_value());
    CHECK(*back == bytes);
    bytes += static_cast<char>(n * 37 + 11);
  }
  CHECK(base64_encode("hello") == "aGVsbG8=");
  CHECK(base64_decode("aGVsbG8=") == std::optional<std::string>("hello"));
  CHECK_FALSE(base64_decode("aGVsbG9=").has_value());  // stray bits in the last character
  CHECK_FALSE(base64_decode("aGVsbG8").has_value());   // no padding
  CHECK_FALSE(base64_decode("aGVs bG8=").has_value()); // whitespace
  CHECK_FALSE(base64_decode("aGVs\nbG8=").has_value());
  CHECK_FALSE(base64_decode("aGVsbG-_").has_value());  // the URL-safe alphabet
  CHECK_FALSE(base64_decode("aG=sbG8=").has_value());  // padding in the middle
}

TEST_CASE("sha256 of the empty string is the well-known digest") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("PAE is DSSEv1 SP len(type) SP type SP len(body) SP body, as in the DSSE spec") {
  // secure-systems-lab/dsse protocol.md's worked example.
  CHECK(pae("http://example.com/HelloWorld", "hello world") == "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  CHECK(pae("", "") == "DSSEv1 0  0 ");
}
