#include "cloudcost/cloud_cost_reader.h"

#include <array>
#include <optional>

#include "cloudcost/databricks_tags.h"
#include "core/ascii_case.h"
#include "core/errors.h"
#include "io/csv_reader.h"
#include "usage/usage_csv.h"
#include "usage/usage_lines.h"

namespace dbcost {
namespace {

// Column names compared ignoring case, spaces, '_' and '-' ("CostInBillingCurrency", "costInBillingCurrency").
std::string column_form(std::string_view name) {
  std::string out;
  for (const char c : ascii_lower(name))
    if (c != ' ' && c != '_' && c != '-') out += c;
  return out;
}

struct FieldSpec {
  std::vector<std::string_view> names;  // the first is the canonical name, the others aliases
  const char* required_because = nullptr;
};

class HeaderNames {
 public:
  HeaderNames(std::vector<std::string> names, std::string file) : names_(std::move(names)), file_(std::move(file)) {
    for (const auto& n : names_) forms_.push_back(column_form(n));
  }
  const std::vector<std::string>& names() const { return names_; }
  bool has(std::string_view name) const { return find(name) >= 0; }
  // Position of the column, -1 when absent; two columns of one name (in any spelling) is an error.
  int find(std::string_view name) const {
    const std::string form = column_form(name);
    int found = -1;
    for (std::size_t i = 0; i < forms_.size(); ++i) {
      if (forms_[i] != form) continue;
      if (found >= 0)
        throw InputError({file_, 1, i + 1, names_[i]},
                         "malformed CSV: a column appears twice in the header (also as '" +
                             names_[static_cast<std::size_t>(found)] + "')");
      found = static_cast<int>(i);
    }
    return found;
  }

 private:
  std::vector<std::string> names_, forms_;
  std::string file_;
};

// The wanted columns of a format, spelled as the header spells them.
std::vector<std::string> resolve(const HeaderNames& header, const std::vector<FieldSpec>& fields) {
  std::vector<std::string> names;
  for (const auto& f : fields) {
    std::string name(f.names.front());
    for (const std::string_view alias : f.names)
      if (const int at = header.find(alias); at >= 0) {
        name = header.names()[static_cast<std::size_t>(at)];
        break;
      }
    names.push_back(name);
  }
  return names;
}

// An amount beyond a trillion on one line is a damaged cell: dbcost's money holds +/-9.2e12.
constexpr Decimal kMaxAmount = Decimal::from_int(1'000'000'000'000);

// [+-]digits[.digits][e[+-]digits] rounded half to even at the 18th decimal; nullopt, with
// `too_large` set, for a number beyond the range of a Decimal.
std::optional<Decimal> parse_amount(std::string_view t, bool& too_large) {
  if (auto q = parse_quantity(t)) return q;
  std::size_t i = 0;
  const bool negative = !t.empty() && t[0] == '-';
  if (!t.empty() && (t[0] == '-' || t[0] == '+')) ++i;
  std::string digits;
  long point = -1;
  for (; i < t.size() && ((t[i] >= '0' && t[i] <= '9') || t[i] == '.'); ++i) {
    if (t[i] == '.') {
      if (point >= 0) return std::nullopt;
      point = static_cast<long>(digits.size());
    } else {
      digits += t[i];
    }
  }
  if (digits.empty()) return std::nullopt;
  if (point < 0) point = static_cast<long>(digits.size());
  if (i < t.size()) {
    if (t[i] != 'e' && t[i] != 'E') return std::nullopt;
    const std::string_view e = t.substr(i + 1);
    std::size_t j = !e.empty() && (e[0] == '-' || e[0] == '+') ? 1 : 0;
    if (j == e.size() || e.find_first_not_of("0123456789", j) != std::string_view::npos) return std::nullopt;
    if (e.size() - j > 4) {
      too_large = e[0] != '-';
      return std::nullopt;
    }
    const long exponent = std::stol(std::string(e.substr(j)));
    point += e[0] == '-' ? -exponent : exponent;
  }
  if (point < 0) {
    digits.insert(0, static_cast<std::size_t>(-point), '0');
    point = 0;
  }
  if (static_cast<std::size_t>(point) > digits.size())
    digits.append(static_cast<std::size_t>(point) - digits.size(), '0');
  const std::string whole = digits.substr(0, static_cast<std::size_t>(point));
  std::string fraction = digits.substr(static_cast<std::size_t>(point));
  bool up = false;
  if (fraction.size() > 18) {
    const std::string rest = fraction.substr(18);
    fraction.resize(18);
    const bool tail = rest.find_first_not_of('0', 1) != std::string::npos;
    up = rest[0] > '5' || (rest[0] == '5' && (tail || (fraction.back() - '0') % 2 == 1));
  }
  auto d = Decimal::parse((negative ? "-" : "") + (whole.empty() ? "0" : whole) + "." + fraction + "0");
  if (!d) {
    too_large = true;
    return std::nullopt;
  }
  if (up) *d += Decimal::from_raw(negative ? -1 : 1);
  return d;
}

// Azure writes dates as MM/DD/YYYY in CSV cost details.
std::optional<UnixSeconds> parse_us_date(std::string_view t) {
  if (t.size() != 10 || t[2] != '/' || t[5] != '/') return std::nullopt;
  const std::string_view digits[3] = {t.substr(0, 2), t.substr(3, 2), t.substr(6, 4)};
  for (const auto d : digits)
    if (d.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  const auto days = days_from_civil_checked(std::stoi(std::string(digits[2])),
                                            static_cast<unsigned>(std::stoi(std::string(digits[0]))),
                                            static_cast<unsigned>(std::stoi(std::string(digits[1]))));
  if (!days) return std::nullopt;
  return *days * 86400;
}

// The cells of one line, read and checked by field.
class Cells {
 public:
  Cells(UsageLineScanner& lines, const UsageHeader& header, std::size_t fields)
      : lines_(lines), header_(header), buffers_(fields) {}

  bool has(unsigned f) const { return lines_.has(f); }
  std::string_view text(unsigned f) { return lines_.text(f, buffers_[f]); }
  std::string str(unsigned f) { return std::string(text(f)); }
  [[noreturn]] void fail(unsigned f, const std::string& message) const { lines_.fail(f, message); }

  std::optional<Decimal> amount(unsigned f) {
    const std::string_view t = text(f);
    if (t.empty()) return std::nullopt;
    bool too_large = false;
    const auto d = parse_amount(t, too_large);
    if (too_large || (d && (*d > kMaxAmount || *d < -kMaxAmount)))
      fail(f, "expected an amount between -1e12 and 1e12 (a trillion) on one line, got '" + std::string(t) + "'");
    if (!d) fail(f, "expected a decimal amount, got '" + std::string(t) + "'");
    return d;
  }
  // The quantity times the unit price in cell `f`; nullopt when either is missing.
  std::optional<Decimal> times(std::optional<Decimal> quantity, unsigned f) {
    const auto price = amount(f);
    if (!quantity || !price) return std::nullopt;
    std::optional<Decimal> product;
    try {
      product = *quantity * *price;
    } catch (const ModelError&) {  // beyond a Decimal
    }
    if (!product || *product > kMaxAmount || *product < -kMaxAmount)
      fail(f, "expected the quantity times this price between -1e12 and 1e12 on one line, got " +
                  quantity->to_string() + " x " + price->to_string());
    return product;
  }
  Decimal required_amount(unsigned f) {
    const auto d = amount(f);
    if (!d) fail(f, "expected a decimal amount, got an empty cell");
    return *d;
  }
  std::optional<UnixSeconds> optional_time(unsigned f) {
    const std::string_view t = text(f);
    if (t.empty()) return std::nullopt;
    auto v = parse_timestamp_utc(t);
    if (!v) v = parse_us_date(t);
    if (!v)
      fail(f, "expected a timestamp such as 2026-03-01T00:00:00Z or a date such as 2026-03-01 or 03/01/2026, got '" +
                  std::string(t) + "'");
    return v;
  }
  UnixSeconds time(unsigned f) {
    const auto v = optional_time(f);
    if (!v) fail(f, "expected a timestamp, got an empty cell");
    return *v;
  }
  // A period [start, end) whose end is not before its start.
  void period(unsigned start_field, std::optional<UnixSeconds> start, unsigned end_field,
              std::optional<UnixSeconds> end) {
    if (start && end && *end < *start)
      fail(end_field, "expected a time not before " + header_.name(start_field) + " " + str(start_field) + ", got '" +
                          str(end_field) + "'");
  }
  void tags(unsigned f, CloudTags& into) {
    std::string error;
    auto t = parse_tag_text(text(f), error);
    if (!t) fail(f, "expected a JSON object of tags: " + error);
    into = std::move(*t);
  }

 private:
  UsageLineScanner& lines_;
  const UsageHeader& header_;
  std::vector<std::string> buffers_;
};

template <std::size_t N>
std::optional<ChargeCategory> lookup(std::string_view value,
                                     const std::array<std::pair<std::string_view, ChargeCategory>, N>& table) {
  const std::string v = ascii_lower(value);
  for (const auto& [name, category] : table)
    if (ascii_lower(name) == v) return category;
  return std::nullopt;
}

template <std::size_t N>
std::string listing(const std::array<std::pair<std::string_view, ChargeCategory>, N>& table) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) out += (i == 0 ? "" : i + 1 == N ? " or " : ", ") + std::string(table[i].first);
  return out;
}

void classify(CloudCostLine& l) {
  l.cost_class = cost_class_of({l.service_category, l.service_name, l.resource_type, l.usage_type, l.resource_id});
}

// ---- FOCUS ----

enum FocusField : unsigned {
  kBilledCost,
  kBillingAccountId,
  kBillingAccountName,
  kBillingCurrency,
  kBillingPeriodEnd,
  kBillingPeriodStart,
  kChargeCategory,
  kChargeClass,
  kChargeDescription,
  kChargePeriodEnd,
  kChargePeriodStart,
  kContractedCost,
  kEffectiveCost,
  kInvoiceIssuerName,
  kListCost,
  kPricingQuantity,
  kPricingUnit,
  kProviderName,
  kPublisherName,
  kServiceCategory,
  kServiceName,
  kResourceId,
  kResourceType,
  kSubAccountId,
  kTags,
  kUsageType,
  kFocusFields
};

constexpr const char* kFocusMandatory = ": FOCUS 1.0, 1.1 and 1.2 make it mandatory";

std::vector<FieldSpec> focus_fields() {
  std::vector<FieldSpec> f;
  for (const std::string_view name :
       {"BilledCost",         "BillingAccountId", "BillingAccountName", "BillingCurrency",   "BillingPeriodEnd",
        "BillingPeriodStart", "ChargeCategory",   "ChargeClass",        "ChargeDescription", "ChargePeriodEnd",
        "ChargePeriodStart",  "ContractedCost",   "EffectiveCost",      "InvoiceIssuerName", "ListCost",
        "PricingQuantity",    "PricingUnit",      "ProviderName",       "PublisherName",     "ServiceCategory",
        "ServiceName"})
    f.push_back({{name}, kFocusMandatory});
  f.push_back({{"ResourceId"}});
  f.push_back({{"ResourceType", "x_ResourceType"}});
  f.push_back({{"SubAccountId"}});
  f.push_back({{"Tags"}});
  f.push_back({{"x_UsageType", "x_SkuMeterName"}});
  return f;
}

constexpr std::array<std::pair<std::string_view, ChargeCategory>, 5> kFocusCategories = {{
    {"Usage", ChargeCategory::Usage},
    {"Purchase", ChargeCategory::Purchase},
    {"Tax", ChargeCategory::Tax},
    {"Credit", ChargeCategory::Credit},
    {"Adjustment", ChargeCategory::Adjustment},
}};

void build_focus(Cells& c, CloudCostLine& l) {
  l.provider = c.str(kProviderName);
  l.billing_account_id = c.str(kBillingAccountId);
  l.sub_account_id = c.str(kSubAccountId);
  l.billing_period_start = c.time(kBillingPeriodStart);
  l.billing_period_end = c.time(kBillingPeriodEnd);
  l.charge_period_start = c.time(kChargePeriodStart);
  l.charge_period_end = c.time(kChargePeriodEnd);
  c.period(kBillingPeriodStart, l.billing_period_start, kBillingPeriodEnd, l.billing_period_end);
  c.period(kChargePeriodStart, l.charge_period_start, kChargePeriodEnd, l.charge_period_end);
  l.resource_id = c.str(kResourceId);
  l.resource_type = c.str(kResourceType);
  l.service_name = c.str(kServiceName);
  l.service_category = c.str(kServiceCategory);
  l.usage_type = c.str(kUsageType);
  l.billed_cost = c.required_amount(kBilledCost);
  l.effective_cost = c.required_amount(kEffectiveCost);
  l.list_cost = c.amount(kListCost);
  l.contracted_cost = c.amount(kContractedCost);
  l.currency = c.str(kBillingCurrency);
  l.pricing_quantity = c.amount(kPricingQuantity);
  l.pricing_unit = c.str(kPricingUnit);
  l.charge_type = c.str(kChargeCategory);
  const auto category = lookup(l.charge_type, kFocusCategories);
  if (!category) c.fail(kChargeCategory, "expected " + listing(kFocusCategories) + ", got '" + l.charge_type + "'");
  l.charge_category = *category;
  if (c.has(kTags)) c.tags(kTags, l.tags);
}

CloudCostFormat focus_version(const HeaderNames& h) {
  for (const std::string_view n :
       {"BillingAccountType", "SubAccountType", "PricingCurrency", "PricingCurrencyContractedUnitPrice",
        "PricingCurrencyEffectiveCost", "PricingCurrencyListUnitPrice", "InvoiceId"})
    if (h.has(n)) return CloudCostFormat::Focus12;
  for (const std::string_view n : {"CapacityReservationId", "CapacityReservationStatus", "CommitmentDiscountQuantity",
                                   "CommitmentDiscountUnit", "SkuMeter", "SkuPriceDetails", "ServiceSubcategory"})
    if (h.has(n)) return CloudCostFormat::Focus11;
  return CloudCostFormat::Focus10;
}

// ---- AWS CUR 2.0 ----

enum CurField : unsigned {
  kLineItemType,
  kUsageStart,
  kUsageEnd,
  kUnblendedCost,
  kCurrencyCode,
  kProductCode,
  kPayerAccount,
  kUsageAccount,
  kCurPeriodStart,
  kCurPeriodEnd,
  kCurResourceId,
  kProductFamily,
  kCurUsageType,
  kUsageAmount,
  kCurPricingUnit,
  kPublicOnDemandCost,
  kNetUnblendedCost,
  kSpEffectiveCost,
  kSpTotalCommitment,
  kSpUsedCommitment,
  kRiEffectiveCost,
  kRiUnusedUpfront,
  kRiUnusedRecurring,
  kRiArn,
  kResourceTags,
  kCurFields
};

constexpr const char* kCurRequired = ": every AWS CUR 2.0 export has it";

std::vector<FieldSpec> cur_fields() {
  std::vector<FieldSpec> f;
  for (const std::string_view name :
       {"line_item_line_item_type", "line_item_usage_start_date", "line_item_usage_end_date",
        "line_item_unblended_cost", "line_item_currency_code", "line_item_product_code"})
    f.push_back({{name}, kCurRequired});
  for (const std::string_view name :
       {"bill_payer_account_id", "line_item_usage_account_id", "bill_billing_period_start_date",
        "bill_billing_period_end_date", "line_item_resource_id", "product_product_family", "line_item_usage_type",
        "line_item_usage_amount", "pricing_unit", "pricing_public_on_demand_cost", "line_item_net_unblended_cost",
        "savings_plan_savings_plan_effective_cost", "savings_plan_total_commitment_to_date",
        "savings_plan_used_commitment", "reservation_effective_cost",
        "reservation_unused_amortized_upfront_fee_for_billing_period", "reservation_unused_recurring_fee",
        "reservation_reservation_a_r_n", "resource_tags"})
    f.push_back({{name}});
  return f;
}

constexpr std::array<std::pair<std::string_view, ChargeCategory>, 18> kCurTypes = {{
    {"Usage", ChargeCategory::Usage},
    {"DiscountedUsage", ChargeCategory::Usage},
    {"SavingsPlanCoveredUsage", ChargeCategory::Usage},
    {"SavingsPlanNegation", ChargeCategory::Usage},
    {"SavingsPlanUpfrontFee", ChargeCategory::Purchase},
    {"SavingsPlanRecurringFee", ChargeCategory::Purchase},
    {"RIFee", ChargeCategory::Purchase},
    {"Fee", ChargeCategory::Purchase},
    {"Tax", ChargeCategory::Tax},
    {"Credit", ChargeCategory::Credit},
    {"Refund", ChargeCategory::Credit},
    {"BundledDiscount", ChargeCategory::Credit},
    {"EdpDiscount", ChargeCategory::Credit},
    {"PrivateRateDiscount", ChargeCategory::Credit},
    {"SppDiscount", ChargeCategory::Credit},
    {"DistributorDiscount", ChargeCategory::Credit},
    {"Discount", ChargeCategory::Credit},
    {"RoundingAdjustment", ChargeCategory::Adjustment},
}};

// Amortized cost as the AWS Well-Architected CUR queries compute it; nullopt when a cell it needs is empty.
std::optional<Decimal> cur_amortized(Cells& c, std::string_view type, Decimal unblended) {
  const auto needs = [&](unsigned f) { return c.has(f) ? c.amount(f) : std::nullopt; };
  if (type == "SavingsPlanCoveredUsage") return needs(kSpEffectiveCost);
  if (type == "SavingsPlanRecurringFee") {
    const auto total = needs(kSpTotalCommitment), used = needs(kSpUsedCommitment);
    return total && used ? std::optional(*total - *used) : std::nullopt;
  }
  if (type == "SavingsPlanNegation" || type == "SavingsPlanUpfrontFee") return Decimal();
  if (type == "DiscountedUsage") return needs(kRiEffectiveCost);
  if (type == "RIFee") {
    const auto upfront = needs(kRiUnusedUpfront), recurring = needs(kRiUnusedRecurring);
    return upfront && recurring ? std::optional(*upfront + *recurring) : std::nullopt;
  }
  if (type == "Fee" && c.has(kRiArn) && !c.text(kRiArn).empty()) return Decimal();
  return unblended;
}

void build_cur(Cells& c, CloudCostLine& l, const std::vector<std::string>& tag_keys) {
  l.provider = "AWS";
  l.billing_account_id = c.str(kPayerAccount);
  l.sub_account_id = c.str(kUsageAccount);
  l.billing_period_start = c.optional_time(kCurPeriodStart);
  l.billing_period_end = c.optional_time(kCurPeriodEnd);
  l.charge_period_start = c.time(kUsageStart);
  l.charge_period_end = c.time(kUsageEnd);
  c.period(kCurPeriodStart, l.billing_period_start, kCurPeriodEnd, l.billing_period_end);
  c.period(kUsageStart, l.charge_period_start, kUsageEnd, l.charge_period_end);
  l.resource_id = c.str(kCurResourceId);
  l.resource_type = c.str(kProductFamily);
  l.service_name = c.str(kProductCode);
  l.usage_type = c.str(kCurUsageType);
  l.charge_type = c.str(kLineItemType);
  const auto category = lookup(l.charge_type, kCurTypes);
  if (!category)
    c.fail(kLineItemType, "expected a CUR line item type (" + listing(kCurTypes) + "), got '" + l.charge_type + "'");
  l.charge_category = *category;
  const Decimal unblended = c.required_amount(kUnblendedCost);
  l.billed_cost = unblended;
  for (const auto& [name, _] : kCurTypes)
    if (ascii_lower(name) == ascii_lower(l.charge_type)) l.charge_type = std::string(name);
  l.effective_cost = cur_amortized(c, l.charge_type, unblended);
  l.list_cost = c.amount(kPublicOnDemandCost);
  l.contracted_cost = c.amount(kNetUnblendedCost);
  l.currency = c.str(kCurrencyCode);
  l.pricing_quantity = c.amount(kUsageAmount);
  l.pricing_unit = c.str(kCurPricingUnit);
  if (c.has(kResourceTags)) c.tags(kResourceTags, l.tags);
  for (unsigned k = 0; k < tag_keys.size(); ++k)
    if (const std::string_view v = c.text(kCurFields + k); !v.empty()) l.tags.emplace(tag_keys[k], v);
}

// ---- Azure cost details ----

enum AzureField : unsigned {
  kDate,
  kCost,
  kAzureCurrency,
  kMeterCategory,
  kChargeType,
  kQuantity,
  kUnitOfMeasure,
  kUnitPrice,
  kPayGPrice,
  kAzureResourceId,
  kSubscriptionId,
  kAzureBillingAccountId,
  kAzurePeriodStart,
  kAzurePeriodEnd,
  kMeterName,
  kConsumedService,
  kPricingModel,
  kAzureTags,
  kAzureFields
};

constexpr const char* kAzureRequired = ": every Azure cost details export has it";

std::vector<FieldSpec> azure_fields() {
  return {
      {{"Date", "UsageDateTime"}, kAzureRequired},
      {{"CostInBillingCurrency", "Cost", "PreTaxCost"}, kAzureRequired},
      {{"BillingCurrency", "BillingCurrencyCode", "Currency"}, kAzureRequired},
      {{"MeterCategory"}, kAzureRequired},
      {{"ChargeType"}},
      {{"Quantity", "UsageQuantity"}},
      {{"UnitOfMeasure"}},
      {{"UnitPrice"}},
      {{"PayGPrice"}},
      {{"ResourceId", "InstanceId"}},
      {{"SubscriptionId", "SubscriptionGuid"}},
      {{"BillingAccountId"}},
      {{"BillingPeriodStartDate"}},
      {{"BillingPeriodEndDate"}},
      {{"MeterName"}},
      {{"ConsumedService"}},
      {{"PricingModel"}},
      {{"Tags"}},
  };
}

constexpr std::array<std::pair<std::string_view, ChargeCategory>, 7> kAzureChargeTypes = {{
    {"Usage", ChargeCategory::Usage},
    {"UnusedReservation", ChargeCategory::Usage},
    {"UnusedSavingsPlan", ChargeCategory::Usage},
    {"Purchase", ChargeCategory::Purchase},
    {"Tax", ChargeCategory::Tax},
    {"Refund", ChargeCategory::Credit},
    {"RoundingAdjustment", ChargeCategory::Adjustment},
}};

void build_azure(Cells& c, CloudCostLine& l, bool amortized) {
  l.provider = "Microsoft";
  l.billing_account_id = c.str(kAzureBillingAccountId);
  l.sub_account_id = c.str(kSubscriptionId);
  l.billing_period_start = c.optional_time(kAzurePeriodStart);
  l.billing_period_end = c.optional_time(kAzurePeriodEnd);
  c.period(kAzurePeriodStart, l.billing_period_start, kAzurePeriodEnd, l.billing_period_end);
  l.charge_period_start = c.time(kDate);
  l.charge_period_end = l.charge_period_start + 86400;
  l.resource_id = c.str(kAzureResourceId);
  l.resource_type = c.str(kConsumedService);
  l.service_name = c.str(kMeterCategory);
  l.usage_type = c.str(kMeterName);
  l.charge_type = c.has(kChargeType) ? c.str(kChargeType) : "Usage";
  const auto category = lookup(l.charge_type, kAzureChargeTypes);
  if (!category) c.fail(kChargeType, "expected " + listing(kAzureChargeTypes) + ", got '" + l.charge_type + "'");
  l.charge_category = *category;
  const std::string type = ascii_lower(l.charge_type);
  if (!amortized && (type == "unusedreservation" || type == "unusedsavingsplan"))
    c.fail(kChargeType, "'" + l.charge_type +
                            "' lines appear only in amortized cost exports: read the file as amortized cost "
                            "(--azure-cost amortized, azure_cost='amortized' in Python, or 'amortized' in the file "
                            "name)");
  const std::string model = column_form(c.text(kPricingModel));
  if (!model.empty() && model != "ondemand" && model != "spot" && model != "reservation" && model != "savingsplan")
    c.fail(kPricingModel, "expected On Demand, Reservation, SavingsPlan or Spot, got '" + c.str(kPricingModel) + "'");
  const Decimal cost = c.required_amount(kCost);
  const bool committed = model == "reservation" || model == "savingsplan" || type != "usage";
  if (!committed || !amortized) l.billed_cost = cost;
  if (!committed || amortized) l.effective_cost = cost;
  l.currency = c.str(kAzureCurrency);
  l.pricing_quantity = c.amount(kQuantity);
  l.pricing_unit = c.str(kUnitOfMeasure);
  l.list_cost = c.times(l.pricing_quantity, kPayGPrice);
  l.contracted_cost = c.times(l.pricing_quantity, kUnitPrice);
  if (c.has(kAzureTags)) c.tags(kAzureTags, l.tags);
}

// ---- detection and the read loop ----

struct Layout {
  CloudCostFormat format;
  std::vector<FieldSpec> fields;
  std::vector<std::string> tag_keys;     // CUR resource_tags_* columns: their keys
  std::vector<std::string> tag_columns;  // and their names as the header spells them
};

bool azure_amortized(const std::string& name, AzureCostKind kind) {
  if (kind != AzureCostKind::Auto) return kind == AzureCostKind::Amortized;
  return ascii_lower(name).find("amortized") != std::string::npos;
}

Layout detect(const HeaderNames& h, const std::string& name, const CloudCostReadOptions& options) {
  if (h.has("BilledCost") || h.has("ChargePeriodStart")) return {focus_version(h), focus_fields(), {}, {}};
  if (h.has("line_item_unblended_cost") || h.has("line_item_line_item_type")) {
    Layout l{CloudCostFormat::AwsCur2, cur_fields(), {}, {}};
    for (std::size_t i = 0; i < h.names().size(); ++i) {
      const std::string& n = h.names()[i];
      if (!ascii_lower(n).starts_with("resource_tags_")) continue;
      if (h.has("resource_tags"))
        throw InputError(
            {name, 1, i + 1, n},
            "expected the tags either in a resource_tags column or in resource_tags_* columns, not in both");
      l.tag_keys.push_back(n.substr(14));
      l.tag_columns.push_back(n);
    }
    return l;
  }
  if (h.has("MeterCategory") && (h.has("Date") || h.has("UsageDateTime")))
    return {azure_amortized(name, options.azure_cost) ? CloudCostFormat::AzureAmortized : CloudCostFormat::AzureActual,
            azure_fields(),
            {},
            {}};
  throw InputError({name, 1, 1, ""},
                   "not a cloud cost export this reader knows: expected FOCUS 1.0-1.2 (BilledCost, ChargePeriodStart, "
                   "...), AWS CUR 2.0 (line_item_line_item_type, line_item_unblended_cost, ...) or Azure cost details "
                   "(Date, MeterCategory, CostInBillingCurrency, ...)");
}

}  // namespace

std::string_view format_name(CloudCostFormat f) {
  constexpr std::array<std::string_view, 6> names = {"focus-1.0",   "focus-1.1",    "focus-1.2",
                                                     "aws-cur-2.0", "azure-actual", "azure-amortized"};
  return names[static_cast<std::size_t>(f)];
}

CloudCostFormat read_cloud_cost_lines(BlockSource& source, const std::string& name, const CloudCostReadOptions& options,
                                      const CloudCostSink& sink) {
  const std::string_view first = source.next();
  const std::string_view header_line = first_line_of(first);
  const HeaderNames names(detail::csv_header(detail::strip_bom(header_line)), name);
  if (names.names().empty() || (names.names().size() == 1 && names.names()[0].empty()))
    throw InputError({name, 1, 1, ""}, "empty file: expected a CSV header line");
  const Layout layout = detect(names, name, options);
  std::vector<std::string> spelled = resolve(names, layout.fields);
  spelled.insert(spelled.end(), layout.tag_columns.begin(), layout.tag_columns.end());
  std::vector<WantedColumn> wanted;
  for (std::size_t i = 0; i < spelled.size(); ++i)
    wanted.push_back({spelled[i], i < layout.fields.size() ? layout.fields[i].required_because : nullptr});
  const UsageHeader header(header_line, name, wanted);
  UsageLineScanner lines(header);
  Cells cells(lines, header, wanted.size());
  const bool amortized = layout.format == CloudCostFormat::AzureAmortized;
  CloudCostLine line;
  const auto build = [&] {
    line = CloudCostLine{};
    line.line = lines.line() + 1;
    switch (layout.format) {
      case CloudCostFormat::AwsCur2:
        build_cur(cells, line, layout.tag_keys);
        break;
      case CloudCostFormat::AzureActual:
      case CloudCostFormat::AzureAmortized:
        build_azure(cells, line, amortized);
        break;
      default:
        build_focus(cells, line);
    }
    classify(line);
    sink(line);
  };
  try {
    std::string_view block = first.substr(header_line.size());
    while (true) {
      lines.consume(block.data(), block.data() + block.size(), build);
      block = source.next();
      if (block.empty()) break;
    }
  } catch (const UsageRowError& e) {
    throw e.at(name, 1);
  }
  return layout.format;
}

CloudCostFormat read_cloud_cost_lines(const std::string& path, const CloudCostReadOptions& options,
                                      const CloudCostSink& sink) {
  const auto source = open_block_source(path, options.block_bytes);
  return read_cloud_cost_lines(*source, path, options, sink);
}

CloudCosts read_cloud_costs(const std::string& path, const CloudCostReadOptions& options) {
  CloudCosts out;
  out.format = read_cloud_cost_lines(path, options, [&](const CloudCostLine& l) { out.lines.push_back(l); });
  return out;
}

CloudCosts read_cloud_costs_text(std::string_view text, const std::string& name, const CloudCostReadOptions& options) {
  CloudCosts out;
  TextSource source(text);
  out.format = read_cloud_cost_lines(source, name, options, [&](const CloudCostLine& l) { out.lines.push_back(l); });
  return out;
}

}  // namespace dbcost
