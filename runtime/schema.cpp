#include "runtime/schema.h"
#include "runtime/file_key.h"

#include <algorithm>

namespace edict {

bool FactSchema::add(FactDecl decl, std::string* conflict) {
  if (const FactDecl* existing = find(decl.path)) {
    if (types_equal(*existing->type, *decl.type)) return true;
    if (conflict) *conflict = "`" + decl.path + "` is already declared as `" + type_to_string(*existing->type) + "` by " + existing->provider;
    return false;
  }
  if (is_namespace(decl.path)) {
    if (conflict) *conflict = "`" + decl.path + "` is a namespace of other facts, not a fact";
    return false;
  }
  // A prefix of the new path must not itself be a fact.
  for (size_t dot = decl.path.find('.'); dot != std::string::npos; dot = decl.path.find('.', dot + 1)) {
    if (const FactDecl* parent = find(std::string_view(decl.path).substr(0, dot))) {
      if (conflict) *conflict = "`" + parent->path + "` is a fact of type `" + type_to_string(*parent->type) + "`; it has no sub-facts";
      return false;
    }
  }
  std::string key = decl.path;
  decls_.emplace(std::move(key), std::move(decl));
  return true;
}

const FactDecl* FactSchema::find(std::string_view path) const {
  auto it = decls_.find(path);
  return it == decls_.end() ? nullptr : &it->second;
}

bool FactSchema::is_namespace(std::string_view prefix) const {
  std::string with_dot = std::string(prefix) + ".";
  auto it = decls_.lower_bound(with_dot);
  return it != decls_.end() && it->first.compare(0, with_dot.size(), with_dot) == 0;
}

bool KeyedRead::reads(std::string_view field) const {
  return whole || std::binary_search(fields.begin(), fields.end(), field);
}

void add_keyed_read(std::vector<KeyedRead>* reads, const std::string& key, const std::string& field) {
  auto it = std::lower_bound(reads->begin(), reads->end(), key,
                             [](const KeyedRead& r, const std::string& k) { return r.key < k; });
  if (it == reads->end() || it->key != key) it = reads->insert(it, KeyedRead{key, {}, false});
  if (field.empty()) {
    it->whole = true;
    return;
  }
  auto f = std::lower_bound(it->fields.begin(), it->fields.end(), field);
  if (f == it->fields.end() || *f != field) it->fields.insert(f, field);
}

bool is_posix_file_key(std::string_view key) {
  return !key.empty() && key.front() == '/' && key.find('\0') == std::string_view::npos;
}

bool is_windows_file_key(std::string_view key) {
  bool letter = key.size() >= 3 && ((key[0] >= 'A' && key[0] <= 'Z') || (key[0] >= 'a' && key[0] <= 'z'));
  return letter && key[1] == ':' && (key[2] == '\\' || key[2] == '/') && key.find('\0') == std::string_view::npos;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  // A third of the word's length, at least 1 and at most 3: `biuld` -> `build`, but
  // `os` does not suggest `id`.
  size_t limit = std::clamp<size_t>(word.size() / 3, 1, 3);
  std::string best;
  size_t best_distance = limit + 1;
  for (const auto& c : candidates) {
    size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::vector<std::string> FactSchema::suggest(std::string_view path, size_t max) const {
  std::vector<std::pair<size_t, std::string>> scored;
  size_t limit = std::clamp<size_t>(path.size() / 3, 1, 4);
  for (const auto& [p, decl] : decls_) {
    size_t d = edit_distance(path, p);
    // Also compare against the same number of leading segments, so `os.biuld.x`
    // and the namespace `windows.esu` still find close paths.
    if (d <= limit) scored.emplace_back(d, p);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (auto& [d, p] : scored) {
    if (out.size() == max) break;
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace edict
