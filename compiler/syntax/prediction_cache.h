// Bounds ANTLR's prediction caches. Private to the front end: only parse_file.cpp and
// prediction_cache.cpp include it, since it needs the ANTLR and generated headers.
//
// parser.h's kDefaultMaxPredictionStates says why the caches need a bound.
#pragma once

#include <cstddef>
#include <shared_mutex>

#include "EdictParser.h"

namespace edict::syntax {

using edict_generated::EdictParser;

// Held shared while a parser runs; taken exclusively to drop the caches, since ANTLR's
// own locks do not cover swapping a DFA out from under a running parser.
std::shared_mutex& prediction_cache_mutex();

// DFA states the parser's cache holds now. (Files are lexed by fast_lexer.h, which keeps
// no cache.)
size_t prediction_dfa_states(EdictParser& parser);

// Drops the caches when they hold more than `max_states` DFA states. Call with no
// parser running in this thread; takes the exclusive lock itself.
void trim_prediction_caches(EdictParser& parser, size_t max_states);

}  // namespace edict::syntax
