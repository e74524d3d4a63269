#include "workload/scenario_pricing.h"

namespace dbcost {

namespace {

Decimal percent(const YamlView& v) {
  const Decimal d = v.as_decimal();
  if (d.is_negative() || d > Decimal::from_int(100)) v.fail("expected a percentage from 0 to 100");
  return d;
}

}  // namespace

void read_discounts(const YamlView& d, Discounts& into) {
  d.check_keys({"dbu_percent", "vm_percent", "spot_vm_percent", "skus"});
  if (d.has("dbu_percent")) into.dbu_percent = percent(d["dbu_percent"]);
  if (d.has("vm_percent")) into.vm_percent = percent(d["vm_percent"]);
  if (d.has("spot_vm_percent")) into.spot_vm_percent = percent(d["spot_vm_percent"]);
  if (d.has("skus")) {
    into.sku_percent.clear();
    for (const auto& [sku, v] : d["skus"].entries()) {
      if (sku.empty()) v.fail("expected a SKU name");
      into.sku_percent[sku] = {percent(v), v.where()};
    }
  }
}

std::vector<Commitment> read_commitments(const YamlView& v, Cloud cloud) {
  std::vector<Commitment> out;
  for (const auto& item : v.items()) {
    item.check_keys({"kind", "amount", "start", "term_years"});
    if (!out.empty()) item.fail("one azure_dbcu commitment per scenario is supported");
    Commitment c;
    c.where = item.where();
    for (const char* k : {"kind", "amount", "start"})
      if (!item.has(k)) item.fail(std::string("missing ") + k);
    c.kind = item["kind"].as_string();
    if (c.kind != "azure_dbcu") item["kind"].fail("expected azure_dbcu, got '" + c.kind + "'");
    if (cloud != Cloud::Azure)
      item["kind"].fail("an azure_dbcu pre-purchase needs cloud azure, the scenario's cloud is " + to_string(cloud));
    const auto amount = Money::parse(item["amount"].as_string());
    if (!amount || amount->micros() <= 0) item["amount"].fail("expected a positive amount such as 100000");
    c.amount = *amount;
    read_commitment_start(item["start"].as_string(), item["start"].where(), c);
    if (item.has("term_years")) {
      c.term_years = static_cast<int>(item["term_years"].as_int());
      if (c.term_years != 1 && c.term_years != 3)
        item["term_years"].fail("expected 1 or 3 (the DBCU pre-purchase terms), got " + std::to_string(c.term_years));
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace dbcost
