#include "spot/spot_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>

#include "montecarlo/rng.h"

namespace dbcost {
namespace {

// Monte Carlo means are checked against closed forms (derived by hand; the restart form as in
// https://math.stackexchange.com/q/2782358) to within kSigmas standard errors at a fixed seed.
const double kSigmas = 4;
const int kTrials = 20000;
const std::uint64_t kSeed = 20260401;
// Wall times that are sums of event intervals equal T up to rounding.
const double kRoundingMinutes = 1e-9;

struct Moments {
  long n = 0;
  double sum = 0;
  double sum_sq = 0;
  void add(double x) {
    ++n;
    sum += x;
    sum_sq += x * x;
  }
  double mean() const { return sum / n; }
  double standard_error() const {
    const double var = (sum_sq - sum * sum / n) / (n - 1);
    return std::sqrt(std::max(0.0, var) / n);
  }
};

SpotSegment draw(double minutes, const ClusterNodes& nodes, const SpotParams& params, std::uint64_t trial,
                 std::optional<double> timeout_minutes = std::nullopt) {
  Rng rng = make_rng(kSeed, trial);
  Sampler sampler(&rng);
  return simulate_spot_segment(minutes, nodes, params, sampler, timeout_minutes);
}

void for_trials(double minutes, const ClusterNodes& nodes, const SpotParams& params,
                const std::function<void(const SpotSegment&)>& visit,
                std::optional<double> timeout_minutes = std::nullopt) {
  for (int i = 0; i < kTrials; ++i) visit(draw(minutes, nodes, params, static_cast<std::uint64_t>(i), timeout_minutes));
}

// A timeout far past every draw of a test: the closed forms are for runs that are never stopped.
const double kNoStop = 1e9;

// Dyadic prices, so that node-hours x prices is exact in binary floating point.
ClusterNodes cluster(int workers, int spot_workers, bool driver_on_spot) {
  ClusterNodes n;
  n.workers = workers;
  n.spot_workers = spot_workers;
  n.driver_on_spot = driver_on_spot;
  n.driver_vm_on_demand_per_hour = 1.0;
  n.driver_vm_spot_per_hour = 0.25;
  n.worker_vm_on_demand_per_hour = 0.5;
  n.worker_vm_spot_per_hour = 0.125;
  n.driver_dbus_per_hour = 2.0;
  n.worker_dbus_per_hour = 1.5;
  n.price_per_dbu = 0.25;
  return n;
}

// Evictions that cost no work and no capacity: replacements join at once, nothing in flight or in map output.
SpotParams lossless(double hazard_per_hour) {
  SpotParams p;
  p.eviction_rate_per_hour = hazard_per_hour;
  p.in_flight_minutes = 0;
  p.map_output_loss_probability = 0;
  p.replacement_minutes_mean = 0;
  return p;
}

TEST(SpotModelTest, ZeroHazardReproducesOnDemandRuntimeAndPrices) {
  const double minutes = 90;  // 1.5 h
  SpotParams p;
  p.spot_price_cv = 0;
  for (std::uint64_t trial = 0; trial < 10; ++trial) {
    const auto spot = draw(minutes, cluster(4, 3, false), p, trial);
    EXPECT_EQ(spot.minutes, minutes);
    EXPECT_EQ(spot.evictions, 0);
    EXPECT_EQ(spot.attempts, 1);
    EXPECT_FALSE(spot.failed);
    // Driver 1.0 + 1 x 0.5 on demand + 3 x 0.125 spot = 1.875/h; DBUs 2 + 4 x 1.5 = 8/h.
    EXPECT_EQ(spot.vm_cost, 1.5 * 1.875);
    EXPECT_EQ(spot.dbus, 1.5 * 8);
    EXPECT_EQ(spot.dbu_cost, 1.5 * 8 * 0.25);

    const auto on_demand = draw(minutes, cluster(4, 0, false), p, trial);
    EXPECT_EQ(on_demand.minutes, minutes);
    EXPECT_EQ(on_demand.dbus, spot.dbus);
    // Savings: 3 worker node-hours x (0.5 - 0.125).
    EXPECT_EQ(on_demand.vm_cost - spot.vm_cost, 3 * 1.5 * (0.5 - 0.125));
  }
}

TEST(SpotModelTest, ExpectedValueModeRunsFailureFreeAtExpectedSpotPrice) {
  SpotParams p;
  p.eviction_rate_per_hour = 5;
  p.capacity_event_rate_per_hour = 5;
  p.spot_price_cv = 0.5;
  p.spot_bid_per_hour = 0.01;
  Sampler expected(nullptr);
  const auto s = simulate_spot_segment(90, cluster(4, 4, true), p, expected);
  EXPECT_EQ(s.minutes, 90);
  EXPECT_EQ(s.evictions, 0);
  EXPECT_EQ(s.attempts, 1);
  EXPECT_FALSE(s.failed);
  EXPECT_EQ(s.vm_cost, 1.5 * (0.25 + 4 * 0.125));
  EXPECT_EQ(s.dbus, 1.5 * 8);
}

TEST(SpotModelTest, EvictionsEqualHazardTimesSpotNodeHours) {
  // N spot workers kept at N by immediate replacements, no work lost: wall time is T and the evictions
  // are Poisson with mean N λ T.
  const double hazard = 0.5;
  const double minutes = 120;
  const int spot = 8;
  const double expected = spot * hazard * minutes / 60;
  Moments evictions;
  for_trials(minutes, cluster(10, spot, false), lossless(hazard), [&](const SpotSegment& s) {
    evictions.add(s.evictions);
    EXPECT_NEAR(s.minutes, minutes, kRoundingMinutes);
  });
  const double poisson_se = std::sqrt(expected / kTrials);
  EXPECT_NEAR(evictions.mean(), expected, kSigmas * poisson_se);
}

TEST(SpotModelTest, LargeClusterEvictionsEqualHazardTimesSpotNodeHours) {
  // Past 64 workers the pending replacements live in a per-thread buffer; capacity events of fraction 1 put
  // all 100 spot workers in it at once. Evictions: Poisson(N λ T) single ones plus N x Poisson(Λ T).
  const double hazard = 0.05;
  const double capacity_rate = 0.5;
  const double minutes = 120;
  const int spot = 100;
  SpotParams p = lossless(hazard);
  p.capacity_event_rate_per_hour = capacity_rate;
  const double singles = spot * hazard * minutes / 60;
  const double events = capacity_rate * minutes / 60;
  const double expected = singles + spot * events;
  const double variance = singles + spot * spot * events;
  Moments evictions;
  for_trials(minutes, cluster(120, spot, false), p, [&](const SpotSegment& s) {
    evictions.add(s.evictions);
    EXPECT_NEAR(s.minutes, minutes, kRoundingMinutes);
  });
  EXPECT_NEAR(evictions.mean(), expected, kSigmas * std::sqrt(variance / kTrials));
}

TEST(SpotModelTest, SpotDriverRestartsFollowTheRestartClosedForm) {
  // E[W] = (1/λ + R)(e^{λT} − 1): R is the replacement delay before the new attempt starts. Billed
  // driver time excludes R: (e^{λT} − 1)/λ. With on-demand workers the driver is the only thing that fails.
  struct Case {
    double hazard;
    double minutes;
    double restart_minutes;
    int on_demand_workers;
  };
  for (const Case c : {Case{0.5, 120, 6, 0}, Case{2, 30, 3, 0}, Case{1, 45, 4, 4}}) {
    SpotParams p = lossless(c.hazard);
    p.replacement_minutes_mean = c.restart_minutes;
    p.replacement_minutes_cv = 0;
    p.max_retries = 1000;
    const double lambda = c.hazard / 60;
    const double growth = std::expm1(lambda * c.minutes);
    const double expected_wall = (1 / lambda + c.restart_minutes) * growth;
    const double expected_billed_hours = growth / lambda / 60;
    const ClusterNodes nodes = cluster(c.on_demand_workers, 0, true);
    const double price_per_hour = 0.25 + c.on_demand_workers * 0.5;
    Moments wall, vm, attempts;
    for_trials(
        c.minutes, nodes, p,
        [&](const SpotSegment& s) {
          wall.add(s.minutes);
          vm.add(s.vm_cost);
          attempts.add(s.attempts);
          EXPECT_FALSE(s.failed);
          EXPECT_EQ(s.evictions, s.attempts - 1);
        },
        kNoStop);
    EXPECT_NEAR(wall.mean(), expected_wall, kSigmas * wall.standard_error()) << c.hazard;
    EXPECT_NEAR(vm.mean(), expected_billed_hours * price_per_hour, kSigmas * vm.standard_error()) << c.hazard;
    EXPECT_NEAR(attempts.mean(), growth + 1, kSigmas * attempts.standard_error()) << c.hazard;
  }
}

TEST(SpotModelTest, WithoutRetriesASpotDriverFailsWithProbabilityOneMinusSurvival) {
  const double hazard = 0.3;
  const double minutes = 90;
  const double p_fail = -std::expm1(-hazard * minutes / 60);
  Moments failed;
  for_trials(minutes, cluster(4, 0, true), lossless(hazard), [&](const SpotSegment& s) {
    failed.add(s.failed ? 1 : 0);
    EXPECT_EQ(s.attempts, 1);
    if (s.failed) {
      EXPECT_LT(s.minutes, minutes);
      EXPECT_EQ(s.evictions, 1);
    }
  });
  EXPECT_NEAR(failed.mean(), p_fail, kSigmas * std::sqrt(p_fail * (1 - p_fail) / kTrials));
}

TEST(SpotModelTest, CapacityEventOfFractionOneTakesEverySpotWorker) {
  const double rate = 1;
  const double minutes = 60;
  const int spot = 6;
  SpotParams p = lossless(0);
  p.capacity_event_rate_per_hour = rate;
  p.capacity_event_fraction = 1;
  // Replaced at once: every event takes all 6, so evictions / 6 is Poisson(Λ T).
  Moments events;
  for_trials(minutes, cluster(8, spot, false), p, [&](const SpotSegment& s) {
    EXPECT_EQ(std::fmod(s.evictions, spot), 0);
    events.add(s.evictions / spot);
  });
  const double expected_events = rate * minutes / 60;
  EXPECT_NEAR(events.mean(), expected_events, kSigmas * std::sqrt(expected_events / kTrials));
}

TEST(SpotModelTest, PlainSpotStaysShortAfterACapacityEvent) {
  // No spot capacity and no fallback: after the first event at τ the 2 on-demand workers of 8 go on at 1/4
  // speed, so W = T + 3 (T − τ)⁺ and E[W] = T + 3 (T − (1 − e^{−ΛT})/Λ).
  const double rate = 1;
  const double minutes = 60;
  SpotParams p = lossless(0);
  p.capacity_event_rate_per_hour = rate;
  p.spot_unavailable_probability = 1;
  p.fallback_to_on_demand = false;
  const double lambda = rate / 60;
  const double mean_spot_span = -std::expm1(-lambda * minutes) / lambda;
  Moments wall;
  for_trials(minutes, cluster(8, 6, false), p, [&](const SpotSegment& s) {
    EXPECT_TRUE(s.evictions == 0 || s.evictions == 6) << s.evictions;
    wall.add(s.minutes);
  });
  EXPECT_NEAR(wall.mean(), minutes + 3 * (minutes - mean_spot_span), kSigmas * wall.standard_error());
}

TEST(SpotModelTest, FallbackBillsReplacementsOnDemand) {
  // Spot unavailable with fallback: the 6 spot workers become on-demand at the first event τ, at once.
  // Spot worker-minutes 6 E[min(τ, T)], on-demand 2T + 6(T − E[min(τ, T)]); wall time T.
  const double rate = 1;
  const double minutes = 60;
  SpotParams p = lossless(0);
  p.capacity_event_rate_per_hour = rate;
  p.spot_unavailable_probability = 1;
  const double lambda = rate / 60;
  const double spot_span = -std::expm1(-lambda * minutes) / lambda;
  const double expected_vm =
      (minutes * 1.0 + (2 * minutes + 6 * (minutes - spot_span)) * 0.5 + 6 * spot_span * 0.125) / 60;
  Moments vm;
  for_trials(minutes, cluster(8, 6, false), p, [&](const SpotSegment& s) {
    EXPECT_NEAR(s.minutes, minutes, kRoundingMinutes);
    vm.add(s.vm_cost);
  });
  EXPECT_NEAR(vm.mean(), expected_vm, kSigmas * vm.standard_error());
}

TEST(SpotModelTest, ClusterWithNoWorkerLeftFailsTheAttempt) {
  // All workers spot, none to replace them: the first capacity event strands the cluster.
  const double rate = 1;
  const double minutes = 60;
  SpotParams p = lossless(0);
  p.capacity_event_rate_per_hour = rate;
  p.spot_unavailable_probability = 1;
  p.fallback_to_on_demand = false;
  const double p_fail = -std::expm1(-rate * minutes / 60);
  Moments failed;
  for_trials(minutes, cluster(4, 4, false), p, [&](const SpotSegment& s) { failed.add(s.failed ? 1 : 0); });
  EXPECT_NEAR(failed.mean(), p_fail, kSigmas * std::sqrt(p_fail * (1 - p_fail) / kTrials));
}

TEST(SpotModelTest, GracefulDecommissionWithEnoughNoticeKeepsMapOutput) {
  // Every eviction would lose the node's map output (probability 1), nothing else is lost and replacements
  // are immediate: saved map output leaves the wall time at T, and the evictions are Poisson(N λ T).
  const double hazard = 0.5;
  const double minutes = 120;
  const int spot = 8;
  SpotParams p = lossless(hazard);
  p.map_output_loss_probability = 1;
  p.decommission_seconds_needed = 60;
  p.graceful_decommission = true;
  p.notice_seconds = 120;
  Moments saved, evictions;
  for_trials(minutes, cluster(spot, spot, false), p, [&](const SpotSegment& s) {
    EXPECT_NEAR(s.minutes, minutes, kRoundingMinutes);
    saved.add(s.minutes);
    evictions.add(s.evictions);
  });
  const double expected = spot * hazard * minutes / 60;
  EXPECT_NEAR(evictions.mean(), expected, kSigmas * std::sqrt(expected / kTrials));

  struct Case {
    bool graceful;
    double notice_seconds;
  };
  // Without decommissioning (all else equal), and with a notice too short for the 60 s migration.
  for (const Case c : {Case{false, 120}, Case{true, 30}}) {
    SpotParams lost = p;
    lost.graceful_decommission = c.graceful;
    lost.notice_seconds = c.notice_seconds;
    Moments wall;
    for_trials(minutes, cluster(spot, spot, false), lost, [&](const SpotSegment& s) { wall.add(s.minutes); });
    EXPECT_GT(wall.mean() - saved.mean(), kSigmas * wall.standard_error()) << c.graceful << c.notice_seconds;
  }
}

TEST(SpotModelTest, PriceAboveTheBidEvictsEverySpotNode) {
  // Spot price 0.125 against a 0.1 bid: all 4 spot workers go at a uniform time within T and come back on
  // demand at once; spot worker-minutes average 4 T/2.
  const double minutes = 60;
  SpotParams p = lossless(0);
  p.spot_bid_per_hour = 0.1;
  const double expected_vm = (minutes * 1.0 + 4 * minutes / 2 * 0.125 + 4 * minutes / 2 * 0.5) / 60;
  Moments vm;
  for_trials(minutes, cluster(4, 4, false), p, [&](const SpotSegment& s) {
    EXPECT_EQ(s.evictions, 4);
    EXPECT_NEAR(s.minutes, minutes, kRoundingMinutes);
    vm.add(s.vm_cost);
  });
  EXPECT_NEAR(vm.mean(), expected_vm, kSigmas * vm.standard_error());

  p.spot_bid_per_hour = 0.2;
  EXPECT_EQ(draw(minutes, cluster(4, 4, false), p, 0).evictions, 0);
}

TEST(SpotModelTest, PriceEvictionDuringARestartGapPutsTheNextAttemptOnDemand) {
  // The spot driver goes at ε ~ Exp(λ) (by hazard) or at U·T (by price), whichever comes first; the restart
  // waits R = 60 min, and a price eviction that falls in that gap still leaves no spot for the next attempt,
  // which gets an on-demand driver (fallback) and finishes. So every run makes 2 attempts with 1 eviction,
  // and W = min(ε, U·T) + R + T with E[min(ε, U·T)] = (1 − (1 − e^{−λT})/(λT))/λ.
  const double hazard = 600;
  const double minutes = 60;
  const double restart = 60;
  SpotParams p = lossless(hazard);
  p.replacement_minutes_mean = restart;
  p.replacement_minutes_cv = 0;
  p.max_retries = 5;
  p.spot_bid_per_hour = 0.1;  // below the driver's 0.25 spot price
  const double lambda = hazard / 60;
  const double first_loss = (1 + std::expm1(-lambda * minutes) / (lambda * minutes)) / lambda;
  Moments wall;
  for_trials(minutes, cluster(0, 0, true), p, [&](const SpotSegment& s) {
    EXPECT_FALSE(s.failed);
    EXPECT_EQ(s.attempts, 2);
    EXPECT_EQ(s.evictions, 1);
    wall.add(s.minutes);
  });
  EXPECT_NEAR(wall.mean(), first_loss + restart + minutes, kSigmas * wall.standard_error());
}

SpotParams eventful() {
  SpotParams p;
  p.eviction_rate_per_hour = 0.8;
  p.capacity_event_rate_per_hour = 0.3;
  p.capacity_event_fraction = 0.5;
  p.spot_unavailable_probability = 0.2;
  p.max_retries = 3;
  p.spot_price_cv = 0.2;
  return p;
}

TEST(SpotModelTest, SameSeedAndTrialGiveTheSameDraw) {
  const ClusterNodes nodes = cluster(8, 6, true);
  for (std::uint64_t trial = 0; trial < 50; ++trial) {
    const auto a = draw(180, nodes, eventful(), trial);
    const auto b = draw(180, nodes, eventful(), trial);
    EXPECT_EQ(a.minutes, b.minutes);
    EXPECT_EQ(a.vm_cost, b.vm_cost);
    EXPECT_EQ(a.dbus, b.dbus);
    EXPECT_EQ(a.evictions, b.evictions);
    EXPECT_EQ(a.attempts, b.attempts);
    EXPECT_EQ(a.failed, b.failed);
  }
  EXPECT_NE(draw(180, nodes, eventful(), 1).vm_cost, draw(180, nodes, eventful(), 2).vm_cost);
}

TEST(SpotModelTest, CountedDrawsGiveTheSameResult) {
  const ClusterNodes nodes = cluster(8, 6, true);
  detail::SpotDrawCounts counts;
  for (std::uint64_t trial = 0; trial < 50; ++trial) {
    Rng rng = make_rng(kSeed, trial);
    Sampler sampler(&rng);
    const auto counted = detail::simulate_spot_segment_counted(180, nodes, eventful(), sampler, counts);
    const auto plain = draw(180, nodes, eventful(), trial);
    EXPECT_EQ(counted.minutes, plain.minutes);
    EXPECT_EQ(counted.vm_cost, plain.vm_cost);
  }
  EXPECT_GE(counts.exponential, 50);
  EXPECT_GT(counts.lognormal, 0);
}

TEST(SpotModelTest, SegmentLimitIsTheTimeoutOrTheDefaultButNeverBelowTheFailureFreeTime) {
  EXPECT_EQ(segment_limit_minutes(30, std::nullopt), 300);  // 10 T
  EXPECT_EQ(segment_limit_minutes(5, std::nullopt), 65);    // T + 60 min
  EXPECT_EQ(segment_limit_minutes(0, std::nullopt), 60);
  EXPECT_EQ(segment_limit_minutes(30, 45.0), 45);
  EXPECT_EQ(segment_limit_minutes(30, 1e6), 1e6);
  EXPECT_EQ(segment_limit_minutes(30, 10.0), 30);
  EXPECT_EQ(segment_limit_minutes(30, -5.0), 30);  // the run was past its timeout before the segment
}

// Every eviction loses all the work done (map output always lost, 1/workers of it per worker) and the
// replacement joins at once, so the cluster is always whole and the work stays near 0.
SpotParams hopeless(double hazard) {
  SpotParams p = lossless(hazard);
  p.map_output_loss_probability = 1;
  return p;
}

TEST(SpotModelTest, ASegmentThatCannotKeepUpStopsAtItsTimeoutBilledByHand) {
  // One spot worker at 60 per node-hour: a 30-minute task needs 30 minutes without an eviction (e^-30). The
  // cluster is whole until the 45-minute timeout: driver 1.0 + worker 0.125 = 1.125/h, DBUs 2 + 1.5 = 3.5/h.
  for (std::uint64_t trial = 0; trial < 20; ++trial) {
    const auto s = draw(30, cluster(1, 1, false), hopeless(60), trial, 45.0);
    EXPECT_TRUE(s.failed);
    EXPECT_TRUE(s.timed_out);
    EXPECT_FALSE(s.extrapolated);
    EXPECT_EQ(s.attempts, 1);
    EXPECT_EQ(s.minutes, 45);
    EXPECT_NEAR(s.vm_cost, 0.75 * 1.125, 1e-12);
    EXPECT_NEAR(s.dbus, 0.75 * 3.5, 1e-12);
    EXPECT_NEAR(s.dbu_cost, 0.75 * 3.5 * 0.25, 1e-12);
    EXPECT_GT(s.evictions, 15);  // Poisson(45)
    EXPECT_LT(s.evictions, 80);
  }
  // Without a timeout, the default limit: 10 x 30 minutes.
  const auto capped = draw(30, cluster(1, 1, false), hopeless(60), 0);
  EXPECT_TRUE(capped.failed && capped.timed_out);
  EXPECT_EQ(capped.minutes, 300);
  EXPECT_NEAR(capped.vm_cost, 5 * 1.125, 1e-12);
  EXPECT_NEAR(capped.dbus, 5 * 3.5, 1e-12);
}

TEST(SpotModelTest, ARestartWaitPastTheTimeoutBillsNothingAfterTheLoss) {
  // A spot driver alone, lost within seconds at 600 per node-hour; the restart waits 60 minutes, past the
  // 30-minute timeout: the segment stops at 30 minutes, billed for the driver's minutes before the loss only.
  SpotParams p = lossless(600);
  p.replacement_minutes_mean = 60;
  p.replacement_minutes_cv = 0;
  p.max_retries = 5;
  for (std::uint64_t trial = 0; trial < 20; ++trial) {
    const auto s = draw(20, cluster(0, 0, true), p, trial, 30.0);
    EXPECT_TRUE(s.failed && s.timed_out);
    EXPECT_EQ(s.minutes, 30);
    EXPECT_EQ(s.attempts, 2);
    EXPECT_EQ(s.evictions, 1);
    EXPECT_GT(s.vm_cost, 0);
    EXPECT_LT(s.vm_cost, 20.0 / 60 * 0.25);  // the loss came before the 20 minutes of work were done
  }
}

TEST(SpotModelTest, AtTheLargestRateTheDrawsAreBoundedAndTheRestIsBilledAtTheMeanRates) {
  // 1000 evictions per node-hour on 64 spot workers with a 10,000-minute timeout: about 10.7 million
  // evictions if all were drawn. The budget stops the draws; the cluster is always whole, so the rest is billed
  // exactly at driver 1.0 + 64 x 0.125 = 9/h and DBUs 2 + 64 x 1.5 = 98/h, and the work never gets done.
  const double limit = 10000;
  detail::SpotDrawCounts counts;
  Rng rng = make_rng(kSeed, 0);
  Sampler sampler(&rng);
  const auto s =
      detail::simulate_spot_segment_counted(30, cluster(64, 64, false), hopeless(1000), sampler, counts, limit);
  EXPECT_TRUE(s.extrapolated && s.timed_out && s.failed);
  EXPECT_EQ(s.minutes, limit);
  EXPECT_NEAR(s.vm_cost / (limit / 60 * 9), 1, 1e-12);
  EXPECT_NEAR(s.dbus / (limit / 60 * 98), 1, 1e-12);
  // One exponential per eviction (nothing else is random here); about half the events are replacements.
  EXPECT_LE(counts.exponential + counts.uniform + counts.lognormal, kMaxSegmentEvents);
  EXPECT_GE(counts.exponential, kMaxSegmentEvents / 2 - 1);
  // Evictions at the mean rate seen: 64 x 1000 / 60 a minute, estimated from about 2048 (2.2% standard error).
  EXPECT_NEAR(s.evictions / (64 * 1000.0 / 60 * limit), 1, 0.1);
}

TEST(SpotModelTest, PastTheBudgetARunThatKeepsUpFinishesAtItsMeanProgress) {
  // Lossless evictions on 64 spot workers at 60 per node-hour (64 a minute): the budget runs out about 32
  // minutes into a 600-minute task that runs at full speed; it ends at 600, billed 10 h x 9/h and 10 h x 98 DBU/h.
  const auto s = draw(600, cluster(64, 64, false), lossless(60), 0);
  EXPECT_TRUE(s.extrapolated);
  EXPECT_FALSE(s.failed || s.timed_out);
  EXPECT_NEAR(s.minutes, 600, 1e-9);
  EXPECT_NEAR(s.vm_cost, 10 * 9, 1e-9);
  EXPECT_NEAR(s.dbus, 10 * 98, 1e-9);
}

TEST(SpotModelTest, ALimitNotReachedChangesNoDraw) {
  const ClusterNodes nodes = cluster(8, 6, true);
  for (std::uint64_t trial = 0; trial < 50; ++trial) {
    const auto capped = draw(180, nodes, eventful(), trial);
    const auto far = draw(180, nodes, eventful(), trial, 1e6);
    ASSERT_FALSE(capped.timed_out || capped.extrapolated);
    EXPECT_EQ(capped.minutes, far.minutes);
    EXPECT_EQ(capped.vm_cost, far.vm_cost);
    EXPECT_EQ(capped.dbus, far.dbus);
    EXPECT_EQ(capped.evictions, far.evictions);
    EXPECT_EQ(capped.attempts, far.attempts);
    EXPECT_EQ(capped.failed, far.failed);
  }
}

}  // namespace
}  // namespace dbcost
