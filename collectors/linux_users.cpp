// The `users` collector: local accounts and groups as `getent passwd` / `getent group`
// read them from files (passwd(5), group(5)), and each account's password state and
// aging from shadow(5) when Edict may read it (root). Read through RootFs, so --root
// checks an image's accounts. NSS sources other than files (LDAP, sssd) are not
// consulted: these are the accounts the host itself defines.
//
// A shadow that cannot be read leaves the password fields out of every record (unknown,
// with the reason in the collector's report), never "empty" or "locked".
#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>

#include "collectors/linux.h"
#include "collectors/root_fs.h"
#include "collectors/text_lines.h"
#include "runtime/facts/builder.h"

namespace edict::collectors {

namespace {

// passwd, group and shadow hold a line per account: a host has tens to a few thousand.
// Past 16 MiB a file is not an account database.
constexpr size_t kMaxAccountFileBytes = 16 << 20;

std::vector<std::string_view> split(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t end = line.find(sep, start);
    if (end == std::string_view::npos) {
      out.push_back(line.substr(start));
      return out;
    }
    out.push_back(line.substr(start, end - start));
    start = end + 1;
  }
}

// The lines of `text` without their '\n' (and a '\r' before it), skipping blank ones,
// comments and NIS compat entries (`+`/`-` lines: not accounts of this host's files).
template <typename Each>
void for_each_entry(std::string_view text, Each each) {
  for_each_line(text, [&](std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#' || line.front() == '+' || line.front() == '-') return;
    each(line);
  });
}

// getpwnam and getgrnam return the first line of a name written twice; so does this
// (make_map would keep the last), and the report says so.
template <typename Entry, typename Note>
std::vector<Entry> first_of_each_name(std::vector<Entry> entries, Note note) {
  std::vector<Entry> out;
  std::set<std::string, std::less<>> seen;
  for (auto& e : entries) {
    if (!seen.insert(e.name).second) {
      note("`" + e.name + "` is defined twice; the first definition is used, as getent does");
      continue;
    }
    out.push_back(std::move(e));
  }
  return out;
}

bool to_int(std::string_view s, int64_t* out) {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

std::string password_state(std::string_view field) {
  if (field.empty()) return "empty";  // anyone may log in without a password
  if (field.front() == '!' || field.front() == '*') return "locked";  // no password can match
  return "set";
}

std::vector<PasswdEntry> parse_passwd(std::string_view text, size_t* bad_lines) {
  std::vector<PasswdEntry> out;
  for_each_entry(text, [&](std::string_view line) {
    auto f = split(line, ':');
    PasswdEntry e;
    if (f.size() != 7 || f[0].empty() || !to_int(f[2], &e.uid) || !to_int(f[3], &e.gid)) {
      if (bad_lines) ++*bad_lines;
      return;
    }
    e.name = f[0];
    e.password = f[1];
    e.gecos = f[4];
    e.home = f[5];
    e.shell = f[6];
    out.push_back(std::move(e));
  });
  return out;
}

std::vector<GroupEntry> parse_group(std::string_view text, size_t* bad_lines) {
  std::vector<GroupEntry> out;
  for_each_entry(text, [&](std::string_view line) {
    auto f = split(line, ':');
    GroupEntry e;
    if (f.size() != 4 || f[0].empty() || !to_int(f[2], &e.gid)) {
      if (bad_lines) ++*bad_lines;
      return;
    }
    e.name = f[0];
    if (!f[3].empty()) {
      for (auto member : split(f[3], ',')) {
        if (!member.empty()) e.members.emplace_back(member);
      }
    }
    out.push_back(std::move(e));
  });
  return out;
}

std::vector<ShadowEntry> parse_shadow(std::string_view text, size_t* bad_lines) {
  std::vector<ShadowEntry> out;
  for_each_entry(text, [&](std::string_view line) {
    auto f = split(line, ':');
    if (f.size() != 9 || f[0].empty()) {
      if (bad_lines) ++*bad_lines;
      return;
    }
    ShadowEntry e;
    e.name = f[0];
    e.state = password_state(f[1]);
    // Empty numeric fields mean "not set" (shadow(5)): left out, not zero.
    auto number = [&](std::string_view s, std::optional<int64_t>* slot) {
      int64_t v;
      if (to_int(s, &v)) *slot = v;
    };
    number(f[2], &e.last_change);
    number(f[3], &e.min_days);
    number(f[4], &e.max_days);
    number(f[5], &e.warn_days);
    number(f[6], &e.inactive_days);
    number(f[7], &e.expires);
    out.push_back(std::move(e));
  });
  return out;
}

namespace {

class UsersCollector : public Collector {
 public:
  std::string name() const override { return "users"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("users"); }

  void collect(const CollectRequest& request, FactsBuilder& out, CollectorReport& report) override {
    RootFs fs(request.options.root);
    auto note = [&](const std::string& m) { report.message += (report.message.empty() ? "" : "; ") + m; };
    std::string passwd_text, group_text, shadow_text, error;
    size_t bad = 0;

    std::vector<GroupEntry> groups;
    bool have_groups = fs.read("etc/group", &group_text, &error, kMaxAccountFileBytes);
    if (have_groups) {
      groups = first_of_each_name(parse_group(group_text, &bad), note);
    } else {
      note(error + "; groups left unknown");
    }

    if (!fs.read("etc/passwd", &passwd_text, &error, kMaxAccountFileBytes)) {
      report.ok = false;
      note(error + "; users left unknown");
      if (have_groups) set_groups(out, groups);
      return;
    }
    auto users = first_of_each_name(parse_passwd(passwd_text, &bad), note);

    std::map<std::string, const ShadowEntry*, std::less<>> shadow_of;
    std::vector<ShadowEntry> shadow;
    size_t shadow_bad = 0;  // a malformed line may be the account's own: then no line is not "locked"
    bool have_shadow = fs.read("etc/shadow", &shadow_text, &error, kMaxAccountFileBytes);
    if (have_shadow) {
      shadow = parse_shadow(shadow_text, &shadow_bad);
      bad += shadow_bad;
      for (const auto& s : shadow) shadow_of.emplace(s.name, &s);
    } else {
      note(error + "; password state and aging left unknown (reading /etc/shadow needs root)");
    }
    if (bad) note(std::to_string(bad) + " malformed account lines skipped");

    std::map<int64_t, std::string> group_name;
    for (const auto& g : groups) group_name.emplace(g.gid, g.name);  // the first of a repeated gid, as getgrgid

    Arena& arena = out.arena();
    auto* entries = arena.allocate_array<MapEntry>(users.size());
    uint32_t n = 0;
    for (const PasswdEntry& u : users) {
      std::vector<std::pair<std::string_view, Value>> fields = {
          {"uid", Value::of_int(u.uid)},           {"gid", Value::of_int(u.gid)},
          {"home", make_string(arena, u.home)},    {"shell", make_string(arena, u.shell)},
          {"gecos", make_string(arena, u.gecos)},
      };
      if (auto g = group_name.find(u.gid); g != group_name.end()) {
        fields.push_back({"group", make_string(arena, g->second)});
      }
      // The password state: shadow's when passwd defers to it ("x"), else passwd's own
      // field (a legacy hash, or empty: no password).
      if (u.password != "x") {
        fields.push_back({"password", make_string(arena, password_state(u.password))});
      } else if (have_shadow) {
        auto s = shadow_of.find(u.name);
        if (s != shadow_of.end()) {
          fields.push_back({"password", make_string(arena, s->second->state)});
          add_aging(*s->second, &fields);
        } else if (shadow_bad == 0) {
          // "x" with no shadow line: no password can match (login refuses the account).
          fields.push_back({"password", make_string(arena, "locked")});
        }  // else unknown: the skipped malformed line could be this account's, empty password and all
      }
      entries[n++] = MapEntry{arena.copy(u.name), make_record(arena, fields)};
    }
    out.set("users", make_map(entries, n));
    if (have_groups) set_groups(out, groups);
  }

 private:
  static void add_aging(const ShadowEntry& s, std::vector<std::pair<std::string_view, Value>>* fields) {
    auto add = [&](std::string_view name, const std::optional<int64_t>& v) {
      if (v) fields->push_back({name, Value::of_int(*v)});
    };
    add("password_changed", s.last_change);
    add("password_min_days", s.min_days);
    add("password_max_days", s.max_days);
    add("password_warn_days", s.warn_days);
    add("password_inactive_days", s.inactive_days);
    add("expires", s.expires);
  }

  static void set_groups(FactsBuilder& out, const std::vector<GroupEntry>& groups) {
    Arena& arena = out.arena();
    auto* entries = arena.allocate_array<MapEntry>(groups.size());
    uint32_t n = 0;
    for (const GroupEntry& g : groups) {
      std::vector<Value> members;
      for (const auto& m : g.members) members.push_back(make_string(arena, m));
      entries[n++] = MapEntry{arena.copy(g.name), make_record(arena, {{"gid", Value::of_int(g.gid)},
                                                                      {"members", make_list(arena, members)}})};
    }
    out.set("groups", make_map(entries, n));
  }
};

}  // namespace

std::unique_ptr<Collector> make_users_collector() { return std::make_unique<UsersCollector>(); }

}  // namespace edict::collectors
