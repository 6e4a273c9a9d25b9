// parse_cidr with a small per-thread memo. std.net judges every route against each
// block of the IANA registries (docs/facts.md), so one host parses the same few dozen
// CIDR strings thousands of times: parse_ip and parse_cidr were a third of a fleet
// host's cost (bench/README.md, "JSON facts through simdjson"). The memo is keyed by
// the text itself, never by its address: arena memory is reused from host to host.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace edict {

// Slots of the direct-mapped memo: more than the registries' blocks plus a host's
// routes, so the blocks stay in it while a fleet is checked.
constexpr size_t kCidrMemoSlots = 512;
// Longest text memoised: an IPv6 CIDR in full is 43 bytes ("ffff:...:ffff/128").
// Longer text (never a valid CIDR) is parsed every time.
constexpr size_t kCidrMemoMaxText = 47;

// Exactly parse_cidr's answer for `text` (runtime/builtins.h).
bool parse_cidr_memo(std::string_view text, uint8_t out[16], int* prefix_bits, bool* is_v6);

}  // namespace edict
