#include "spot/eviction_band.h"

#include <cmath>
#include <stdexcept>

namespace dbcost {

double band_midpoint(const std::string& band) {
  if (band == "0-5") return 0.025;
  if (band == "5-10") return 0.075;
  if (band == "10-15") return 0.125;
  if (band == "15-20") return 0.175;
  if (band == "20+") return 0.25;
  throw std::invalid_argument("unknown eviction band '" + band + "' (expected 0-5, 5-10, 10-15, 15-20 or 20+)");
}

double reading_hours(const std::string& reading) {
  if (reading == "per_month") return 730;
  if (reading == "per_day") return 24;
  if (reading == "per_hour") return 1;
  throw std::invalid_argument("unknown band reading '" + reading + "' (expected per_month, per_day or per_hour)");
}

double hazard_per_hour(const std::string& band, const std::string& reading) {
  return -std::log1p(-band_midpoint(band)) / reading_hours(reading);
}

const std::vector<std::string>& band_readings() {
  static const std::vector<std::string> r = {"per_month", "per_day", "per_hour"};
  return r;
}

}  // namespace dbcost
