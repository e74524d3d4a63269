#include "pricing/cluster_quote.h"

#include "io/errors.h"

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
    const Decimal vm = (driver_on_demand ? q.driver_vm_per_hour : driver_spot) +
                       q.worker_vm_on_demand_per_hour * worker_od + q.worker_vm_spot_per_hour * (workers - worker_od);
    h.vm_on_demand_cost = Money::from_decimal(vm_on_demand);
    h.vm_cost = Money::from_decimal(vm);
    h.total_cost = h.dbu_cost + h.vm_cost;
    h.dbu_cost_discounted = h.dbu_cost.less_percent(ctx.discounts.dbu_percent);
    h.vm_cost_discounted = h.vm_cost.less_percent(ctx.discounts.vm_percent);
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
