#include "policy/runtime_versions.h"

#include <algorithm>

#include "io/atomic_file.h"
#include "io/csv_reader.h"

namespace dbcost {

namespace embedded {
std::string_view runtime_versions();
}

namespace {

// "15.4" as (15, 4), for ordering.
std::pair<int, int> version_key(const std::string& v) {
  const auto dot = v.find('.');
  return {std::stoi(v.substr(0, dot)), dot == std::string::npos ? 0 : std::stoi(v.substr(dot + 1))};
}

bool numeric_version(const std::string& v) {
  const auto dot = v.find('.');
  auto digits = [](const std::string& s) {
    return !s.empty() && s.size() < 6 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return dot != std::string::npos && digits(v.substr(0, dot)) && digits(v.substr(dot + 1));
}

const std::vector<std::string>& aliases() {
  static const std::vector<std::string> names = {"auto:latest",        "auto:latest-ml", "auto:latest-lts",
                                                 "auto:latest-lts-ml", "auto:prev-lts",  "auto:prev-lts-ml"};
  return names;
}

}  // namespace

RuntimeVersions runtime_versions_from_csv(const std::string& text, const std::string& file) {
  CsvColumns<5> csv(file, text, {"version", "spark_version", "ml_spark_version", "lts", "released"},
                    {true, true, true, true, true});
  RuntimeVersions out;
  out.source = file;
  while (csv.next()) {
    RuntimeVersion v;
    v.version = std::string(csv.get(0));
    if (!numeric_version(v.version)) csv.fail(0, "expected a version such as 15.4, got '" + v.version + "'");
    v.spark_version = std::string(csv.get(1));
    v.ml_spark_version = std::string(csv.get(2));
    if (v.spark_version.empty()) csv.fail(1, "missing spark_version");
    const std::string lts(csv.get(3));
    if (lts != "true" && lts != "false") csv.fail(3, "expected true or false, got '" + lts + "'");
    v.lts = lts == "true";
    const auto released = parse_timestamp_utc(csv.get(4));
    if (!released) csv.fail(4, "expected a date YYYY-MM-DD, got '" + std::string(csv.get(4)) + "'");
    v.released = *released;
    out.versions.push_back(std::move(v));
  }
  if (out.versions.empty()) throw InputError({file, 0, 0, ""}, "no runtime versions");
  std::sort(out.versions.begin(), out.versions.end(), [](const RuntimeVersion& a, const RuntimeVersion& b) {
    return version_key(a.version) < version_key(b.version);
  });
  return out;
}

const RuntimeVersions& builtin_runtime_versions() {
  static const RuntimeVersions list =
      runtime_versions_from_csv(std::string(embedded::runtime_versions()), "<builtin>/runtime_versions.csv");
  return list;
}

RuntimeVersions load_runtime_versions(const std::string& path) {
  return runtime_versions_from_csv(read_file(path), path);
}

bool is_runtime_alias(const std::string& spark_version) { return spark_version.rfind("auto:", 0) == 0; }

std::string resolve_spark_version(const RuntimeVersions& list, const std::string& spark_version, UnixSeconds at) {
  if (!is_runtime_alias(spark_version)) return spark_version;
  const auto& names = aliases();
  if (std::find(names.begin(), names.end(), spark_version) == names.end())
    throw InputError({"", 0, 0, "spark_version"}, "unknown runtime alias '" + spark_version + "'" +
                                                      did_you_mean(spark_version, names) +
                                                      ": expected auto:latest, auto:latest-lts or auto:prev-lts, "
                                                      "each optionally with -ml");
  const bool ml = spark_version.size() > 3 && spark_version.compare(spark_version.size() - 3, 3, "-ml") == 0;
  const bool lts = spark_version.find("lts") != std::string::npos;
  const int skip = spark_version.rfind("auto:prev-", 0) == 0 ? 1 : 0;
  int seen = 0;
  for (auto it = list.versions.rbegin(); it != list.versions.rend(); ++it) {
    if (it->released > at || (lts && !it->lts)) continue;
    if (seen++ < skip) continue;
    if (ml && it->ml_spark_version.empty())
      throw InputError({list.source, 0, 0, "ml_spark_version"}, "no ML runtime for " + it->version);
    return ml ? it->ml_spark_version : it->spark_version;
  }
  throw InputError({list.source, 0, 0, "spark_version"},
                   "no runtime in " + list.source + " answers " + spark_version + " at " + format_date_utc(at));
}

}  // namespace dbcost
