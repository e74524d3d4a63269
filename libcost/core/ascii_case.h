// ASCII case folding for identifiers that Databricks and the clouds spell in either case (SKU
// names, cloud names, region codes, enum values); independent of the locale.
#pragma once

#include <string>
#include <string_view>

namespace dbcost {

inline std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace dbcost
