// SIZE command-line options (`--max-facts-bytes 128MiB`), shared by `edict check` and
// `edict test` so both read sizes the same way.
#pragma once

#include <CLI/CLI.hpp>

#include <cctype>
#include <cstdint>
#include <string>

#include "cli/report_support.h"

namespace edict::cli {

// Decimal digits and an optional unit, any case: KB/MB/GB/TB powers of 1000, KiB/MiB/
// GiB/TiB powers of 1024, B bytes (CLI11 2.1's AsSizeValue with kb_is_1000; its other
// mode reads KB as 1024). AsSizeValue alone reads the number with strtoull base 0, so
// `010` would be 8, `0x10` 16 and `-1` 2^64-1 (no limit at all): only decimal digits,
// leading zeros dropped, reach it.
inline CLI::Validator size_value() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        size_t digits = 0;
        while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
        bool unit_only = true;
        for (size_t i = digits; i < text.size(); ++i)
          unit_only = unit_only && (std::isalpha(static_cast<unsigned char>(text[i])) || text[i] == ' ');
        if (digits == 0 || !unit_only) return "`" + text + "` is not a size: write e.g. 4096, 500KB or 128MiB";
        size_t zeros = 0;
        while (zeros + 1 < digits && text[zeros] == '0') ++zeros;
        text.erase(0, zeros);
        static const CLI::AsSizeValue kSize(true);
        return kSize(text);  // throws CLI::ValidationError for an unknown unit or an overflow
      },
      "", "size");
}

// `--max-facts-bytes SIZE` (FactsLimits::max_bytes) for a command that loads facts
// documents; `what` names them in the help ("a --facts document", "a case's facts").
inline CLI::Option* add_max_facts_bytes(CLI::App* sub, uint64_t* target, const std::string& what) {
  return sub
      ->add_option("--max-facts-bytes", *target,
                   "Refuse " + what + " larger than SIZE (default 64MiB): a byte count, "
                   "or KB/MB/GB (x1000) or KiB/MiB/GiB (x1024), any case, e.g. 128MiB")
      ->transform(size_value())
      ->type_name("SIZE");
}

// 0 would refuse every document: a usage error rather than a silent total refusal.
inline void check_max_facts_bytes(uint64_t max_facts_bytes, RunContext& ctx) {
  if (max_facts_bytes == 0)
    ctx.usage_error("E0803", "`--max-facts-bytes 0` would refuse every facts document",
                    "give a size such as 128MiB (the default is 64MiB)");
}

}  // namespace edict::cli
