#include "pricing/cluster_quote.h"

#include <algorithm>

#include "core/errors.h"

namespace dbcost {

std::pair<int, int> node_split(const ClusterSpec& spec, int workers) {
  const int nodes = workers + 1;
  if (spec.availability == Availability::OnDemand) return {nodes, 0};
  const int on_demand = std::min(nodes, spec.first_on_demand);
  return {on_demand, nodes - on_demand};
}

namespace {

// Whether the bid lets the cluster have spot capacity at the expected spot price.
bool bid_allows_spot(const ClusterSpec& spec, const NodeType& worker, Decimal spot_price,
                     std::vector<std::string>& notes) {
  if (spec.spot_bid_price_percent) {
    const Decimal bid = Decimal::from_raw((worker.on_demand_per_hour * *spec.spot_bid_price_percent).raw() / 100);
    if (bid < spot_price) {
      notes.push_back("spot_bid_price_percent " + spec.spot_bid_price_percent->to_string() +
                      " bids below the expected spot price " + spot_price.to_string() + " of " + worker.node_type_id);
      return false;
    }
  }
  if (spec.spot_bid_max_price && *spec.spot_bid_max_price != Decimal::from_int(-1) &&
      *spec.spot_bid_max_price < spot_price) {
    notes.push_back("spot_bid_max_price " + spec.spot_bid_max_price->to_string() +
                    " is below the expected spot price " + spot_price.to_string() + " of " + worker.node_type_id);
    return false;
  }
  return true;
}

}  // namespace

ClusterQuote quote_cluster(const ClusterSpec& given, ComputeKind kind, const PricingContext& ctx, UnixSeconds at) {
  if (is_serverless(kind) || kind == ComputeKind::SqlClassic || kind == ComputeKind::SqlPro)
    throw ModelError("a cluster spec is priced as job, jobs-light, all-purpose or dlt compute, not " + to_string(kind));
  ClusterQuote q;
  q.kind = kind;
  const ClusterSpec spec = with_cloud_defaults(given, ctx.cloud, &q.notes);
  q.availability = spec.availability;
  const std::string cloud = to_string(ctx.cloud);
  if (spec.cloud && *spec.cloud != ctx.cloud)
    throw InputError(spec.where, "the spec has " + to_string(*spec.cloud) + " attributes but the cloud is " + cloud);
  q.driver = &ctx.instances->get(spec.driver_type(), cloud, ctx.region,
                                 spec.driver_node_type_id.empty() ? spec.node_type_where : spec.driver_node_type_where);
  q.worker = &ctx.instances->get(spec.node_type_id, cloud, ctx.region, spec.node_type_where);
  const bool photon_sku = kind != ComputeKind::JobLight;
  q.photon = spec.photon() && photon_sku;
  if (spec.photon() && !photon_sku) q.notes.push_back("Jobs Light has no Photon SKU; priced without Photon");
  if (q.photon) q.photon_multiplier = ctx.photon->get(cloud, photon_kind(kind));
  q.sku_name = sku_name(ctx.tier, kind, q.photon);
  const PriceRow& price = ctx.prices->get(q.sku_name, cloud, "DBU", at, ctx.region);
  q.price_per_dbu = price.price;
  q.price_source = price.source;
  q.billed = dbu_price_at(ctx, q.sku_name, at);
  if (price.confidence == "UNCONFIRMED") q.notes.push_back("the price of " + q.sku_name + " is unconfirmed");

  q.driver_vm_per_hour = q.driver->on_demand_per_hour;
  q.worker_vm_on_demand_per_hour = q.worker->on_demand_per_hour;
  q.worker_vm_spot_per_hour = q.worker->spot_per_hour();
  bool spot_ok = true;
  if (spec.availability != Availability::OnDemand) {
    spot_ok = bid_allows_spot(spec, *q.worker, q.worker_vm_spot_per_hour, q.notes);
    if (!spot_ok && spec.availability == Availability::Spot)
      throw ModelError(
          "availability SPOT with a bid below the expected spot price: the cluster would get no spot "
          "capacity (" +
          q.notes.back() + ")");
    if (!spot_ok) q.notes.push_back("SPOT_WITH_FALLBACK: priced on demand");
  }
  const Decimal driver_spot = q.driver->spot_per_hour();

  std::vector<int> sizes = {spec.min_workers()};
  if (spec.max_workers() != spec.min_workers()) sizes.push_back(spec.max_workers());
  for (int workers : sizes) {
    ClusterHour h;
    h.workers = workers;
    h.driver_dbus_per_hour = q.driver->dbus_per_hour * q.photon_multiplier;
    h.workers_dbus_per_hour = q.worker->dbus_per_hour * q.photon_multiplier * workers;
    h.dbus_per_hour = h.driver_dbus_per_hour + h.workers_dbus_per_hour;
    auto [od, spot] = node_split(spec, workers);
    if (!spot_ok) {
      od += spot;
      spot = 0;
    }
    h.on_demand_nodes = od;
    h.spot_nodes = spot;
    h.dbu_cost = Money::product(h.dbus_per_hour, q.price_per_dbu);
    const Decimal vm_on_demand = q.driver_vm_per_hour + q.worker_vm_on_demand_per_hour * workers;
    // The driver is the first node: spot only when first_on_demand is 0.
    const bool driver_on_demand = od > 0;
    const int worker_od = driver_on_demand ? od - 1 : 0;
    const Decimal vm_od =
        (driver_on_demand ? q.driver_vm_per_hour : Decimal()) + q.worker_vm_on_demand_per_hour * worker_od;
    const Decimal vm_spot =
        (driver_on_demand ? Decimal() : driver_spot) + q.worker_vm_spot_per_hour * (workers - worker_od);
    h.vm_on_demand_cost = Money::from_decimal(vm_on_demand);
    h.vm_cost = Money::from_decimal(vm_od + vm_spot);
    h.vm_spot_cost = Money::from_decimal(vm_spot);
    h.total_cost = h.dbu_cost + h.vm_cost;
    h.dbu_cost_discounted = billed_dbu_cost(q.billed, h.dbus_per_hour, h.dbu_cost);
    h.vm_cost_discounted = billed_vm_cost(ctx.discounts, h.vm_cost - h.vm_spot_cost, h.vm_spot_cost);
    h.total_cost_discounted = h.dbu_cost_discounted + h.vm_cost_discounted;
    q.sizes.push_back(h);
  }
  return q;
}

Money dbu_cost_over(const PricingContext& ctx, const std::string& sku, Decimal dbus_per_hour, UnixSeconds from,
                    UnixSeconds to) {
  Money total;
  for (const auto& seg : ctx.prices->segments(sku, to_string(ctx.cloud), "DBU", from, to, ctx.region))
    total += Money::product(dbus_per_hour, seg.row->price, seg.end - seg.start, 3600);
  return total;
}

Money billed_dbu_cost_over(const PricingContext& ctx, const std::string& sku, Decimal dbus_per_hour, UnixSeconds from,
                           UnixSeconds to) {
  const DbuPrice p = dbu_price_at(ctx, sku, from);
  if (!p.account) return dbu_cost_over(ctx, sku, dbus_per_hour, from, to).less_percent(p.billed_percent);
  Money total;
  for (const auto& seg : ctx.account_prices->segments(sku, to_string(ctx.cloud), "DBU", from, to, ctx.region))
    total += Money::product(dbus_per_hour, seg.row->price, seg.end - seg.start, 3600);
  return total;
}

bool Discounts::any() const {
  return !dbu_percent.is_zero() || !vm_percent.is_zero() || !sku_percent.empty() || !spot_vm_percent.is_zero();
}

namespace {

// PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST_2 -> PREMIUM_JOBS_SERVERLESS_COMPUTE (a region suffix is
// `_` then upper-case letters and digits, segment after segment).
bool is_region_suffix(std::string_view s) {
  if (s.size() < 2 || s[0] != '_') return false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c == '_' && s[i - 1] != '_');
    if (!ok) return false;
  }
  return s.back() != '_';
}

bool is_regional_form_of(const std::string& sku, const std::string& base) {
  return sku.size() > base.size() && sku.compare(0, base.size(), base) == 0 &&
         base.find("SERVERLESS") != std::string::npos && is_region_suffix(std::string_view(sku).substr(base.size()));
}

}  // namespace

const SkuDiscount* Discounts::for_sku(const std::string& sku) const {
  if (const auto it = sku_percent.find(sku); it != sku_percent.end()) return &it->second;
  const SkuDiscount* best = nullptr;
  std::size_t best_length = 0;
  for (const auto& [name, d] : sku_percent)
    if (name.size() > best_length && is_regional_form_of(sku, name)) {
      best = &d;
      best_length = name.size();
    }
  return best;
}

Decimal Discounts::dbu_percent_for(const std::string& sku) const {
  const auto* d = for_sku(sku);
  return d ? d->percent : dbu_percent;
}

void check_sku_discounts(const Discounts& discounts, const PriceBook& book) {
  const auto names = book.sku_names();
  for (const auto& [sku, d] : discounts.sku_percent) {
    const bool known = std::any_of(names.begin(), names.end(), [&](const std::string& n) {
      return n == sku || is_regional_form_of(sku, n) || is_regional_form_of(n, sku);
    });
    if (!known) throw InputError(d.where, "no SKU '" + sku + "' in the price book" + did_you_mean(sku, names));
  }
}

std::pair<std::string, Decimal> read_sku_discount(std::string_view text, const std::string& field) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0)
    throw InputError({"", 0, 0, field},
                     "expected SKU=PERCENT, such as PREMIUM_JOBS_COMPUTE=25, got '" + std::string(text) + "'");
  return {std::string(text.substr(0, eq)), read_discount_percent(text.substr(eq + 1), field)};
}

Decimal DbuPrice::billed_per_unit() const {
  if (account) return account->price;
  return Money::product(Decimal::from_int(1), list->price).less_percent(billed_percent).to_decimal();
}

std::string DbuPrice::basis() const {
  if (account) return "account price";
  return billed_percent.is_zero() ? "list" : "list less " + billed_percent.to_string() + "%";
}

DbuPrice dbu_price_at(const PricingContext& ctx, const std::string& sku, UnixSeconds at) {
  DbuPrice p;
  const std::string cloud = to_string(ctx.cloud);
  p.list = &ctx.prices->get(sku, cloud, "DBU", at, ctx.region);
  if (ctx.account_prices) p.account = ctx.account_prices->find(sku, cloud, "DBU", at, ctx.region);
  const auto* own = ctx.discounts.for_sku(sku);
  if (!own) own = ctx.discounts.for_sku(p.list->sku_name);
  p.billed_percent = own ? own->percent : ctx.discounts.dbu_percent;
  return p;
}

Money billed_dbu_cost(const DbuPrice& price, Decimal dbus, Money list_cost) {
  return price.account ? Money::product(dbus, price.account->price) : list_cost.less_percent(price.billed_percent);
}

Money billed_vm_cost(const Discounts& discounts, Money on_demand_part, Money spot_part) {
  return on_demand_part.less_percent(discounts.vm_percent) + spot_part.less_percent(discounts.spot_vm_percent);
}

Decimal read_discount_percent(std::string_view text, const std::string& field) {
  const auto d = Decimal::parse(text);
  if (!d || d->is_negative() || *d > Decimal::from_int(100))
    throw InputError({"", 0, 0, field}, "expected a percentage from 0 to 100, got '" + std::string(text) + "'");
  return *d;
}

Decimal read_hours(std::string_view text, const std::string& field) {
  const auto d = Decimal::parse(text);
  if (!d || d->is_negative())
    throw InputError({"", 0, 0, field}, "expected a non-negative number of hours, got '" + std::string(text) + "'");
  return *d;
}

}  // namespace dbcost
