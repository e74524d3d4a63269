// dbcost.chargeback: spend per team and period from a system.billing.usage export (a path or a
// pandas DataFrame), as a DataFrame.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>

#include "chargeback/chargeback_report.h"
#include "chargeback/focus.h"
#include "chargeback/ledger_text.h"
#include "chargeback/whole_bill_report.h"
#include "commands/chargeback_command.h"
#include "commands/pricing_options.h"
#include "convert.h"
#include "register.h"

namespace py = pybind11;

namespace dbcost::py {

namespace {

bool is_frame(const ::py::object& o) { return ::py::hasattr(o, "to_csv") && ::py::hasattr(o, "columns"); }

std::string path_of(const ::py::object& o) { return ::py::module_::import("os").attr("fspath")(o).cast<std::string>(); }

// A DataFrame as CSV text; dict and list cells (struct and map columns from Spark's toPandas) as JSON.
std::string frame_csv(const ::py::object& frame) {
  const ::py::object json = ::py::module_::import("json");
  const ::py::object copy = frame.attr("copy")();
  const ::py::object as_json = ::py::cpp_function([json](const ::py::object& v) -> ::py::object {
    ::py::object value = v;
    if (::py::hasattr(value, "asDict")) value = value.attr("asDict")(::py::arg("recursive") = true);
    if (::py::isinstance<::py::dict>(value) || ::py::isinstance<::py::list>(value)) return json.attr("dumps")(value);
    return v;
  });
  for (const ::py::handle col : copy.attr("columns")) {
    const ::py::object series = copy[col];
    if (series.attr("dtype").attr("kind").cast<std::string>() == "O") copy[col] = series.attr("map")(as_json);
  }
  return copy.attr("to_csv")(::py::arg("index") = false).cast<std::string>();
}

ChargebackOptions chargeback_options(const std::string& team_tag, const ::py::object& shared_tags,
                                     const std::vector<std::string>& shared_ids, const std::string& period,
                                     unsigned threads) {
  ChargebackOptions o;
  o.front = FrontEnd::Python;
  o.team_tag = team_tag;
  o.period = period;
  o.threads = threads;
  o.shared_ids = shared_ids;
  if (::py::isinstance<::py::dict>(shared_tags)) {
    for (const auto& [k, v] : shared_tags.cast<::py::dict>())
      o.shared_tags.push_back({::py::str(k).cast<std::string>(), ::py::str(v).cast<std::string>()});
  } else if (!shared_tags.is_none()) {
    for (const ::py::handle t : shared_tags) {
      if (::py::isinstance<::py::str>(t)) {
        o.shared_tag_args.push_back(t.cast<std::string>());
      } else {
        const auto pair = t.cast<std::pair<std::string, std::string>>();
        o.shared_tags.push_back({pair.first, pair.second});
      }
    }
  }
  return o;
}

UsageOptions usage_options(const ChargebackOptions& o, const ::py::object& owners) {
  UsageOptions options = o.usage_options();
  if (!owners.is_none())
    options.rules.owners =
        is_frame(owners) ? Owners::from_csv(frame_csv(owners), "<owners DataFrame>") : Owners::load(path_of(owners));
  return options;
}

AllocationOptions allocation_options(const std::string& shared, const ::py::object& weights, bool allow_unpriced) {
  ChargebackOptions o;
  o.front = FrontEnd::Python;
  o.shared = shared;
  o.allow_unpriced = allow_unpriced;
  if (!weights.is_none()) o.weights = is_frame(weights) ? "<weights DataFrame>" : path_of(weights);
  return o.allocation_options([&] {
    return is_frame(weights) ? TeamWeights::from_csv(frame_csv(weights), "<weights DataFrame>")
                             : TeamWeights::load(path_of(weights));
  });
}

PriceBook price_book(const ::py::object& prices) {
  return prices.is_none()   ? load_price_book_option("")
         : is_frame(prices) ? PriceBook::from_csv(frame_csv(prices), "<prices DataFrame>")
                            : PriceBook::load(path_of(prices));
}

UsageLedger read_ledger(const ::py::object& usage, const PriceBook& book, const UsageOptions& options) {
  if (is_frame(usage)) {
    const std::string text = frame_csv(usage);
    ::py::gil_scoped_release release;
    return read_usage_text(text, "<usage DataFrame>", book, options);
  }
  const std::string path = path_of(usage);
  ::py::gil_scoped_release release;
  return read_usage(path, book, options);
}

::py::object chargeback_frame(const Chargeback& cb, bool focus, const std::string& team_tag) {
  return focus ? table_to_frame(focus_table(cb, team_tag), true) : table_to_frame(chargeback_table(cb));
}

// One export (a path or a DataFrame) or a list of them.
std::vector<CloudInput> cloud_inputs(const ::py::object& cloud_costs) {
  std::vector<CloudInput> inputs;
  if (cloud_costs.is_none()) return inputs;
  auto one = [&](const ::py::object& o) {
    if (is_frame(o))
      inputs.push_back({"<cloud_costs DataFrame " + std::to_string(inputs.size()) + ">", frame_csv(o)});
    else
      inputs.push_back({path_of(o), std::nullopt});
  };
  if (::py::isinstance<::py::str>(cloud_costs) || ::py::hasattr(cloud_costs, "__fspath__") || is_frame(cloud_costs)) {
    one(cloud_costs);
    return inputs;
  }
  for (const ::py::handle p : cloud_costs) one(::py::reinterpret_borrow<::py::object>(p));
  return inputs;
}

// The whole bill's rows, with both bills per period and currency in attrs["totals"].
::py::object whole_bill_frame(const WholeBill& bill) {
  ::py::object frame = table_to_frame(whole_bill_table(bill));
  const ::py::object json = ::py::module_::import("json");
  frame.attr("attrs")["totals"] = json.attr("loads")(whole_bill_json(bill)["totals"].dump());
  return frame;
}

// A usage ledger in transit (dbcost.dask): its text and the record count, for display.
struct PyLedger {
  std::string text;
  std::uint64_t records = 0;
};

}  // namespace

void register_chargeback(pybind11::module_& m) {
  m.def(
      "chargeback",
      [](const ::py::object& usage, const ::py::object& prices, const std::string& team_tag, const ::py::object& owners,
         const std::string& shared, const ::py::object& weights, const ::py::object& shared_tags,
         const std::vector<std::string>& shared_ids, const std::string& period, bool allow_unpriced, unsigned threads,
         bool focus, const ::py::object& account_prices, const ::py::object& cloud_costs, const std::string& by,
         const std::string& cloud_cost, const std::string& azure_cost, const ::py::object& clusters) {
        ChargebackOptions o = chargeback_options(team_tag, shared_tags, shared_ids, period, threads);
        const std::vector<CloudInput> cloud = cloud_inputs(cloud_costs);
        for (const auto& c : cloud) o.cloud_costs.push_back(c.name);
        o.by = by;
        o.cloud_cost = cloud_cost;
        o.azure_cost = azure_cost;
        UsageOptions options = usage_options(o, owners);
        const AllocationOptions allocation = allocation_options(shared, weights, allow_unpriced);
        const PriceBook book = price_book(prices);
        std::optional<PriceBook> account;
        if (!account_prices.is_none()) {
          account = is_frame(account_prices)
                        ? PriceBook::account_prices_from_csv(frame_csv(account_prices), "<account_prices DataFrame>")
                        : PriceBook::load_account_prices(path_of(account_prices));
          options.account_prices = &*account;
        }
        Chargeback cb = allocate_chargeback(read_ledger(usage, book, options), allocation);
        if (!o.whole_bill()) return chargeback_frame(cb, focus, team_tag);
        WholeBillOptions whole = o.whole_bill_options(options, allocation);
        std::optional<ClustersExport> cluster_rows;
        if (!clusters.is_none())
          whole.clusters = &cluster_rows.emplace(
              is_frame(clusters) ? parse_clusters_export(frame_csv(clusters), "<clusters DataFrame>")
                                 : load_clusters_export(path_of(clusters)));
        std::optional<WholeBill> bill;
        {
          ::py::gil_scoped_release release;
          bill = join_whole_bill(std::move(cb), cloud, whole);
        }
        return whole_bill_frame(*bill);
      },
      ::py::arg("usage"), ::py::kw_only(), ::py::arg("prices") = ::py::none(), ::py::arg("team_tag") = "team",
      ::py::arg("owners") = ::py::none(), ::py::arg("shared") = "proportional", ::py::arg("weights") = ::py::none(),
      ::py::arg("shared_tags") = ::py::none(), ::py::arg("shared_ids") = std::vector<std::string>{},
      ::py::arg("period") = "month", ::py::arg("allow_unpriced") = false, ::py::arg("threads") = 0,
      ::py::arg("focus") = false, ::py::arg("account_prices") = ::py::none(), ::py::arg("cloud_costs") = ::py::none(),
      ::py::arg("by") = "team", ::py::arg("cloud_cost") = "auto", ::py::arg("azure_cost") = "auto",
      ::py::arg("clusters") = ::py::none(),
      R"doc(Spend per team and period from a ``system.billing.usage`` export, as ``dbcost chargeback`` computes it.

``usage`` is a path (CSV, ``.gz`` accepted) or a pandas DataFrame with the export's columns (dict cells
are written as JSON). ``prices`` is a ``list_prices`` export (path or DataFrame; default: the built-in
book). The team comes from the ``team_tag`` in custom_tags, then the ``owners`` file (columns
kind,id,team), else ``(unallocated)``; ``shared_tags`` ({"key": "value"}, ["key=value"] or [(key, value)]) and
``shared_ids`` mark shared spend (an id no record carries raises InputError, with the closest id as a
suggestion). ``shared`` is proportional, even, weights (with ``weights=``, columns
team,weight[,period]) or none; ``period`` is month, week or day.

Returns the columns period, team, dbus, direct_cost, shared_cost, total_cost, currency (and
idle_dbus, idle_cost when the usage has dbcost_idle_quantity); money and DBUs are exact ``decimal.Decimal``
values (never a float), money is to the cent, and the teams of
a period sum to its bill exactly. ``focus=True`` returns the FOCUS 1.2 rows instead (docs/chargeback.md;
the usage needs its account_id column, one account).

``account_prices`` (a ``system.billing.account_prices`` export, path or DataFrame) bills the usage
it covers at the account price (``pricing.default``); a ``list_cost`` column then gives the same
usage at list prices, and the FOCUS rows take ListUnitPrice/ListCost from list and ContractedUnitPrice/
ContractedCost and BilledCost/EffectiveCost from
the account prices.

``cloud_costs`` (a path or DataFrame, or a list of them: FOCUS 1.0-1.2, AWS CUR 2.0 or Azure cost
details exports, ``.gz`` accepted) joins the cloud provider's cost lines to the usage: the whole bill, one row per period,
currency and ``by`` key (team, "team,job", "team,sku", workspace or cluster) with dbus, dbu_cost,
cloud_compute, cloud_storage, cloud_network, cloud_other, cloud_cost, total_cost and share_pct, and a
"(total)" row; ``df.attrs["totals"]`` holds both bills per period side by side. ``cloud_cost`` is auto,
billed or amortized; ``azure_cost`` (auto, actual, amortized) says which Azure cost details export a
file is. ``clusters`` (a ``system.compute.clusters`` export, path or DataFrame) names the clusters of the
cluster view, finds a pool's clusters when no usage record names the pool, and gives a cluster's
``owned_by`` as its run_as for ``owners``. docs/chargeback.md, "The whole bill", has the rules.)doc");

  ::py::class_<PyLedger>(m, "UsageLedger",
                         "The exact sums of one usage export per (period, team, workspace, SKU, price), before "
                         "allocation; picklable, so exports read on several machines merge exactly.")
      .def_property_readonly(
          "records", [](const PyLedger& l) { return l.records; }, "The number of usage records read into the ledger.")
      .def(::py::pickle([](const PyLedger& l) { return ::py::make_tuple(::py::bytes(l.text), l.records); },
                        [](const ::py::tuple& t) {
                          return PyLedger{t[0].cast<std::string>(), t[1].cast<std::uint64_t>()};
                        }));

  m.def(
      "usage_ledger",
      [](const ::py::object& usage, const ::py::object& prices, const std::string& team_tag, const ::py::object& owners,
         const ::py::object& shared_tags, const std::vector<std::string>& shared_ids, const std::string& period,
         unsigned threads) {
        UsageOptions options =
            usage_options(chargeback_options(team_tag, shared_tags, shared_ids, period, threads), owners);
        options.require_shared_id_match = false;  // the id may be in another of the exports merged
        const PriceBook book = price_book(prices);
        const UsageLedger ledger = read_ledger(usage, book, options);
        return PyLedger{ledger_to_text(ledger), ledger.counts.records};
      },
      ::py::arg("usage"), ::py::kw_only(), ::py::arg("prices") = ::py::none(), ::py::arg("team_tag") = "team",
      ::py::arg("owners") = ::py::none(), ::py::arg("shared_tags") = ::py::none(),
      ::py::arg("shared_ids") = std::vector<std::string>{}, ::py::arg("period") = "month", ::py::arg("threads") = 0,
      "Reads one usage export (path or DataFrame) into a UsageLedger: chargeback's exact sums before allocation, "
      "with the same arguments as dbcost.chargeback. Merge ledgers with chargeback_ledgers.");

  m.def(
      "chargeback_ledgers",
      [](const std::vector<PyLedger>& ledgers, const ::py::object& prices, const std::string& team_tag,
         const std::string& shared, const ::py::object& weights, bool allow_unpriced, bool focus) {
        const PriceBook book = price_book(prices);
        const AllocationOptions allocation = allocation_options(shared, weights, allow_unpriced);
        std::optional<Chargeback> cb;
        {
          ::py::gil_scoped_release release;
          std::vector<UsageLedger> parts;
          for (std::size_t i = 0; i < ledgers.size(); ++i)
            parts.push_back(ledger_from_text(ledgers[i].text, "ledger " + std::to_string(i), book));
          cb = allocate_chargeback(merge_ledgers(std::move(parts)), allocation);
        }
        return chargeback_frame(*cb, focus, team_tag);
      },
      ::py::arg("ledgers"), ::py::kw_only(), ::py::arg("prices") = ::py::none(), ::py::arg("team_tag") = "team",
      ::py::arg("shared") = "proportional", ::py::arg("weights") = ::py::none(), ::py::arg("allow_unpriced") = false,
      ::py::arg("focus") = false,
      "The chargeback of several usage ledgers (usage_ledger, each read with the same prices) merged exactly: "
      "the same table as dbcost.chargeback over all their records in one file.");
}

}  // namespace dbcost::py
