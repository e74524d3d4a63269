#include "calibrate/usage_profile.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <tuple>

#include "core/ascii_case.h"
#include "core/errors.h"
#include "pricing/sku_regions.h"
#include "usage/record_reader.h"

namespace dbcost {
namespace {

bool contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

std::string top_key(const std::map<std::string, double>& m) {
  std::string best;
  double most = -std::numeric_limits<double>::infinity();
  for (const auto& [k, v] : m)
    if (v > most) {
      most = v;
      best = k;
    }
  return best;
}

std::string month_of(UnixSeconds t) { return format_date_utc(t).substr(0, 7); }

class ProfileBuilder {
 public:
  ProfileBuilder(const PriceBook& prices, const UsageProfileOptions& options, std::string source)
      : prices_(prices), options_(options) {
    p_.source = std::move(source);
  }

  void add(const UsageRecord& r) {
    if (r.usage_start_time < options_.from || r.usage_start_time >= options_.to || r.usage_unit != "DBU") {
      ++p_.skipped;
      return;
    }
    ++p_.records;
    const UnixSeconds start = r.usage_start_time;
    const std::int64_t hour = start >= 0 ? start / 3600 : (start - 3599) / 3600;
    if (p_.records == 1) p_.first_hour = p_.last_hour = hour;
    p_.first_hour = std::min(p_.first_hour, hour);
    p_.last_hour = std::max(p_.last_hour, hour);
    if (r.dbcost_idle_quantity) p_.has_idle = true;
    const double dbus = r.usage_quantity.to_double();
    const double idle = r.dbcost_idle_quantity ? r.dbcost_idle_quantity->to_double() : 0;
    const auto tag = r.custom_tags.find(options_.team_tag);
    const std::string team = tag == r.custom_tags.end() || tag->second.empty() ? kUntaggedTeam : tag->second;
    const std::string sku = ascii_upper(r.sku_name);
    const std::string cloud = r.cloud.empty() ? "AZURE" : ascii_upper(r.cloud);
    cloud_dbus_[cloud] += dbus;
    tier_dbus_[sku.substr(0, sku.find('_'))] += dbus;
    if (const auto split = SkuRegions::builtin().split(cloud, sku)) region_dbus_[split->region] += dbus;
    bill(r, sku, cloud, team);

    const UsageMetadata& m = r.usage_metadata;
    const std::string job_id = m.job_id.value_or(""), job_run_id = m.job_run_id.value_or("");
    const std::string cluster_id = m.cluster_id.value_or(""), warehouse_id = m.warehouse_id.value_or("");
    const bool serverless = r.product_features.is_serverless.value_or(false) || contains(sku, "SERVERLESS");
    ResourceUse* use = nullptr;
    if (!warehouse_id.empty()) {
      use = &resource(p_.warehouses, warehouse_id);
      p_.last_start_hour = std::max(p_.last_start_hour, hour);
    } else if (!job_id.empty() && (serverless || (contains(sku, "JOBS_COMPUTE") && !cluster_id.empty()))) {
      JobUse& job = p_.jobs[job_id];
      job.job_id = job_id;
      if (m.job_name && !m.job_name->empty()) job.job_name = *m.job_name;
      job.team_dbus[team] += dbus;
      const std::string run_id(!job_run_id.empty() ? job_run_id : cluster_id);
      JobRunUse& run = job.runs[run_id];
      if (run.run_id.empty()) {
        run.run_id = run_id;
        run_start_[{job_id, run_id}] = hour;
      }
      auto& start = run_start_[{job_id, run_id}];
      start = std::min(start, hour);
      use = serverless ? &run.serverless : &resource(run.clusters, cluster_id);
    } else if (!cluster_id.empty() && contains(sku, "ALL_PURPOSE_COMPUTE") && !serverless) {
      use = &resource(p_.all_purpose, cluster_id);
      p_.last_start_hour = std::max(p_.last_start_hour, hour);
    } else {
      use = &resource(p_.other, sku + "|" + team);
      p_.last_start_hour = std::max(p_.last_start_hour, hour);
    }
    if (use->id.empty()) use->id = "serverless";
    HourUse& h = use->hours[hour];
    h.dbus += dbus;
    h.idle_dbus += idle;
    use->team_dbus[team] += dbus;
    use->sku_dbus[sku] += dbus;
    if (m.node_type && !m.node_type->empty()) use->node_type = *m.node_type;
    if (r.product_features.is_photon.value_or(false) || contains(sku, "(PHOTON)")) use->photon = true;
  }

  UsageProfile finish() {
    for (const auto& [key, hour] : run_start_) p_.last_start_hour = std::max(p_.last_start_hour, hour);
    if (!cloud_dbus_.empty()) p_.cloud = top_key(cloud_dbus_);
    if (!tier_dbus_.empty()) p_.tier = top_key(tier_dbus_);
    if (!region_dbus_.empty()) p_.region = top_key(region_dbus_);
    auto finish_resource = [](ResourceUse& u) { u.sku_name = top_key(u.sku_dbus); };
    for (auto* m : {&p_.all_purpose, &p_.warehouses, &p_.other})
      for (auto& [id, u] : *m) finish_resource(u);
    for (auto& [id, job] : p_.jobs)
      for (auto& [run_id, run] : job.runs) {
        for (auto& [cid, u] : run.clusters) finish_resource(u);
        if (!run.serverless.hours.empty()) finish_resource(run.serverless);
      }
    for (const auto& [key, quantity] : quantities_) {
      const auto& [month, team, row] = key;
      auto [it, inserted] = p_.billed.try_emplace({month, team}, Money());
      it->second = it->second + Money::product(quantity, row->price);
      p_.currency[month] = row->currency_code;
    }
    return std::move(p_);
  }

 private:
  static ResourceUse& resource(std::map<std::string, ResourceUse>& m, const std::string& id) {
    ResourceUse& u = m[id];
    u.id = id;
    return u;
  }

  void bill(const UsageRecord& r, const std::string& sku, const std::string& cloud, const std::string& team) {
    const PriceRow* row = prices_.find(sku, cloud, "DBU", r.usage_start_time);
    if (!row)
      throw InputError({p_.source, r.line, 0, "sku_name"}, "no price for " + sku + " (" + cloud + ", DBU) at " +
                                                               format_timestamp_utc(r.usage_start_time) +
                                                               "; give the account's list_prices export with --prices");
    quantities_[{month_of(r.usage_start_time), team, row}] += r.usage_quantity;
  }

  const PriceBook& prices_;
  const UsageProfileOptions& options_;
  UsageProfile p_;
  std::map<std::string, double> cloud_dbus_, tier_dbus_, region_dbus_;
  std::map<std::pair<std::string, std::string>, std::int64_t> run_start_;
  std::map<std::tuple<std::string, std::string, const PriceRow*>, Decimal> quantities_;
};

UsageReadOptions record_options(const UsageProfileOptions& options) {
  UsageReadOptions o;
  o.tag_keys = {options.team_tag};
  o.required = {kSkuNameColumn, kUsageStartTimeColumn, kUsageQuantityColumn, kUsageMetadataColumn};
  return o;
}

}  // namespace

double ResourceUse::dbus() const {
  double s = 0;
  for (const auto& [h, u] : hours) s += u.dbus;
  return s;
}

std::string ResourceUse::team() const { return top_key(team_dbus); }
std::string JobUse::team() const { return top_key(team_dbus); }

std::int64_t JobRunUse::first_hour() const {
  std::int64_t first = std::numeric_limits<std::int64_t>::max();
  for (const auto& [id, c] : clusters)
    if (!c.hours.empty()) first = std::min(first, c.hours.begin()->first);
  if (!serverless.hours.empty()) first = std::min(first, serverless.hours.begin()->first);
  return first;
}

UsageProfile read_usage_profile(const std::string& path, const PriceBook& prices, const UsageProfileOptions& options) {
  ProfileBuilder b(prices, options, path);
  read_usage_records(path, record_options(options), [&b](const UsageRecord& r) { b.add(r); });
  return b.finish();
}

UsageProfile read_usage_profile_text(std::string_view text, const std::string& name, const PriceBook& prices,
                                     const UsageProfileOptions& options) {
  ProfileBuilder b(prices, options, name);
  read_usage_records_text(text, name, record_options(options), [&b](const UsageRecord& r) { b.add(r); });
  return b.finish();
}

}  // namespace dbcost
