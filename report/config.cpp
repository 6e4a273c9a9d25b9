// edict.toml -> Config. toml++ parses; this file checks every key and value and turns
// toml++ source regions into Edict spans so errors point at the line and column.
#include "report/config.h"

#include <toml++/toml.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/time_util.h"
#include "report/toml_util.h"
#include "runtime/schema.h"

namespace edict::report {

namespace fs = std::filesystem;

const char* unknown_mode_name(UnknownMode mode) { return mode == UnknownMode::kWarn ? "warn" : "fail"; }

Span span_at(const SourceManager& sources, uint32_t file_id, uint32_t line, uint32_t column, uint32_t length) {
  const SourceFile* file = sources.get(file_id);
  if (!file || line == 0 || line > file->line_count()) return Span{};
  std::string_view text = file->line_text(line);
  uint32_t line_start = static_cast<uint32_t>(text.data() - file->text().data());
  // Walk code points: toml++ columns count characters, spans count bytes.
  auto advance = [&](size_t pos, uint32_t n) {
    while (n > 0 && pos < text.size()) {
      ++pos;
      while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;
      --n;
    }
    return pos;
  };
  size_t begin = advance(0, column > 0 ? column - 1 : 0);
  size_t end = advance(begin, length == 0 ? 1 : length);
  Span span = file->span(file_id, line_start + static_cast<uint32_t>(begin), line_start + static_cast<uint32_t>(end));
  return span;
}

std::optional<std::string> read_text_file(const std::string& path, size_t max_bytes, DiagnosticSink& sink) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    Diagnostic d = Diagnostic::error("E0607", Span{}, "cannot read `" + path + "`: it is a directory");
    d.path = path;
    sink.report(std::move(d));
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Diagnostic d = Diagnostic::error("E0607", Span{}, "cannot read `" + path + "`: no such file or not readable");
    d.path = path;
    sink.report(std::move(d));
    return std::nullopt;
  }
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      Diagnostic d = Diagnostic::error("E0608", Span{}, "`" + path + "` is larger than " +
                                                            std::to_string(max_bytes / (1024 * 1024)) + " MiB",
                                       "configuration and test files are hand-written; split or trim it");
      d.path = path;
      sink.report(std::move(d));
      return std::nullopt;
    }
  }
  return text;
}

std::string find_config(const std::string& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  if (ec) return {};
  while (true) {
    fs::path candidate = dir / "edict.toml";
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
    if (!dir.has_parent_path() || dir.parent_path() == dir) return {};
    dir = dir.parent_path();
  }
}

namespace {

std::string resolve(const std::string& dir, const std::string& p) {
  fs::path path(p);
  if (path.is_absolute() || dir.empty()) return path.lexically_normal().string();
  return (fs::path(dir) / path).lexically_normal().string();
}

// `10s`, `500ms`, `2m`, or an integer number of seconds.
std::optional<int64_t> parse_duration_ms(const toml::node& node) {
  if (auto i = node.value_exact<int64_t>()) {
    if (*i < 0 || *i > kMaxCollectTimeoutMs / 1000) return std::nullopt;
    return *i * 1000;
  }
  auto s = node.value_exact<std::string>();
  if (!s || s->empty()) return std::nullopt;
  size_t digits = 0;
  while (digits < s->size() && std::isdigit(static_cast<unsigned char>((*s)[digits]))) ++digits;
  if (digits == 0 || digits > 9) return std::nullopt;
  int64_t n = std::stoll(s->substr(0, digits));
  std::string unit = s->substr(digits);
  int64_t ms;
  if (unit == "ms") ms = n;
  else if (unit == "s" || unit.empty()) ms = n * 1000;
  else if (unit == "m") ms = n * 60 * 1000;
  else return std::nullopt;
  if (ms > kMaxCollectTimeoutMs) return std::nullopt;
  return ms;
}

// `[collect] env = ["HTTPS_PROXY"]`: names only (values come from edict's own
// environment when it runs), each a portable variable name.
void parse_collect_env(const toml::node& node, TomlContext& ctx, Config* config) {
  auto names = ctx.string_list(node, "env");
  if (!names) return;
  const toml::array& array = *node.as_array();
  std::vector<std::string> valid;
  for (size_t i = 0; i < names->size(); ++i) {
    const std::string& name = (*names)[i];
    bool ok = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
    for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    if (!ok) {
      ctx.error("E0617", ctx.span_of(*array.get(i), static_cast<uint32_t>(name.size() + 2)),
                "`" + name + "` in `[collect] env` is not an environment variable name",
                "list names only, of letters, digits and `_` (e.g. \"HTTPS_PROXY\"); the values come from edict's environment");
      continue;
    }
    valid.push_back(name);
  }
  config->collect.env = std::move(valid);
}

// `[bundle] trust = "keys/policy.pub"`, `require_signed = true`.
void parse_bundle(const toml::node& node, TomlContext& ctx, Config* config) {
  const toml::table* table = node.as_table();
  if (!table) {
    ctx.error("E0603", ctx.span_of(node, 1), "`bundle` must be a table", "write it as a [bundle] section");
    return;
  }
  static const std::vector<std::string> kBundleKeys = {"trust", "require_signed"};
  ctx.check_keys(*table, kBundleKeys, "[bundle]");
  if (const toml::node* trust = table->get("trust")) {
    auto path = trust->value_exact<std::string>();
    if (!path || path->empty())
      ctx.error("E0618", ctx.span_of(*trust, 1), "`[bundle] trust` must be the path of a public key file",
                "e.g. trust = \"keys/policy.pub\", written by `edict keygen`");
    else
      config->bundle.trust = resolve(config->dir, *path);
  }
  if (const toml::node* require = table->get("require_signed")) {
    auto on = require->value_exact<bool>();
    if (!on)
      ctx.error("E0619", ctx.span_of(*require, 1), "`[bundle] require_signed` must be true or false");
    else if (*on && !table->get("trust"))
      ctx.error("E0619", ctx.span_of(*require, 1), "`[bundle] require_signed` needs `trust`",
                "name the public key the bundles must be signed with: trust = \"keys/policy.pub\"");
    else
      config->bundle.require_signed = *on;
  }
}

void parse_waiver(const toml::table& table, TomlContext& ctx, Config* config) {
  static const std::vector<std::string> kKeys = {"rule", "hosts", "reason", "approved_by", "expires"};
  if (!ctx.check_keys(table, kKeys, "[[waiver]]")) return;
  Waiver waiver;
  waiver.span = ctx.span_of(table, 8);
  waiver.location = SourceLocation{ctx.path, waiver.span.line, waiver.span.column};
  bool ok = true;
  if (auto rule = ctx.get_string(table, "rule", true)) waiver.rule = *rule;
  else ok = false;
  if (auto reason = ctx.get_string(table, "reason", true)) {
    waiver.reason = *reason;
    if (reason->find_first_not_of(" \t\r\n") == std::string::npos) {
      ctx.error("E0604", ctx.span_of(*table.get("reason"), 1), "a waiver's `reason` is empty",
                "say why the rule may fail here, e.g. \"vendor link until change 4411\"");
      ok = false;
    }
  } else {
    ok = false;
  }
  if (auto by = ctx.get_string(table, "approved_by", false)) waiver.approved_by = *by;
  if (const toml::node* hosts = table.get("hosts")) {
    if (auto list = ctx.string_list(*hosts, "hosts")) waiver.hosts = *list;
    else ok = false;
  }
  if (const toml::node* expires = table.get("expires")) {
    if (auto date = expires->value_exact<toml::date>()) {
      waiver.expires = days_from_civil(date->year, date->month, date->day);
    } else {
      ctx.error("E0605", ctx.span_of(*expires, 1), "`expires` must be a TOML date",
                "write it without quotes: expires = 2027-03-31");
      ok = false;
    }
  }
  if (ok) config->waivers.push_back(std::move(waiver));
}

}  // namespace

std::optional<Config> parse_config(const std::string& path, const std::string& text, SourceManager& sources,
                                   DiagnosticSink& sink) {
  uint32_t file_id = sources.add(path, text);
  TomlContext ctx{path, file_id, sources, sink};
  auto root = ctx.parse(text);
  if (!root) return std::nullopt;

  Config config;
  config.path = path;
  config.dir = fs::path(path).parent_path().string();
  size_t errors_before = sink.error_count();
  static const std::vector<std::string> kKeys = {"policies", "fail_on", "unknown", "collect", "waiver", "bundle"};
  ctx.check_keys(*root, kKeys, "edict.toml");

  if (const toml::node* policies = root->get("policies")) {
    if (auto list = ctx.string_list(*policies, "policies"))
      for (const auto& p : *list) config.policies.push_back(resolve(config.dir, p));
  }
  if (const toml::node* fail_on = root->get("fail_on")) {
    auto text_value = fail_on->value_exact<std::string>();
    auto level = text_value ? parse_level(*text_value) : std::nullopt;
    if (!level) {
      ctx.error("E0603", ctx.span_of(*fail_on, 1), "`fail_on` must be a severity",
                "one of \"info\", \"low\", \"medium\", \"high\", \"critical\"");
    } else {
      config.gate.fail_on = *level;
      config.fail_on_set = true;
    }
  }
  if (const toml::node* unknown = root->get("unknown")) {
    auto text_value = unknown->value_exact<std::string>();
    if (text_value && *text_value == "fail") {
      config.gate.unknown = UnknownMode::kFail;
      config.unknown_set = true;
    } else if (text_value && *text_value == "warn") {
      config.gate.unknown = UnknownMode::kWarn;
      config.unknown_set = true;
    } else {
      ctx.error("E0603", ctx.span_of(*unknown, 1), "`unknown` must be \"fail\" or \"warn\"",
                "\"fail\" blocks the gate when a gating rule's facts are missing; \"warn\" reports it only");
    }
  }
  if (const toml::node* collect = root->get("collect")) {
    if (const toml::table* table = collect->as_table()) {
      static const std::vector<std::string> kCollectKeys = {"root", "facts_d", "timeout", "max_output", "env"};
      ctx.check_keys(*table, kCollectKeys, "[collect]");
      if (auto r = ctx.get_string(*table, "root", false)) config.collect.root = resolve(config.dir, *r);
      if (auto f = ctx.get_string(*table, "facts_d", false)) config.collect.facts_d = resolve(config.dir, *f);
      if (const toml::node* timeout = table->get("timeout")) {
        // Zero is refused like `max_output = 0`: no collector could finish in no time.
        auto ms = parse_duration_ms(*timeout);
        if (ms && *ms > 0) config.collect.timeout_ms = *ms;
        else
          ctx.error("E0606", ctx.span_of(*timeout, 1),
                    "`timeout` must be a positive duration of at most 10 minutes",
                    "write e.g. \"10s\", \"500ms\" or a number of seconds");
      }
      if (const toml::node* max = table->get("max_output")) {
        auto n = max->value_exact<int64_t>();
        if (!n || *n <= 0) ctx.error("E0606", ctx.span_of(*max, 1), "`max_output` must be a positive number of bytes");
        else config.collect.max_output = *n;
      }
      if (const toml::node* env = table->get("env")) parse_collect_env(*env, ctx, &config);
    } else {
      ctx.error("E0603", ctx.span_of(*collect, 1), "`collect` must be a table", "write it as a [collect] section");
    }
  }
  if (const toml::node* waivers = root->get("waiver")) {
    const toml::array* array = waivers->as_array();
    if (!array || !array->is_array_of_tables()) {
      ctx.error("E0603", ctx.span_of(*waivers, 1), "`waiver` must be an array of tables",
                "write each waiver as a [[waiver]] section");
    } else {
      for (const toml::node& node : *array) parse_waiver(*node.as_table(), ctx, &config);
    }
  }
  if (const toml::node* bundle = root->get("bundle")) parse_bundle(*bundle, ctx, &config);
  if (sink.error_count() > errors_before) return std::nullopt;
  return config;
}

std::optional<Config> load_config(const std::string& path, SourceManager& sources, DiagnosticSink& sink) {
  auto text = read_text_file(path, kMaxConfigBytes, sink);
  if (!text) return std::nullopt;
  return parse_config(path, *text, sources, sink);
}

}  // namespace edict::report
