// Issue 17, "Explanations say the right thing", on the real binary and every format:
// a `when` that is unknown or an error is explained as a `when` (JSON `clause`), the
// value under the caret is the one the clause used (the element, the map's value, the
// count, not their container), a `def`'s values are shown under its call, and an
// error's message is printed once. Before: `require os.family == ...` for a `when`,
// `["web1", "db"]` under `cmdb.names[0]`, the map under `ssh.config["..."]`, the list
// under a count, nothing from inside `is_prod()`, and `error:` repeated as `note:`.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "run_edict.h"

using edict::testing::read_file;
using edict::testing::run_edict;
using edict::testing::RunResult;
using edict::testing::scratch_dir;
using nlohmann::json;

namespace {

const char* kDir = "tests/data/cli/explain";

struct Outputs {
  RunResult run;
  json report;
  json sarif;
  std::string junit, markdown, html;
};

const Outputs& outputs() {
  static const Outputs o = [] {
    std::string dir = scratch_dir("explain-values");
    Outputs r;
    r.run = run_edict("check policies --facts facts.json --explain --now 2026-11-21 --output json=" + dir +
                          "/r.json --output sarif=" + dir + "/r.sarif --output junit=" + dir +
                          "/r.xml --output markdown=" + dir + "/r.md --output html=" + dir + "/r.html",
                      kDir);
    r.report = json::parse(read_file(dir + "/r.json"));
    r.sarif = json::parse(read_file(dir + "/r.sarif"));
    r.junit = read_file(dir + "/r.xml");
    r.markdown = read_file(dir + "/r.md");
    r.html = read_file(dir + "/r.html");
    return r;
  }();
  return o;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const json& rule(const std::string& id) {
  for (const json& r : outputs().report["rules"])
    if (r["id"] == id) return r;
  FAIL("no rule " << id);
  static json none;
  return none;
}

std::string sarif_message(const std::string& id) {
  for (const json& r : outputs().sarif["runs"][0]["results"])
    if (r["ruleId"] == id) return r["message"]["text"].get<std::string>();
  return {};
}

}  // namespace

TEST_CASE("explain: a policy's unknown `when` is explained as a `when` in every format") {
  const Outputs& o = outputs();
  REQUIRE(o.run.exit_code == 1);
  INFO(o.run.out);
  CHECK(has(o.run.out,
            "  when os.family == \"linux\" and ex.ready\n"
            "       |                        |\n"
            "       |                        unknown\n"
            "       \"linux\"\n"));
  CHECK_FALSE(has(o.run.out, "require os.family"));
  const json& e = rule("ex.gated.applies")["explanation"];
  CHECK(e["clause"] == "when");
  CHECK(e["require_index"] == 0);
  CHECK(e["requirement"] == "os.family == \"linux\" and ex.ready");
  CHECK(e["location"]["line"] == 13);  // the `when` itself, not the policy's first line
  CHECK(e["location"]["column"] == 8);
  CHECK(rule("ex.values.element")["explanation"]["clause"] == "require");
  // The other formats render the same text.
  CHECK(has(sarif_message("ex.gated.applies"), "when os.family == \"linux\" and ex.ready"));
  CHECK(has(o.junit, "when os.family == &quot;linux&quot; and ex.ready"));
  CHECK(has(o.markdown, "when os.family == \"linux\" and ex.ready"));
  CHECK(has(o.html, "when os.family == &quot;linux&quot; and ex.ready"));
  for (const std::string* text : {&o.run.out, &o.junit, &o.markdown, &o.html}) CHECK_FALSE(has(*text, "require os.family"));
  CHECK_FALSE(has(sarif_message("ex.gated.applies"), "require os.family"));
}

TEST_CASE("explain: a rule's own `when` that is an error is a `when`, with its values placed") {
  const Outputs& o = outputs();
  INFO(o.run.out);
  CHECK(has(o.run.out,
            "  when 10 / (len(cmdb.names) - 2) > 1\n"
            "             |   |\n"
            "             |   [\"web1\", \"db\"]\n"
            "             2\n"));
  CHECK(rule("ex.values.rule_when")["explanation"]["clause"] == "when");
}

TEST_CASE("explain: the value under the caret is the element, the map's value, the count") {
  const Outputs& o = outputs();
  INFO(o.run.out);
  CHECK(has(o.run.out,
            "  require cmdb.names[0] == \"db\"\n"
            "          |\n"
            "          \"web1\"\n"));
  CHECK(has(o.run.out,
            "  require ssh.config[\"passwordauthentication\"] == \"no\"\n"
            "          |\n"
            "          \"yes\"\n"));
  CHECK_FALSE(has(o.run.out, "{\"passwordauthentication\": \"yes\", \"port\": \"22\"}"));
  CHECK(has(o.run.out,
            "  require (count n in ex.counts : n > 1) <= 1\n"
            "           |          |\n"
            "           |          [1, 2, 3]\n"
            "           2\n"));
  // JSON keeps every traced value with its place: the element is there, at its column.
  bool element = false;
  for (const json& v : rule("ex.values.element")["explanation"]["values"])
    element = element || (v["source"] == "cmdb.names[0]" && v["value"] == "\"web1\"");
  CHECK(element);
}

TEST_CASE("explain: a `def` call shows its result and the values read inside it") {
  const Outputs& o = outputs();
  INFO(o.run.out);
  CHECK(has(o.run.out,
            "  require is_prod()\n"
            "          |\n"
            "          false\n"
            "    in is_prod():\n"
            "      host.name = \"web1\"\n"));
  bool inside = false;
  for (const json& v : rule("ex.values.helper")["explanation"]["values"])
    inside = inside || (v["source"] == "host.name" && v["value"] == "\"web1\"" && v["within"] == "is_prod()" &&
                        v["location"]["line"] == 5);
  CHECK(inside);
  CHECK(has(o.html, "in is_prod():"));
  CHECK(has(sarif_message("ex.values.helper"), "host.name = \"web1\""));
}

TEST_CASE("explain: an error outcome prints its message once") {
  const Outputs& o = outputs();
  INFO(o.run.out);
  auto count = [](const std::string& text, const std::string& part) {
    size_t n = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
  };
  // Two rules end in a division by zero: two messages, no `note:` repeating them.
  CHECK(count(o.run.out, "division by zero") == 2);
  CHECK_FALSE(has(o.run.out, "note: division by zero"));
  CHECK(rule("ex.values.error")["error"] == "division by zero");
  CHECK(rule("ex.values.error")["explanation"]["notes"].empty());
  CHECK(count(o.junit, "division by zero") == 2);
  CHECK(count(o.markdown, "division by zero") == 2);
}
