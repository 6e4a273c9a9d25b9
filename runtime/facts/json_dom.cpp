// JSON text -> DOM with repeated keys refused (see json_dom.h). Builds the tree as
// nlohmann's json_sax_dom_parser does (a stack of open containers), but inserts each key
// with emplace, so a repeat is seen at the cost of the lookup the DOM makes anyway.
#include "runtime/facts/json_dom.h"

#include <utility>

namespace edict::internal {

using nlohmann::json;

namespace {

class DomBuilder {
 public:
  bool null() { return place(json(nullptr)); }
  bool boolean(bool b) { return place(json(b)); }
  bool number_integer(json::number_integer_t n) { return place(json(n)); }
  bool number_unsigned(json::number_unsigned_t n) { return place(json(n)); }
  bool number_float(json::number_float_t n, const std::string&) { return place(json(n)); }
  bool string(std::string& s) { return place(json(std::move(s))); }
  bool binary(json::binary_t&) { return false; }  // never produced by the JSON reader

  bool start_object(size_t) { return open(json::object()); }
  bool start_array(size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(std::string& k) {
    auto& object = open_.back()->get_ref<json::object_t&>();
    // try_emplace leaves `k` alone when it is already there (emplace would move it away).
    auto [it, inserted] = object.try_emplace(std::move(k));
    if (!inserted) {
      duplicate_ = JsonDuplicateKey{steps_to_top(), it->first};
      return false;
    }
    keys_.back() = &it->first;
    slot_ = &it->second;
    return true;
  }

  bool parse_error(size_t position, const std::string&, const nlohmann::detail::exception& e) {
    // 406 is "number overflow": nlohmann reports it through parse_error too.
    syntax_ = JsonSyntaxError{e.id == 406, position, e.what()};
    return false;
  }

  JsonParseResult finish(bool ok) {
    JsonParseResult result;
    if (duplicate_) result.duplicate = std::move(duplicate_);
    else if (syntax_ || !ok) result.syntax = syntax_ ? std::move(syntax_) : JsonSyntaxError{false, 0, "syntax error"};
    else result.root = std::move(root_);
    return result;
  }

 private:
  // Puts a finished value where the parser is: the root, the end of the open list, or
  // the entry whose key was just read. Returns where it went.
  json* put(json&& value) {
    if (open_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& top = *open_.back();
    if (top.is_array()) {
      auto& items = top.get_ref<json::array_t&>();
      items.push_back(std::move(value));
      return &items.back();
    }
    *slot_ = std::move(value);
    return slot_;
  }
  bool place(json&& value) {
    put(std::move(value));
    return true;
  }
  bool open(json&& container) {
    // The open container is the last item of its parent, which gets no new item until it
    // closes: the pointer stays valid (as in nlohmann's own DOM parser).
    open_.push_back(put(std::move(container)));
    keys_.push_back(nullptr);
    return true;
  }
  bool close() {
    open_.pop_back();
    keys_.pop_back();
    return true;
  }

  // The path from the root to the innermost open container.
  std::vector<JsonDuplicateKey::Step> steps_to_top() const {
    std::vector<JsonDuplicateKey::Step> steps;
    for (size_t i = 0; i + 1 < open_.size(); ++i) {
      if (open_[i]->is_array()) steps.push_back({false, {}, open_[i]->size() - 1});
      else steps.push_back({true, *keys_[i], 0});
    }
    return steps;
  }

  json root_;
  std::vector<json*> open_;               // open containers, outermost first
  std::vector<const std::string*> keys_;  // per open container: its entry being filled (maps)
  json* slot_ = nullptr;                  // the entry whose key was read last
  std::optional<JsonDuplicateKey> duplicate_;
  std::optional<JsonSyntaxError> syntax_;
};

}  // namespace

JsonParseResult parse_json_dom(std::string_view text) {
  DomBuilder builder;
  bool ok = json::sax_parse(text.data(), text.data() + text.size(), &builder);
  return builder.finish(ok);
}

}  // namespace edict::internal
