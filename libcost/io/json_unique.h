// JSON parsed as nlohmann::json::parse does, except that a key given twice in one object is an
// error. The grammar (RFC 8259 §4) leaves duplicate names to the reader and nlohmann keeps the
// last; a policy or a price with two values for one key is a mistake a reader must not settle.
//
// parse_json_exact_numbers reads money: every number becomes a string holding its literal text
// ("0.123456789012345678" stays exactly that, where a double would keep 17 digits), so that a
// price written as a JSON number (Spark's to_json writes decimals so) is read to its last digit.
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

namespace detail {

// A DOM builder for nlohmann's SAX interface that refuses duplicate keys; with kNumbersAsText every
// number is kept as a string of its literal text.
template <class Json, bool kNumbersAsText>
class UniqueKeysDom {
 public:
  Json result;

  bool null() { return put(Json(nullptr)); }
  bool boolean(bool v) { return put(Json(v)); }
  bool number_integer(typename Json::number_integer_t v) {
    return put(kNumbersAsText ? Json(std::to_string(v)) : Json(v));
  }
  bool number_unsigned(typename Json::number_unsigned_t v) {
    return put(kNumbersAsText ? Json(std::to_string(v)) : Json(v));
  }
  bool number_float(typename Json::number_float_t v, const typename Json::string_t& text) {
    return put(kNumbersAsText ? Json(text) : Json(v));
  }
  bool string(typename Json::string_t& v) { return put(Json(v)); }
  bool binary(typename Json::binary_t& v) { return put(Json::binary(v)); }
  bool start_object(std::size_t) { return open(Json::object()); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(typename Json::string_t& k) {
    Frame& f = stack_.back();
    if (!f.keys.insert(k).second) {
      std::vector<std::string> path;
      for (std::size_t i = 0; i + 1 < stack_.size(); ++i)
        if (stack_[i].value.is_object()) path.push_back(stack_[i].key);
      throw JsonDuplicateKey(std::move(path), k);
    }
    f.key = k;
    return true;
  }
  template <class Exception>
  bool parse_error(std::size_t, const std::string&, const Exception& ex) {
    throw ex;
  }

 private:
  struct Frame {
    Json value;
    std::set<std::string> keys;
    std::string key;
  };
  std::vector<Frame> stack_;

  bool put(Json v) {
    if (stack_.empty()) {
      result = std::move(v);
    } else if (stack_.back().value.is_object()) {
      stack_.back().value[stack_.back().key] = std::move(v);
    } else {
      stack_.back().value.push_back(std::move(v));
    }
    return true;
  }
  bool open(Json v) {
    stack_.push_back({std::move(v), {}, {}});
    return true;
  }
  bool close() {
    Json done = std::move(stack_.back().value);
    stack_.pop_back();
    return put(std::move(done));
  }
};

}  // namespace detail

// Both throw Json::exception as Json::parse does, and JsonDuplicateKey.
template <class Json>
Json parse_json_unique(std::string_view text) {
  detail::UniqueKeysDom<Json, false> dom;
  Json::sax_parse(text.begin(), text.end(), &dom);
  return std::move(dom.result);
}

template <class Json>
Json parse_json_exact_numbers(std::string_view text) {
  detail::UniqueKeysDom<Json, true> dom;
  Json::sax_parse(text.begin(), text.end(), &dom);
  return std::move(dom.result);
}

}  // namespace dbcost
