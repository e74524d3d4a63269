// The price book: an exact price per unit by sku_name, cloud, currency and usage_unit, in effect
// over [price_start_time, price_end_time).
//
// Two file forms load into it:
//  - dbcost's own catalog (scenarios/data/price_book.csv, embedded as the default): one row per
//    SKU with region, source, as-of date and confidence;
//  - a system.billing.list_prices export: price_start_time, price_end_time (empty = current),
//    account_id, sku_name, cloud, currency_code, usage_unit, pricing (JSON text). The price used
//    is pricing.effective_list.default when present, else pricing.default (Databricks: the
//    effective list price "is used for calculating the cost").
// An account_prices export (system.billing.account_prices, the same columns as list_prices) loads
// with load_account_prices: each row's price is pricing.default, the account's own price (as
// Databricks' FOCUS query prices BilledCost with it). Either export may come with the pricing struct
// flattened into pricing.default and pricing.effective_list.default columns.
// A lookup for an instant returns the row whose [start, end) holds it, in the asked region: a row
// for that region, else a row for every region (region ""). Region-priced SKUs (serverless, SQL
// Pro) carry a region suffix in real exports and usage (..._US_EAST_2, sku_regions.h): asked for
// the base SKU in eastus2, a lookup also tries the suffixed SKU; asked for a suffixed SKU, it
// looks up the base SKU in the suffix's region. It never takes another region's price.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/errors.h"
#include "io/timestamp.h"
#include "money/decimal.h"

namespace dbcost {

struct PriceRow {
  std::string sku_name;
  std::string cloud;  // AZURE, AWS, GCP
  std::string currency_code = "USD";
  std::string usage_unit = "DBU";
  Decimal price;
  UnixSeconds start = kBeginningOfTime;
  UnixSeconds end = kEndOfTime;
  std::string region;   // "" = every region
  std::string tier;     // catalog rows only
  std::string product;  // catalog rows only
  std::string source;
  std::string as_of;
  std::string confidence;  // OFFICIAL, DB-LABS, 3RD-PARTY, UNCONFIRMED, or LIST_PRICES for exports
  SourceLocation where;
};

// A price in effect over [start, end), clipped to the interval asked for.
struct PriceSegment {
  UnixSeconds start;
  UnixSeconds end;
  const PriceRow* row;
};

class PriceBook {
 public:
  static const PriceBook& builtin();  // the embedded default, alive for the program
  // Detects the form from the header; reads .gz too.
  static PriceBook load(const std::string& path);
  static PriceBook from_csv(const std::string& text, const std::string& file_name);
  // An account_prices export (any of the forms above; the catalog form holds negotiated prices).
  static PriceBook load_account_prices(const std::string& path);
  static PriceBook account_prices_from_csv(const std::string& text, const std::string& file_name);

  void add(PriceRow row);
  const std::vector<PriceRow>& rows() const { return rows_; }

  // nullptr when no row covers the instant in the region (region "" matches region-less rows only).
  const PriceRow* find(const std::string& sku, const std::string& cloud, const std::string& usage_unit, UnixSeconds at,
                       const std::string& region = "") const;
  // Like find, but throws InputError (with a did-you-mean over known SKUs) when missing.
  const PriceRow& get(const std::string& sku, const std::string& cloud, const std::string& usage_unit, UnixSeconds at,
                      const std::string& region = "") const;
  // The prices in effect over [from, to); gaps are errors.
  std::vector<PriceSegment> segments(const std::string& sku, const std::string& cloud, const std::string& usage_unit,
                                     UnixSeconds from, UnixSeconds to, const std::string& region = "") const;
  std::vector<std::string> sku_names() const;

 private:
  enum class Form { ListPrices, AccountPrices };
  static PriceBook parse(const std::string& text, const std::string& file_name, Form form);
  const std::vector<std::size_t>* candidates(const std::string& sku, const std::string& cloud,
                                             const std::string& usage_unit) const;
  const PriceRow* pick(const std::string& sku, const std::string& cloud, const std::string& usage_unit, UnixSeconds at,
                       const std::string& region) const;
  // Why a lookup failed: the regions that do have the SKU, and the remedy; else a did-you-mean.
  std::string missing_price_hint(const std::string& sku, const std::string& cloud, const std::string& usage_unit,
                                 const std::string& region) const;
  std::vector<PriceRow> rows_;
  std::map<std::string, std::vector<std::size_t>> index_;  // sku|cloud|unit -> rows
};

}  // namespace dbcost
