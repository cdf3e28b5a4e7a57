// True-RMS, real power and power factor on synthetic mains.
#include <doctest/doctest.h>

#include "power_measurement.h"
#include "rms_accumulator.h"
#include "support/synthetic_mains.h"

namespace {
// Settles the DC trackers for 2 s, then measures one 1 s report period.
PowerReading measure(const MainsSignal& s, float phase_cal, PeriodSums* sums_out = nullptr, double period_s = 1.0) {
  std::mt19937 rng(7);
  RmsAccumulator acc(phase_cal);
  double t = feed(acc, s, 0.0, 2.0, rng);
  acc.take_period();
  feed(acc, s, t, period_s, rng);
  PeriodSums sums = acc.take_period();
  if (sums_out) *sums_out = sums;
  return compute_power(sums, test_calibration(s));
}
}  // namespace

TEST_CASE("resistive load: Vrms, Irms in amperes, real power = apparent, PF 1") {
  MainsSignal s;
  const PowerReading r = measure(s, static_cast<float>(s.ideal_phase_cal()));
  CHECK(r.vrms_v == doctest::Approx(230.0).epsilon(0.005));
  CHECK(r.irms_a == doctest::Approx(2.0).epsilon(0.01));  // amperes, not the seed's milliamps
  CHECK(r.power_w == doctest::Approx(460.0).epsilon(0.015));
  CHECK(r.apparent_power_va == doctest::Approx(r.vrms_v * r.irms_a).epsilon(1e-6));
  CHECK(r.power_factor > 0.995f);
  CHECK(r.power_factor <= 1.0f);
}

TEST_CASE("inductive load lagging 60 degrees: PF 0.5, real power half the apparent") {
  MainsSignal s;
  s.irms_a = 3.0;
  s.current_lag_deg = 60.0;
  const PowerReading r = measure(s, static_cast<float>(s.ideal_phase_cal()));
  CHECK(r.irms_a == doctest::Approx(3.0).epsilon(0.01));
  CHECK(r.apparent_power_va == doctest::Approx(690.0).epsilon(0.015));
  CHECK(r.power_w == doctest::Approx(345.0).epsilon(0.02));
  CHECK(r.power_factor == doctest::Approx(0.5).epsilon(0.02));
}

TEST_CASE("phase calibration matters: without it the sampling delay skews the inductive PF") {
  MainsSignal s;
  s.current_lag_deg = 60.0;
  s.i_after_v_s = 300e-6;  // a slow ADC clock makes the V-then-I delay 5.4 degrees at 50 Hz
  const float calibrated = measure(s, static_cast<float>(s.ideal_phase_cal())).power_factor;
  const float uncorrected = measure(s, 1.0f).power_factor;
  CHECK(calibrated == doctest::Approx(0.5).epsilon(0.01));
  // cos(60 - 5.4 deg) = 0.579: the error the interpolation removes
  CHECK(uncorrected == doctest::Approx(0.579).epsilon(0.02));
}

TEST_CASE("a report covers whole mains cycles only, so where it ends does not bias RMS") {
  MainsSignal s;
  PeriodSums a, b;
  // Both periods close the same 51 cycles; the second also holds 68 % of the next one, which
  // must carry over instead of being counted.
  const PowerReading exact = measure(s, 1.33f, &a, 1.001);
  const PowerReading ragged = measure(s, 1.33f, &b, 1.0137);
  CHECK(a.cycles == 51);
  CHECK(b.cycles == a.cycles);
  CHECK(b.samples == a.samples);
  CHECK(ragged.vrms_v == doctest::Approx(exact.vrms_v).epsilon(0.001));
  CHECK(ragged.power_w == doctest::Approx(exact.power_w).epsilon(0.002));
}

TEST_CASE("the high-pass filter removes whatever DC bias the sensors sit at") {
  MainsSignal s;
  s.bias_v_counts = 470;  // a 4.6 V rail or an off-centre module
  s.bias_i_counts = 540;
  const PowerReading r = measure(s, static_cast<float>(s.ideal_phase_cal()));
  CHECK(r.vrms_v == doctest::Approx(230.0).epsilon(0.005));
  CHECK(r.irms_a == doctest::Approx(2.0).epsilon(0.01));
}

TEST_CASE("60 Hz mains at 120 V") {
  MainsSignal s;
  s.freq_hz = 60;
  s.vrms_v = 120;
  s.irms_a = 4;
  s.current_lag_deg = 30;
  PeriodSums sums;
  const PowerReading r = measure(s, static_cast<float>(s.ideal_phase_cal()), &sums);
  CHECK(sums.cycles == doctest::Approx(60).epsilon(0.04));
  CHECK(r.vrms_v == doctest::Approx(120.0).epsilon(0.01));
  CHECK(r.power_factor == doctest::Approx(0.866).epsilon(0.02));
}

TEST_CASE("real power can never exceed apparent power, even with an overshooting phase correction") {
  MainsSignal s;
  const PowerReading r = measure(s, 1.9f);
  CHECK(r.power_w <= r.apparent_power_va);
  CHECK(r.power_factor <= 1.0f);
}

TEST_CASE("a current sensor clipped on backwards still reports positive power") {
  MainsSignal s;
  s.current_lag_deg = 180;
  const PowerReading r = measure(s, static_cast<float>(s.ideal_phase_cal()));
  CHECK(r.power_w == doctest::Approx(460.0).epsilon(0.015));
}
