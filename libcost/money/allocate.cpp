#include "money/allocate.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "money/wide.h"

namespace dbcost {
namespace {

std::vector<detail::Int256> allocate_wide(const detail::Int256& units, const std::vector<detail::Int256>& weights,
                                          std::size_t* first_by_remainder) {
  const std::size_t n = weights.size();
  std::vector<detail::Int256> parts(n, 0);
  if (n == 0) {
    if (units != 0) throw std::invalid_argument("allocate: a non-zero total needs at least one part");
    return parts;
  }
  detail::Int256 sum = 0;
  for (const auto& w : weights) {
    if (w < 0) throw std::invalid_argument("allocate: weights must not be negative");
    sum += w;
  }
  std::vector<detail::Int256> w = weights;
  if (sum == 0) {
    std::fill(w.begin(), w.end(), detail::Int256(1));
    sum = static_cast<std::int64_t>(n);
  }
  const bool negative = units < 0;
  const detail::Int256 magnitude = negative ? detail::Int256(-units) : units;
  std::vector<detail::Int256> remainder(n);
  detail::Int256 given = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const detail::Int256 scaled = magnitude * w[i];
    parts[i] = scaled / sum;
    remainder[i] = scaled % sum;
    given += parts[i];
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  detail::Int256 left = magnitude - given;
  for (std::size_t k = 0; left > 0; ++k, --left) parts[order[k % n]] += 1;
  if (negative)
    for (auto& p : parts) p = -p;
  if (first_by_remainder) *first_by_remainder = order.front();
  return parts;
}

std::vector<std::int64_t> allocate_units(std::int64_t units, const std::vector<detail::Int256>& weights,
                                         std::size_t* first_by_remainder) {
  const auto wide = allocate_wide(detail::Int256(units), weights, first_by_remainder);
  std::vector<std::int64_t> parts;
  parts.reserve(wide.size());
  for (const auto& p : wide) parts.push_back(static_cast<std::int64_t>(p));
  return parts;
}

std::vector<Money> allocate_money(Money total, const std::vector<detail::Int256>& weights, Money step) {
  if (step.micros() <= 0) throw std::invalid_argument("allocate: step must be positive");
  const std::int64_t units = total.micros() / step.micros();
  const std::int64_t residue = total.micros() - units * step.micros();
  std::size_t first = 0;
  const auto parts = allocate_units(units, weights, &first);
  std::vector<Money> out;
  out.reserve(parts.size());
  for (auto p : parts) out.push_back(Money::from_micros(p * step.micros()));
  if (residue != 0) out[first] += Money::from_micros(residue);
  return out;
}

}  // namespace

std::vector<Money> allocate_largest_remainder(Money total, const std::vector<Money>& weights, Money step) {
  std::vector<detail::Int256> w;
  w.reserve(weights.size());
  for (const auto& m : weights) w.emplace_back(m.micros());
  return allocate_money(total, w, step);
}

std::vector<Money> allocate_largest_remainder(Money total, const std::vector<Decimal>& weights, Money step) {
  std::vector<detail::Int256> w;
  w.reserve(weights.size());
  for (const auto& d : weights) w.push_back(detail::wide(d.raw()));
  return allocate_money(total, w, step);
}

std::vector<std::int64_t> allocate_largest_remainder(std::int64_t total, const std::vector<__int128>& weights) {
  std::vector<detail::Int256> w;
  w.reserve(weights.size());
  for (auto v : weights) w.push_back(detail::wide(v));
  return allocate_units(total, w, nullptr);
}

std::vector<Decimal> allocate_largest_remainder(Decimal total, const std::vector<Decimal>& weights) {
  std::vector<detail::Int256> w;
  w.reserve(weights.size());
  for (const auto& d : weights) w.push_back(detail::wide(d.raw()));
  const auto parts = allocate_wide(detail::wide(total.raw()), w, nullptr);
  std::vector<Decimal> out;
  out.reserve(parts.size());
  for (const auto& p : parts) out.push_back(Decimal::from_raw(detail::narrow(p)));
  return out;
}

}  // namespace dbcost
