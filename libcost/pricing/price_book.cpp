#include "pricing/price_book.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/ascii_case.h"
#include "io/atomic_file.h"
#include "io/csv_reader.h"
#include "io/json_unique.h"
#include "pricing/sku_regions.h"

namespace dbcost {

namespace embedded {
std::string_view price_book();
}

namespace {

constexpr std::int64_t kMaxPricePerUnit = 1'000'000;

std::string key_of(const std::string& sku, const std::string& cloud, const std::string& unit) {
  return sku + "|" + cloud + "|" + unit;
}

// Region codes compare without case: eastus2 = EastUS2.
bool same_region(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

UnixSeconds read_time(const CsvColumns<16>& csv, unsigned i, UnixSeconds if_empty) {
  const auto text = csv.get(i);
  if (text.empty()) return if_empty;
  const auto t = parse_timestamp_utc(text);
  if (!t)
    csv.fail(i, "expected a timestamp such as 2026-03-01 or 2026-03-01T00:00:00Z, got '" + std::string(text) + "'");
  return *t;
}

Decimal read_price(std::string_view text, const SourceLocation& where) {
  const auto d = Decimal::parse(text);
  if (!d) throw InputError(where, "expected a decimal price, got '" + std::string(text) + "'");
  if (d->is_negative()) throw InputError(where, "a price cannot be negative, got '" + std::string(text) + "'");
  if (*d > Decimal::from_int(kMaxPricePerUnit))
    throw InputError(where, "expected a price of at most 1000000 per unit, got '" + std::string(text) + "'");
  return *d;
}

// The account's price is pricing.default; a list price is pricing.effective_list.default when given.
Decimal price_from_pricing_json(std::string_view text, const SourceLocation& where, bool account) {
  nlohmann::json j;
  try {
    j = parse_json_exact_numbers<nlohmann::json>(text);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(where, "expected JSON such as {\"default\": \"0.15\"}: " + std::string(e.what()));
  } catch (const JsonDuplicateKey& e) {
    std::string field;
    for (const auto& k : e.path) field += (field.empty() ? "" : ".") + k;
    throw InputError(where, (field.empty() ? "" : field + ": ") + e.what());
  }
  auto as_text = [&](const nlohmann::json& v) -> std::string {
    if (v.is_string()) return v.get<std::string>();
    throw InputError(where, "expected a decimal price in pricing JSON, got " + v.dump());
  };
  if (!j.is_object()) throw InputError(where, "expected a JSON object with a 'default' price");
  if (!account && j.contains("effective_list") && j["effective_list"].is_object() &&
      j["effective_list"].contains("default") && !j["effective_list"]["default"].is_null())
    return read_price(as_text(j["effective_list"]["default"]), where);
  if (!j.contains("default") || j["default"].is_null())
    throw InputError(where, account ? "pricing has no default (the account price)"
                                    : "pricing has neither effective_list.default nor default");
  return read_price(as_text(j["default"]), where);
}

}  // namespace

void PriceBook::add(PriceRow row) {
  if (row.end <= row.start) throw InputError(row.where, "price_end_time must be after price_start_time");
  index_[key_of(row.sku_name, row.cloud, row.usage_unit)].push_back(rows_.size());
  rows_.push_back(std::move(row));
}

const PriceBook& PriceBook::builtin() {
  static const PriceBook book = from_csv(std::string(embedded::price_book()), "<builtin>/price_book.csv");
  return book;
}

PriceBook PriceBook::load(const std::string& path) { return from_csv(read_file(path), path); }

PriceBook PriceBook::from_csv(const std::string& text, const std::string& file_name) {
  return parse(text, file_name, Form::ListPrices);
}

PriceBook PriceBook::load_account_prices(const std::string& path) {
  return parse(read_file(path), path, Form::AccountPrices);
}

PriceBook PriceBook::account_prices_from_csv(const std::string& text, const std::string& file_name) {
  return parse(text, file_name, Form::AccountPrices);
}

PriceBook PriceBook::parse(const std::string& text, const std::string& file_name, Form form) {
  const bool account = form == Form::AccountPrices;
  enum : unsigned {
    kSku,
    kCloud,
    kCurrency,
    kUnit,
    kStart,
    kEnd,
    kPrice,
    kPricing,
    kRegion,
    kTier,
    kProduct,
    kSource,
    kAsOf,
    kConfidence,
    kPricingDefault,
    kPricingEffectiveList
  };
  const std::array<const char*, 16> names = {"sku_name",
                                             "cloud",
                                             "currency_code",
                                             "usage_unit",
                                             "price_start_time",
                                             "price_end_time",
                                             "price",
                                             "pricing",
                                             "region",
                                             "tier",
                                             "product",
                                             "source",
                                             "as_of",
                                             "confidence",
                                             "pricing.default",
                                             "pricing.effective_list.default"};
  const auto header = detail::csv_header(detail::strip_bom(text));
  auto has = [&](const char* column) { return std::find(header.begin(), header.end(), column) != header.end(); };
  const bool flat = !has("pricing") && has("pricing.default");
  const bool is_export = has("pricing") || flat;
  std::array<bool, 16> required{};
  for (unsigned i : {kSku, kCloud, kCurrency, kUnit}) required[i] = true;
  if (is_export) {
    required[kStart] = true;
    required[kEnd] = true;
    required[flat ? kPricingDefault : kPricing] = true;
  } else {
    required[kPrice] = true;
  }
  CsvColumns<16> csv(file_name, text, names, required);
  PriceBook book;
  while (csv.next()) {
    PriceRow row;
    row.where = csv.where(kSku);
    row.sku_name = std::string(csv.get(kSku));
    if (row.sku_name.empty()) csv.fail(kSku, "empty sku_name");
    row.cloud = ascii_upper(csv.get(kCloud));
    if (row.cloud != "AZURE" && row.cloud != "AWS" && row.cloud != "GCP")
      csv.fail(kCloud, "expected AWS, AZURE or GCP, got '" + std::string(csv.get(kCloud)) + "'");
    row.currency_code = std::string(csv.get(kCurrency));
    row.usage_unit = std::string(csv.get(kUnit));
    if (row.currency_code.empty()) csv.fail(kCurrency, "empty currency_code");
    if (row.usage_unit.empty()) csv.fail(kUnit, "empty usage_unit");
    row.start = read_time(csv, kStart, kBeginningOfTime);
    row.end = read_time(csv, kEnd, kEndOfTime);
    if (flat) {
      const bool effective = !account && !csv.get(kPricingEffectiveList).empty();
      const unsigned column = effective ? kPricingEffectiveList : kPricingDefault;
      row.price = read_price(csv.get(column), csv.where(column));
      row.confidence = account ? "ACCOUNT_PRICES" : "LIST_PRICES";
      row.source = file_name;
    } else if (is_export) {
      row.price = price_from_pricing_json(csv.get(kPricing), csv.where(kPricing), account);
      row.confidence = account ? "ACCOUNT_PRICES" : "LIST_PRICES";
      row.source = file_name;
    } else {
      row.price = read_price(csv.get(kPrice), csv.where(kPrice));
      row.region = std::string(csv.get(kRegion));
      row.tier = std::string(csv.get(kTier));
      row.product = std::string(csv.get(kProduct));
      row.source = std::string(csv.get(kSource));
      row.as_of = std::string(csv.get(kAsOf));
      row.confidence = std::string(csv.get(kConfidence));
    }
    const auto* existing = book.candidates(row.sku_name, row.cloud, row.usage_unit);
    if (existing) {
      for (auto i : *existing) {
        const auto& o = book.rows_[i];
        if (o.region == row.region && o.currency_code == row.currency_code && o.start < row.end && row.start < o.end)
          throw InputError(row.where, "price for " + row.sku_name + " overlaps the one at line " +
                                          std::to_string(o.where.line) + " in time");
      }
    }
    book.add(std::move(row));
  }
  return book;
}

const std::vector<std::size_t>* PriceBook::candidates(const std::string& sku, const std::string& cloud,
                                                      const std::string& usage_unit) const {
  const auto it = index_.find(key_of(sku, cloud, usage_unit));
  return it == index_.end() ? nullptr : &it->second;
}

const PriceRow* PriceBook::pick(const std::string& sku, const std::string& cloud, const std::string& usage_unit,
                                UnixSeconds at, const std::string& region) const {
  const auto* cand = candidates(sku, cloud, usage_unit);
  if (!cand) return nullptr;
  const PriceRow* every_region = nullptr;
  for (auto i : *cand) {
    const auto& r = rows_[i];
    if (!(r.start <= at && at < r.end)) continue;
    if (!region.empty() && same_region(r.region, region)) return &r;
    if (r.region.empty() && !every_region) every_region = &r;
  }
  return every_region;
}

const PriceRow* PriceBook::find(const std::string& sku, const std::string& cloud, const std::string& usage_unit,
                                UnixSeconds at, const std::string& region) const {
  const std::string c = ascii_upper(cloud);
  if (const auto* r = pick(sku, c, usage_unit, at, region)) return r;
  const auto& regions = SkuRegions::builtin();
  // An export names a region-priced SKU with the region's suffix.
  if (!region.empty())
    if (const auto suffix = regions.suffix_of(c, region))
      if (const auto* r = pick(sku + "_" + *suffix, c, usage_unit, at, region)) return r;
  // A usage record's SKU carries the suffix, where the catalog lists the base SKU per region.
  if (const auto split = regions.split(c, sku)) return pick(split->base_sku, c, usage_unit, at, split->region);
  return nullptr;
}

std::string PriceBook::missing_price_hint(const std::string& sku, const std::string& cloud,
                                          const std::string& usage_unit, const std::string& region) const {
  const std::string c = ascii_upper(cloud);
  const auto split = SkuRegions::builtin().split(c, sku);
  const std::string base = split ? split->base_sku : sku;
  std::vector<std::string> listed;
  if (const auto* cand = candidates(base, c, usage_unit))
    for (auto i : *cand)
      if (!rows_[i].region.empty() && std::find(listed.begin(), listed.end(), rows_[i].region) == listed.end())
        listed.push_back(rows_[i].region);
  if (listed.empty()) return did_you_mean(sku, sku_names());
  std::string in;
  for (const auto& r : listed) in += (in.empty() ? "" : ", ") + r;
  std::string hint = "; " + base + " is priced per region, and the price book has it for " + in;
  const std::string want = split ? split->region : region;
  if (want.empty()) return hint + ": give the region (the scenario's `region`, or --region)";
  const auto suffix = SkuRegions::builtin().suffix_of(c, want);
  return hint + ", not " + want + ": give the account's list_prices export (--prices)" +
         (suffix ? ", which names it " + base + "_" + *suffix : std::string());
}

std::vector<std::string> PriceBook::sku_names() const {
  std::vector<std::string> out;
  for (const auto& r : rows_) out.push_back(r.sku_name);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

const PriceRow& PriceBook::get(const std::string& sku, const std::string& cloud, const std::string& usage_unit,
                               UnixSeconds at, const std::string& region) const {
  if (const auto* r = find(sku, cloud, usage_unit, at, region)) return *r;
  throw InputError({"", 0, 0, "sku_name"}, "no " + ascii_upper(cloud) + " price for SKU '" + sku + "' (" + usage_unit +
                                               ")" + (region.empty() ? "" : " in " + region) + " at " +
                                               format_timestamp_utc(at) +
                                               missing_price_hint(sku, cloud, usage_unit, region));
}

std::vector<PriceSegment> PriceBook::segments(const std::string& sku, const std::string& cloud,
                                              const std::string& usage_unit, UnixSeconds from, UnixSeconds to,
                                              const std::string& region) const {
  std::vector<PriceSegment> out;
  UnixSeconds t = from;
  while (t < to) {
    const PriceRow& r = get(sku, cloud, usage_unit, t, region);
    const UnixSeconds end = std::min(to, r.end);
    out.push_back({t, end, &r});
    t = end;
  }
  return out;
}

}  // namespace dbcost
