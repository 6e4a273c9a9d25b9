// Where a Linux host is told to use a proxy: the variables in both cases
// (all_proxy and ftp_proxy too), /etc/environment, and apt's Acquire::*::Proxy in
// apt.conf and the apt.conf.d files apt reads (apt.conf(5)), under --root.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "collectors/linux.h"
#include "collectors/registry.h"
#include "tests/collectors/collector_reports.h"

using namespace edict;
using namespace edict::collectors;
using edict::testing::show;

namespace {

// A root tree in a fresh temporary directory: {relative path, contents}.
std::string make_root(const std::string& name, const std::vector<std::pair<std::string, std::string>>& files) {
  auto root = std::filesystem::temp_directory_path() / ("edict-proxy-" + std::to_string(::getpid())) / name;
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root);
  for (const auto& [path, text] : files) {
    auto full = root / path;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream(full) << text;
  }
  return root.string();
}

std::string proxy_under(const std::string& root) {
  CollectOptions options;
  options.root = root;
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {"network.proxy"}, options, &reports);
  return show(facts, "network.proxy");
}

}  // namespace

TEST_CASE("proxy variables: all_proxy and ftp_proxy count in both cases") {
  CHECK(proxy_from_environment({{"ALL_PROXY", "socks5://10.0.0.3:1080"}}) == "socks5://10.0.0.3:1080");
  CHECK(proxy_from_environment({{"all_proxy", "http://p:3128"}}) == "http://p:3128");
  CHECK(proxy_from_environment({{"FTP_PROXY", "http://p:3128"}}) == "http://p:3128");
  CHECK(proxy_from_environment({{"https_proxy", "http://a:1"}, {"ALL_PROXY", "http://b:2"}}) == "http://a:1");
  CHECK(proxy_from_environment({{"no_proxy", "*"}, {"HTTP_PROXY", ""}}) == "");
}

TEST_CASE("etc/environment: export, quotes and comments") {
  auto env = parse_etc_environment("# c\nexport ALL_PROXY='socks5://h:1080'\n  HTTPS_PROXY=\"http://p:3128\"\r\nBROKEN\n");
  CHECK(env["ALL_PROXY"] == "socks5://h:1080");
  CHECK(env["HTTPS_PROXY"] == "http://p:3128");
  CHECK(env.count("BROKEN") == 0);
}

TEST_CASE("apt.conf: Acquire proxies in every syntax apt accepts") {
  CHECK(apt_proxy("Acquire::http::Proxy \"http://10.0.0.3:3142\";\n") == "http://10.0.0.3:3142");
  CHECK(apt_proxy("acquire::HTTPS::proxy \"http://p:3128/\";") == "http://p:3128/");
  CHECK(apt_proxy("Acquire { http { Proxy \"http://nested:3128\"; }; };") == "http://nested:3128");
  CHECK(apt_proxy("Acquire::http { Proxy \"http://half:3128\"; };") == "http://half:3128");
  CHECK(apt_proxy("Acquire::ftp::Proxy \"ftp://f:21\";") == "ftp://f:21");
  CHECK(apt_proxy("Acquire::http::Proxy::deb.example.org \"http://per-host:3128\";") == "http://per-host:3128");
  CHECK(apt_proxy("Acquire::http::Proxy-Auto-Detect \"/usr/bin/auto-apt-proxy\";") ==
        "auto-detect: /usr/bin/auto-apt-proxy");
  CHECK(apt_proxy("Acquire::http::Proxy http://bare:3128;") == "http://bare:3128");
  // Not proxies: DIRECT, false, comments, other options.
  CHECK(apt_proxy("Acquire::http::Proxy \"DIRECT\";\nAcquire::http::Proxy::h \"false\";") == "");
  CHECK(apt_proxy("// Acquire::http::Proxy \"http://c:1\";\n# Acquire::http::Proxy \"http://c:2\";\n"
                  "/* Acquire::http::Proxy \"http://c:3\"; */\nAcquire::Retries \"3\";\n") == "");
  CHECK(apt_proxy("APT::Get::Proxy \"http://not-acquire:1\";") == "");
  CHECK(apt_proxy("Acquire::http::Proxy \"unterminated") == "");
}

TEST_CASE("apt.conf.d: only the files apt reads") {
  CHECK(apt_reads_conf_file("95proxy"));
  CHECK(apt_reads_conf_file("95proxy.conf"));
  CHECK_FALSE(apt_reads_conf_file("95proxy.disabled"));
  CHECK_FALSE(apt_reads_conf_file("95proxy.dpkg-old"));
  CHECK_FALSE(apt_reads_conf_file("95 proxy"));
  CHECK_FALSE(apt_reads_conf_file(".hidden"));
}

TEST_CASE("under --root: ALL_PROXY in etc/environment is a proxy") {
  CHECK(proxy_under(make_root("all", {{"etc/environment", "ALL_PROXY=socks5://10.0.0.3:1080\n"}})) ==
        "\"socks5://10.0.0.3:1080\"");
}

TEST_CASE("under --root: apt's proxy in apt.conf.d is found, a .disabled file is not read") {
  CHECK(proxy_under(make_root("apt", {{"etc/environment", "PATH=/usr/bin\n"},
                                      {"etc/apt/apt.conf.d/99off.disabled", "Acquire::http::Proxy \"http://x:1\";"},
                                      {"etc/apt/apt.conf.d/95proxy", "Acquire::http::Proxy \"http://10.0.0.3:3142\";"}})) ==
        "\"http://10.0.0.3:3142\"");
  CHECK(proxy_under(make_root("aptoff", {{"etc/environment", "PATH=/usr/bin\n"},
                                         {"etc/apt/apt.conf.d/99off.disabled", "Acquire::http::Proxy \"http://x:1\";"}})) ==
        "\"\"");
  CHECK(proxy_under(make_root("aptconf", {{"etc/environment", ""},
                                          {"etc/apt/apt.conf", "Acquire { https { Proxy \"http://p:3128\"; }; };"}})) ==
        "\"http://p:3128\"");
}

TEST_CASE("under --root: an apt proxy decides even without etc/environment, which alone leaves it unknown") {
  CHECK(proxy_under(make_root("noenv", {{"etc/apt/apt.conf.d/01proxy", "Acquire::http::Proxy \"http://p:1\";"}})) ==
        "\"http://p:1\"");
  CHECK(proxy_under(make_root("nothing", {{"etc/hostname", "h\n"}})) == "absent");
}

TEST_CASE("under --root: an etc/environment past kMaxConfigBytes is not read and the proxy is unknown") {
  std::string big(1 << 20, '#');  // 1 MiB of comment, plus a line: one byte past the limit
  big += "\n";
  CHECK(proxy_under(make_root("big", {{"etc/environment", big}})) == "absent");
  CHECK(proxy_under(make_root("fits", {{"etc/environment", big.substr(0, 1 << 19)}})) == "\"\"");
}
