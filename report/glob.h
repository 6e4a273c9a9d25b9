// Shell-style globs for waiver `rule` and `hosts` patterns: `*` any run of characters
// (dots included, so `windows.*` covers every rule below `windows`), `?` one character,
// `[abc]` / `[a-z]` / `[!abc]` a class. Everything else matches itself.
#pragma once

#include <string_view>

namespace edict::report {

bool glob_match(std::string_view pattern, std::string_view text);
bool is_glob(std::string_view pattern);  // has any of * ? [

}  // namespace edict::report
