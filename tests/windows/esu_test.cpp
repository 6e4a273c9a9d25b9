// ESU licensing from the activation records: each ESU year is its own SKU, and only
// the last year's (Year 3) covers the ESU period (docs/windows.md). Catches a host with
// Year 1 or Year 2 activated reported as licensed.
#include <catch2/catch.hpp>

#include "collectors/windows/windows_facts.h"

using namespace edict::collectors::windows;

namespace {

WmiRow Row(const char* id, int64_t status) {
  return {{"ID", std::string(id)}, {"Name", std::string("ESU")}, {"LicenseStatus", status}};
}

constexpr const char* kYear1 = "553673ed-6ddf-419c-a153-b760283472fd";
constexpr const char* kYear2 = "04fa0286-fa74-401e-bbe9-fbfbb158010d";
constexpr const char* kYear3 = "16c08c85-0c8b-4009-9b2b-f1f7319e45f9";

}  // namespace

TEST_CASE("ESU: only Year 1 activated is not licensed for the ESU period") {
  EsuFacts esu = EsuFromRows({Row(kYear1, 1)});
  CHECK_FALSE(esu.licensed);
  CHECK(esu.year == 1);
}

TEST_CASE("ESU: Years 1 and 2 activated with Year 3 inactive is not licensed") {
  EsuFacts esu = EsuFromRows({Row(kYear1, 1), Row(kYear2, 1), Row(kYear3, 0)});
  CHECK_FALSE(esu.licensed);
  CHECK(esu.year == 2);
}

TEST_CASE("ESU: the Year 3 SKU activated is licensed, alone or with the others") {
  CHECK(EsuFromRows({Row(kYear3, 1)}).licensed);
  EsuFacts all = EsuFromRows({Row(kYear1, 1), Row(kYear2, 1), Row(kYear3, 1)});
  CHECK(all.licensed);
  CHECK(all.year == kEsuFinalYear);
}
