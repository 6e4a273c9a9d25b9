// Values: the semantics constant folding and the VM share (equality, versions, display).
#include <catch2/catch.hpp>

#include "runtime/value.h"

using namespace edict;

TEST_CASE("versions compare component-wise with missing components as zero") {
  Arena arena;
  Value a, b, c, d;
  REQUIRE(parse_version(arena, "6.0.6003", &a));
  REQUIRE(parse_version(arena, "6.0.6002", &b));
  REQUIRE(parse_version(arena, "10.0", &c));
  REQUIRE(parse_version(arena, "9.9", &d));
  CHECK(compare_versions(a, b) > 0);
  CHECK(compare_versions(c, d) > 0);
  Value e, f;
  REQUIRE(parse_version(arena, "6.0", &e));
  REQUIRE(parse_version(arena, "6.0.0", &f));
  CHECK(compare_versions(e, f) == 0);
  CHECK(values_equal(e, f));
}

TEST_CASE("malformed versions are refused") {
  Arena arena;
  Value v;
  CHECK_FALSE(parse_version(arena, "", &v));
  CHECK_FALSE(parse_version(arena, "6..0", &v));
  CHECK_FALSE(parse_version(arena, "6.0-rc1", &v));
  CHECK_FALSE(parse_version(arena, "99999999999999999999", &v));
}

TEST_CASE("unknown equals nothing, not even unknown") {
  Arena arena;
  CHECK_FALSE(values_equal(Value::unknown(), Value::unknown()));
  CHECK(values_equal(Value::of_int(3), Value::of_float(3.0)));
  CHECK_FALSE(values_equal(Value::of_int(3), make_string(arena, "3")));
}

TEST_CASE("display is canonical") {
  Arena arena;
  Value items[] = {Value::of_int(1), make_string(arena, "a\"b"), Value::of_float(0.5), Value::of_bool(true)};
  CHECK(to_display(Value::of_list(items, 4)) == R"([1, "a\"b", 0.5, true])");
  CHECK(to_display(Value::of_float(2)) == "2.0");
  Value v;
  REQUIRE(parse_version(arena, "v6.0.6003", &v));
  CHECK(to_display(v) == "v\"6.0.6003\"");
}

TEST_CASE("maps sort their keys and find by key") {
  Arena arena;
  MapEntry entries[] = {{"b", Value::of_int(2)}, {"a", Value::of_int(1)}, {"b", Value::of_int(3)}};
  Value m = make_map(entries, 3);
  REQUIRE(m.size == 2);
  CHECK(map_find(m, "a")->integer == 1);
  CHECK(map_find(m, "b")->integer == 3);
  CHECK(map_find(m, "c") == nullptr);
  CHECK(to_display(m) == R"({"a": 1, "b": 3})");
}
