// Manual pages in roff (man(7)) rendered from the command line's reference
// (cli_reference.h): edict(1) with every verb, and one edict-VERB(1) per verb with its
// flags, so `man edict-check` says what `edict check --help` says. No date in the
// header: two builds of the same source make the same pages.
#pragma once

#include <string>
#include <vector>

#include "cli/cli_reference.h"

namespace edict::cli {

// "edict" for `edict` itself, "edict-check" for a verb.
std::string man_page_name(const VerbReference& verb);

// The page of `verb`; `all` lists the verbs for edict(1)'s COMMANDS and SEE ALSO.
std::string render_man_page(const VerbReference& verb, const std::vector<VerbReference>& all, const std::string& version);

}  // namespace edict::cli
