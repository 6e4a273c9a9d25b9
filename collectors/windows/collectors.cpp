// The Windows collectors as the registry (collectors/registry.h) runs them:
// each reads its sources through windows_facts.h and sets its facts. Pure logic: the
// sources decide whether this is a real host (win32_sources.h) or a test's fakes.
#include "collectors/windows/windows_facts.h"

namespace edict::collectors::windows {

namespace {

void SetString(FactsBuilder& out, std::string_view path, const std::optional<std::string>& v) {
  if (v) out.set(path, make_string(out.arena(), *v));
}
void SetInt(FactsBuilder& out, std::string_view path, const std::optional<int64_t>& v) {
  if (v) out.set(path, Value::of_int(*v));
}
void SetBool(FactsBuilder& out, std::string_view path, const std::optional<bool>& v) {
  if (v) out.set(path, Value::of_bool(*v));
}

// A collector whose source is missing provides nothing and says so.
bool Require(const void* source, const char* what, CollectorReport& report) {
  if (source) return true;
  report.ok = false;
  report.message = std::string("no ") + what + " source";
  return false;
}

class HostCollector : public Collector {
 public:
  explicit HostCollector(Sources s) : s_(std::move(s)) {}
  std::string name() const override { return "host"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("host"); }
  void collect(const CollectRequest&, FactsBuilder& out, CollectorReport& report) override {
    if (!Require(s_.registry.get(), "registry", report)) return;
    Notes notes;
    HostFacts host = ReadHostFacts(*s_.registry, s_.system.get(), &notes);
    SetString(out, "host.name", host.name);
    SetString(out, "host.id", host.id);
    notes.ApplyTo(report);
  }

 private:
  Sources s_;
};

class OsCollector : public Collector {
 public:
  explicit OsCollector(Sources s) : s_(std::move(s)) {}
  std::string name() const override { return "os"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("os"); }
  void collect(const CollectRequest&, FactsBuilder& out, CollectorReport& report) override {
    if (!Require(s_.registry.get(), "registry", report)) return;
    Notes notes;
    OsFacts os = ReadOsFacts(*s_.registry, s_.system.get(), &notes);
    out.set("os.family", Value::of_string("windows"));
    out.set("os.distro", Value::of_string("windows"));
    SetString(out, "os.name", os.name);
    if (os.version) {
      Value v;
      if (parse_version(out.arena(), *os.version, &v)) {
        out.set("os.version", v);
        out.set("os.kernel.version", v);
        out.set("os.kernel.release", make_string(out.arena(), *os.version));
      } else {
        notes.Note("version `" + *os.version + "` is not a version");
      }
    }
    SetInt(out, "os.build", os.build);
    SetInt(out, "os.service_pack", os.service_pack);
    SetString(out, "os.product_type", os.product_type);
    SetString(out, "os.arch", os.arch);
    SetInt(out, "windows.build.registry", os.registry_build);
    SetInt(out, "windows.build.kernel", os.kernel_build);
    SetInt(out, "windows.build.ntoskrnl", os.ntoskrnl_build);
    SetString(out, "windows.build.ntoskrnl_version", os.ntoskrnl_version);
    notes.ApplyTo(report);
  }

 private:
  Sources s_;
};

class NetworkCollector : public Collector {
 public:
  explicit NetworkCollector(Sources s) : s_(std::move(s)) {}
  std::string name() const override { return "network"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("network"); }
  void collect(const CollectRequest&, FactsBuilder& out, CollectorReport& report) override {
    if (!Require(s_.network.get(), "network", report)) return;
    Notes notes;
    Arena& arena = out.arena();
    std::string error;
    std::vector<RawRoute> table;
    if (s_.network->Routes(&table, &error)) {
      std::vector<Value> routes;
      for (const auto& r : RoutesFromTable(table)) {
        routes.push_back(make_record(arena, {{"destination", make_string(arena, r.destination)},
                                             {"gateway", make_string(arena, r.gateway)},
                                             {"interface", make_string(arena, r.iface)},
                                             {"metric", Value::of_int(r.metric)},
                                             {"family", make_string(arena, r.family)},
                                             {"table", make_string(arena, r.table)},
                                             {"type", make_string(arena, r.type)}}));
      }
      out.set("network.routes", make_list(arena, routes));
      // No policy routing on Windows: no rules, and every route is in `main`.
      out.set("network.rules", make_list(arena, {}));
    } else {
      notes.Fail("GetIpForwardTable2: " + error);
    }
    std::vector<RawInterface> interfaces;
    if (s_.network->Interfaces(&interfaces, &error)) {
      std::vector<Value> list;
      for (const auto& i : interfaces) {
        std::vector<Value> addresses;
        for (const auto& [address, prefix] : i.addresses) {
          addresses.push_back(make_string(arena, FormatAddress(address) + "/" + std::to_string(prefix)));
        }
        list.push_back(make_record(arena, {{"name", make_string(arena, i.name)},
                                           {"up", Value::of_bool(i.up)},
                                           {"addresses", make_list(arena, addresses)}}));
      }
      out.set("network.interfaces", make_list(arena, list));
    } else {
      notes.Fail("GetAdaptersAddresses: " + error);
    }
    // WinHTTP's default configuration (netsh winhttp), then the machine-wide WinINET
    // settings. Per-user WinINET settings of users not logged on are not visible.
    ProxyConfig proxy;
    std::optional<std::string> found;
    if (s_.network->Proxy(&proxy, &error)) {
      found = ProxyFact(proxy);
    } else {
      notes.Fail("WinHttpGetDefaultProxyConfiguration: " + error);
    }
    if ((!found || found->empty()) && !s_.registry) {
      notes.Note("no registry source: the machine-wide WinINET proxy was not read");
    } else if (!found || found->empty()) {
      std::optional<std::string> machine = MachineWinInetProxy(*s_.registry, &notes);
      if (!machine) {
        found.reset();  // WinINET could not be read: a proxy there cannot be ruled out
      } else if (!machine->empty() || found) {
        found = machine;
      }
    }
    if (found) out.set("network.proxy", make_string(arena, *found));
    notes.ApplyTo(report);
  }

 private:
  Sources s_;
};

class UpdatesCollector : public Collector {
 public:
  explicit UpdatesCollector(Sources s) : s_(std::move(s)) {}
  std::string name() const override { return "windows.updates"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("windows.updates"); }
  void collect(const CollectRequest&, FactsBuilder& out, CollectorReport& report) override {
    Notes notes;
    std::optional<std::vector<std::string>> cbs;
    if (s_.registry) cbs = ReadCbsHotfixes(*s_.registry, &notes);
    std::optional<std::vector<std::string>> qfe;
    if (s_.wmi) {
      std::vector<WmiRow> rows;
      std::string error;
      if (s_.wmi->Query(kQfeQuery, {"HotFixID"}, &rows, &error)) {
        qfe = HotfixesFromQfeRows(rows);
      } else {
        notes.Fail("Win32_QuickFixEngineering: " + error);
      }
    }
    // Either list alone misses updates (QFE omits CBS-only packages, CBS omits MSI
    // hotfixes), but each one it names is installed: a KB in either is a KB installed.
    // With neither source readable the list stays unknown rather than empty.
    if (cbs || qfe) {
      auto kbs = MergeHotfixes(cbs.value_or(std::vector<std::string>{}), qfe.value_or(std::vector<std::string>{}));
      std::vector<Value> list;
      for (const auto& kb : kbs) list.push_back(make_string(out.arena(), kb));
      out.set("windows.hotfixes", make_list(out.arena(), list));
    }
    notes.ApplyTo(report);
  }

 private:
  Sources s_;
};

class LicenseCollector : public Collector {
 public:
  explicit LicenseCollector(Sources s) : s_(std::move(s)) {}
  std::string name() const override { return "windows.license"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("windows.license"); }
  void collect(const CollectRequest&, FactsBuilder& out, CollectorReport& report) override {
    if (!Require(s_.wmi.get(), "WMI", report)) return;
    std::vector<WmiRow> rows;
    std::string error;
    if (!s_.wmi->Query(EsuQuery(), {"ID", "Name", "LicenseStatus"}, &rows, &error)) {
      // Unknown, not "unlicensed": a host whose licensing service is down may well be licensed.
      report.ok = false;
      report.message = "SoftwareLicensingProduct: " + error;
      return;
    }
    EsuFacts esu = EsuFromRows(rows);
    Arena& arena = out.arena();
    out.set("windows.esu.licensed", Value::of_bool(esu.licensed));
    SetInt(out, "windows.esu.year", esu.year);
    std::vector<Value> products;
    for (const auto& p : esu.products) {
      products.push_back(make_record(arena, {{"id", make_string(arena, p.id)},
                                             {"name", make_string(arena, p.name)},
                                             {"license_status", Value::of_int(p.license_status)}}));
    }
    out.set("windows.esu.products", make_list(arena, products));
  }

 private:
  Sources s_;
};

class RegistryCollector : public Collector {
 public:
  explicit RegistryCollector(Sources s) : s_(std::move(s)) {}
  std::string name() const override { return "windows.registry"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("windows.registry"); }
  void collect(const CollectRequest&, FactsBuilder& out, CollectorReport& report) override {
    if (!Require(s_.registry.get(), "registry", report)) return;
    Notes notes;
    SecurityFacts s = ReadSecurityFacts(*s_.registry, &notes);
    SetBool(out, "windows.firewall.domain.enabled", s.firewall_domain);
    SetBool(out, "windows.firewall.private.enabled", s.firewall_private);
    SetBool(out, "windows.firewall.public.enabled", s.firewall_public);
    SetBool(out, "windows.rdp.enabled", s.rdp_enabled);
    SetBool(out, "windows.rdp.nla_required", s.nla_required);
    SetBool(out, "windows.smb.v1_enabled", s.smb1_enabled);
    SetBool(out, "windows.removable.usb_storage_disabled", s.usb_storage_disabled);
    SetBool(out, "windows.removable.deny_all", s.removable_deny_all);
    SetBool(out, "windows.autorun.off_all_drives", s.autorun_off_all_drives);
    notes.ApplyTo(report);
  }

 private:
  Sources s_;
};

class SoftwareCollector : public Collector {
 public:
  explicit SoftwareCollector(Sources s) : s_(std::move(s)) {}
  std::string name() const override { return "windows.software"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("windows.software"); }
  void collect(const CollectRequest&, FactsBuilder& out, CollectorReport& report) override {
    if (!Require(s_.registry.get(), "registry", report)) return;
    Notes notes;
    // Which view is native: os.arch's source. Without it, x86_64 is assumed, which reads
    // WOW6432Node too; on 32-bit Windows that key does not exist, so nothing is misread.
    std::string arch;
    if (s_.system) {
      if (auto a = s_.system->NativeArchitecture()) arch = ArchName(*a).value_or("");
    }
    auto entries = ReadInstalledSoftware(*s_.registry, arch, &notes);
    if (entries) {
      Arena& arena = out.arena();
      std::vector<Value> list;
      list.reserve(entries->size());
      for (const SoftwareEntry& e : *entries) {
        std::vector<std::pair<std::string_view, Value>> fields = {
            {"name", make_string(arena, e.name)},
            {"arch", make_string(arena, e.arch)},
            {"system_component", Value::of_bool(e.system_component)},
            {"update", Value::of_bool(e.update)},
            {"key", make_string(arena, e.key)},
        };
        if (e.version) fields.push_back({"version", make_string(arena, *e.version)});
        if (e.publisher) fields.push_back({"publisher", make_string(arena, *e.publisher)});
        if (e.install_date) fields.push_back({"install_date", make_string(arena, *e.install_date)});
        list.push_back(make_record(arena, fields));
      }
      out.set("windows.software", make_list(arena, list));
    }
    notes.ApplyTo(report);
  }

 private:
  Sources s_;
};

class ServicesCollector : public Collector {
 public:
  explicit ServicesCollector(Sources s) : s_(std::move(s)) {}
  std::string name() const override { return "windows.services"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("windows.services"); }
  void collect(const CollectRequest&, FactsBuilder& out, CollectorReport& report) override {
    if (!Require(s_.services.get(), "service control manager", report)) return;
    std::vector<RawService> raw;
    std::string error;
    if (!s_.services->Services(&raw, &error)) {
      // Unknown, not "no services": a rule that a service is stopped must not pass here.
      report.ok = false;
      report.message = "EnumServicesStatusExW: " + error;
      return;
    }
    if (raw.size() > kMaxServices) {
      report.ok = false;
      report.message = "the service control manager listed " + std::to_string(raw.size()) + " services, more than the " +
                       std::to_string(kMaxServices) + " read";
      return;
    }
    Notes notes;
    Arena& arena = out.arena();
    std::vector<std::string> keys;  // the pairs below view these strings
    keys.reserve(raw.size());
    std::vector<std::pair<std::string_view, Value>> services;
    for (const RawService& s : raw) {
      std::vector<std::pair<std::string_view, Value>> fields = {
          {"name", make_string(arena, s.name)},
          {"display_name", make_string(arena, s.display_name)},
      };
      if (auto state = ServiceStateName(s.state)) {
        fields.push_back({"state", make_string(arena, *state)});
      } else {
        notes.Note("service `" + s.name + "` has the unknown state " + std::to_string(s.state));
      }
      if (s.start_type) {
        if (auto start = ServiceStartName(*s.start_type)) {
          fields.push_back({"start", make_string(arena, *start)});
        } else {
          notes.Note("service `" + s.name + "` has the unknown start type " + std::to_string(*s.start_type));
        }
      }
      if (s.delayed_auto_start) fields.push_back({"delayed", Value::of_bool(*s.delayed_auto_start)});
      keys.push_back(ServiceKey(s.name));
      services.push_back({keys.back(), make_record(arena, fields)});
    }
    out.set("windows.services", make_record(arena, services));
    notes.ApplyTo(report);
  }

 private:
  Sources s_;
};

class AccountsCollector : public Collector {
 public:
  explicit AccountsCollector(Sources s) : s_(std::move(s)) {}
  std::string name() const override { return "windows.accounts"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("windows.accounts"); }
  void collect(const CollectRequest&, FactsBuilder& out, CollectorReport& report) override {
    if (!Require(s_.accounts.get(), "accounts", report)) return;
    std::vector<std::string> members;
    std::string error;
    if (!s_.accounts->AdministratorsMembers(&members, &error)) {
      // Unknown, not "no administrators": a rule "only these administrators" must not pass.
      report.ok = false;
      report.message = "the Administrators group: " + error;
      return;
    }
    if (members.size() > kMaxGroupMembers) {
      report.ok = false;
      report.message = "the Administrators group has " + std::to_string(members.size()) + " members, more than the " +
                       std::to_string(kMaxGroupMembers) + " read";
      return;
    }
    std::vector<Value> list;
    for (const std::string& m : SortedMembers(std::move(members))) list.push_back(make_string(out.arena(), m));
    out.set("windows.administrators", make_list(out.arena(), list));
  }

 private:
  Sources s_;
};

class PortsCollector : public Collector {
 public:
  explicit PortsCollector(Sources s) : s_(std::move(s)) {}
  std::string name() const override { return "ports"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("ports"); }
  void collect(const CollectRequest&, FactsBuilder& out, CollectorReport& report) override {
    if (!Require(s_.ports.get(), "IP helper", report)) return;
    std::vector<RawSocket> sockets;
    std::string error;
    if (!s_.ports->Listening(&sockets, &error)) {
      report.ok = false;
      report.message = error + "; ports left unknown";
      return;
    }
    if (sockets.size() > kMaxListeningSockets) {
      report.ok = false;
      report.message = "the listener tables hold " + std::to_string(sockets.size()) + " sockets, more than the " +
                       std::to_string(kMaxListeningSockets) + " read; ports left unknown";
      return;
    }
    std::map<uint32_t, std::string> names;
    bool have_names = s_.ports->ProcessNames(&names, &error);
    if (!have_names) report.message = "process snapshot: " + error + "; every socket's owner is unknown";
    Arena& arena = out.arena();
    std::vector<Value> items;
    for (const PortFact& p : PortsFromSockets(sockets, have_names ? &names : nullptr)) {
      std::vector<std::pair<std::string_view, Value>> fields = {
          {"protocol", make_string(arena, p.protocol)},
          {"family", make_string(arena, p.family)},
          {"address", make_string(arena, p.address)},
          {"port", Value::of_int(p.port)},
      };
      if (p.processes) {
        std::vector<Value> list;
        for (const auto& n : *p.processes) list.push_back(make_string(arena, n));
        fields.push_back({"processes", make_list(arena, list)});
      }
      items.push_back(make_record(arena, fields));
    }
    out.set("ports", make_list(arena, items));
  }

 private:
  Sources s_;
};

}  // namespace

std::vector<std::unique_ptr<Collector>> MakeCollectors(const Sources& sources) {
  std::vector<std::unique_ptr<Collector>> out;
  out.push_back(std::make_unique<HostCollector>(sources));
  out.push_back(std::make_unique<OsCollector>(sources));
  out.push_back(std::make_unique<NetworkCollector>(sources));
  out.push_back(std::make_unique<UpdatesCollector>(sources));
  out.push_back(std::make_unique<LicenseCollector>(sources));
  out.push_back(std::make_unique<RegistryCollector>(sources));
  out.push_back(std::make_unique<SoftwareCollector>(sources));
  out.push_back(std::make_unique<ServicesCollector>(sources));
  out.push_back(std::make_unique<AccountsCollector>(sources));
  out.push_back(std::make_unique<PortsCollector>(sources));
  out.push_back(MakeFilesCollector(sources));
  return out;
}

}  // namespace edict::collectors::windows
