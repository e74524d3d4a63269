#include "pricing/serverless_rates.h"

#include "io/csv_reader.h"
#include "money/decimal.h"

namespace dbcost {

namespace embedded {
std::string_view serverless_rates();
}  // namespace embedded

const ServerlessRates& ServerlessRates::builtin() {
  static const ServerlessRates r =
      from_csv(std::string(embedded::serverless_rates()), "<builtin>/serverless_rates.csv");
  return r;
}

ServerlessRates ServerlessRates::from_csv(const std::string& text, const std::string& file_name) {
  const std::array<const char*, 5> names = {"name", "value", "unit", "source", "confidence"};
  CsvColumns<5> csv(file_name, text, names, {true, true, false, false, false});
  ServerlessRates out;
  while (csv.next()) {
    ServerlessRate r;
    r.name = std::string(csv.get(0));
    const auto d = Decimal::parse(csv.get(1));
    if (!d || d->is_negative()) csv.fail(1, "expected a number of at least 0, got '" + std::string(csv.get(1)) + "'");
    r.value = d->to_double();
    r.text = std::string(csv.get(1));
    r.unit = std::string(csv.get(2));
    r.source = std::string(csv.get(3));
    r.confidence = std::string(csv.get(4));
    out.rows_.push_back(std::move(r));
  }
  return out;
}

const ServerlessRate& ServerlessRates::get(const std::string& name) const {
  for (const auto& r : rows_)
    if (r.name == name) return r;
  throw ModelError("no serverless rate '" + name + "' in serverless_rates.csv");
}

}  // namespace dbcost
