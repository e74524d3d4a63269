#include "sim/cloud_cost_export.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>
#include <vector>

#include "core/errors.h"
#include "io/csv_writer.h"
#include "io/timestamp.h"
#include "usage/simulated_ids.h"

namespace dbcost {
namespace {

using Tags = std::map<std::string, std::string>;

std::string cell(std::string_view text) { return csv_cell(text, CsvFormulas::Raw); }

std::uint64_t hash_text(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// `digits` lowercase hex digits drawn from the text's hash.
std::string hex_of(std::string_view text, int digits) {
  std::string out;
  std::uint64_t x = hash_text(text);
  while (static_cast<int>(out.size()) < digits) {
    x = mix(x);
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(x));
    out += buf;
  }
  return out.substr(0, static_cast<std::size_t>(digits));
}

std::string uuid_of(std::string_view text) {
  const std::string h = hex_of(text, 32);
  return h.substr(0, 8) + '-' + h.substr(8, 4) + "-4" + h.substr(13, 3) + '-' + h.substr(16, 4) + '-' + h.substr(20);
}

std::string digits_of(std::string_view text, int n) {
  std::string out;
  std::uint64_t x = hash_text(text);
  while (static_cast<int>(out.size()) < n) {
    x = mix(x);
    out += static_cast<char>('0' + x % 10);
  }
  if (out[0] == '0') out[0] = '1';
  return out;
}

Decimal fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  const auto d = Decimal::parse(buf);
  if (!d) throw ModelError(std::string("cloud cost export: figure ") + buf + " is out of range");
  return *d;
}

// The first instant of the UTC month holding t, and of the next.
std::pair<UnixSeconds, UnixSeconds> month_of(UnixSeconds t) {
  const std::string d = format_date_utc(t);
  const int y = std::stoi(d.substr(0, 4));
  const auto m = static_cast<unsigned>(std::stoi(d.substr(5, 2)));
  const auto from = *days_from_civil_checked(y, m, 1);
  const auto to = m == 12 ? *days_from_civil_checked(y + 1, 1, 1) : *days_from_civil_checked(y, m + 1, 1);
  return {from * 86400, to * 86400};
}

// 03/01/2026, as Azure's CSV cost details write dates.
std::string us_date(UnixSeconds t) {
  const std::string d = format_date_utc(t);
  return d.substr(5, 2) + '/' + d.substr(8, 2) + '/' + d.substr(0, 4);
}

// CUR 2.0's spelling of a user tag key: user_ and snake case ("ClusterId" -> user_cluster_id).
std::string cur_tag_key(std::string_view key) {
  std::string out = "user_";
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    const bool upper = c >= 'A' && c <= 'Z';
    const bool alnum = upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (upper && i > 0) {
      const char p = key[i - 1];
      const bool prev_lower = (p >= 'a' && p <= 'z') || (p >= '0' && p <= '9');
      const bool next_lower = i + 1 < key.size() && key[i + 1] >= 'a' && key[i + 1] <= 'z';
      const bool prev_upper = p >= 'A' && p <= 'Z';
      if ((prev_lower || (prev_upper && next_lower)) && out.back() != '_') out += '_';
    }
    if (alnum)
      out += upper ? static_cast<char>(c - 'A' + 'a') : c;
    else if (out.back() != '_')
      out += '_';
  }
  return out;
}

std::string json_tags(const Tags& tags) { return nlohmann::json(tags).dump(); }

std::string joined(std::string a, char separator, std::string_view b) {
  a += separator;
  a += b;
  return a;
}

void append_row(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    out += cell(cells[i]);
  }
  out += '\n';
}

// Who the cloud bills and how it names things.
struct Account {
  Cloud cloud = Cloud::Aws;
  std::string provider;         // FOCUS ProviderName
  std::string billing_account;  // payer account, billing account
  std::string sub_account;      // usage account, subscription, project
  std::string sub_account_name;
  std::string resource_group;  // Azure: the workspace's managed resource group
  std::string region;
};

Account account_of(const Scenario& sc) {
  Account a;
  a.cloud = sc.cloud;
  a.region = sc.region;
  const std::string& n = sc.name;
  switch (sc.cloud) {
    case Cloud::Aws:
      a.provider = "AWS";
      a.billing_account = digits_of("payer:" + n, 12);
      a.sub_account = digits_of("account:" + n, 12);
      a.sub_account_name = n;
      break;
    case Cloud::Azure:
      a.provider = "Microsoft";
      a.billing_account = uuid_of("billing:" + n);
      a.sub_account = uuid_of("subscription:" + n);
      a.sub_account_name = n;
      a.resource_group = "databricks-rg-" + n + "-" + hex_of("rg:" + n, 13);
      break;
    case Cloud::Gcp:
      a.provider = "Google Cloud";
      a.billing_account = hex_of("billing:" + n, 18);
      for (auto& c : a.billing_account) c = static_cast<char>(c >= 'a' ? c - 'a' + 'A' : c);
      a.billing_account =
          a.billing_account.substr(0, 6) + '-' + a.billing_account.substr(6, 6) + '-' + a.billing_account.substr(12, 6);
      a.sub_account = n + "-project";
      a.sub_account_name = n;
      break;
  }
  return a;
}

// The resource a line bills and what is known of it.
struct Resource {
  std::string id, name;
  const VmGroup* group = nullptr;
  const Tags* tags = nullptr;
};

struct LineKey {
  UnixSeconds start;
  std::string id;
  bool operator<(const LineKey& o) const { return std::tie(start, id) < std::tie(o.start, o.id); }
};

struct LineValue {
  Resource resource;
  double hours = 0;  // VM-hours (node-hours of disks)
  double cost = 0;
};

class Builder {
 public:
  Builder(const Scenario& sc, const SimResult& result, const UsageExportOptions& options, UnixSeconds period)
      : sc_(sc), result_(result), options_(options), account_(account_of(sc)), period_(period) {}

  void add(const VmSpan& v) {
    if (!(v.cost > 0) || !std::isfinite(v.cost) || !v.shape || !(v.end > v.start)) return;
    if (v.workload < 0 || static_cast<std::size_t>(v.workload) >= result_.workloads.size())
      throw ModelError("usage trace names workload " + std::to_string(v.workload) + ", which the run does not have");
    const double hours = (v.end - v.start) / 3600;
    double weight = 0;
    for (const auto& g : *v.shape) weight += g.count * g.charged_price.to_double() / g.price_hours * hours;
    if (!(weight > 0)) return;
    for (const auto& g : *v.shape) {
      const int pool = g.driver && v.driver_pool >= 0 ? v.driver_pool : v.pool;
      const Tags& tags = pool >= 0 ? pool_tags(pool) : cluster_tags(v);
      const std::string owner = pool >= 0 && !v.pool_idle ? owner_id(v) + "/pool" : owner_id(v);
      const double share = v.cost * g.charged_price.to_double() / g.price_hours / weight;
      const int nodes = static_cast<int>(std::ceil(g.count - 1e-9));
      for (int i = 0; i < nodes; ++i) {
        const double f = std::min(1.0, g.count - i);
        const Resource r = resource(owner, g, i, &tags);
        for (double t = v.start; t < v.end;) {
          const double p = std::floor(t / static_cast<double>(period_)) * static_cast<double>(period_);
          const double e = std::min(v.end, p + static_cast<double>(period_));
          auto& line = lines_[LineKey{static_cast<UnixSeconds>(p), r.id}];
          if (!line.resource.group) line.resource = r;
          const double q = f * (e - t) / 3600;
          line.hours += q;
          line.cost += share * q;
          t = e;
        }
      }
    }
  }

  const std::map<LineKey, LineValue>& lines() const { return lines_; }
  const Account& account() const { return account_; }

 private:
  const WorkloadInfo& workload(int w) const { return result_.workloads[static_cast<std::size_t>(w)]; }

  // The resource the span's VMs belong to, as the usage export names it.
  std::string owner_id(const VmSpan& v) const {
    const WorkloadInfo& w = workload(v.workload);
    if (w.kind == "job") return "cluster:" + format_job_cluster_id(w.name, v.run, v.compute);
    if (w.kind == "pipeline") return "cluster:" + format_pipeline_cluster_id(w.name);
    if (w.kind == "instance-pool") return "pool:" + w.name + (v.pool_idle ? ":idle@" + std::to_string(v.start) : "");
    if (w.kind == "sql-warehouse") return "warehouse:" + w.name;
    return "cluster:" + v.compute;
  }

  std::string creator(const std::string& team) const { return (team.empty() ? "unknown" : team) + "@example.com"; }

  const Tags& pool_tags(int pool) {
    auto& t = pool_tags_[pool];
    if (t.empty()) {
      const PoolWorkload& p = sc_.pools[static_cast<std::size_t>(pool)];
      t["Vendor"] = "Databricks";
      t["DatabricksInstancePoolId"] = p.name;
      t["DatabricksInstancePoolCreatorId"] = creator(p.team);
      t[options_.team_tag] = p.team;
    }
    return t;
  }

  const Tags& cluster_tags(const VmSpan& v) {
    const WorkloadInfo& w = workload(v.workload);
    const std::string key = owner_id(v);
    auto found = cluster_tags_.find(key);
    if (found != cluster_tags_.end()) return found->second;
    Tags t;
    const ClusterSpec* spec = nullptr;
    if (w.kind == "job") {
      const JobWorkload& job = job_of(w.name);
      const std::int64_t job_id = simulated_job_id(v.workload);
      const auto cluster = job.job_clusters.find(v.compute);
      if (cluster != job.job_clusters.end()) spec = &cluster->second;
      for (const auto& task : job.tasks)
        if (!spec && task.task_key == v.compute && task.new_cluster) spec = &*task.new_cluster;
      t.insert(job.tags.begin(), job.tags.end());
      t["JobId"] = std::to_string(job_id);
      t["RunName"] = w.name;
      t["ClusterId"] = format_job_cluster_id(w.name, v.run, v.compute);
      t["ClusterName"] = "job-" + std::to_string(job_id) + "-run-" + format_job_run_id(job_id, v.run);
    } else if (w.kind == "all-purpose") {
      for (const auto& a : sc_.all_purpose)
        if (a.name == w.name) spec = &a.cluster;
      t["ClusterId"] = t["ClusterName"] = w.name;
    } else if (w.kind == "pipeline") {
      for (const auto& p : sc_.pipelines)
        if (p.name == w.name) {
          t.insert(p.tags.begin(), p.tags.end());
          if (p.cluster) spec = &*p.cluster;
        }
      t["ClusterId"] = t["ClusterName"] = format_pipeline_cluster_id(w.name);
    } else if (w.kind == "sql-warehouse") {
      t["SqlEndpointId"] = w.name;
    }
    if (spec)
      for (const auto& [k, value] : spec->custom_tags) t.emplace(k, value);
    t["Vendor"] = "Databricks";
    t["Creator"] = creator(w.team);
    t[options_.team_tag] = w.team;
    return cluster_tags_.emplace(key, std::move(t)).first->second;
  }

  const JobWorkload& job_of(const std::string& name) const {
    for (const auto& j : sc_.jobs)
      if (j.name == name) return j;
    throw ModelError("usage trace names job '" + name + "', which the scenario does not have");
  }

  Resource resource(const std::string& owner, const VmGroup& g, int index, const Tags* tags) const {
    const std::string seed = sc_.name + '|' + owner + '|' + (g.driver ? "driver" : "worker") + (g.spot ? "-spot" : "") +
                             '|' + g.type + '|' + std::to_string(index);
    Resource r;
    r.group = &g;
    r.tags = tags;
    switch (account_.cloud) {
      case Cloud::Aws:
        r.id = (g.disk ? "vol-" : "i-") + hex_of(seed, 17);
        r.name = r.id;
        break;
      case Cloud::Azure: {
        const std::string vm = hex_of(seed, 32);
        r.name = g.disk ? vm + "-disks" : vm;
        r.id = "/subscriptions/" + account_.sub_account + "/resourceGroups/" + account_.resource_group +
               "/providers/Microsoft.Compute/" + (g.disk ? "disks/" : "virtualMachines/") + r.name;
        break;
      }
      case Cloud::Gcp:
        r.name = (g.disk ? "disk-" : "vm-") + hex_of(seed, 20);
        r.id = "//compute.googleapis.com/projects/" + account_.sub_account + "/zones/" + account_.region + "-a/" +
               (g.disk ? "disks/" : "instances/") + r.name;
        break;
    }
    return r;
  }

  const Scenario& sc_;
  const SimResult& result_;
  const UsageExportOptions& options_;
  Account account_;
  UnixSeconds period_;
  std::map<LineKey, LineValue> lines_;
  std::map<int, Tags> pool_tags_;
  std::map<std::string, Tags> cluster_tags_;
};

// What a line's quantity is counted in: VM-hours, or months of a node's disks.
Decimal quantity_of(const LineValue& l) {
  const VmGroup& g = *l.resource.group;
  return g.price_hours == 1 ? fixed(l.hours, 6) : fixed(l.hours / g.price_hours, 9);
}

std::string vm_meter(const VmGroup& g) {
  std::string m = g.type;
  if (m.starts_with("Standard_")) m = m.substr(9);
  std::replace(m.begin(), m.end(), '_', ' ');
  return g.disk ? m + " Disk" : g.spot ? m + " Spot" : m;
}

std::string usage_type(Cloud cloud, const VmGroup& g) {
  if (cloud == Cloud::Azure) return vm_meter(g);
  if (g.disk) return "EBS:VolumeUsage." + g.type;
  return (g.spot ? "SpotUsage:" : "BoxUsage:") + g.type;
}

// ---- FOCUS 1.2 ----

std::string focus_csv(const Builder& b, const Scenario& sc) {
  const Account& a = b.account();
  const std::string usage_column = a.cloud == Cloud::Azure ? "x_SkuMeterName" : "x_UsageType";
  std::string out =
      "BilledCost,BillingAccountId,BillingAccountName,BillingAccountType,BillingCurrency,BillingPeriodEnd,"
      "BillingPeriodStart,CapacityReservationId,CapacityReservationStatus,ChargeCategory,ChargeClass,"
      "ChargeDescription,ChargeFrequency,ChargePeriodEnd,ChargePeriodStart,CommitmentDiscountCategory,"
      "CommitmentDiscountId,CommitmentDiscountName,CommitmentDiscountQuantity,CommitmentDiscountStatus,"
      "CommitmentDiscountType,CommitmentDiscountUnit,ConsumedQuantity,ConsumedUnit,ContractedCost,ContractedUnitPrice,"
      "EffectiveCost,InvoiceId,InvoiceIssuerName,ListCost,ListUnitPrice,PricingCategory,PricingCurrency,"
      "PricingCurrencyContractedUnitPrice,PricingCurrencyEffectiveCost,PricingCurrencyListUnitPrice,PricingQuantity,"
      "PricingUnit,ProviderName,PublisherName,RegionId,RegionName,ResourceId,ResourceName,ResourceType,"
      "ServiceCategory,ServiceName,ServiceSubcategory,SkuId,SkuMeter,SkuPriceDetails,SkuPriceId,SubAccountId,"
      "SubAccountName,SubAccountType,Tags," +
      usage_column + "\n";
  const std::string account_type = a.cloud == Cloud::Azure ? "Billing Profile" : "Billing Account";
  const std::string sub_type = a.cloud == Cloud::Aws ? "Account" : a.cloud == Cloud::Azure ? "Subscription" : "Project";
  for (const auto& [key, l] : b.lines()) {
    const VmGroup& g = *l.resource.group;
    const Decimal q = quantity_of(l);
    const std::string cost = fixed(l.cost, 10).to_string();
    const std::string list_price = g.list_price.to_string(), charged = g.charged_price.to_string();
    const auto [month_start, month_end] = month_of(key.start);
    const std::string unit = g.disk ? "Months" : "Hours";
    std::string service, category, subcategory, resource_type;
    if (g.disk) {
      service = a.cloud == Cloud::Aws     ? "Amazon Elastic Block Store"
                : a.cloud == Cloud::Azure ? "Managed Disks"
                                          : "Persistent Disk";
      category = "Storage";
      subcategory = "Block Storage";
      resource_type = a.cloud == Cloud::Aws ? "Volume" : "Disk";
    } else {
      service = a.cloud == Cloud::Aws     ? "Amazon Elastic Compute Cloud"
                : a.cloud == Cloud::Azure ? "Virtual Machines"
                                          : "Compute Engine";
      category = "Compute";
      subcategory = "Virtual Machines";
      resource_type = a.cloud == Cloud::Aws ? "Instance" : "Virtual Machine";
    }
    const std::string sku = g.type + (g.spot ? "-spot" : "");
    const nlohmann::json details = g.disk ? nlohmann::json{{"DiskType", g.type}}
                                          : nlohmann::json{{"InstanceType", g.type}, {"CoreCount", g.vcpus}};
    const std::string description = g.type + (g.disk ? " disks of one node" : g.spot ? " spot VM" : " on-demand VM");
    const std::vector<std::string> cells = {
        cost,
        a.billing_account,
        a.sub_account_name,
        account_type,
        sc.currency,
        format_timestamp_utc(month_end),
        format_timestamp_utc(month_start),
        "",
        "",
        "Usage",
        "",
        description,
        "Usage-Based",
        format_timestamp_utc(key.start + 3600),
        format_timestamp_utc(key.start),
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        q.to_string(),
        unit,
        (g.charged_price * q).to_string(),
        charged,
        cost,
        "",
        a.provider,
        (g.list_price * q).to_string(),
        list_price,
        g.spot ? "Dynamic" : "Standard",
        sc.currency,
        charged,
        cost,
        list_price,
        q.to_string(),
        unit,
        a.provider,
        a.provider,
        a.region,
        a.region,
        l.resource.id,
        l.resource.name,
        resource_type,
        category,
        service,
        subcategory,
        sku,
        g.disk ? "Disk Usage" : "Compute Usage",
        details.dump(),
        joined(sku, '@', list_price),
        a.sub_account,
        a.sub_account_name,
        sub_type,
        json_tags(*l.resource.tags),
        usage_type(a.cloud, g),
    };
    append_row(out, cells);
  }
  return out;
}

// ---- AWS CUR 2.0 ----

std::string cur_csv(const Builder& b, const Scenario& sc) {
  const Account& a = b.account();
  std::string out =
      "identity_line_item_id,identity_time_interval,bill_bill_type,bill_billing_entity,bill_payer_account_id,"
      "bill_billing_period_start_date,bill_billing_period_end_date,line_item_usage_account_id,"
      "line_item_line_item_type,line_item_usage_start_date,line_item_usage_end_date,line_item_product_code,"
      "line_item_usage_type,line_item_operation,line_item_resource_id,line_item_usage_amount,line_item_currency_code,"
      "line_item_unblended_rate,line_item_unblended_cost,line_item_line_item_description,product_product_family,"
      "product_instance_type,product_region_code,pricing_term,pricing_unit,pricing_public_on_demand_rate,"
      "pricing_public_on_demand_cost,resource_tags\n";
  for (const auto& [key, l] : b.lines()) {
    const VmGroup& g = *l.resource.group;
    const Decimal q = quantity_of(l);
    const auto [month_start, month_end] = month_of(key.start);
    Tags tags;
    for (const auto& [k, v] : *l.resource.tags) tags[cur_tag_key(k)] = v;
    const std::string start = format_timestamp_utc(key.start), end = format_timestamp_utc(key.start + 3600);
    const std::vector<std::string> cells = {
        hex_of(joined(l.resource.id, '|', start), 52),
        joined(start, '/', end),
        "Anniversary",
        "AWS",
        a.billing_account,
        format_timestamp_utc(month_start),
        format_timestamp_utc(month_end),
        a.sub_account,
        "Usage",
        start,
        end,
        "AmazonEC2",
        usage_type(a.cloud, g),
        g.disk   ? "CreateVolume"
        : g.spot ? "RunInstances:SV001"
                 : "RunInstances",
        l.resource.id,
        q.to_string(),
        sc.currency,
        g.charged_price.to_string(),
        fixed(l.cost, 10).to_string(),
        g.type + (g.disk   ? " disks of one node"
                  : g.spot ? " spot instance hour"
                           : " on-demand instance hour"),
        g.disk ? "Storage" : "Compute Instance",
        g.disk ? "" : g.type,
        a.region,
        g.spot ? "Spot" : "OnDemand",
        g.disk ? "Months" : "Hrs",
        g.list_price.to_string(),
        (g.list_price * q).to_string(),
        json_tags(tags),
    };
    append_row(out, cells);
  }
  return out;
}

// ---- Azure cost details (actual cost) ----

std::string azure_csv(const Builder& b, const Scenario& sc) {
  const Account& a = b.account();
  std::string out =
      "BillingAccountId,BillingAccountName,BillingPeriodStartDate,BillingPeriodEndDate,SubscriptionId,"
      "SubscriptionName,ResourceGroup,ResourceLocation,Date,ProductName,MeterCategory,MeterSubCategory,MeterName,"
      "MeterRegion,UnitOfMeasure,Quantity,EffectivePrice,UnitPrice,PayGPrice,CostInBillingCurrency,"
      "BillingCurrency,ConsumedService,ResourceId,ResourceName,Tags,AdditionalInfo,PublisherType,ChargeType,"
      "Frequency,PricingModel\n";
  for (const auto& [key, l] : b.lines()) {
    const VmGroup& g = *l.resource.group;
    const Decimal q = quantity_of(l);
    const auto [month_start, month_end] = month_of(key.start);
    std::string tags = json_tags(*l.resource.tags);
    tags = tags.substr(1, tags.size() - 2);
    const std::string meter = vm_meter(g);
    const nlohmann::json info =
        g.disk ? nlohmann::json::object() : nlohmann::json{{"ServiceType", g.type}, {"VCPUs", g.vcpus}};
    const std::vector<std::string> cells = {
        a.billing_account,
        a.sub_account_name,
        us_date(month_start),
        us_date(month_end - 86400),
        a.sub_account,
        a.sub_account_name,
        a.resource_group,
        a.region,
        us_date(key.start),
        (g.disk ? "Managed Disks - " : "Virtual Machines - ") + meter,
        g.disk ? "Storage" : "Virtual Machines",
        g.type,
        meter,
        a.region,
        g.disk ? "1/Month" : "1 Hour",
        q.to_string(),
        g.charged_price.to_string(),
        g.charged_price.to_string(),
        g.list_price.to_string(),
        fixed(l.cost, 10).to_string(),
        sc.currency,
        "Microsoft.Compute",
        l.resource.id,
        l.resource.name,
        tags,
        info.dump(),
        "Azure",
        "Usage",
        "UsageBased",
        g.spot ? "Spot" : "OnDemand",
    };
    append_row(out, cells);
  }
  return out;
}

}  // namespace

std::string cloud_cost_export_csv(const Scenario& sc, const SimResult& result, const UsageTrace& trace,
                                  CloudExportKind kind, const UsageExportOptions& options) {
  if (kind == CloudExportKind::Native && sc.cloud == Cloud::Gcp)
    throw ModelError("GCP's billing export is not a format dbcost reads; write FOCUS for a gcp scenario");
  const bool daily = kind == CloudExportKind::Native && sc.cloud == Cloud::Azure;
  Builder b(sc, result, options, daily ? 86400 : 3600);
  for (const auto& v : trace.vms) b.add(v);
  if (kind == CloudExportKind::Focus) return focus_csv(b, sc);
  return sc.cloud == Cloud::Aws ? cur_csv(b, sc) : azure_csv(b, sc);
}

}  // namespace dbcost
