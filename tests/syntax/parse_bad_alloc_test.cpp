// Running out of memory while parsing is not a "not UTF-8" file. The parser used to
// catch every std::exception around ANTLR and report it as E00xx "could not be read as
// UTF-8 text", so a std::bad_alloc blamed a good file. This test makes the N-th
// allocation of a parse throw, for every N up to the parse's own count.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <new>

#include "compiler/syntax/parser.h"
#include "tests/syntax/test_util.h"

// ANTLR 4.9 is not exception-safe everywhere: a bad_alloc injected in its middle may
// leak what it had built. That is not what this test checks, so under ASan the leak
// checker ignores allocations made while failures are injected.
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define EDICT_LSAN_DISABLE() __lsan_disable()
#define EDICT_LSAN_ENABLE() __lsan_enable()
#else
#define EDICT_LSAN_DISABLE() (void)0
#define EDICT_LSAN_ENABLE() (void)0
#endif

namespace {

// Allocations left before operator new throws; negative: never (every other test).
thread_local long allocations_until_failure = -1;

void* allocate(std::size_t size) {
  if (allocations_until_failure == 0) {
    allocations_until_failure = -1;  // once: the unwinding itself may allocate
    throw std::bad_alloc();
  }
  if (allocations_until_failure > 0) --allocations_until_failure;
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}

}  // namespace

// Replaced for this test executable only; malloc/free underneath, so sanitizers see
// matching pairs.
void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return allocate(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return allocate(size);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

using namespace edict;
using namespace edict::syntax;

TEST_CASE("a bad_alloc while parsing propagates and is never reported as a file that is not UTF-8") {
  const std::string text =
      "package p\nlet kbs = [\"KB1\", \"KB2\"]\npolicy x \"X\" {\n  rule r \"R\" { require os.build >= 6003 and "
      "any kb in kbs : kb in windows.hotfixes }\n}\n";
  // A first parse fills ANTLR's one-time tables, so the failures below land in the
  // parse itself. It also counts the allocations a parse makes.
  {
    SourceManager sources;
    DiagnosticSink sink;
    auto id = add_source("warm.edict", text, sources, sink, {});
    REQUIRE(id);
    parse_module(sources, *id, sink, {});
    REQUIRE_FALSE(sink.has_errors());
  }
  long total = 0;
  {
    SourceManager sources;
    DiagnosticSink sink;
    auto id = add_source("count.edict", text, sources, sink, {});
    REQUIRE(id);
    allocations_until_failure = 1L << 40;
    parse_module(sources, *id, sink, {});
    total = (1L << 40) - allocations_until_failure;
    allocations_until_failure = -1;
  }
  REQUIRE(total > 10);
  size_t propagated = 0;
  for (long n = 0; n < total; n += 1 + total / 400) {
    SourceManager sources;
    DiagnosticSink sink;
    auto id = add_source("good.edict", text, sources, sink, {});
    REQUIRE(id);
    bool threw = false;
    EDICT_LSAN_DISABLE();
    allocations_until_failure = n;
    try {
      parse_module(sources, *id, sink, {});
    } catch (const std::bad_alloc&) {
      threw = true;
    }
    allocations_until_failure = -1;
    EDICT_LSAN_ENABLE();
    if (threw) ++propagated;
    std::string rendered = render_all(sink, sources);
    INFO("allocation " << n << " of " << total << " failed:\n" << rendered);
    CHECK(rendered.find("UTF-8") == std::string::npos);
  }
  CHECK(propagated > 0);
}

TEST_CASE("text that bypassed the UTF-8 check is still reported as not UTF-8, not thrown") {
  // add_source refuses such text; a SourceFile added directly reaches ANTLR's own
  // decoder, whose std::range_error is the one exception read as "not UTF-8".
  SourceManager sources;
  DiagnosticSink sink;
  uint32_t id = sources.add("raw.edict", "package p\nlet s = \"\xff\xfe\"\n");
  Module m = parse_module(sources, id, sink, {});
  std::string rendered = render_all(sink, sources);
  INFO(rendered);
  CHECK(sink.has_errors());
  CHECK_THAT(rendered, Catch::Contains("error[E0003]: source file could not be read as UTF-8 text"));
}
