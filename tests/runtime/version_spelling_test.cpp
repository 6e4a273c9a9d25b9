// Issue 17: a version is printed as written. Ubuntu's `22.04` is the version 22.4 (it
// compares as one), but reports printed it as v"22.4"; they now print v"22.04". Only
// versions parsed from text keep it; so do constants and bundles (format 4).
#include <catch2/catch.hpp>

#include "runtime/program.h"
#include "runtime/value.h"

using namespace edict;

TEST_CASE("a version with leading zeros keeps its text for display and compares by its parts") {
  Arena arena;
  Value ubuntu, canonical, windows;
  REQUIRE(parse_version(arena, "22.04", &ubuntu));
  REQUIRE(parse_version(arena, "22.4", &canonical));
  REQUIRE(parse_version(arena, "v6.0.6003", &windows));
  CHECK(to_display(ubuntu) == "v\"22.04\"");
  CHECK(version_spelling(ubuntu) == "22.04");
  CHECK(to_display(canonical) == "v\"22.4\"");
  CHECK(to_display(windows) == "v\"6.0.6003\"");  // nothing to keep: no leading zero
  CHECK(version_spelling(windows).empty());
  CHECK(values_equal(ubuntu, canonical));
  CHECK(compare_versions(ubuntu, canonical) == 0);
  Value zero;
  REQUIRE(parse_version(arena, "0.0.10", &zero));
  CHECK(to_display(zero) == "v\"0.0.10\"");  // a lone 0 is not a leading zero
  CHECK(version_spelling(zero).empty());
  REQUIRE(parse_version(arena, "2024.007", &zero));
  CHECK(to_display(zero) == "v\"2024.007\"");
  bool cut = false;
  CHECK(to_display_bounded(ubuntu, 120, &cut) == "v\"22.04\"");
}

TEST_CASE("a constant of a version keeps its text: v\"22.04\" and v\"22.4\" are two pool slots") {
  Program program;
  Arena arena;
  Value ubuntu, canonical;
  REQUIRE(parse_version(arena, "22.04", &ubuntu));
  REQUIRE(parse_version(arena, "22.4", &canonical));
  uint32_t a = program.add_constant(ubuntu), b = program.add_constant(canonical);
  CHECK(a != b);
  CHECK(program.add_constant(ubuntu) == a);
  CHECK(to_display(program.constants[a]) == "v\"22.04\"");
  CHECK(to_display(program.constants[b]) == "v\"22.4\"");
  CHECK(values_equal(program.constants[a], program.constants[b]));
}
