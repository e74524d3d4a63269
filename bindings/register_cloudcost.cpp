// dbcost.cloud_costs: a cloud provider's cost export (FOCUS 1.0-1.2, AWS CUR 2.0, Azure cost
// details) as a DataFrame, one row per line, with the Databricks view of its tags.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <stdexcept>

#include "cloudcost/cloud_cost_reader.h"
#include "cloudcost/databricks_tags.h"
#include "core/errors.h"
#include "register.h"

namespace py = pybind11;

namespace dbcost::py {

namespace {

AzureCostKind azure_cost_kind(const std::string& text) {
  if (text == "auto") return AzureCostKind::Auto;
  if (text == "actual") return AzureCostKind::Actual;
  if (text == "amortized") return AzureCostKind::Amortized;
  throw InputError({"", 0, 0, "azure_cost"}, "expected auto, actual or amortized, got '" + text + "'");
}

::py::object cloud_costs_frame(const CloudCosts& costs) {
  const ::py::object decimal = ::py::module_::import("decimal").attr("Decimal");
  const auto amount = [&](const std::optional<Decimal>& d) -> ::py::object {
    return d ? decimal(d->to_string()) : ::py::none();
  };
  const auto text = [](const std::optional<std::string>& s) -> ::py::object {
    return s ? ::py::object(::py::str(*s)) : ::py::none();
  };
  const auto instant = [](std::optional<UnixSeconds> t) -> ::py::object {
    return t ? ::py::object(::py::int_(*t)) : ::py::none();
  };
  std::vector<std::pair<const char*, ::py::list>> cols;
  for (const char* name : {"line",
                           "provider",
                           "billing_account_id",
                           "sub_account_id",
                           "billing_period_start",
                           "billing_period_end",
                           "charge_period_start",
                           "charge_period_end",
                           "resource_id",
                           "resource_type",
                           "service_name",
                           "service_category",
                           "usage_type",
                           "billed_cost",
                           "effective_cost",
                           "list_cost",
                           "contracted_cost",
                           "currency",
                           "pricing_quantity",
                           "pricing_unit",
                           "charge_category",
                           "charge_type",
                           "cost_class",
                           "tags",
                           "databricks",
                           "cluster_id",
                           "job_id",
                           "warehouse_id",
                           "pool_id"})
    cols.emplace_back(name, ::py::list());
  const auto col = [&](std::string_view name) -> ::py::list& {
    for (auto& [n, l] : cols)
      if (n == name) return l;
    throw std::logic_error("no column " + std::string(name));
  };
  for (const CloudCostLine& l : costs.lines) {
    const DatabricksTags d = databricks_tags(l.tags);
    col("line").append(l.line);
    col("provider").append(l.provider);
    col("billing_account_id").append(l.billing_account_id);
    col("sub_account_id").append(l.sub_account_id);
    col("billing_period_start").append(instant(l.billing_period_start));
    col("billing_period_end").append(instant(l.billing_period_end));
    col("charge_period_start").append(instant(l.charge_period_start));
    col("charge_period_end").append(instant(l.charge_period_end));
    col("resource_id").append(l.resource_id);
    col("resource_type").append(l.resource_type);
    col("service_name").append(l.service_name);
    col("service_category").append(l.service_category);
    col("usage_type").append(l.usage_type);
    col("billed_cost").append(amount(l.billed_cost));
    col("effective_cost").append(amount(l.effective_cost));
    col("list_cost").append(amount(l.list_cost));
    col("contracted_cost").append(amount(l.contracted_cost));
    col("currency").append(l.currency);
    col("pricing_quantity").append(amount(l.pricing_quantity));
    col("pricing_unit").append(l.pricing_unit);
    col("charge_category").append(std::string(charge_category_name(l.charge_category)));
    col("charge_type").append(l.charge_type);
    col("cost_class").append(std::string(cost_class_name(l.cost_class)));
    ::py::dict tags;
    for (const auto& [k, v] : l.tags) tags[::py::str(k)] = v;
    col("tags").append(tags);
    col("databricks").append(std::string(relation_name(d.relation)));
    col("cluster_id").append(text(d.cluster_id));
    col("job_id").append(text(d.job_id));
    col("warehouse_id").append(text(d.warehouse_id));
    col("pool_id").append(text(d.pool_id));
  }
  const ::py::object pandas = ::py::module_::import("pandas");
  ::py::dict data;
  for (auto& [n, l] : cols) data[::py::str(n)] = l;
  ::py::object frame = pandas.attr("DataFrame")(data);
  for (const char* c : {"billing_period_start", "billing_period_end", "charge_period_start", "charge_period_end"})
    frame[c] = pandas.attr("to_datetime")(frame[c], ::py::arg("unit") = "s", ::py::arg("utc") = true);
  frame.attr("attrs")["format"] = std::string(format_name(costs.format));
  return frame;
}

}  // namespace

void register_cloudcost(pybind11::module_& m) {
  m.def(
      "cloud_costs",
      [](const ::py::object& path, const std::string& azure_cost) {
        CloudCostReadOptions options;
        options.azure_cost = azure_cost_kind(azure_cost);
        const std::string p = ::py::module_::import("os").attr("fspath")(path).cast<std::string>();
        CloudCosts costs;
        {
          ::py::gil_scoped_release release;
          costs = read_cloud_costs(p, options);
        }
        return cloud_costs_frame(costs);
      },
      ::py::arg("path"), ::py::kw_only(), ::py::arg("azure_cost") = "auto",
      R"doc(A cloud provider's cost export as a DataFrame, one row per line of the file.

``path`` is a CSV file (``.gz`` accepted): FOCUS 1.0, 1.1 or 1.2 (AWS Data Exports, Azure Cost
Management), AWS CUR 2.0, or Azure cost details; the format is told from the columns and kept in
``frame.attrs["format"]`` (focus-1.0, focus-1.1, focus-1.2, aws-cur-2.0, azure-actual,
azure-amortized). Azure's actual and amortized exports have the same columns: ``azure_cost`` is
auto (amortized when the file name says so), actual or amortized.

Costs (billed, effective, list, contracted) and quantities are exact ``decimal.Decimal`` values,
None where the export does not carry them; periods are UTC timestamps; ``tags`` is a dict;
``cost_class`` is compute, storage, network or other. The Databricks view of the tags:
``databricks`` (attributable, unattributable: Vendor=Databricks without a cluster, warehouse or pool
id, or not-databricks), ``cluster_id``, ``job_id``, ``warehouse_id``, ``pool_id``. Bad cells raise
``dbcost.InputError`` located as file:line:column.)doc");
}

}  // namespace dbcost::py
