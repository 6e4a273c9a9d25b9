// Finding a value's position in a facts document's text (see locate.h). The JSON walk
// is a loop, not a recursion: it descends only along the path and skips every sibling by
// counting brackets, so a deep or huge document costs one pass and no stack.
#include "runtime/facts/locate.h"

#include <toml++/toml.h>

#include <string_view>
#include <utility>

namespace edict::internal {

namespace {

constexpr size_t npos = std::string_view::npos;

size_t skip_space(std::string_view text, size_t i) {
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) ++i;
  return i;
}

// `i` is at an opening quote; returns the index just past the closing one, or npos.
size_t skip_string(std::string_view text, size_t i) {
  for (++i; i < text.size(); ++i) {
    if (text[i] == '\\') ++i;
    else if (text[i] == '"') return i + 1;
  }
  return npos;
}

// `i` is at the first byte of a value; returns the index just past it, or npos.
size_t skip_value(std::string_view text, size_t i) {
  if (i >= text.size()) return npos;
  if (text[i] == '"') return skip_string(text, i);
  if (text[i] == '{' || text[i] == '[') {
    size_t depth = 0;
    while (i < text.size()) {
      char c = text[i];
      if (c == '"') {
        i = skip_string(text, i);
        if (i == npos) return npos;
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      else if ((c == '}' || c == ']') && --depth == 0) return i + 1;
      ++i;
    }
    return npos;
  }
  while (i < text.size() && text[i] != ',' && text[i] != '}' && text[i] != ']' && text[i] != ' ' &&
         text[i] != '\t' && text[i] != '\r' && text[i] != '\n') {
    ++i;
  }
  return i;
}

void append_utf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool hex4(std::string_view text, size_t i, uint32_t* out) {
  if (i + 4 > text.size()) return false;
  uint32_t v = 0;
  for (size_t k = i; k < i + 4; ++k) {
    char c = text[k];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
    else return false;
  }
  *out = v;
  return true;
}

// The decoded text of the JSON string [begin, end) (quotes included), as nlohmann
// decodes it, so a key written `"bu\u0069ld"` is found as `build`.
std::string decode_string(std::string_view text, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin + 1; i + 1 < end; ++i) {
    if (text[i] != '\\') {
      out.push_back(text[i]);
      continue;
    }
    char e = text[++i];
    switch (e) {
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        uint32_t cp = 0, low = 0;
        if (!hex4(text, i + 1, &cp)) return out;
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < end && text[i + 1] == '\\' && text[i + 2] == 'u' &&
            hex4(text, i + 3, &low) && low >= 0xDC00 && low <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        }
        append_utf8(cp, &out);
        break;
      }
      default: out.push_back(e);  // \" \\ \/
    }
  }
  return out;
}

// `i` at a map's `{`: each entry named `key`, in order, as {start of its key, start of
// its value}; stops after `limit` of them.
std::vector<std::pair<size_t, size_t>> find_entries(std::string_view text, size_t i, const std::string& key,
                                                    size_t limit) {
  std::vector<std::pair<size_t, size_t>> found;
  i = skip_space(text, i + 1);
  while (i < text.size() && text[i] == '"' && found.size() < limit) {
    size_t key_begin = i;
    size_t key_end = skip_string(text, i);
    if (key_end == npos) break;
    bool plain = text.substr(i + 1, key_end - i - 2).find('\\') == npos;
    bool match = plain ? text.substr(i + 1, key_end - i - 2) == key : decode_string(text, i, key_end) == key;
    i = skip_space(text, key_end);
    if (i >= text.size() || text[i] != ':') break;
    i = skip_space(text, i + 1);
    if (match) found.emplace_back(key_begin, i);
    i = skip_space(text, skip_value(text, i));
    if (i < text.size() && text[i] == ',') i = skip_space(text, i + 1);
  }
  return found;
}

// `i` at a map's `{`: the start of the value of its entry named `key`, or npos. A loaded
// document names each key once (json_dom.h), so the first is the one.
size_t find_entry(std::string_view text, size_t i, const std::string& key) {
  auto found = find_entries(text, i, key, 1);
  return found.empty() ? npos : found.front().second;
}

// `i` at a list's `[`: the start of item `index`, or npos.
size_t find_item(std::string_view text, size_t i, size_t index) {
  i = skip_space(text, i + 1);
  for (size_t n = 0; i < text.size() && text[i] != ']'; ++n) {
    if (n == index) return i;
    i = skip_space(text, skip_value(text, i));
    if (i < text.size() && text[i] == ',') i = skip_space(text, i + 1);
  }
  return npos;
}

std::optional<size_t> locate_json(std::string_view text, const std::vector<DocumentStep>& steps) {
  // nlohmann skips a leading byte order mark; so must the walk.
  size_t i = skip_space(text, text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0);
  for (const DocumentStep& step : steps) {
    if (i >= text.size()) return std::nullopt;
    if (step.key) i = text[i] == '{' ? find_entry(text, i, *step.key) : npos;
    else i = text[i] == '[' ? find_item(text, i, step.index) : npos;
    if (i == npos) return std::nullopt;
  }
  return i < text.size() ? std::optional<size_t>(i) : std::nullopt;
}

std::optional<size_t> locate_toml(const SourceFile& file, const std::vector<DocumentStep>& steps) {
  toml::table table;
  try {
    table = toml::parse(file.text(), file.path());
  } catch (const toml::parse_error&) {
    return std::nullopt;
  }
  const toml::node* node = &table;
  for (const DocumentStep& step : steps) {
    if (step.key) {
      const auto* map = node->as_table();
      node = map ? map->get(*step.key) : nullptr;
    } else {
      const auto* list = node->as_array();
      node = list ? list->get(step.index) : nullptr;
    }
    if (!node) return std::nullopt;
  }
  const auto& begin = node->source().begin;
  if (begin.line == 0) return std::nullopt;
  return offset_of(file, begin.line, begin.column);
}

}  // namespace

size_t offset_of(const SourceFile& file, uint32_t line, uint32_t column) {
  std::string_view text = file.line_text(line);
  if (text.data() == nullptr) return file.text().size();
  size_t offset = static_cast<size_t>(text.data() - file.text().data());
  uint32_t col = 1;
  size_t i = 0;
  while (col < column && i < text.size()) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    ++col;
  }
  return offset + i;
}

std::optional<Span> locate_value(const SourceFile& file, uint32_t file_id, FactsFormat format,
                                 const std::vector<DocumentStep>& steps) {
  std::optional<size_t> offset =
      format == FactsFormat::kToml ? locate_toml(file, steps) : locate_json(file.text(), steps);
  if (!offset || *offset >= file.text().size()) return std::nullopt;
  auto begin = static_cast<uint32_t>(*offset);
  return file.span(file_id, begin, begin + 1);
}

std::optional<RepeatedKey> locate_repeated_key(const SourceFile& file, uint32_t file_id,
                                               const std::vector<DocumentStep>& map_steps, const std::string& key) {
  std::string_view text = file.text();
  std::optional<size_t> map = locate_json(text, map_steps);
  if (!map || text[*map] != '{') return std::nullopt;
  auto found = find_entries(text, *map, key, 2);
  if (found.size() < 2) return std::nullopt;
  auto span_at = [&](size_t offset) {
    return file.span(file_id, static_cast<uint32_t>(offset), static_cast<uint32_t>(offset + 1));
  };
  return RepeatedKey{span_at(found[0].first), span_at(found[1].first)};
}

}  // namespace edict::internal
