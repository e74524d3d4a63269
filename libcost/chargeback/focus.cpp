#include "chargeback/focus.h"

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "chargeback/period.h"
#include "core/errors.h"
#include "io/table.h"

namespace dbcost {

using boost::multiprecision::cpp_int;

FocusService focus_service(const std::string& sku) {
  // The SKU families of Databricks' price list, each with its FOCUS 1.2 category and subcategory
  // (columns/servicecategory.md, columns/servicesubcategory.md), checked in this order.
  static const std::vector<std::pair<const char*, FocusService>> kServices = {
      {"JOBS_LIGHT", {"Jobs Light Compute", "Analytics", "Data Processing"}},
      {"JOBS_SERVERLESS", {"Serverless Jobs", "Analytics", "Data Processing"}},
      {"JOBS", {"Jobs Compute", "Analytics", "Data Processing"}},
      {"INTERACTIVE_SERVERLESS", {"Serverless Notebooks", "Compute", "Serverless Compute"}},
      {"ALL_PURPOSE_SERVERLESS", {"Serverless Notebooks", "Compute", "Serverless Compute"}},
      {"ALL_PURPOSE", {"All-Purpose Compute", "Compute", "Virtual Machines"}},
      {"DLT", {"Declarative Pipelines", "Analytics", "Data Processing"}},
      {"DELTA_LIVE_TABLES", {"Declarative Pipelines", "Analytics", "Data Processing"}},
      {"SERVERLESS_SQL", {"Serverless SQL", "Databases", "Data Warehouses"}},
      {"SQL", {"Databricks SQL", "Databases", "Data Warehouses"}},
      {"SERVING", {"Model Serving", "AI and Machine Learning", "AI Platforms"}},
      {"INFERENCE", {"Model Serving", "AI and Machine Learning", "AI Platforms"}},
      {"VECTOR_SEARCH", {"Vector Search", "AI and Machine Learning", "Other (AI and Machine Learning)"}},
      {"STORAGE", {"Storage", "Storage", "Object Storage"}},
      {"NETWORKING", {"Networking", "Networking", "Network Connectivity"}},
  };
  for (const auto& [needle, service] : kServices)
    if (sku.find(needle) != std::string::npos) return service;
  return {"Databricks", "Other", "Other (Other)"};
}

std::string focus_service_name(const std::string& sku) { return focus_service(sku).name; }

namespace {

cpp_int wide(__int128 v) {
  const bool negative = v < 0;
  const unsigned __int128 u = negative ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  cpp_int r = static_cast<std::uint64_t>(u >> 64);
  r <<= 64;
  r += static_cast<std::uint64_t>(u);
  return negative ? cpp_int(-r) : r;
}

__int128 narrow(const cpp_int& v) {
  const bool negative = v < 0;
  const cpp_int a = negative ? cpp_int(-v) : v;
  const auto lo = static_cast<std::uint64_t>(a & cpp_int(~std::uint64_t{0}));
  const auto hi = static_cast<std::uint64_t>(a >> 64);
  const auto u = static_cast<__int128>((static_cast<unsigned __int128>(hi) << 64) | lo);
  return negative ? -u : u;
}

std::string description(const Charge& c, const std::string& spread) {
  if (!c.allocated_from.empty())
    return "Part of " + c.allocated_from.substr(1, c.allocated_from.size() - 2) + " spend " + spread;
  if (c.team == kSharedTeam) return "Usage marked as shared";
  if (c.team == kUnallocatedTeam) return "Usage with no team";
  return "Usage of the team";
}

// The invoice's issuer: Azure Databricks is sold and invoiced by Microsoft as an Azure service;
// on AWS and GCP Databricks invoices its own usage.
const char* invoice_issuer(const std::string& cloud) { return cloud == "AZURE" ? "Microsoft" : "Databricks"; }

// A price row of the price list: its SKU, cloud, unit, currency and start.
std::string sku_price_id(const PriceRow& p) {
  return p.sku_name + "/" + p.cloud + "/" + p.usage_unit + "/" + p.currency_code +
         (p.start == kBeginningOfTime ? std::string() : "/" + format_timestamp_utc(p.start));
}

const std::string& billing_account(const UsageLedger& ledger) {
  if (ledger.account_ids.size() == 1) return ledger.account_ids.front();
  std::string found;
  for (const auto& id : ledger.account_ids) found += (found.empty() ? "" : ", ") + id;
  throw InputError({ledger.source, 0, 0, "account_id"},
                   ledger.account_ids.empty()
                       ? "FOCUS rows need the usage's account_id (BillingAccountId may not be null); the usage has none"
                       : "FOCUS rows have one BillingAccountId; the usage holds accounts " + found +
                             ": write each account's usage on its own");
}

// The quantity of each charge: a direct charge has its group's; the parts of a spread group split it.
std::vector<Decimal> charge_quantities(const Chargeback& cb) {
  std::vector<Decimal> quantity(cb.charges.size());
  std::map<std::size_t, std::vector<std::size_t>> parts_of;
  for (std::size_t i = 0; i < cb.charges.size(); ++i) {
    const Charge& c = cb.charges[i];
    if (c.allocated_from.empty())
      quantity[i] = cb.ledger.groups[c.group].quantity;
    else
      parts_of[c.group].push_back(i);
  }
  for (const auto& [group, parts] : parts_of) {
    std::vector<std::int64_t> cents;
    for (const std::size_t i : parts) cents.push_back(cb.charges[i].cost.cents());
    const auto split = split_quantity(cb.ledger.groups[group].quantity, cents);
    for (std::size_t k = 0; k < parts.size(); ++k) quantity[parts[k]] = split[k];
  }
  return quantity;
}

}  // namespace

std::string exact_product(Decimal a, Decimal b) {
  cpp_int p = wide(a.raw()) * wide(b.raw());
  const bool negative = p < 0;
  if (negative) p = -p;
  std::string digits = p.str();
  constexpr std::size_t kDecimals = 2 * Decimal::kScaleDigits;
  if (digits.size() <= kDecimals) digits.insert(0, kDecimals + 1 - digits.size(), '0');
  std::string whole = digits.substr(0, digits.size() - kDecimals);
  std::string fraction = digits.substr(digits.size() - kDecimals);
  fraction.erase(fraction.find_last_not_of('0') + 1);
  std::string out = (negative ? "-" : "") + whole;
  if (!fraction.empty()) out += "." + fraction;
  return out == "-0" ? "0" : out;
}

std::vector<Decimal> split_quantity(Decimal total, const std::vector<std::int64_t>& weights) {
  std::vector<cpp_int> w(weights.begin(), weights.end());
  cpp_int sum = 0;
  for (const auto& x : w) sum += x;
  if (sum == 0) {
    std::fill(w.begin(), w.end(), cpp_int(1));
    sum = static_cast<long long>(w.size());
  }
  if (sum < 0) {
    for (auto& x : w) x = -x;
    sum = -sum;
  }
  const cpp_int q = wide(total.raw());
  std::vector<cpp_int> part(w.size()), rest(w.size());
  cpp_int given = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const cpp_int num = q * w[i];
    part[i] = num / sum;
    rest[i] = num % sum;
    if (rest[i] < 0) {  // floor, not truncation
      part[i] -= 1;
      rest[i] += sum;
    }
    given += part[i];
  }
  std::vector<std::size_t> order(w.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rest[a] > rest[b]; });
  for (std::size_t k = 0; given < q && k < order.size(); ++k, given += 1) part[order[k]] += 1;
  std::vector<Decimal> out;
  for (const auto& p : part) out.push_back(Decimal::from_raw(narrow(p)));
  return out;
}

Table focus_columns() {
  return Table({{"BilledCost", true, true},
                {"BillingAccountId"},
                {"BillingAccountName"},
                {"BillingCurrency"},
                {"BillingPeriodEnd"},
                {"BillingPeriodStart"},
                {"ChargeCategory"},
                {"ChargeClass"},
                {"ChargeDescription"},
                {"ChargeFrequency"},
                {"ChargePeriodEnd"},
                {"ChargePeriodStart"},
                {"CommitmentDiscountCategory"},
                {"CommitmentDiscountId"},
                {"CommitmentDiscountName"},
                {"CommitmentDiscountQuantity", true, true},
                {"CommitmentDiscountStatus"},
                {"CommitmentDiscountType"},
                {"CommitmentDiscountUnit"},
                {"ConsumedQuantity", true, true},
                {"ConsumedUnit"},
                {"ContractedCost", true, true},
                {"ContractedUnitPrice", true, true},
                {"EffectiveCost", true, true},
                {"InvoiceIssuerName"},
                {"ListCost", true, true},
                {"ListUnitPrice", true, true},
                {"PricingCategory"},
                {"PricingQuantity", true, true},
                {"PricingUnit"},
                {"ProviderName"},
                {"PublisherName"},
                {"ServiceCategory"},
                {"ServiceName"},
                {"ServiceSubcategory"},
                {"SkuId"},
                {"SkuMeter"},
                {"SkuPriceDetails"},
                {"SkuPriceId"},
                {"SubAccountId"},
                {"SubAccountName"},
                {"Tags"},
                {"x_Period"},
                {"x_Team"},
                {"x_AllocatedFrom"},
                {"x_Cloud"}});
}

std::vector<std::string> focus_row_cells(const FocusRow& r) {
  return {r.billed_cost,
          r.billing_account_id,
          r.billing_account_name,
          r.billing_currency,
          r.billing_period_end,
          r.billing_period_start,
          r.charge_category,
          r.charge_class,
          r.charge_description,
          r.charge_frequency,
          r.charge_period_end,
          r.charge_period_start,
          "",
          "",
          "",
          "",
          "",
          "",
          "",
          r.consumed_quantity,
          r.consumed_unit,
          r.contracted_cost,
          r.contracted_unit_price,
          r.effective_cost,
          r.invoice_issuer_name,
          r.list_cost,
          r.list_unit_price,
          r.pricing_category,
          r.pricing_quantity,
          r.pricing_unit,
          r.provider_name,
          r.publisher_name,
          r.service_category,
          r.service_name,
          r.service_subcategory,
          r.sku_id,
          "",
          "",
          r.sku_price_id,
          r.sub_account_id,
          r.sub_account_name,
          r.tags,
          r.x_period,
          r.x_team,
          r.x_allocated_from,
          r.x_cloud};
}

Table focus_table(const Chargeback& cb, const std::string& team_tag) {
  Table t = focus_columns();
  if (cb.charges.empty()) return t;
  const std::string& account = billing_account(cb.ledger);
  const auto& groups = cb.ledger.groups;
  const std::vector<Decimal> quantities = charge_quantities(cb);
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < cb.charges.size(); ++i) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
    const Charge& a = cb.charges[i];
    const Charge& b = cb.charges[j];
    const UsageGroup& ga = groups[a.group];
    const UsageGroup& gb = groups[b.group];
    return std::tie(ga.period, a.team, a.allocated_from, ga.workspace_id, ga.sku_name, ga.price->start) <
           std::tie(gb.period, b.team, b.allocated_from, gb.workspace_id, gb.sku_name, gb.price->start);
  });
  const std::string spread = std::string("(") + shared_mode_name(cb.mode) + ")";
  for (const std::size_t i : order) {
    const Charge& c = cb.charges[i];
    const UsageGroup& g = groups[c.group];
    const UnixSeconds start = std::max(period_start(cb.ledger.period, g.period), g.price->start);
    const UnixSeconds end = std::min(period_end(cb.ledger.period, g.period), g.price->end);
    const std::int64_t month = period_key_of_day(PeriodKind::Month, day_of(start));
    const Decimal contracted = (g.account ? g.account : g.price)->price;
    const FocusService service = focus_service(g.sku_name);
    nlohmann::json tags = nlohmann::json::object();
    tags[team_tag] = c.team;
    const std::string cost = c.cost.format_cents();
    const std::string quantity = quantities[i].to_string();
    FocusRow r;
    r.billed_cost = r.effective_cost = cost;
    r.billing_account_id = r.billing_account_name = account;
    r.billing_currency = g.price->currency_code;
    r.billing_period_end = format_timestamp_utc(period_end(PeriodKind::Month, month));
    r.billing_period_start = format_timestamp_utc(period_start(PeriodKind::Month, month));
    r.charge_category = "Usage";
    r.charge_description = description(c, spread);
    r.charge_frequency = "Usage-Based";
    r.charge_period_end = format_timestamp_utc(end);
    r.charge_period_start = format_timestamp_utc(start);
    r.consumed_quantity = r.pricing_quantity = quantity;
    r.consumed_unit = r.pricing_unit = g.usage_unit;
    r.contracted_cost = exact_product(contracted, quantities[i]);
    r.contracted_unit_price = contracted.to_string();
    r.invoice_issuer_name = invoice_issuer(g.cloud);
    r.list_cost = exact_product(g.price->price, quantities[i]);
    r.list_unit_price = g.price->price.to_string();
    r.pricing_category = "Standard";
    r.provider_name = r.publisher_name = "Databricks";
    r.service_category = service.category;
    r.service_name = service.name;
    r.service_subcategory = service.subcategory;
    r.sku_id = g.sku_name;
    r.sku_price_id = sku_price_id(*g.price);
    r.sub_account_id = r.sub_account_name = g.workspace_id;
    r.tags = tags.dump();
    r.x_period = period_label(cb.ledger.period, g.period);
    r.x_team = c.team;
    r.x_allocated_from = c.allocated_from;
    r.x_cloud = g.cloud;
    t.add_row(focus_row_cells(r));
  }
  return t;
}

std::string focus_csv(const Chargeback& cb, const std::string& team_tag, const RenderOptions& options) {
  return focus_table(cb, team_tag).to_csv(options);
}

}  // namespace dbcost
