// The `sshd` collector: the SSH server's effective configuration as `sshd -T` prints
// it, read from /etc/ssh/sshd_config below --root (sshd_config.h): the global section in
// `sshd.config` with OpenSSH's defaults for keys not set, `Match` blocks in `sshd.match`
// as written (never merged: which applies depends on the connection).
//
// The defaults are those of OpenSSH 9.2 (Debian 12), applied only when the root's dpkg
// status says openssh-server 9.2 is installed; for any other version (or no dpkg) the
// keys the configuration does not set stay unknown, never another version's defaults.
// A configuration sshd would refuse (an unreadable Include, a keyword without a value)
// leaves everything unknown, with the reason.
#include "collectors/linux.h"
#include "collectors/root_fs.h"
#include "collectors/sshd_config.h"
#include "runtime/facts/builder.h"

namespace edict::collectors {

namespace {

constexpr const char* kSshdConfigPath = "/etc/ssh/sshd_config";

Value string_map(Arena& arena, const std::map<std::string, std::string>& m) {
  std::vector<std::pair<std::string_view, Value>> fields;
  for (const auto& [k, v] : m) fields.emplace_back(k, make_string(arena, v));
  return make_record(arena, fields);
}

// "1:9.2p1-2+deb12u10" -> true: the upstream release whose defaults sshd_config.cpp holds.
bool is_openssh_92(const std::string& version) {
  size_t colon = version.find(':');
  std::string upstream = colon == std::string::npos ? version : version.substr(colon + 1);
  return upstream.rfind("9.2p", 0) == 0;
}

class SshdCollector : public Collector {
 public:
  std::string name() const override { return "sshd"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("sshd"); }

  void collect(const CollectRequest& request, FactsBuilder& out, CollectorReport& report) override {
    RootFs fs(request.options.root);
    SshdConfig config = read_sshd_config(fs, kSshdConfigPath);
    if (!config.errors.empty()) {
      report.ok = false;
      for (const auto& e : config.errors) report.message += (report.message.empty() ? "" : "; ") + e;
      report.message += "; the sshd configuration is left unknown";
      return;
    }
    std::string status, error;
    bool defaults = false;
    if (fs.read("var/lib/dpkg/status", &status, &error, RootFs::kMaxFileBytes)) {
      for (const auto& p : parse_dpkg_status(status)) {
        if (p.name == "openssh-server") defaults = is_openssh_92(p.version);
      }
    }
    if (defaults) {
      for (const auto& [k, v] : sshd_92_defaults()) config.global.emplace(k, v);  // set keys win
    } else {
      report.message = "openssh-server 9.2 is not installed (per dpkg); keys the configuration does not set are "
                       "left unknown (Edict knows OpenSSH 9.2's defaults only)";
    }
    Arena& arena = out.arena();
    out.set("sshd.config", string_map(arena, config.global));
    std::vector<Value> blocks;
    for (const auto& b : config.matches) {
      blocks.push_back(make_record(arena, {{"criteria", make_string(arena, b.criteria)},
                                           {"config", string_map(arena, b.config)}}));
    }
    out.set("sshd.match", make_list(arena, blocks));
  }
};

}  // namespace

std::unique_ptr<Collector> make_sshd_collector() { return std::make_unique<SshdCollector>(); }

}  // namespace edict::collectors
