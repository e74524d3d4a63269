#include "spot/spot_model.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "core/errors.h"
#include "io/yaml_reader.h"

namespace dbcost {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The sampler's draws, counted when kCount. Callers only ask for draws that consume the generator, so
// the counts are the generator work the model needs.
template <bool kCount>
class Draws {
 public:
  Draws(Sampler& s, detail::SpotDrawCounts* counts) : s_(s), counts_(counts) {}
  double exponential(double rate) {
    if constexpr (kCount) ++counts_->exponential;
    return s_.exponential(rate);
  }
  double uniform() {
    if constexpr (kCount) ++counts_->uniform;
    return s_.uniform();
  }
  double lognormal(double mean, double cv) {
    if (mean <= 0) return 0;
    if (cv <= 0) return mean;
    if constexpr (kCount) ++counts_->lognormal;
    return s_.lognormal(mean, cv);
  }
  // 1 with probability p, drawing only when p is strictly between 0 and 1.
  bool chance(double p) {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return uniform() < p;
  }

 private:
  Sampler& s_;
  detail::SpotDrawCounts* counts_;
};

enum class Source { Driver, Worker, Capacity };

// Node-minutes by price class.
struct NodeMinutes {
  double driver_on_demand = 0;
  double driver_spot = 0;
  double worker_on_demand = 0;
  double worker_spot = 0;
};

void bill(const NodeMinutes& m, const ClusterNodes& n, double spot_factor, SpotSegment& out) {
  out.vm_cost =
      (m.driver_on_demand * n.driver_vm_on_demand_per_hour + m.driver_spot * (n.driver_vm_spot_per_hour * spot_factor) +
       m.worker_on_demand * n.worker_vm_on_demand_per_hour +
       m.worker_spot * (n.worker_vm_spot_per_hour * spot_factor)) /
      60;
  out.dbus = ((m.driver_on_demand + m.driver_spot) * n.driver_dbus_per_hour +
              (m.worker_on_demand + m.worker_spot) * n.worker_dbus_per_hour) /
             60;
  out.dbu_cost = out.dbus * n.price_per_dbu;
}

// Pending replacements' join times: a min-heap in the run itself for clusters of up to kInlineWorkers, else in a
// per-thread buffer that only grows, so a call does not allocate.
constexpr int kInlineWorkers = 64;

double* pending_storage(int workers, double* inline_storage) {
  if (workers <= kInlineWorkers) return inline_storage;
  thread_local std::vector<double> buffer;
  if (buffer.size() < static_cast<std::size_t>(workers)) buffer.resize(static_cast<std::size_t>(workers));
  return buffer.data();
}

template <bool kCount>
class SegmentRun {
 public:
  SegmentRun(double work, const ClusterNodes& nodes, const SpotParams& p, Sampler& sampler,
             detail::SpotDrawCounts* counts, std::optional<double> timeout_minutes)
      : nodes_(nodes),
        p_(p),
        draw_(sampler, counts),
        work_(std::max(0.0, work)),
        limit_(segment_limit_minutes(work_, timeout_minutes)),
        workers_(std::max(0, nodes.workers)),
        spot_configured_(std::clamp(nodes.spot_workers, 0, workers_)),
        on_demand_configured_(workers_ - spot_configured_) {}

  SpotSegment run(bool expected_value) {
    if (expected_value || (spot_configured_ == 0 && !nodes_.driver_on_spot)) return failure_free(1.0);
    const double spot_factor = draw_.lognormal(1.0, p_.spot_price_cv);
    const double hazard = std::max(0.0, p_.eviction_rate_per_hour);
    const double capacity = spot_configured_ > 0 ? std::max(0.0, p_.capacity_event_rate_per_hour) : 0.0;
    if (hazard == 0 && capacity == 0 && !(p_.spot_bid_per_hour > 0)) return failure_free(spot_factor);
    return simulate(spot_factor, hazard / 60, capacity / 60);
  }

 private:
  SpotSegment failure_free(double spot_factor) {
    (nodes_.driver_on_spot ? m_.driver_spot : m_.driver_on_demand) = work_;
    m_.worker_on_demand = on_demand_configured_ * work_;
    m_.worker_spot = spot_configured_ * work_;
    out_.minutes = work_;
    bill(m_, nodes_, spot_factor, out_);
    return out_;
  }

  SpotSegment simulate(double spot_factor, double node_hazard, double capacity_hazard) {
    const bool map_output_saved = p_.graceful_decommission && p_.notice_seconds >= p_.decommission_seconds_needed;
    map_loss_probability_ = map_output_saved ? 0.0 : p_.map_output_loss_probability;
    worker_share_ = workers_ > 0 ? 1.0 / workers_ : 0.0;
    in_flight_rate_ = p_.in_flight_minutes > 0 ? 1.0 / p_.in_flight_minutes : 0.0;
    pending_ = pending_storage(workers_, inline_pending_);

    if (p_.spot_bid_per_hour > 0) {
      const bool driver_over =
          nodes_.driver_on_spot && nodes_.driver_vm_spot_per_hour * spot_factor > p_.spot_bid_per_hour;
      const bool workers_over =
          spot_configured_ > 0 && nodes_.worker_vm_spot_per_hour * spot_factor > p_.spot_bid_per_hour;
      if (driver_over || workers_over) price_eviction_at_ = draw_.uniform() * work_;
    }

    double budget = 0;  // unit-rate exponential clock of the next hazard event, consumed at the current rate
    bool have_budget = false;
    long events = 0;
    bool ok = start_attempt();
    while (ok) {
      if (t_ > limit_) {  // a restart's wait passed the limit; no cluster was up, nothing to bill
        t_ = limit_;
        out_.timed_out = true;
        break;
      }
      if (++events > kMaxSegmentEvents) {
        continue_at_mean_rates();
        break;
      }
      if (events == kMaxSegmentEvents / 2) open_window();
      const int live = spot_live_ + on_demand_live_;
      if (workers_ > 0 && live == 0 && pending_count_ == 0) {
        ok = restart();
        continue;
      }
      const double rate = workers_ == 0 || live == workers_ ? 1.0 : live * worker_share_;
      const double driver_rate = driver_spot_ ? node_hazard : 0.0;
      const double worker_rate = spot_live_ * node_hazard;
      const double event_rate = spot_live_ > 0 ? capacity_hazard : 0.0;
      const double hazard = driver_rate + worker_rate + event_rate;
      if (hazard > 0 && !have_budget) {
        budget = draw_.exponential(1.0);
        have_budget = true;
      }

      const double remaining = std::max(0.0, work_ - done_);
      const double finish_at = rate == 1.0 ? t_ + remaining : rate > 0 ? t_ + remaining / rate : kInf;
      const double join_at = pending_count_ == 0 ? kInf : pending_[0];
      const double hazard_at = hazard > 0 ? t_ + budget / hazard : kInf;
      const double next =
          std::min(std::min(std::min(finish_at, join_at), std::min(hazard_at, price_eviction_at_)), limit_);

      const double dt = next - t_;
      (driver_spot_ ? m_.driver_spot : m_.driver_on_demand) += dt;
      m_.worker_on_demand += on_demand_live_ * dt;
      m_.worker_spot += spot_live_ * dt;
      if (hazard > 0) budget = std::max(0.0, budget - hazard * dt);
      t_ = next;

      if (next == finish_at) break;
      if (next == limit_) {
        out_.timed_out = true;
        break;
      }
      window_.gross += rate * dt;
      window_.done_minutes += (done_ + rate * dt / 2) * dt;
      done_ += rate * dt;

      if (next == price_eviction_at_) {
        price_eviction_at_ = kInf;
        spot_available_ = false;
        if (driver_spot_) {
          out_.evictions += 1 + spot_live_;
          ok = restart();
        } else {
          lose_workers(spot_live_);
        }
      } else if (next == join_at) {
        std::pop_heap(pending_, pending_ + pending_count_, std::greater<>());
        --pending_count_;
        if (spot_available_ && !draw_.chance(p_.spot_unavailable_probability)) {
          ++spot_live_;
        } else if (p_.fallback_to_on_demand) {
          ++on_demand_live_;
        }
      } else {
        have_budget = false;
        Source source = driver_rate > 0 ? Source::Driver : worker_rate > 0 ? Source::Worker : Source::Capacity;
        if ((driver_rate > 0) + (worker_rate > 0) + (event_rate > 0) > 1) {
          const double pick = draw_.uniform() * hazard;
          source = pick < driver_rate                 ? Source::Driver
                   : pick < driver_rate + worker_rate ? Source::Worker
                                                      : Source::Capacity;
        }
        if (source == Source::Driver) {
          out_.evictions += 1;
          ok = restart();
        } else if (source == Source::Worker) {
          lose_workers(1);
        } else {
          const double share = std::clamp(p_.capacity_event_fraction, 0.0, 1.0) * spot_live_;
          const double whole = std::floor(share);
          const double taken = share > whole ? std::floor(share + draw_.uniform()) : whole;
          lose_workers(std::min(spot_live_, static_cast<int>(taken)));
        }
      }
    }

    out_.failed = !ok || out_.timed_out;
    out_.minutes = std::min(t_, limit_);
    bill(m_, nodes_, spot_factor, out_);
    return out_;
  }

  // Past the event budget: the rest of the segment, to the end of the work or to the limit, is projected from the
  // window (the attempt's start, or half the budget if later, to now). Nodes are billed and evicted at the window's
  // mean rates. The work follows d(done)/dt = a − b·done, with a the window's mean speed less its in-flight losses
  // and b its map output lost per minute per minute of work done: it settles at a/b, and finishes only when a/b
  // is above the work.
  void continue_at_mean_rates() {
    out_.extrapolated = true;
    const Window& w = window_;
    const double span = t_ - w.t;
    double finish = kInf;
    if (span > 0) {
      const double a = (w.gross - w.flight_lost) / span;
      const double b = w.done_minutes > 0 ? w.map_lost / w.done_minutes : 0;
      if (b > 0) {
        const double level = a / b;
        if (level > work_) finish = t_ + std::log((level - done_) / (level - work_)) / b;
      } else if (a > 0) {
        finish = t_ + (work_ - done_) / a;
      }
    }
    const double end = std::min(finish, limit_);
    if (span > 0 && end > t_) {
      const double scale = (end - t_) / span;
      m_.driver_on_demand += (m_.driver_on_demand - w.billed.driver_on_demand) * scale;
      m_.driver_spot += (m_.driver_spot - w.billed.driver_spot) * scale;
      m_.worker_on_demand += (m_.worker_on_demand - w.billed.worker_on_demand) * scale;
      m_.worker_spot += (m_.worker_spot - w.billed.worker_spot) * scale;
      out_.evictions += (out_.evictions - w.evictions) * scale;
    }
    out_.timed_out = !(finish <= limit_);
    t_ = std::max(t_, end);
  }

  void open_window() { window_ = Window{t_, m_, out_.evictions}; }

  // A fresh cluster; false when it cannot get a driver (spot gone, no fallback).
  bool start_attempt() {
    done_ = 0;
    open_window();
    pending_count_ = 0;
    if (spot_available_) {
      spot_live_ = spot_configured_;
      on_demand_live_ = on_demand_configured_;
      driver_spot_ = nodes_.driver_on_spot;
      return true;
    }
    spot_live_ = 0;
    on_demand_live_ = p_.fallback_to_on_demand ? workers_ : on_demand_configured_;
    driver_spot_ = false;
    return !nodes_.driver_on_spot || p_.fallback_to_on_demand;
  }

  // After the attempt died: false when the segment has failed.
  bool restart() {
    if (out_.attempts - 1 >= p_.max_retries) return false;
    ++out_.attempts;
    t_ += draw_.lognormal(p_.replacement_minutes_mean, p_.replacement_minutes_cv);
    if (price_eviction_at_ <= t_) {
      price_eviction_at_ = kInf;
      spot_available_ = false;
    }
    return start_attempt();
  }

  void lose_workers(int k) {
    spot_live_ -= k;
    out_.evictions += k;
    double lost = 0, map_lost = 0;
    for (int i = 0; i < k; ++i) {
      if (draw_.chance(map_loss_probability_)) {
        lost += done_;
        map_lost += done_;
      }
      if (in_flight_rate_ > 0) lost += draw_.exponential(in_flight_rate_);
      pending_[pending_count_++] = t_ + draw_.lognormal(p_.replacement_minutes_mean, p_.replacement_minutes_cv);
      std::push_heap(pending_, pending_ + pending_count_, std::greater<>());
    }
    const double taken = std::min(done_, lost * worker_share_);
    const double map_taken = lost > 0 ? taken * (map_lost / lost) : 0;
    window_.map_lost += map_taken;
    window_.flight_lost += taken - map_taken;
    done_ = std::max(0.0, done_ - lost * worker_share_);
  }

  const ClusterNodes& nodes_;
  const SpotParams& p_;
  Draws<kCount> draw_;
  const double work_;
  const double limit_;
  const int workers_;
  const int spot_configured_;
  const int on_demand_configured_;
  double map_loss_probability_ = 0;
  double worker_share_ = 0;
  double in_flight_rate_ = 0;

  SpotSegment out_;
  NodeMinutes m_;
  bool spot_available_ = true;
  int spot_live_ = 0;
  int on_demand_live_ = 0;
  bool driver_spot_ = false;
  double done_ = 0;
  double t_ = 0;
  // Sums over the projection window (continue_at_mean_rates), from its start.
  struct Window {
    double t = 0;
    NodeMinutes billed;       // m_ at the start
    double evictions = 0;     // out_.evictions at the start
    double gross = 0;         // work done at the cluster's speed
    double flight_lost = 0;   // in-flight work lost
    double map_lost = 0;      // map output lost
    double done_minutes = 0;  // ∫ done dt
  };
  Window window_;
  double price_eviction_at_ = kInf;  // the spot price crosses the bid: no spot from then on
  double* pending_ = nullptr;
  int pending_count_ = 0;
  double inline_pending_[kInlineWorkers];
};

template <bool kCount>
SpotSegment simulate(double failure_free_minutes, const ClusterNodes& nodes, const SpotParams& p, Sampler& sampler,
                     detail::SpotDrawCounts* counts, std::optional<double> timeout_minutes) {
  return SegmentRun<kCount>(failure_free_minutes, nodes, p, sampler, counts, timeout_minutes)
      .run(sampler.expected_value());
}

}  // namespace

double segment_limit_minutes(double failure_free_minutes, std::optional<double> timeout_minutes) {
  const double t = std::max(0.0, failure_free_minutes);
  const double limit = timeout_minutes ? *timeout_minutes : std::max(kLimitFactor * t, t + kLimitFloorMinutes);
  return std::max(t, limit);
}

SpotSegment simulate_spot_segment(double failure_free_minutes, const ClusterNodes& nodes, const SpotParams& params,
                                  Sampler& sampler, std::optional<double> timeout_minutes) {
  return simulate<false>(failure_free_minutes, nodes, params, sampler, nullptr, timeout_minutes);
}

namespace detail {

SpotSegment simulate_spot_segment_counted(double failure_free_minutes, const ClusterNodes& nodes,
                                          const SpotParams& params, Sampler& sampler, SpotDrawCounts& counts,
                                          std::optional<double> timeout_minutes) {
  return simulate<true>(failure_free_minutes, nodes, params, sampler, &counts, timeout_minutes);
}

}  // namespace detail
namespace {

constexpr double kMaxEvictionRate = 1000;

bool is_eviction_rate(double rate) { return rate >= 0 && rate <= kMaxEvictionRate; }

}  // namespace

double check_eviction_rate(double rate, const std::string& field) {
  if (!is_eviction_rate(rate)) {
    std::ostringstream text;
    text << rate;
    throw InputError({"", 0, 0, field},
                     "expected an eviction rate per spot node-hour from 0 to 1000, got " + text.str());
  }
  return rate;
}

double read_eviction_rate(const YamlView& v) {
  const std::string text = v.is_scalar() ? v.as_string() : "";
  double rate = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), rate);
  if (!v.is_scalar() || ec != std::errc() || end != text.data() + text.size() || !is_eviction_rate(rate))
    v.fail("expected an eviction rate per spot node-hour from 0 to 1000, got '" + text + "'");
  return rate;
}

std::vector<double> parse_eviction_rates(const std::string& text, const std::string& field) {
  std::vector<double> rates;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');) {
    std::size_t used = 0;
    double r = -1;
    try {
      r = std::stod(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != item.size() || !is_eviction_rate(r))
      throw InputError({"", 0, 0, field}, "expected rates per node-hour from 0 to 1000, got '" + item + "'");
    rates.push_back(r);
  }
  return rates;
}

}  // namespace dbcost
