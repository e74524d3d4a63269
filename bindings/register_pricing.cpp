// dbcost.quote, dbcost.price_book, dbcost.instance_catalog.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdio>
#include <functional>
#include <optional>

#include "commands/other_commands.h"
#include "commands/quote_command.h"
#include "convert.h"
#include "core/errors.h"
#include "pricing/catalog_tables.h"
#include "pricing/commitments.h"
#include "register.h"
#include "sim/commitment_report.h"

namespace py = pybind11;

namespace dbcost::py {

namespace {

std::string path_arg(const std::optional<std::string>& p) { return p.value_or(""); }

std::string optional_text(const ::py::object& o) { return o.is_none() ? "" : number_text(o); }

}  // namespace

void register_pricing(pybind11::module_& m) {
  m.def(
      "quote",
      [](const ::py::object& spec, const std::optional<std::string>& kind, const std::optional<std::string>& cloud,
         const std::string& tier, const ::py::object& hours, const ::py::object& at, const ::py::object& start,
         const ::py::object& end, const std::string& region, const std::optional<std::string>& prices,
         const std::optional<std::string>& instances, const std::optional<std::string>& photon_multipliers,
         const ::py::object& dbu_discount, const ::py::object& vm_discount, const ::py::dict& sku_discounts,
         const std::optional<std::string>& account_prices, const ::py::object& spot_vm_discount,
         const std::optional<std::string>& warehouse_shapes, const ::py::object& dbus_per_hour,
         const std::string& performance_target) {
        QuoteOptions o;
        o.front = FrontEnd::Python;
        o.kind = kind.value_or("job");
        o.kind_given = kind.has_value();
        o.hours = number_text(hours);
        o.at = at.is_none() ? "" : instant_text(at);
        o.from = start.is_none() ? "" : instant_text(start);
        o.to = end.is_none() ? "" : instant_text(end);
        o.dbus_per_hour = optional_text(dbus_per_hour);
        o.performance_target = performance_target;
        o.pricing = PricingKeywords{cloud,
                                    tier,
                                    region,
                                    prices,
                                    instances,
                                    photon_multipliers,
                                    warehouse_shapes,
                                    account_prices,
                                    dbu_discount,
                                    vm_discount,
                                    spot_vm_discount,
                                    sku_discounts}
                        .options();
        std::function<YamlView()> read_spec;
        if (!spec.is_none()) read_spec = [&spec] { return view_from_python(spec, "spec"); };
        return json_to_python(quote_result_json(quote(read_spec, o)));
      },
      ::py::arg("spec"), ::py::kw_only(), ::py::arg("kind") = ::py::none(), ::py::arg("cloud") = ::py::none(),
      ::py::arg("tier") = "premium", ::py::arg("hours") = 1, ::py::arg("at") = ::py::none(),
      ::py::arg("start") = ::py::none(), ::py::arg("end") = ::py::none(), ::py::arg("region") = "",
      ::py::arg("prices") = ::py::none(), ::py::arg("instances") = ::py::none(),
      ::py::arg("photon_multipliers") = ::py::none(), ::py::arg("dbu_discount") = 0, ::py::arg("vm_discount") = 0,
      ::py::arg("sku_discounts") = ::py::dict(), ::py::arg("account_prices") = ::py::none(),
      ::py::arg("spot_vm_discount") = 0, ::py::arg("warehouse_shapes") = ::py::none(),
      ::py::arg("dbus_per_hour") = ::py::none(), ::py::arg("performance_target") = "PERFORMANCE_OPTIMIZED",
      R"doc(Price a cluster spec (a Jobs API ``new_cluster`` as a dict, a YAML/JSON string or a file path),
or a SQL warehouse spec (it has ``cluster_size``; ``kind`` is refused: its warehouse_type bills it), or
serverless compute (``kind`` jobs-serverless, dlt-serverless or all-purpose-serverless; ``spec``, which
may be None, is the classic cluster it replaces; ``dbus_per_hour`` as billed and ``performance_target``
STANDARD or PERFORMANCE_OPTIMIZED, priced for ``hours``). ``kind`` defaults to job.

Returns the same figures as ``dbcost quote --format json``: the SKU, its price per DBU, the Photon
multiplier, and per cluster size (one, or the autoscale minimum and maximum) the DBUs per hour of
the driver and workers, DBU cost, VM cost on demand and with spot, and totals for ``hours`` (or
the span ``start``..``end``, following price changes). A warehouse gives per cluster count (min and
max) its DBUs and VMs (classic and pro) per hour and over ``hours``. Money is exact decimal text.

Billed figures (``*_discounted``) take DBUs at the ``account_prices`` export's price (a
system.billing.account_prices CSV) where it covers the SKU, else at list less ``dbu_discount``
or the SKU's entry in ``sku_discounts`` ({"PREMIUM_JOBS_COMPUTE": 25}; a regional serverless SKU
matches its base name); ``vm_discount`` applies to on-demand VMs only, never to spot VMs
(``spot_vm_discount``, default 0, is a discount off spot prices for a contract that covers them).
``warehouse_shapes`` (a CSV) replaces or extends the built-in SQL warehouse shapes.)doc");

  m.def(
      "dbcu_drawdown",
      [](const ::py::object& months, const ::py::object& amount, const std::string& start, int term_years) {
        const Commitment c = dbcu_commitment(number_text(amount), start, term_years);
        std::vector<MonthListCost> in;
        for (const auto& item : months) {
          const auto seq = ::py::reinterpret_borrow<::py::object>(item).cast<std::vector<::py::object>>();
          if (seq.size() != 2 && seq.size() != 3)
            throw InputError({"", 0, 0, "months"}, "expected (\"YYYY-MM\", list_cost[, billed_cost]) items");
          in.push_back(drawdown_month(seq[0].cast<std::string>(), number_text(seq[1]),
                                      number_text(seq[seq.size() == 3 ? 2 : 1])));
        }
        return table_to_frame(drawdown_table(dbcu_drawdown(c, in)));
      },
      ::py::arg("months"), ::py::kw_only(), ::py::arg("amount"), ::py::arg("start"), ::py::arg("term_years") = 1,
      R"doc(An Azure DBCU pre-purchase drawn down month by month at DBU list price.

``months`` is a sequence of ``("YYYY-MM", dbu_list_cost)`` or ``("YYYY-MM", dbu_list_cost,
billed_cost)`` in order; ``amount`` the pool, ``start`` the first day of the term's first month
("2026-01-01"), ``term_years`` 1 or 3. Returns a DataFrame: month, in_term, dbu_list_cost,
balance_before, drawn, balance_after, overage_list, overage_billed (pro rata at billed/list),
expired; money as exact decimal text.)doc");

  m.def(
      "price_book",
      [](const std::optional<std::string>& prices) {
        CatalogOptions o;
        o.files.prices = path_arg(prices);
        return table_to_frame(price_listing(o));
      },
      ::py::arg("prices") = ::py::none(),
      "The price book (built-in, or a list_prices export / price_book CSV) as a DataFrame; prices are exact "
      "decimal text.");

  m.def(
      "instance_catalog",
      [](const std::optional<std::string>& instances) {
        return table_to_frame(instance_table(load_pricing({"", path_arg(instances), ""}).instances));
      },
      ::py::arg("instances") = ::py::none(),
      "The instance catalog (built-in, extended by an instances CSV) as a DataFrame.");
}

}  // namespace dbcost::py
