#include "convert.h"

#include <filesystem>

namespace py = pybind11;

namespace dbcost::py {

::py::object json_to_python(const nlohmann::json& j) { return ::py::module_::import("json").attr("loads")(j.dump()); }

::py::object table_to_frame(const Table& table, bool empty_text_is_null) {
  ::py::dict columns;
  const ::py::object decimal = ::py::module_::import("decimal").attr("Decimal");
  for (std::size_t c = 0; c < table.columns().size(); ++c) {
    ::py::list values;
    for (const auto& row : table.rows()) {
      const auto& cell = row[c];
      if (!table.columns()[c].numeric) {
        if (empty_text_is_null && cell.empty())
          values.append(::py::none());
        else
          values.append(cell);
      } else if (cell.empty()) {
        values.append(::py::none());
      } else if (table.columns()[c].exact) {
        values.append(decimal(cell));
      } else if (cell.find_first_of(".eE") == std::string::npos) {
        values.append(::py::int_(std::stoll(cell)));
      } else {
        values.append(::py::float_(std::stod(cell)));
      }
    }
    columns[::py::str(table.columns()[c].name)] = values;
  }
  try {
    return ::py::module_::import("pandas").attr("DataFrame")(columns);
  } catch (const ::py::error_already_set&) {
    return ::py::object(columns);
  }
}

YamlView view_from_python(const ::py::object& obj, const std::string& what) {
  if (::py::isinstance<::py::str>(obj)) {
    const auto s = obj.cast<std::string>();
    std::error_code ec;
    if (s.find('\n') == std::string::npos && std::filesystem::is_regular_file(s, ec)) return YamlView::load(s);
    return YamlView::parse(s, "<" + what + ">");
  }
  if (::py::hasattr(obj, "__fspath__"))
    return YamlView::load(::py::module_::import("os").attr("fspath")(obj).cast<std::string>());
  const auto text = ::py::module_::import("json").attr("dumps")(obj).cast<std::string>();
  return YamlView::parse(text, "<" + what + ">");
}

std::string number_text(const ::py::object& obj) { return ::py::str(obj).cast<std::string>(); }

std::string instant_text(const ::py::object& obj) {
  if (::py::isinstance<::py::str>(obj)) return obj.cast<std::string>();
  return obj.attr("isoformat")().cast<std::string>();
}

PricingOptions PricingKeywords::options() const {
  PricingOptions o;
  o.front = FrontEnd::Python;
  o.files = {prices.value_or(""), instances.value_or(""), photon_multipliers.value_or(""),
             warehouse_shapes.value_or(""), account_prices.value_or("")};
  o.cloud = cloud.value_or("");
  o.tier = tier;
  o.region = region;
  o.dbu_discount = number_text(dbu_discount);
  o.vm_discount = number_text(vm_discount);
  o.spot_vm_discount = number_text(spot_vm_discount);
  for (const auto& [sku, pct] : sku_discounts)
    o.sku_discounts.push_back(::py::str(sku).cast<std::string>() + "=" +
                              number_text(::py::reinterpret_borrow<::py::object>(pct)));
  return o;
}

}  // namespace dbcost::py
