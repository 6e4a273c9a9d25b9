#include "runtime/facts.h"

namespace edict {

const Value* Facts::find(std::string_view dotted_path) const {
  const Value* current = &root_;
  while (true) {
    size_t dot = dotted_path.find('.');
    std::string_view segment = dotted_path.substr(0, dot);
    if (current->kind != ValueKind::kMap) return nullptr;
    current = map_find(*current, segment);
    if (!current) return nullptr;
    if (dot == std::string_view::npos) return current;
    dotted_path.remove_prefix(dot + 1);
  }
}

void Facts::set_provenance(std::string path_prefix, Provenance provenance) {
  provenance_[std::move(path_prefix)] = std::move(provenance);
}

const Provenance* Facts::provenance(std::string_view path) const {
  while (true) {
    auto it = provenance_.find(path);
    if (it != provenance_.end()) return &it->second;
    size_t dot = path.rfind('.');
    if (dot == std::string_view::npos) {
      auto root = provenance_.find(std::string_view{});
      return root == provenance_.end() ? nullptr : &root->second;
    }
    path = path.substr(0, dot);
  }
}

}  // namespace edict
