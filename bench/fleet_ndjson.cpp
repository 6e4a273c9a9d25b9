// Writes a fleet for the whole-process benchmark (bench/README.md, "Fleets"): N lines of
// NDJSON, each the 5 KB host of bench_common.h on one line with its own host.name.
//   build/bench/fleet_ndjson 100000 > /tmp/fleet.ndjson
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "bench/bench_common.h"

int main(int argc, char** argv) {
  long n = argc > 1 ? std::atol(argv[1]) : 1000;
  nlohmann::ordered_json host = nlohmann::ordered_json::parse(edict::bench::kHostJson);
  for (long i = 0; i < n; ++i) {
    host["host"]["name"] = "host-" + std::to_string(i);
    std::string line = host.dump() + "\n";
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  return 0;
}
