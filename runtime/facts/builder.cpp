// The mutable side of fact trees: see builder.h.
#include "runtime/facts/builder.h"

#include <chrono>

namespace edict {

FactsBuilder::FactsBuilder() = default;

void FactsBuilder::set(std::string_view dotted_path, Value value) {
  Node* node = &root_;
  std::vector<std::pair<Node*, std::string>> trail;  // for pruning empty namespaces
  while (true) {
    size_t dot = dotted_path.find('.');
    std::string_view segment = dotted_path.substr(0, dot);
    if (node->is_leaf) {  // a leaf becomes a namespace
      node->is_leaf = false;
      node->leaf = Value();
    }
    auto it = node->children.find(segment);
    if (it == node->children.end()) {
      if (value.is_unknown()) return;  // nothing to remove
      it = node->children.emplace(std::string(segment), std::make_unique<Node>()).first;
    }
    trail.emplace_back(node, std::string(segment));
    node = it->second.get();
    if (dot == std::string_view::npos) break;
    dotted_path.remove_prefix(dot + 1);
  }
  if (value.is_unknown()) {
    // Remove the node, then every namespace the removal left empty.
    for (auto it = trail.rbegin(); it != trail.rend(); ++it) {
      it->first->children.erase(it->second);
      if (!it->first->children.empty() || it->first == &root_) break;
    }
    return;
  }
  node->children.clear();
  node->is_leaf = true;
  node->leaf = value;
}

bool FactsBuilder::has(std::string_view dotted_path) const {
  const Node* node = &root_;
  while (true) {
    size_t dot = dotted_path.find('.');
    auto it = node->children.find(dotted_path.substr(0, dot));
    if (it == node->children.end()) return false;
    node = it->second.get();
    if (dot == std::string_view::npos) return node->is_leaf || !node->children.empty();
    dotted_path.remove_prefix(dot + 1);
  }
}

void FactsBuilder::set_provenance(std::string path_prefix, Provenance provenance) {
  provenance_[std::move(path_prefix)] = std::move(provenance);
}

bool FactsBuilder::has_provenance(std::string_view path) const { return provenance_.count(path) > 0; }

Value FactsBuilder::build(const Node& node) {
  if (node.is_leaf) return node.leaf;
  auto* entries = arena().allocate_array<MapEntry>(node.children.size());
  uint32_t n = 0;
  for (const auto& [key, child] : node.children) {
    Value v = build(*child);
    if (v.is_unknown()) continue;
    entries[n++] = MapEntry{arena().copy(key), v};
  }
  return make_map(entries, n);
}

Facts FactsBuilder::freeze() {
  facts_.set_root(build(root_));
  for (auto& [path, p] : provenance_) facts_.set_provenance(path, std::move(p));
  Facts out = std::move(facts_);
  facts_ = Facts();
  root_ = Node();
  provenance_.clear();
  return out;
}

Value make_list(Arena& arena, const std::vector<Value>& items) {
  auto* stored = arena.allocate_array<Value>(items.size());
  for (size_t i = 0; i < items.size(); ++i) stored[i] = items[i];
  return Value::of_list(stored, static_cast<uint32_t>(items.size()));
}

Value make_record(Arena& arena, const std::vector<std::pair<std::string_view, Value>>& fields) {
  auto* entries = arena.allocate_array<MapEntry>(fields.size());
  uint32_t n = 0;
  for (const auto& [key, value] : fields) {
    if (value.is_unknown()) continue;
    entries[n++] = MapEntry{arena.copy(key), value};
  }
  return make_map(entries, n);
}

std::string rfc3339_utc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string now_rfc3339() {
  return rfc3339_utc(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()));
}

}  // namespace edict
