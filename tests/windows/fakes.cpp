// Fake sources for the Windows collector tests (fakes.h).
#include "tests/windows/fakes.h"

#include "collectors/registry.h"
#include "collectors/windows/windows_facts.h"

#include <arpa/inet.h>

#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace edict::collectors::windows::testing {

namespace {

constexpr std::string_view kHklm = "HKEY_LOCAL_MACHINE\\";

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  size_t b = s.find_first_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b);
}

// "text with \" and \\" starting at s[i] == '"'; sets i past the closing quote.
bool Unquote(const std::string& s, size_t* i, std::string* out) {
  if (s[*i] != '"') return false;
  for (size_t j = *i + 1; j < s.size(); ++j) {
    if (s[j] == '\\' && j + 1 < s.size()) {
      out->push_back(s[++j]);
    } else if (s[j] == '"') {
      *i = j + 1;
      return true;
    } else {
      out->push_back(s[j]);
    }
  }
  return false;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string ReadTestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string FakeRegistry::Fold(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

FakeRegistry::Key& FakeRegistry::Touch(const std::string& key) {
  // Every parent exists too, as in a real hive.
  for (size_t p = key.find('\\'); p != std::string::npos; p = key.find('\\', p + 1)) {
    auto& parent = keys_[Fold(key.substr(0, p))];
    if (parent.name.empty()) parent.name = key.substr(0, p);
  }
  auto& k = keys_[Fold(key)];
  if (k.name.empty()) k.name = key;
  return k;
}

void FakeRegistry::SetString(const std::string& key, const std::string& name, const std::string& value) {
  Touch(key).values[Fold(name)] = value;
}
void FakeRegistry::SetDword(const std::string& key, const std::string& name, uint32_t value) {
  Touch(key).values[Fold(name)] = value;
}

bool FakeRegistry::ImportFile(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot open " + path;
    return false;
  }
  return Import(ReadTestFile(path), error);
}

bool FakeRegistry::Import(const std::string& text, std::string* error) {
  std::istringstream in(text);
  std::string line, current;
  int number = 0;
  bool header = false;
  while (std::getline(in, line)) {
    ++number;
    line = Trim(line);
    // hex data may continue on the next line after a trailing backslash
    while (!line.empty() && line.back() == '\\' && line.find("=hex") != std::string::npos) {
      std::string next;
      if (!std::getline(in, next)) break;
      ++number;
      line.pop_back();
      line += Trim(next);
    }
    if (line.empty() || line[0] == ';') continue;
    if (!header) {
      if (line != "Windows Registry Editor Version 5.00" && line != "REGEDIT4") {
        *error = "line 1: not a .reg file";
        return false;
      }
      header = true;
      continue;
    }
    auto fail = [&](const std::string& why) {
      *error = "line " + std::to_string(number) + ": " + why;
      return false;
    };
    if (line[0] == '[') {
      if (line.back() != ']') return fail("unterminated key");
      bool remove = line[1] == '-';
      std::string full = line.substr(remove ? 2 : 1, line.size() - (remove ? 3 : 2));
      if (full.compare(0, kHklm.size(), kHklm) != 0) return fail("only HKEY_LOCAL_MACHINE keys are supported");
      std::string key = full.substr(kHklm.size());
      if (remove) {
        std::string folded = Fold(key);
        for (auto it = keys_.begin(); it != keys_.end();) {
          bool under = it->first == folded || it->first.compare(0, folded.size() + 1, folded + "\\") == 0;
          it = under ? keys_.erase(it) : std::next(it);
        }
        current.clear();
      } else {
        Touch(key);
        current = key;
      }
      continue;
    }
    if (current.empty()) return fail("value outside a key");
    std::string name;
    size_t i = 0;
    if (line[0] == '@') {
      i = 1;
    } else if (!Unquote(line, &i, &name)) {
      return fail("bad value name");
    }
    if (i >= line.size() || line[i] != '=') return fail("expected `=`");
    std::string data = line.substr(i + 1);
    Key& key = Touch(current);
    if (data == "-") {
      key.values.erase(Fold(name));
    } else if (data[0] == '"') {
      std::string s;
      size_t j = 0;
      if (!Unquote(data, &j, &s)) return fail("unterminated string");
      key.values[Fold(name)] = s;
    } else if (data.rfind("dword:", 0) == 0) {
      key.values[Fold(name)] = static_cast<uint32_t>(std::stoul(data.substr(6), nullptr, 16));
    } else if (data.rfind("hex(2):", 0) == 0) {
      // REG_EXPAND_SZ as UTF-16LE bytes; the fixtures keep to ASCII.
      std::string s, bytes = data.substr(7);
      std::istringstream hex(bytes);
      std::string lo, hi;
      while (std::getline(hex, lo, ',') && std::getline(hex, hi, ',')) {
        char c = static_cast<char>(std::stoul(lo, nullptr, 16));
        if (c == 0) break;
        s.push_back(c);
      }
      key.values[Fold(name)] = s;
    } else {
      return fail("unsupported value type `" + data.substr(0, data.find(':')) + "`");
    }
  }
  return header || (*error = "empty file", false);
}

RegResult<std::string> FakeRegistry::ReadString(std::string_view key, std::string_view value) const {
  RegResult<std::string> r;
  if (denied_.count(Fold(key))) return {RegStatus::kFailed, {}, "Access is denied. (0x5)"};
  auto k = keys_.find(Fold(key));
  if (k == keys_.end()) return r;
  auto v = k->second.values.find(Fold(value));
  if (v == k->second.values.end()) return r;
  if (auto s = std::get_if<std::string>(&v->second)) return {RegStatus::kOk, *s, {}};
  return {RegStatus::kWrongType, {}, "not a string"};
}

RegResult<uint32_t> FakeRegistry::ReadDword(std::string_view key, std::string_view value) const {
  RegResult<uint32_t> r;
  if (denied_.count(Fold(key))) return {RegStatus::kFailed, 0, "Access is denied. (0x5)"};
  auto k = keys_.find(Fold(key));
  if (k == keys_.end()) return r;
  auto v = k->second.values.find(Fold(value));
  if (v == k->second.values.end()) return r;
  if (auto d = std::get_if<uint32_t>(&v->second)) return {RegStatus::kOk, *d, {}};
  return {RegStatus::kWrongType, 0, "not a DWORD"};
}

RegResult<std::vector<std::string>> FakeRegistry::EnumSubkeys(std::string_view key) const {
  RegResult<std::vector<std::string>> r;
  std::string folded = Fold(key);
  if (denied_.count(folded)) return {RegStatus::kFailed, {}, "Access is denied. (0x5)"};
  if (!keys_.count(folded)) return r;
  r.status = RegStatus::kOk;
  for (const auto& [path, k] : keys_) {
    if (path.size() > folded.size() + 1 && path.compare(0, folded.size() + 1, folded + "\\") == 0 &&
        path.find('\\', folded.size() + 1) == std::string::npos) {
      r.value.push_back(k.name.substr(k.name.rfind('\\') + 1));
    }
  }
  return r;
}

bool FakeWmi::LoadFile(const std::string& path, std::string* error) {
  try {
    auto doc = nlohmann::json::parse(ReadTestFile(path));
    for (auto& [cls, rows] : doc.items()) {
      auto& out = classes_[Lower(cls)];
      for (auto& row : rows) {
        WmiRow r;
        for (auto& [k, v] : row.items()) {
          if (v.is_string()) r[k] = v.get<std::string>();
          else if (v.is_boolean()) r[k] = v.get<bool>();
          else if (v.is_number_integer()) r[k] = v.get<int64_t>();
          else r[k] = std::monostate{};
        }
        out.push_back(std::move(r));
      }
    }
    return true;
  } catch (const std::exception& e) {
    *error = path + ": " + e.what();
    return false;
  }
}

bool FakeWmi::Query(std::string_view wql, const std::vector<std::string>& properties, std::vector<WmiRow>* rows,
                    std::string* error) {
  queries.emplace_back(wql);
  if (!fail_with.empty()) {
    *error = fail_with;
    return false;
  }
  std::string folded = Lower(wql);
  size_t from = folded.find(" from ");
  if (from == std::string::npos) {
    *error = "WBEM_E_INVALID_QUERY";
    return false;
  }
  std::string cls = folded.substr(from + 6);
  cls = cls.substr(0, cls.find(' '));
  auto it = classes_.find(cls);
  if (it == classes_.end()) return true;
  for (const auto& row : it->second) {
    WmiRow picked;
    for (const auto& p : properties) {
      auto v = row.find(p);
      if (v != row.end()) picked[p] = v->second;
    }
    rows->push_back(std::move(picked));
  }
  return true;
}

bool ParseAddress(const std::string& text, RawAddress* out) {
  if (inet_pton(AF_INET, text.c_str(), out->bytes.data()) == 1) {
    out->family = 4;
    return true;
  }
  if (inet_pton(AF_INET6, text.c_str(), out->bytes.data()) == 1) {
    out->family = 6;
    return true;
  }
  return false;
}

bool FakeNetwork::LoadFile(const std::string& path, std::string* error) {
  try {
    auto doc = nlohmann::json::parse(ReadTestFile(path));
    for (auto& r : doc.value("routes", nlohmann::json::array())) {
      RawRoute route;
      if (!ParseAddress(r.at("destination").get<std::string>(), &route.destination) ||
          !ParseAddress(r.at("next_hop").get<std::string>(), &route.next_hop)) {
        *error = path + ": bad address in " + r.dump();
        return false;
      }
      route.prefix_length = r.at("prefix").get<int>();
      route.interface_name = r.value("interface", "");
      route.interface_index = r.value("index", 0u);
      route.interface_up = r.at("up").get<bool>();
      route.metric = r.value("metric", 0u);
      routes.push_back(route);
    }
    for (auto& i : doc.value("interfaces", nlohmann::json::array())) {
      RawInterface iface;
      iface.name = i.at("name").get<std::string>();
      iface.up = i.at("up").get<bool>();
      for (auto& a : i.value("addresses", nlohmann::json::array())) {
        std::string cidr = a.get<std::string>();
        RawAddress addr;
        if (!ParseAddress(cidr.substr(0, cidr.find('/')), &addr)) {
          *error = path + ": bad address " + cidr;
          return false;
        }
        iface.addresses.emplace_back(addr, std::stoi(cidr.substr(cidr.find('/') + 1)));
      }
      interfaces.push_back(iface);
    }
    if (doc.contains("proxy")) {
      std::string access = doc["proxy"].value("access", "none");
      proxy.access = access == "named" ? ProxyAccess::kNamedProxy : ProxyAccess::kNoProxy;
      proxy.proxy = doc["proxy"].value("proxy", "");
    }
    return true;
  } catch (const std::exception& e) {
    *error = path + ": " + e.what();
    return false;
  }
}

bool FakeNetwork::Routes(std::vector<RawRoute>* out, std::string* error) {
  if (fail_routes) {
    *error = "The parameter is incorrect. (0x57)";
    return false;
  }
  *out = routes;
  return true;
}
bool FakeNetwork::Interfaces(std::vector<RawInterface>* out, std::string*) {
  *out = interfaces;
  return true;
}
bool FakeNetwork::Proxy(ProxyConfig* out, std::string*) {
  *out = proxy;
  return true;
}

Facts Collect(const Sources& sources, std::vector<CollectorReport>* reports) {
  CollectorRegistry registry;
  for (auto& c : MakeCollectors(sources)) registry.add(std::move(c));
  return collect_facts(registry, {}, CollectOptions{}, reports, /*collect_all=*/true);
}

std::string Str(const Facts& f, const char* path) {
  const Value* v = f.find(path);
  return v ? to_display(*v) : "<unknown>";
}

const CollectorReport* ReportOf(const std::vector<CollectorReport>& reports, const std::string& name) {
  for (const auto& r : reports) {
    if (r.collector == name) return &r;
  }
  return nullptr;
}

std::string FakeFiles::Fold(std::string_view path) {
  std::string out;
  for (char c : path) out += c == '/' ? '\\' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

RawFile FakeFiles::Look(const std::string& path, bool want_version) {
  looked_at.push_back(path);
  version_asked.push_back(want_version);
  std::string folded = Fold(path);
  std::string system32 = Fold(windows_dir) + "\\system32", sysnative = Fold(windows_dir) + "\\sysnative";
  if (wow64 && folded.compare(0, system32.size(), system32) == 0) {
    folded = Fold(windows_dir) + "\\syswow64" + folded.substr(system32.size());  // the redirector
  } else if (wow64 && folded.compare(0, sysnative.size(), sysnative) == 0) {
    folded = system32 + folded.substr(sysnative.size());
  } else if (!wow64 && folded.compare(0, sysnative.size(), sysnative) == 0) {
    return RawFile{};  // Sysnative exists for 32-bit processes only
  }
  auto it = entries.find(folded);
  if (it == entries.end()) return RawFile{};
  RawFile f = it->second;
  if (!want_version) f.file_version.reset(), f.product_version.reset(), f.version_error.clear();
  return f;
}

}  // namespace edict::collectors::windows::testing
