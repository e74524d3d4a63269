// JSON parsed as nlohmann::json::parse does, except that a key given twice in one object is an
// error. The grammar (RFC 8259 §4) leaves duplicate names to the reader and nlohmann keeps the
// last; a policy or a price with two values for one key is a mistake a reader must not settle.
#pragma once

#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dbcost {

struct JsonDuplicateKey : std::runtime_error {
  JsonDuplicateKey(std::vector<std::string> path_, std::string key_)
      : std::runtime_error("key '" + key_ + "' appears twice in one object"),
        path(std::move(path_)),
        key(std::move(key_)) {}
  std::vector<std::string> path;  // the keys leading to the object (empty: the top level)
  std::string key;
};

// Throws Json::exception as Json::parse does, and JsonDuplicateKey.
template <class Json>
Json parse_json_unique(std::string_view text) {
  struct Level {
    std::set<std::string> keys;
    std::string last;
    bool object = false;
  };
  std::vector<Level> levels;
  auto callback = [&](int, typename Json::parse_event_t event, Json& parsed) {
    using E = typename Json::parse_event_t;
    if (event == E::object_start || event == E::array_start) {
      levels.push_back({{}, {}, event == E::object_start});
    } else if (event == E::object_end || event == E::array_end) {
      levels.pop_back();
    } else if (event == E::key) {
      Level& level = levels.back();
      const std::string key = parsed.template get<std::string>();
      if (!level.keys.insert(key).second) {
        std::vector<std::string> path;
        for (std::size_t i = 0; i + 1 < levels.size(); ++i)
          if (levels[i].object) path.push_back(levels[i].last);
        throw JsonDuplicateKey(std::move(path), key);
      }
      level.last = key;
    }
    return true;
  };
  return Json::parse(text.begin(), text.end(), callback);
}

}  // namespace dbcost
