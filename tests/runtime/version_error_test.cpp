// Issue 17: `version("3.0.15-1~deb12u1")` is an error (not dotted numbers) whose message
// names the built-in that does compare Debian package versions.
#include <catch2/catch.hpp>

#include "runtime/builtins.h"

using namespace edict;

TEST_CASE("version() of a Debian package version points at debian_version_compare") {
  Arena arena;
  BuiltinContext ctx{&arena, 0};
  Value arg = Value::of_string("3.0.15-1~deb12u1"), out;
  std::string error;
  REQUIRE_FALSE(call_builtin(Builtin::kVersion, &arg, 1, ctx, &out, &error));
  CHECK(error.find("\"3.0.15-1~deb12u1\" is not a dotted numeric version") != std::string::npos);
  CHECK(error.find("`debian_version_compare(a, b)`") != std::string::npos);
}
