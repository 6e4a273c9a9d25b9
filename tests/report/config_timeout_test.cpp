// `[collect] timeout` zero is refused like `max_output = 0` (E0606): no external
// collector can finish in no time, so a zero timeout would turn every one of them
// into a failure and every fact they give into unknown. Catches: `timeout = "0s"`
// (or `0`, `"0ms"`) being accepted.
#include <catch2/catch.hpp>

#include "report/config.h"

using namespace edict;
using namespace edict::report;

namespace {

std::string errors_of(const std::string& text) {
  SourceManager sources;
  DiagnosticSink sink;
  auto config = parse_config("/repo/edict.toml", text, sources, sink);
  return config ? std::string() : render_all(sink, sources);
}

}  // namespace

TEST_CASE("config: a zero [collect] timeout is E0606, as a zero max_output is") {
  for (const char* zero : {"\"0s\"", "\"0ms\"", "0", "\"0m\""}) {
    std::string err = errors_of(std::string("[collect]\ntimeout = ") + zero + "\n");
    INFO(zero << ": " << err);
    CHECK(err.find("edict.toml:2:11: error[E0606]: `timeout` must be a positive duration of at most 10 minutes") !=
          std::string::npos);
  }
  CHECK(errors_of("[collect]\nmax_output = 0\n").find("error[E0606]") != std::string::npos);
  CHECK(errors_of("[collect]\ntimeout = \"1ms\"\n").empty());
  CHECK(errors_of("[collect]\ntimeout = \"10m\"\n").empty());
}
