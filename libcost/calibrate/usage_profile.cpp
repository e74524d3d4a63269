#include "calibrate/usage_profile.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <tuple>

#include "calibrate/usage_records.h"
#include "core/errors.h"
#include "core/ascii_case.h"
#include "pricing/sku_regions.h"

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
    if (r.start < options_.from || r.start >= options_.to || r.usage_unit != "DBU") {
      ++p_.skipped;
      return;
    }
    ++p_.records;
    const std::int64_t hour = r.start >= 0 ? r.start / 3600 : (r.start - 3599) / 3600;
    if (p_.records == 1) p_.first_hour = p_.last_hour = hour;
    p_.first_hour = std::min(p_.first_hour, hour);
    p_.last_hour = std::max(p_.last_hour, hour);
    if (r.idle_quantity) p_.has_idle = true;
    const double dbus = r.quantity.to_double();
    const double idle = r.idle_quantity ? r.idle_quantity->to_double() : 0;
    const std::string team = r.team.empty() ? kUntaggedTeam : std::string(r.team);
    const std::string sku = ascii_upper(r.sku_name);
    const std::string cloud = r.cloud.empty() ? "AZURE" : ascii_upper(r.cloud);
    cloud_dbus_[cloud] += dbus;
    tier_dbus_[sku.substr(0, sku.find('_'))] += dbus;
    if (const auto split = SkuRegions::builtin().split(cloud, sku)) region_dbus_[split->region] += dbus;
    bill(r, sku, cloud, team);

    const bool serverless = r.is_serverless.value_or(false) || contains(sku, "SERVERLESS");
    ResourceUse* use = nullptr;
    if (!r.warehouse_id.empty()) {
      use = &resource(p_.warehouses, std::string(r.warehouse_id));
      p_.last_start_hour = std::max(p_.last_start_hour, hour);
    } else if (!r.job_id.empty() && (serverless || (contains(sku, "JOBS_COMPUTE") && !r.cluster_id.empty()))) {
      JobUse& job = p_.jobs[std::string(r.job_id)];
      job.job_id = r.job_id;
      if (!r.job_name.empty()) job.job_name = r.job_name;
      job.team_dbus[team] += dbus;
      const std::string run_id(!r.job_run_id.empty() ? r.job_run_id : r.cluster_id);
      JobRunUse& run = job.runs[run_id];
      if (run.run_id.empty()) {
        run.run_id = run_id;
        run_start_[{std::string(r.job_id), run_id}] = hour;
      }
      auto& start = run_start_[{std::string(r.job_id), run_id}];
      start = std::min(start, hour);
      use = serverless ? &run.serverless : &resource(run.clusters, std::string(r.cluster_id));
    } else if (!r.cluster_id.empty() && contains(sku, "ALL_PURPOSE_COMPUTE") && !serverless) {
      use = &resource(p_.all_purpose, std::string(r.cluster_id));
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
    if (!r.node_type.empty()) use->node_type = r.node_type;
    if (r.is_photon.value_or(false) || contains(sku, "(PHOTON)")) use->photon = true;
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
    const PriceRow* row = prices_.find(sku, cloud, "DBU", r.start);
    if (!row)
      throw InputError({p_.source, r.line, 0, "sku_name"}, "no price for " + sku + " (" + cloud + ", DBU) at " +
                                                               format_timestamp_utc(r.start) +
                                                               "; give the account's list_prices export with --prices");
    quantities_[{month_of(r.start), team, row}] += r.quantity;
  }

  const PriceBook& prices_;
  const UsageProfileOptions& options_;
  UsageProfile p_;
  std::map<std::string, double> cloud_dbus_, tier_dbus_, region_dbus_;
  std::map<std::pair<std::string, std::string>, std::int64_t> run_start_;
  std::map<std::tuple<std::string, std::string, const PriceRow*>, Decimal> quantities_;
};

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
  read_usage_records(path, options.team_tag, [&b](const UsageRecord& r) { b.add(r); });
  return b.finish();
}

UsageProfile read_usage_profile_text(std::string_view text, const std::string& name, const PriceBook& prices,
                                     const UsageProfileOptions& options) {
  ProfileBuilder b(prices, options, name);
  read_usage_records_text(text, name, options.team_tag, [&b](const UsageRecord& r) { b.add(r); });
  return b.finish();
}

}  // namespace dbcost
