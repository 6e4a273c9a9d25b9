// sshd_config(5) as sshd reads it (see sshd_config.h). The defaults are OpenSSH
// 9.2p1's own: servconf.c fill_default_server_options() and myproposal.h at tag
// V_9_2_P1 of https://github.com/openssh/openssh-portable (docs/facts.md cites them).
#include "collectors/sshd_config.h"

#include <fnmatch.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "collectors/text_lines.h"

namespace edict::collectors {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// misc.c argv_split as servconf.c uses it: words split on spaces and tabs, "..." quotes
// a word with spaces; a keyword may be followed by `=` instead of a space.
std::vector<std::string> split_words(std::string_view line, bool* bad_quote) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    std::string word;
    if (line[i] == '"') {
      size_t end = line.find('"', i + 1);
      if (end == std::string_view::npos) {
        *bad_quote = true;
        return words;
      }
      word = std::string(line.substr(i + 1, end - i - 1));
      i = end + 1;
    } else {
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') word += line[i++];
    }
    if (words.empty()) {  // `Keyword=value`: the first word ends at '='
      size_t eq = word.find('=');
      if (eq != std::string::npos) {
        std::string rest = word.substr(eq + 1);
        word.resize(eq);
        words.push_back(word);
        if (!rest.empty()) words.push_back(rest);
        continue;
      }
    }
    words.push_back(word);
  }
  if (words.size() >= 2 && words[1] == "=") words.erase(words.begin() + 1);
  return words;
}

// misc.c convtime: "1h30m" -> 5400; "" when it is not a time.
std::string seconds_of(std::string_view text) {
  if (text.empty()) return {};
  long long total = 0, part = 0;
  bool digits = false;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      part = part * 10 + (c - '0');
      digits = true;
      if (part > (1LL << 31)) return {};
      continue;
    }
    if (!digits) return {};
    long long unit = 0;
    switch (std::tolower(static_cast<unsigned char>(c))) {
      case 's': unit = 1; break;
      case 'm': unit = 60; break;
      case 'h': unit = 3600; break;
      case 'd': unit = 86400; break;
      case 'w': unit = 604800; break;
      default: return {};
    }
    total += part * unit;
    part = 0;
    digits = false;
  }
  total += part;
  return std::to_string(total);
}

// Keywords whose value is one of a few words (servconf.c's multistate tables and flags):
// compared case-insensitively by sshd and printed lower-case by `sshd -T`.
const std::set<std::string, std::less<>>& word_valued() {
  static const std::set<std::string, std::less<>> keys = {
      "addressfamily", "allowagentforwarding", "allowstreamlocalforwarding", "allowtcpforwarding",
      "compression", "disableforwarding", "exposeauthinfo", "gatewayports", "gssapiauthentication",
      "gssapicleanupcredentials", "gssapistrictacceptorcheck", "hostbasedauthentication",
      "hostbasedusesnamefrompacketonly", "ignorerhosts", "ignoreuserknownhosts", "kbdinteractiveauthentication",
      "kerberosauthentication", "kerberosorlocalpasswd", "kerberosticketcleanup", "passwordauthentication",
      "permitemptypasswords", "permitrootlogin", "permittty", "permittunnel", "permituserrc", "printlastlog",
      "printmotd", "pubkeyauthentication", "streamlocalbindunlink", "strictmodes", "tcpkeepalive", "usedns",
      "usepam", "x11forwarding", "x11uselocalhost", "challengeresponseauthentication"};
  return keys;
}

struct Reader {
  const RootFs& fs;
  SshdConfig out;
  size_t files_read = 0;

  void file(const std::string& path, int depth, long block) {
    if (depth > kMaxSshdIncludeDepth) {
      out.errors.push_back("`" + path + "`: Include nested more than " + std::to_string(kMaxSshdIncludeDepth) +
                           " deep (sshd's SERVCONF_MAX_DEPTH) [E0528]");
      return;
    }
    if (++files_read > kMaxSshdIncludedFiles) {
      out.errors.push_back("more than " + std::to_string(kMaxSshdIncludedFiles) +
                           " configuration files included (kMaxSshdIncludedFiles) [E0528]");
      return;
    }
    std::string text, error;
    if (!fs.read(path, &text, &error, kMaxSshdConfigBytes)) {
      out.errors.push_back(error + " [E0529]");
      return;
    }
    // An included file's Match blocks end with it: the includer's block goes on after.
    long current = block;  // index into out.matches, -1 for the global section
    size_t line_number = 0;
    for_each_line(text, [&](std::string_view line) {
      ++line_number;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      bool bad_quote = false;
      std::vector<std::string> words = split_words(line, &bad_quote);
      std::string where = path + ":" + std::to_string(line_number);
      if (bad_quote) {
        out.errors.push_back(where + ": unterminated quote [E0529]");
        return;
      }
      if (words.empty() || words[0].front() == '#') return;
      std::string key = lower(words[0]);
      std::vector<std::string> args(words.begin() + 1, words.end());
      while (!args.empty() && args.back().front() == '#') args.pop_back();  // a trailing comment
      if (args.empty()) {
        out.errors.push_back(where + ": `" + words[0] + "` has no value (sshd refuses to start) [E0529]");
        return;
      }
      if (key == "include") {
        for (const auto& pattern : args) include(pattern, depth, current, where);
        return;
      }
      if (key == "match") {
        std::string criteria;
        for (const auto& a : args) criteria += (criteria.empty() ? "" : " ") + a;
        out.matches.push_back(SshdMatchBlock{criteria, {}});
        current = static_cast<long>(out.matches.size()) - 1;
        return;
      }
      set(current >= 0 ? out.matches[current].config : out.global, key, normalize_sshd_value(key, args));
    });
  }

  static void set(std::map<std::string, std::string>& config, const std::string& key, const std::string& value) {
    auto [it, inserted] = config.emplace(key, value);
    if (!inserted && sshd_key_accumulates(key)) it->second += ", " + value;  // else the first value wins
  }

  // servconf.c sInclude: a relative path is below /etc/ssh; a glob lists its matches in
  // sorted order (glob(3)); a pattern matching nothing is no error.
  void include(const std::string& pattern, int depth, long block, const std::string& where) {
    std::string full = pattern.front() == '/' ? pattern : "/etc/ssh/" + pattern;
    size_t slash = full.rfind('/');
    std::string dir = full.substr(0, slash), name = full.substr(slash + 1);
    if (dir.find_first_of("*?[") != std::string::npos) {
      out.errors.push_back(where + ": `Include " + pattern + "`: a glob in a directory name is not read by Edict [E0529]");
      return;
    }
    if (name.find_first_of("*?[") == std::string::npos) {
      if (fs.exists(full)) file(full, depth + 1, block);
      return;
    }
    std::vector<std::string> names;
    std::string error;
    if (!fs.list(dir, &names, &error)) return;  // no such directory: glob matches nothing
    for (const auto& n : names) {
      if (::fnmatch(name.c_str(), n.c_str(), FNM_PERIOD) != 0) continue;
      file(dir + "/" + n, depth + 1, block);
    }
  }
};

}  // namespace

bool sshd_key_accumulates(std::string_view key) {
  static const std::set<std::string, std::less<>> keys = {
      "port", "listenaddress", "hostkey", "hostcertificate", "acceptenv", "subsystem", "allowusers", "denyusers",
      "allowgroups", "denygroups", "setenv", "permitopen", "permitlisten"};
  return keys.count(key) > 0;
}

std::string normalize_sshd_value(const std::string& key, const std::vector<std::string>& args) {
  std::string joined;
  for (const auto& a : args) joined += (joined.empty() ? "" : " ") + a;
  if (key == "logingracetime" || key == "clientaliveinterval") {
    std::string s = seconds_of(joined);
    return s.empty() ? joined : s;
  }
  if (key == "loglevel" || key == "syslogfacility") return upper(joined);
  if (word_valued().count(key)) {
    std::string v = lower(joined);
    // sshd -T prints the first name of each state in servconf.c's tables.
    if (key == "permitrootlogin" && v == "prohibit-password") return "without-password";
    if (key == "compression" && v == "delayed") return "yes";
    if (key == "allowtcpforwarding" || key == "allowstreamlocalforwarding") {
      if (v == "all") return "yes";
    }
    return v;
  }
  return joined;
}

const std::map<std::string, std::string>& sshd_92_defaults() {
  // Left out on purpose: values set by how sshd was built or patched (pidfile,
  // xauthlocation, usepam's PAM build, the KexAlgorithms list Debian 12's updates
  // changed, the host keys present): unset, they stay unknown rather than guessed.
  static const std::map<std::string, std::string> defaults = {
      {"port", "22"},
      {"addressfamily", "any"},
      {"logingracetime", "120"},
      {"x11displayoffset", "10"},
      {"maxauthtries", "6"},       // DEFAULT_AUTH_FAIL_MAX
      {"maxsessions", "10"},       // DEFAULT_SESSIONS_MAX
      {"clientaliveinterval", "0"},
      {"clientalivecountmax", "3"},
      {"requiredrsasize", "1024"},  // SSH_RSA_MINIMUM_MODULUS_SIZE
      {"streamlocalbindmask", "0177"},
      {"permitrootlogin", "without-password"},  // PERMIT_NO_PASSWD, printed by its first name
      {"ignorerhosts", "yes"},
      {"ignoreuserknownhosts", "no"},
      {"hostbasedauthentication", "no"},
      {"hostbasedusesnamefrompacketonly", "no"},
      {"pubkeyauthentication", "yes"},
      {"kerberosauthentication", "no"},
      {"kerberosorlocalpasswd", "yes"},
      {"kerberosticketcleanup", "yes"},
      {"gssapiauthentication", "no"},
      {"gssapicleanupcredentials", "yes"},
      {"gssapistrictacceptorcheck", "yes"},
      {"passwordauthentication", "yes"},
      {"kbdinteractiveauthentication", "yes"},
      {"printmotd", "yes"},
      {"printlastlog", "yes"},
      {"x11forwarding", "no"},
      {"x11uselocalhost", "yes"},
      {"permittty", "yes"},
      {"permituserrc", "yes"},
      {"strictmodes", "yes"},
      {"tcpkeepalive", "yes"},
      {"permitemptypasswords", "no"},
      {"gatewayports", "no"},
      {"usedns", "no"},
      {"allowtcpforwarding", "yes"},
      {"allowagentforwarding", "yes"},
      {"disableforwarding", "no"},
      {"allowstreamlocalforwarding", "yes"},
      {"streamlocalbindunlink", "no"},
      {"fingerprinthash", "SHA256"},
      {"exposeauthinfo", "no"},
      {"loglevel", "INFO"},
      {"syslogfacility", "AUTH"},
      {"authorizedkeysfile", ".ssh/authorized_keys .ssh/authorized_keys2"},
      {"maxstartups", "10:30:100"},
      {"persourcenetblocksize", "32:128"},
      {"permittunnel", "no"},
      {"permituserenvironment", "no"},
      {"securitykeyprovider", "internal"},
      {"authenticationmethods", "any"},
      {"rekeylimit", "0 0"},
      {"ipqos", "lowdelay throughput"},  // IPTOS_DSCP_AF21, IPTOS_DSCP_CS1 as sshd -T names them
      {"ciphers",
       "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,"
       "aes256-gcm@openssh.com"},  // KEX_SERVER_ENCRYPT
      {"macs",
       "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,"
       "hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,"
       "hmac-sha2-256,hmac-sha2-512,hmac-sha1"},  // KEX_SERVER_MAC
  };
  return defaults;
}

SshdConfig read_sshd_config(const RootFs& fs, const std::string& path) {
  Reader reader{fs, {}};
  reader.file(path, 0, -1);
  return std::move(reader.out);
}

}  // namespace edict::collectors
