// Where a Linux host is told to use a proxy: the proxy variables (curl(1), wget(1)
// and apt honour both cases), /etc/environment (pam_env(8) puts it in every login
// and many services' environment), and apt's Acquire::*::Proxy (apt.conf(5)), the
// way an air-gapped Debian server most often still reaches a mirror.
#include <cctype>

#include "collectors/linux.h"
#include "collectors/text_lines.h"

namespace edict::collectors {

namespace {

// In the order a client picks them for an https URL, then the others: any one set
// is a way out.
constexpr const char* kProxyVariables[] = {"https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY",
                                           "all_proxy",   "ALL_PROXY",   "ftp_proxy",  "FTP_PROXY"};

// A scope or key word in apt.conf: letters, digits and the punctuation host names
// and option names use ("Acquire::http::Proxy::deb.debian.org").
bool apt_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '.' || c == '-' || c == '_' || c == '/' ||
         c == '+' || c == '@';
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string proxy_from_environment(const std::map<std::string, std::string>& env) {
  for (const char* name : kProxyVariables) {
    auto it = env.find(name);
    if (it != env.end() && !it->second.empty()) return it->second;
  }
  return "";
}

std::map<std::string, std::string> parse_etc_environment(std::string_view text) {
  std::map<std::string, std::string> env;
  for_each_line(text, [&](std::string_view line) {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (line.empty() || line.front() == '#') return;
    if (line.rfind("export ", 0) == 0) line.remove_prefix(7);
    size_t eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) return;
    std::string value(line.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    env[std::string(line.substr(0, eq))] = value;
  });
  return env;
}

std::string apt_proxy(std::string_view text) {
  // Tokens: words, "strings", { } ; with // and /* */ comments and #-lines
  // (#include, #clear, comments) skipped. Scopes nest: `Acquire { http { Proxy "x"; }; };`
  // is `Acquire::http::Proxy "x"`.
  std::vector<std::string> scopes;
  std::string pending_key;
  size_t i = 0;
  auto full_key = [&](const std::string& key) {
    std::string k;
    for (const auto& s : scopes) k += s + "::";
    return lower_ascii(k + key);
  };
  auto judge = [&](const std::string& key, const std::string& value) -> std::string {
    // acquire::<scheme>::proxy[::host] or acquire::<scheme>::proxy-auto-detect
    if (key.rfind("acquire::", 0) != 0) return "";
    size_t scheme_end = key.find("::", 9);
    if (scheme_end == std::string::npos) return "";
    std::string rest = key.substr(scheme_end + 2);
    std::string v = lower_ascii(value);
    if (rest == "proxy-auto-detect") return value.empty() ? "" : "auto-detect: " + value;
    if (rest != "proxy" && rest.rfind("proxy::", 0) != 0) return "";
    if (v.empty() || v == "direct" || v == "false") return "";
    return value;
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
    } else if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '{') {
      scopes.push_back(pending_key);
      pending_key.clear();
      ++i;
    } else if (c == '}') {
      if (!scopes.empty()) scopes.pop_back();
      pending_key.clear();
      ++i;
    } else if (c == ';') {
      pending_key.clear();
      ++i;
    } else if (c == '"') {
      size_t end = text.find('"', i + 1);
      if (end == std::string_view::npos) break;  // apt rejects the file: it configures nothing
      std::string value(text.substr(i + 1, end - i - 1));
      i = end + 1;
      if (!pending_key.empty()) {
        std::string found = judge(full_key(pending_key), value);
        if (!found.empty()) return found;
        pending_key.clear();
      }
    } else if (apt_word_char(c)) {
      size_t start = i;
      while (i < text.size() && apt_word_char(text[i])) ++i;
      std::string word(text.substr(start, i - start));
      if (pending_key.empty()) {
        pending_key = word;
      } else {
        // An unquoted value (apt accepts `Acquire::http::Proxy http://p:3128;`).
        std::string found = judge(full_key(pending_key), word);
        if (!found.empty()) return found;
        pending_key.clear();
      }
    } else {
      ++i;
    }
  }
  return "";
}

bool apt_reads_conf_file(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') return false;
  }
  size_t dot = name.rfind('.');
  return dot == std::string_view::npos || name.substr(dot) == ".conf";
}

}  // namespace edict::collectors
