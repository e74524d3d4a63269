// A lean reader for the few top-level keys dbcost needs from the JSON text of system.billing.usage's
// map and struct columns (custom_tags, usage_metadata.job_id/cluster_id/warehouse_id,
// identity_metadata.run_as), as exports write them: {"team":"data-eng","env":"prod"}.
//
// The whole text is checked against the JSON grammar (an object, or empty text, or null); values of
// the wanted keys are decoded (every string escape, \uXXXX with surrogate pairs to UTF-8); other
// values, nested objects and arrays are skipped without building anything. A wanted key whose value
// is null is absent; a number or boolean gives its literal text; an object or array is an error (a
// tag or an id is never one). Keys match exactly (case-sensitive, after decoding); a wanted key given
// twice in one object is an error, as the map column it comes from cannot hold it.
//
// The text can also be read as it sits inside a quoted CSV cell, every quote doubled
// ({""team"":""data-eng""}), so the hot path need not copy the cell to undo the CSV quoting.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dbcost {

class JsonFields {
 public:
  explicit JsonFields(std::vector<std::string> keys);

  // False when the text is not a JSON object (nor empty, nor null); error() then says why.
  // `doubled_quotes`: the text is a CSV cell's content with each quote written twice.
  bool scan(std::string_view text, bool doubled_quotes = false);
  // Valid until the next scan.
  std::optional<std::string_view> value(std::size_t i) const { return values_[i]; }
  const std::vector<std::string>& keys() const { return keys_; }
  const std::string& error() const { return error_; }

 private:
  template <bool Doubled>
  bool scan_text(const char* p, const char* end);
  template <bool Doubled>
  const char* string(const char* p, const char* end, std::string& scratch, std::string_view& out);
  template <bool Doubled>
  const char* skip_value(const char* p, const char* end, int depth);
  const char* fail(const std::string& what, const char* at);

  std::vector<std::string> keys_;
  std::vector<std::optional<std::string_view>> values_;
  std::vector<char> seen_;            // per wanted key: given in this object already
  std::vector<std::string> storage_;  // decoded values that had escapes
  std::string key_scratch_;
  std::string error_;
  const char* begin_ = nullptr;
};

}  // namespace dbcost
