// The hashed view of a string list (runtime/bind_index.h) that binding builds for the
// lists many rules test with `in`: it must answer exactly what the VM's scan answers
// (op_in for a string needle: true, else unknown when an element is unknown, else
// false), whatever the list holds; it is refused (the VM scans) for short lists and
// for strings that collide past kMaxIndexDisplacement, so hostile facts cannot make
// binding or a lookup slower than the scan.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "runtime/bind_index.h"
#include "runtime/value.h"
#include "runtime/vm_internal.h"

namespace {

using namespace edict;

std::string show(const Value& v) { return to_display(v); }

// What the VM answers without an index.
Value scanned(const Value& list, std::string_view needle) {
  Value out, item = Value::of_string(needle);
  std::string error;
  REQUIRE(op_in(item, list, &out, &error));
  return out;
}

}  // namespace

TEST_CASE("list index: the same answers as the scan, on lists of strings, repeats, unknowns and other kinds") {
  std::mt19937 rng(20261130);
  Arena arena;
  for (int round = 0; round < 300; ++round) {
    uint32_t n = kMinIndexedListSize + rng() % 200;
    Value* items = arena.allocate_array<Value>(n);
    std::vector<std::string> pool;
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t pick = rng() % 20;
      if (pick == 0) {
        items[i] = Value::unknown();
      } else if (pick == 1) {
        items[i] = Value::null();
      } else if (pick == 2) {
        items[i] = Value::of_int(rng() % 5);
      } else if (pick == 3 && !pool.empty()) {
        items[i] = make_string(arena, pool[rng() % pool.size()]);  // a repeat
      } else {
        // Lengths 0..24 cover every branch of the byte compare (under 4, 4..7, 8..16, longer).
        std::string s(rng() % 25, 'a');
        for (char& c : s) c = static_cast<char>('a' + rng() % 3);
        pool.push_back(s);
        items[i] = make_string(arena, s);
      }
    }
    Value list = Value::of_list(items, n);
    const StringListIndex* index = StringListIndex::build(list, arena);
    REQUIRE(index != nullptr);
    pool.push_back("");
    pool.push_back("not in the list at all");
    pool.push_back("KB4493471");
    for (const std::string& needle : pool) {
      INFO("round " << round << ", needle `" << needle << "`");
      CHECK(show(index->contains(needle)) == show(scanned(list, needle)));
    }
  }
}

TEST_CASE("list index: none for short lists and non-lists (the scan is as fast there)") {
  Arena arena;
  std::vector<Value> items(kMinIndexedListSize - 1, make_string(arena, "KB1"));
  CHECK(StringListIndex::build(Value::of_list(items.data(), static_cast<uint32_t>(items.size())), arena) == nullptr);
  items.push_back(make_string(arena, "KB2"));
  CHECK(StringListIndex::build(Value::of_list(items.data(), static_cast<uint32_t>(items.size())), arena) != nullptr);
  CHECK(StringListIndex::build(make_string(arena, "KB1"), arena) == nullptr);
  CHECK(StringListIndex::build(Value::unknown(), arena) == nullptr);
}

TEST_CASE("list index: strings that collide past the displacement limit get no index, those within it one that works") {
  // 64 strings for a table of 128 buckets (list of 64), all in one bucket: the last
  // lands 63 buckets from home, past kMaxIndexDisplacement.
  Arena arena;
  auto colliding = [&](uint32_t count, uint32_t mask) {
    std::map<uint32_t, std::vector<std::string>> by_bucket;
    for (uint32_t i = 0;; ++i) {
      std::string s = "KB" + std::to_string(i);
      auto& bucket = by_bucket[static_cast<uint32_t>(string_hash(s)) & mask];
      bucket.push_back(s);
      if (bucket.size() == count) return bucket;
    }
  };
  std::vector<std::string> hostile = colliding(64, 127);
  std::vector<Value> items;
  for (const auto& s : hostile) items.push_back(make_string(arena, s));
  CHECK(StringListIndex::build(Value::of_list(items.data(), 64), arena) == nullptr);

  // 32 of them (a table of 64 buckets: same low bits, so one bucket again), the last
  // 31 away: within the limit; every lookup still right, present or absent.
  std::vector<Value> fewer(items.begin(), items.begin() + kMaxIndexDisplacement);
  Value list = Value::of_list(fewer.data(), static_cast<uint32_t>(fewer.size()));
  const StringListIndex* index = StringListIndex::build(list, arena);
  REQUIRE(index != nullptr);
  for (const auto& s : hostile) CHECK(show(index->contains(s)) == show(scanned(list, s)));
}
