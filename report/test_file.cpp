// *_test.toml -> TestFile (see test_file.h).
#include "report/test_file.h"

#include <filesystem>
#include <sstream>

#include "report/config.h"
#include "report/time_util.h"
#include "report/toml_util.h"

namespace edict::report {

namespace {

std::optional<int64_t> parse_now(const toml::node& node) {
  if (auto s = node.value_exact<std::string>()) return parse_timestamp(*s);
  if (auto d = node.value_exact<toml::date>()) return days_from_civil(d->year, d->month, d->day) * 86400;
  if (auto dt = node.value_exact<toml::date_time>()) {
    if (!dt->offset) return std::nullopt;  // a local date-time names no instant
    int64_t s = days_from_civil(dt->date.year, dt->date.month, dt->date.day) * 86400 + dt->time.hour * 3600 +
                dt->time.minute * 60 + dt->time.second;
    return s - dt->offset->minutes * 60;
  }
  return std::nullopt;
}

std::optional<TestCase> parse_case(const toml::table& table, TomlContext& ctx, const std::string& dir) {
  static const std::vector<std::string> kKeys = {"name", "facts", "now", "expect"};
  size_t errors = ctx.sink.error_count();
  ctx.check_keys(table, kKeys, "[[case]]");
  TestCase c;
  c.span = ctx.span_of(table, 1);
  if (auto name = ctx.get_string(table, "name", true)) c.name = *name;
  const toml::node* facts = table.get("facts");
  if (!facts) {
    ctx.error("E0611", c.span, "case `" + c.name + "` gives no facts",
              "add facts = \"fixtures/host.json\" or a [case.facts] table");
  } else if (auto file = facts->value_exact<std::string>()) {
    c.facts_span = ctx.span_of(*facts, 1);
    std::filesystem::path p(*file);
    c.facts_file = p.is_absolute() || dir.empty() ? p.string() : (std::filesystem::path(dir) / p).lexically_normal().string();
  } else if (const toml::table* inline_facts = facts->as_table()) {
    std::ostringstream json;
    json << toml::json_formatter{*inline_facts};
    c.facts_json = json.str();
  } else {
    ctx.error("E0603", ctx.span_of(*facts, 1),
              std::string("`facts` must be a file name or a table, not a ") + toml_type_name(*facts));
  }
  if (const toml::node* now = table.get("now")) {
    c.now = parse_now(*now);
    if (!c.now)
      ctx.error("E0615", ctx.span_of(*now, 1), "`now` must be a date or an RFC 3339 timestamp",
                "write e.g. now = 2026-11-21 or now = \"2026-11-21T10:00:00Z\"");
  }
  const toml::node* expect = table.get("expect");
  if (!expect) {
    ctx.error("E0604", c.span, "case `" + c.name + "` has no `expect`",
              "add expect = { \"package.policy.rule\" = \"fail\" }");
  } else if (const toml::table* e = expect->as_table()) {
    if (e->empty()) ctx.error("E0611", ctx.span_of(*expect, 1), "case `" + c.name + "` expects nothing");
    for (auto&& [key, value] : *e) {
      Expectation x;
      x.rule_id = std::string(key.str());
      x.span = ctx.span_of_key(key);
      auto text = value.value_exact<std::string>();
      auto outcome = text ? parse_outcome(*text) : std::nullopt;
      if (!outcome) {
        ctx.error("E0612", ctx.span_of(value, 1),
                  "expected outcome of `" + x.rule_id + "` must be an outcome name",
                  "one of \"pass\", \"fail\", \"unknown\", \"error\", \"skip\"");
        continue;
      }
      if (*outcome == Outcome::kWaived) {
        ctx.error("E0612", ctx.span_of(value, 1), "a test cannot expect `waived`",
                  "waivers belong to edict.toml, not to a policy's behaviour; expect \"fail\"");
        continue;
      }
      x.outcome = *outcome;
      c.expect.push_back(std::move(x));
    }
  } else {
    ctx.error("E0603", ctx.span_of(*expect, 1),
              std::string("`expect` must be a table of rule ids to outcomes, not a ") + toml_type_name(*expect));
  }
  if (ctx.sink.error_count() > errors) return std::nullopt;
  return c;
}

}  // namespace

std::optional<TestFile> parse_test_file(const std::string& path, const std::string& text, SourceManager& sources,
                                        DiagnosticSink& sink) {
  uint32_t file_id = sources.add(path, text);
  TomlContext ctx{path, file_id, sources, sink};
  auto root = ctx.parse(text);
  if (!root) return std::nullopt;
  size_t errors = sink.error_count();
  ctx.check_keys(*root, {"case"}, "a test file");
  TestFile file;
  file.path = path;
  std::string dir = std::filesystem::path(path).parent_path().string();
  const toml::node* cases = root->get("case");
  const toml::array* array = cases ? cases->as_array() : nullptr;
  if (!cases) {
    ctx.error("E0611", span_at(sources, file_id, 1, 1), "test file has no cases", "add a [[case]] section");
  } else if (!array || !array->is_array_of_tables()) {
    ctx.error("E0603", ctx.span_of(*cases, 1), "`case` must be an array of tables", "write each case as [[case]]");
  } else if (array->size() > kMaxCasesPerFile) {
    ctx.error("E0614", ctx.span_of(*cases, 1),
              "test file has " + std::to_string(array->size()) + " cases, more than " +
                  std::to_string(kMaxCasesPerFile),
              "split it into several *_test.toml files");
  } else {
    for (const toml::node& node : *array) {
      if (auto c = parse_case(*node.as_table(), ctx, dir)) file.cases.push_back(std::move(*c));
      if (sink.full()) break;
    }
  }
  if (sink.error_count() > errors) return std::nullopt;
  return file;
}

std::optional<TestFile> load_test_file(const std::string& path, SourceManager& sources, DiagnosticSink& sink) {
  auto text = read_text_file(path, kMaxConfigBytes, sink);
  if (!text) return std::nullopt;
  return parse_test_file(path, *text, sources, sink);
}

}  // namespace edict::report
