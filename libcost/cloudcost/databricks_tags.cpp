#include "cloudcost/databricks_tags.h"

#include <array>
#include <nlohmann/json.hpp>

#include "core/ascii_case.h"
#include "io/json_unique.h"
#include "usage/json_fields.h"

namespace dbcost {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// "user:ClusterId", "user_cluster_id", "ClusterId" → "clusterid".
std::string tag_key_form(std::string_view key) {
  std::string lower = ascii_lower(key);
  if (lower.starts_with("user:") || lower.starts_with("user_")) lower.erase(0, 5);
  std::string out;
  for (const char c : lower)
    if (c != '_' && c != ':' && c != ' ' && c != '-') out += c;
  return out;
}

// Whether `key` reads as `form` (tag_key_form(key) == form), without building the form.
bool key_has_form(std::string_view key, std::string_view form) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  if (key.size() >= 5 && lower(key[0]) == 'u' && lower(key[1]) == 's' && lower(key[2]) == 'e' && lower(key[3]) == 'r' &&
      (key[4] == ':' || key[4] == '_'))
    key.remove_prefix(5);
  std::size_t j = 0;
  for (const char c : key) {
    if (c == '_' || c == ':' || c == ' ' || c == '-') continue;
    if (j == form.size() || lower(c) != form[j]) return false;
    ++j;
  }
  return j == form.size();
}

// The common tag text, a flat object of plain ASCII strings without escapes (braced or not):
// nullopt when it needs the full JSON parser (escapes, other values, a key given twice, a syntax
// error), which then decides, so both give the same tags.
std::optional<CloudTags> simple_tags(std::string_view text) {
  std::size_t i = 0, end = text.size();
  if (text.front() == '{') {
    if (text.back() != '}') return std::nullopt;
    i = 1;
    --end;
  }
  auto skip_space = [&] {
    while (i < end && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
  };
  auto plain_string = [&](std::string_view& out) {
    if (i >= end || text[i] != '"') return false;
    std::size_t j = i + 1;
    for (; j < end && text[j] != '"'; ++j) {
      const auto c = static_cast<unsigned char>(text[j]);
      if (c == '\\' || c < 0x20 || c >= 0x80) return false;
    }
    if (j >= end) return false;
    out = text.substr(i + 1, j - i - 1);
    i = j + 1;
    return true;
  };
  CloudTags tags;
  skip_space();
  if (i == end) return tags;
  while (true) {
    std::string_view key, value;
    skip_space();
    if (!plain_string(key)) return std::nullopt;
    skip_space();
    if (i >= end || text[i] != ':') return std::nullopt;
    ++i;
    skip_space();
    if (!plain_string(value) || !tags.emplace(key, value).second) return std::nullopt;
    skip_space();
    if (i == end) return tags;
    if (text[i] != ',') return std::nullopt;
    ++i;
  }
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// "job-<job_id>-run-<run_id>" → job_id.
std::optional<std::string> job_id_of_cluster_name(std::string_view name) {
  if (!name.starts_with("job-")) return std::nullopt;
  name.remove_prefix(4);
  const std::size_t run = name.find("-run-");
  if (run == std::string_view::npos || !all_digits(name.substr(0, run)) || !all_digits(name.substr(run + 5)))
    return std::nullopt;
  return std::string(name.substr(0, run));
}

// Why `json` (the tag text, braced when `shift` is -1) is not JSON, at a character of the text as
// the export wrote it: "expected ':' at character 12".
std::string json_error(std::string_view json, long shift) {
  JsonFields scanner({});
  if (scanner.scan(json)) return "not valid JSON";
  std::string error = scanner.error();
  const std::string_view at = " at character ";
  if (const std::size_t i = error.rfind(at); i != std::string::npos) {
    const long character = std::stol(error.substr(i + at.size())) + shift;
    error = error.substr(0, i + at.size()) + std::to_string(character < 1 ? 1 : character);
  }
  return error;
}

}  // namespace

std::optional<CloudTags> parse_tag_text(std::string_view text, std::string& error) {
  const std::string_view untrimmed = text;
  text = trim(text);
  CloudTags tags;
  if (text.empty() || text == "null") return tags;
  if (text.front() == '[') {
    error = "an array";
    return std::nullopt;
  }
  if (auto simple = simple_tags(text)) return simple;
  const std::string braced = text.front() == '{' ? std::string(text) : "{" + std::string(text) + "}";
  nlohmann::json j;
  try {
    j = parse_json_exact_numbers<nlohmann::json>(braced);
  } catch (const JsonDuplicateKey& e) {
    error = e.what();
    return std::nullopt;
  } catch (const nlohmann::json::exception&) {
    const long leading = static_cast<long>(text.data() - untrimmed.data());
    error = json_error(braced, leading - (text.front() == '{' ? 0 : 1));
    return std::nullopt;
  }
  for (const auto& [key, value] : j.items()) {
    if (value.is_null()) continue;
    if (value.is_string()) {
      tags.emplace(key, value.get<std::string>());
    } else if (value.is_boolean()) {
      tags.emplace(key, value.get<bool>() ? "true" : "false");
    } else {
      error = "the value of tag '" + key + "' is an object or an array";
      return std::nullopt;
    }
  }
  return tags;
}

DatabricksTags databricks_tags(const CloudTags& tags) {
  DatabricksTags d;
  std::optional<std::string> vendor, sql_endpoint, sql_warehouse;
  const std::array<std::pair<std::string_view, std::optional<std::string>*>, 10> keys = {{
      {"vendor", &vendor},
      {"clusterid", &d.cluster_id},
      {"clustername", &d.cluster_name},
      {"creator", &d.creator},
      {"jobid", &d.job_id},
      {"runname", &d.run_name},
      {"sqlendpointid", &sql_endpoint},
      {"sqlwarehouseid", &sql_warehouse},
      {"databricksinstancepoolid", &d.pool_id},
      {"databricksinstancepoolcreatorid", &d.pool_creator_id},
  }};
  for (const auto& [key, value] : tags) {
    if (value.empty()) continue;
    for (const auto& [name, slot] : keys)
      if (!*slot && key_has_form(key, name)) *slot = value;
  }
  d.vendor_databricks = vendor && ascii_lower(*vendor) == "databricks";
  d.warehouse_id = sql_endpoint ? sql_endpoint : sql_warehouse;
  if (!d.job_id && d.cluster_name) {
    d.job_id = job_id_of_cluster_name(*d.cluster_name);
    d.job_id_from_cluster_name = d.job_id.has_value();
  }
  const bool attributable = d.cluster_id || d.warehouse_id || d.pool_id;
  const bool any = d.vendor_databricks || attributable || d.cluster_name || d.job_id || d.pool_creator_id;
  d.relation = attributable ? DatabricksRelation::Attributable
               : any        ? DatabricksRelation::Unattributable
                            : DatabricksRelation::NotDatabricks;
  return d;
}

const std::string* find_tag(const CloudTags& tags, std::string_view key) {
  if (const auto it = tags.find(key); it != tags.end()) return it->second.empty() ? nullptr : &it->second;
  const std::string form = tag_key_form(key);
  for (const auto& [k, value] : tags)
    if (!value.empty() && key_has_form(k, form)) return &value;
  return nullptr;
}

std::string_view relation_name(DatabricksRelation r) {
  constexpr std::array<std::string_view, 3> names = {"not-databricks", "unattributable", "attributable"};
  return names[static_cast<std::size_t>(r)];
}

}  // namespace dbcost
