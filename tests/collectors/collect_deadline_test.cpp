// The collection deadline: built-in collectors share options.collect_deadline_ms
// (kCollectDeadlineMs). One that blocks past it (as a read on a hung NFS or FUSE mount
// under --root would) is abandoned with its facts unknown, the ones after it are not
// started, and the run ends on time. The abandoned thread, woken after the registry
// is gone, touches nothing freed (ASan runs this too).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "collectors/linux.h"
#include "collectors/registry.h"
#include "tests/collectors/collector_reports.h"
#include "tests/facts/temp_tree.h"

using namespace edict;
using edict::testing::report_of;
using edict::testing::show;
using edict::testing::TempTree;

namespace {

std::atomic<int> woke{0};

// Provides `site.stuck`; collecting it opens a FIFO nobody writes to, which blocks in
// the kernel until the test opens the other end.
class BlockingCollector : public Collector {
 public:
  explicit BlockingCollector(std::string fifo) : fifo_(std::move(fifo)) {}
  std::string name() const override { return "stuck"; }
  std::vector<FactDecl> provides() const override { return {FactDecl{"site.stuck", Type::string(), "stuck", ""}}; }
  void collect(const CollectRequest&, FactsBuilder& out, CollectorReport&) override {
    int fd = ::open(fifo_.c_str(), O_RDONLY);
    if (fd >= 0) ::close(fd);
    out.set("site.stuck", make_string(out.arena(), "late"));
    ++woke;
  }

 private:
  std::string fifo_;
};

}  // namespace

TEST_CASE("a built-in collector past the collection deadline is abandoned, its facts unknown, the run ends") {
  static_assert(kCollectDeadlineMs == 30 * 1000);
  CHECK(CollectOptions{}.collect_deadline_ms == kCollectDeadlineMs);
  TempTree tree("deadline");
  tree.fifo("hang");
  CollectOptions options;
  options.root = std::string(EDICT_SOURCE_DIR) + "/tests/data/facts/roots/debian12";
  options.collect_deadline_ms = 2000;  // room for the host collector on a loaded CI machine
  std::vector<CollectorReport> reports;
  Facts facts;
  {
    CollectorRegistry registry;
    registry.add(collectors::make_host_collector());
    registry.add(std::make_unique<BlockingCollector>(tree.at("hang")));
    registry.add(collectors::make_os_collector());
    auto start = std::chrono::steady_clock::now();
    facts = collect_facts(registry, {}, options, &reports, /*collect_all=*/true);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(seconds < 5);
  }

  // Before the deadline: collected as usual.
  CHECK(show(facts, "host.name") == "\"deb-web-01\"");
  REQUIRE(report_of(reports, "host"));
  CHECK(report_of(reports, "host")->ok);
  // At it: abandoned, unknown, said so.
  CHECK(facts.find("site.stuck") == nullptr);
  const CollectorReport* stuck = report_of(reports, "stuck");
  REQUIRE(stuck);
  CHECK_FALSE(stuck->ok);
  CHECK(stuck->message == "did not finish within the 2 s collection deadline; abandoned, its facts are unknown");
  CHECK(stuck->paths_left_unknown == std::vector<std::string>{"site.stuck"});
  // After it: not started.
  CHECK(facts.find("os.name") == nullptr);
  const CollectorReport* os = report_of(reports, "os");
  REQUIRE(os);
  CHECK_FALSE(os->ok);
  CHECK(os->message == "not run: the 2 s collection deadline had passed; its facts are unknown");
  CHECK(os->paths_left_unknown.size() == core_facts_of("os").size());

  // Wake the abandoned collector now that its registry is gone: it finishes into
  // memory its thread owns, and nothing of it reaches the facts already returned.
  int writer = ::open(tree.at("hang").c_str(), O_WRONLY | O_NONBLOCK);
  REQUIRE(writer >= 0);
  ::close(writer);
  for (int i = 0; i < 200 && woke.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(woke.load() == 1);
  CHECK(facts.find("site.stuck") == nullptr);
}
