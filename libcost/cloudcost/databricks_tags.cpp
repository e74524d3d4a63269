#include "cloudcost/databricks_tags.h"

#include <array>
#include <nlohmann/json.hpp>

#include "core/ascii_case.h"
#include "io/json_unique.h"

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

}  // namespace

std::optional<CloudTags> parse_tag_text(std::string_view text, std::string& error) {
  text = trim(text);
  CloudTags tags;
  if (text.empty() || text == "null") return tags;
  if (text.front() == '[') {
    error = "an array";
    return std::nullopt;
  }
  const std::string braced = text.front() == '{' ? std::string(text) : "{" + std::string(text) + "}";
  nlohmann::json j;
  try {
    j = parse_json_exact_numbers<nlohmann::json>(braced);
  } catch (const JsonDuplicateKey& e) {
    error = e.what();
    return std::nullopt;
  } catch (const nlohmann::json::exception& e) {
    error = e.what();
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
    const std::string form = tag_key_form(key);
    for (const auto& [name, slot] : keys)
      if (form == name && !*slot) *slot = value;
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
    if (!value.empty() && tag_key_form(k) == form) return &value;
  return nullptr;
}

std::string_view relation_name(DatabricksRelation r) {
  constexpr std::array<std::string_view, 3> names = {"not-databricks", "unattributable", "attributable"};
  return names[static_cast<std::size_t>(r)];
}

}  // namespace dbcost
