// Conversions shared by the register_<area> files: tables to pandas DataFrames (or dicts of lists
// when pandas is missing), JSON to Python objects, Python specs to YAML views.
#pragma once

#include <pybind11/pybind11.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "commands/pricing_options.h"
#include "io/table.h"
#include "io/yaml_reader.h"

namespace dbcost::py {

// Exact columns become decimal.Decimal values; `empty_text_is_null` reads "" in text columns as None
// (FOCUS, where an empty cell is a null).
pybind11::object table_to_frame(const Table& table, bool empty_text_is_null = false);
pybind11::object json_to_python(const nlohmann::json& j);
// A dict (or list) is serialized to JSON; a str is a path when such a file exists, else YAML/JSON text.
YamlView view_from_python(const pybind11::object& obj, const std::string& what);
// A number (or its text) as the text the library reads exactly: str(obj).
std::string number_text(const pybind11::object& obj);
// A str as is; a datetime.date or datetime.datetime as its isoformat().
std::string instant_text(const pybind11::object& obj);

// The pricing keywords every pricing function takes (prices, instances, photon_multipliers,
// warehouse_shapes, account_prices; cloud, tier, region; dbu_discount, vm_discount,
// spot_vm_discount, sku_discounts={SKU: percent}) onto the library's PricingOptions.
struct PricingKeywords {
  std::optional<std::string> cloud;
  std::string tier = "premium";
  std::string region;
  std::optional<std::string> prices, instances, photon_multipliers, warehouse_shapes, account_prices;
  pybind11::object dbu_discount = pybind11::int_(0), vm_discount = pybind11::int_(0),
                   spot_vm_discount = pybind11::int_(0);
  pybind11::dict sku_discounts = {};

  PricingOptions options() const;
};

}  // namespace dbcost::py
