// An idle circuit reads 0 A and 0 W, not sensor noise.
#include <doctest/doctest.h>

#include "power_measurement.h"
#include "rms_accumulator.h"
#include "support/synthetic_mains.h"

namespace {
PowerReading measure(const MainsSignal& s) {
  std::mt19937 rng(42);
  RmsAccumulator acc(static_cast<float>(s.ideal_phase_cal()));
  double t = feed(acc, s, 0.0, 2.0, rng);
  acc.take_period();
  feed(acc, s, t, 1.0, rng);
  return compute_power(acc.take_period(), test_calibration(s));
}
}  // namespace

TEST_CASE("idle: +-2 counts of ADC noise on the current channel reads exactly 0 A, 0 W, PF 0") {
  MainsSignal s;
  s.irms_a = 0;
  s.noise_counts = 2.0;
  const PowerReading r = measure(s);
  CHECK(r.vrms_v == doctest::Approx(230.0).epsilon(0.005));
  CHECK(r.irms_a == 0.0f);
  CHECK(r.power_w == 0.0f);
  CHECK(r.apparent_power_va == 0.0f);
  CHECK(r.power_factor == 0.0f);
}

TEST_CASE("the floor does not hide a real small load") {
  MainsSignal s;
  s.irms_a = 0.25;  // a 60 W bulb
  s.noise_counts = 2.0;
  const PowerReading r = measure(s);
  CHECK(r.irms_a == doctest::Approx(0.25).epsilon(0.05));
  CHECK(r.power_w > 50.0f);
}

TEST_CASE("the noise floor is below the smallest load and above the noise it must hide") {
  const float floor_a = IRMS_NOISE_FLOOR_A;
  CHECK(floor_a > 2.0f * AMPS_PER_COUNT / 1.7320508f);  // rms of +-2 counts uniform noise is 1.15 counts
  CHECK(floor_a < 0.25f);
}

TEST_CASE("no mains (voltage sensor unplugged): 0 V and 0 W, current still reported") {
  MainsSignal s;
  s.vrms_v = 0;
  s.irms_a = 1.0;
  const PowerReading r = measure(s);
  CHECK(r.vrms_v == 0.0f);
  CHECK(r.power_w == 0.0f);
  CHECK(r.irms_a == doctest::Approx(1.0).epsilon(0.02));
}
