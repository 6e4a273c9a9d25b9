// windows.hotfixes (CBS packages merged with Win32_QuickFixEngineering) and
// windows.esu.* (SoftwareLicensingProduct) from the sources in sources.h. Pure logic.
#include <algorithm>
#include <cctype>
#include <set>

#include "collectors/windows/windows_facts.h"

namespace edict::collectors::windows {

namespace {

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// KB numbers have at most 7 digits today; 9 leaves room and keeps the sort in int64.
constexpr size_t kMaxKbDigits = 9;

int64_t KbNumber(std::string_view kb) {  // "KB4493471" -> 4493471
  int64_t n = 0;
  for (char c : kb.substr(2)) n = n * 10 + (c - '0');
  return n;
}

// Activation ids of the ESU add-ons for Windows Server 2008 and 2008 R2 (docs/facts.md),
// by year. Windows 7's ESU uses other ids and is not counted here.
struct EsuId {
  const char* id;
  int year;
};
constexpr EsuId kEsuIds[] = {
    {"553673ed-6ddf-419c-a153-b760283472fd", 1},
    {"04fa0286-fa74-401e-bbe9-fbfbb158010d", 2},
    {"16c08c85-0c8b-4009-9b2b-f1f7319e45f9", 3},
};

// SoftwareLicensingProduct.LicenseStatus: 1 is "Licensed".
constexpr int64_t kLicenseStatusLicensed = 1;

std::string StringOf(const WmiRow& row, std::string_view name) {
  auto it = row.find(name);
  if (it == row.end()) return "";
  if (auto s = std::get_if<std::string>(&it->second)) return *s;
  return "";
}

std::optional<int64_t> IntOf(const WmiRow& row, std::string_view name) {
  auto it = row.find(name);
  if (it == row.end()) return std::nullopt;
  if (auto i = std::get_if<int64_t>(&it->second)) return *i;
  return std::nullopt;
}

}  // namespace

std::optional<std::string> NormalizeKb(std::string_view id) {
  size_t b = id.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return std::nullopt;
  id = id.substr(b, id.find_last_not_of(" \t\r\n") - b + 1);
  if (id.size() < 3 || id.size() > 2 + kMaxKbDigits || !IEquals(id.substr(0, 2), "kb")) return std::nullopt;
  for (char c : id.substr(2)) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return "KB" + std::string(id.substr(2));
}

std::optional<std::string> KbFromCbsPackage(std::string_view name) {
  // Package_for_KB4493471~31bf3856ad364e35~amd64~~6.0.1.0, Package_1_for_KB..., and
  // Package_for_KB4493471_RTM~... all name the KB right after "_for_".
  if (name.size() < 8 || !IEquals(name.substr(0, 8), "package_")) return std::nullopt;
  size_t tilde = name.find('~');
  std::string_view head = name.substr(0, tilde);
  std::string lower = Lower(head);
  size_t at = lower.find("_for_kb");
  if (at == std::string::npos) return std::nullopt;
  // Only "Package_" or "Package_<digits>_" may come before "_for_".
  for (size_t i = 7; i < at; ++i) {
    if (lower[i] != '_' && !std::isdigit(static_cast<unsigned char>(lower[i]))) return std::nullopt;
  }
  size_t start = at + 5;  // at "KB"
  size_t end = start + 2;
  while (end < head.size() && std::isdigit(static_cast<unsigned char>(head[end]))) ++end;
  return NormalizeKb(head.substr(start, end - start));
}

std::optional<std::vector<std::string>> ReadCbsHotfixes(const RegistrySource& registry, Notes* notes) {
  auto subkeys = registry.EnumSubkeys(kCbsPackagesKey);
  if (!subkeys.ok()) {
    if (subkeys.status == RegStatus::kNotFound) {
      notes->Note("the Component Based Servicing package store is absent");
    } else {
      notes->Fail("cannot list the Component Based Servicing packages" +
                  (subkeys.error.empty() ? "" : ": " + subkeys.error));
    }
    return std::nullopt;
  }
  if (subkeys.value.size() > kMaxCbsPackages) {
    notes->Fail("the Component Based Servicing store has " + std::to_string(subkeys.value.size()) +
                " packages, more than the " + std::to_string(kMaxCbsPackages) + " a host has");
    return std::nullopt;
  }
  std::vector<std::string> kbs;
  size_t unreadable = 0;
  for (const auto& package : subkeys.value) {
    auto kb = KbFromCbsPackage(package);
    if (!kb) continue;
    auto state = registry.ReadDword(std::string(kCbsPackagesKey) + "\\" + package, "CurrentState");
    if (state.status == RegStatus::kFailed || state.status == RegStatus::kWrongType) ++unreadable;
    if (state.ok() && (state.value == kCbsStateInstalled || state.value == kCbsStatePermanent)) {
      kbs.push_back(*kb);
    }
  }
  if (unreadable) notes->Note(std::to_string(unreadable) + " CBS packages have an unreadable CurrentState");
  return MergeHotfixes(std::move(kbs), {});
}

std::vector<std::string> HotfixesFromQfeRows(const std::vector<WmiRow>& rows) {
  std::vector<std::string> kbs;
  for (const auto& row : rows) {
    // Non-KB rows exist ("File 1", "Q147222" on old hosts): they name no update a
    // policy could ask for.
    if (auto kb = NormalizeKb(StringOf(row, "HotFixID"))) kbs.push_back(*kb);
  }
  return kbs;
}

std::vector<std::string> MergeHotfixes(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end(), [](const std::string& x, const std::string& y) { return KbNumber(x) < KbNumber(y); });
  a.erase(std::unique(a.begin(), a.end()), a.end());
  return a;
}

int EsuYear(std::string_view activation_id) {
  for (const auto& e : kEsuIds) {
    if (IEquals(activation_id, e.id)) return e.year;
  }
  return 0;
}

std::string EsuQuery() {
  std::string q = "SELECT ID, Name, LicenseStatus FROM SoftwareLicensingProduct WHERE ";
  for (size_t i = 0; i < std::size(kEsuIds); ++i) {
    if (i) q += " OR ";
    q += "ID = '" + std::string(kEsuIds[i].id) + "'";
  }
  return q;
}

EsuFacts EsuFromRows(const std::vector<WmiRow>& rows) {
  EsuFacts esu;
  std::set<std::string> seen;
  for (const auto& row : rows) {
    std::string id = Lower(StringOf(row, "ID"));
    int year = EsuYear(id);
    // The query filters already; a source that ignores WHERE (Wine's WMI) must not
    // turn another product's license into an ESU one.
    if (year == 0 || !seen.insert(id).second) continue;
    EsuProduct p{id, StringOf(row, "Name"), IntOf(row, "LicenseStatus").value_or(0)};
    if (p.license_status == kLicenseStatusLicensed) {
      // Each ESU year is its own SKU: only the last year's covers the ESU period.
      if (year == kEsuFinalYear) esu.licensed = true;
      esu.year = std::max<int64_t>(esu.year.value_or(0), year);
    }
    esu.products.push_back(std::move(p));
  }
  std::sort(esu.products.begin(), esu.products.end(),
            [](const EsuProduct& a, const EsuProduct& b) { return EsuYear(a.id) < EsuYear(b.id); });
  return esu;
}

}  // namespace edict::collectors::windows
