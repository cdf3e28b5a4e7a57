// The phase offset and PHASE_CAL measured on a resistive load, from synthetic samples.
#include <doctest/doctest.h>

#include <cmath>

#include "phase_calibration.h"
#include "power_measurement.h"
#include "rms_accumulator.h"
#include "support/synthetic_mains.h"

namespace {
// A resistive load; the voltage sensor leads by lead_deg (modelled as its samples being taken
// that much later in the mains' phase, i.e. the current delay shrinks by it).
// The mains slightly off 50 Hz and a count of noise, as in life: with exactly 40 samples a cycle
// and no noise the same quantisation errors repeat every cycle and never average out.
MainsSignal resistive(double lead_deg) {
  MainsSignal s;
  s.freq_hz = 50.03;
  s.noise_counts = 1.0;
  s.pair_period_s = 500e-6;
  s.i_after_v_s = 107.5e-6 - lead_deg / (360.0 * s.freq_hz);
  s.irms_a = 4.0;
  return s;
}

PhaseCalibrator calibrate(const MainsSignal& s, float phase_cal, int seconds) {
  std::mt19937 rng(11);
  RmsAccumulator acc(phase_cal);
  PhaseCalibrator cal(phase_cal, 1);
  double t = 0;
  for (int n = 0; n < seconds; ++n) {
    t = feed(acc, s, t, 1.0, rng);
    cal.add(acc.take_period());
  }
  return cal;
}

// Real power of a PF 0.5 lagging load with the given PHASE_CAL, relative to the truth.
double pf_half_error(MainsSignal s, float phase_cal) {
  s.current_lag_deg = 60;
  std::mt19937 rng(12);
  RmsAccumulator acc(phase_cal);
  double t = feed(acc, s, 0, 2.0, rng);
  acc.take_period();
  feed(acc, s, t, 1.0, rng);
  const PowerReading r = compute_power(acc.take_period(), test_calibration(s));
  return r.power_w / (s.vrms_v * s.irms_a * 0.5) - 1;
}
}  // namespace

TEST_CASE("ideal sensors: the offset is the sampling delay, the suggestion 1 + delay / period") {
  const MainsSignal s = resistive(0);
  const PhaseCalibrator cal = calibrate(s, 1.7f, 11);
  CHECK(cal.periods() == 10);
  CHECK(cal.offset_deg() == doctest::Approx(107.5e-6 * 50.03 * 360).epsilon(0.01));  // 1.935 degrees
  CHECK(cal.suggested_phase_cal() == doctest::Approx(1.215).epsilon(0.003));
  // 1.7 puts the voltage 4.4 degrees too late, yet the PF still reads 0.997: why a PF cannot calibrate.
  CHECK(cal.error_deg() == doctest::Approx(-4.37).epsilon(0.02));
  CHECK(cal.power_factor() == doctest::Approx(std::cos(4.37 * M_PI / 180)).epsilon(0.0005));
}

TEST_CASE("a voltage sensor leading by 3 degrees: the suggestion is below the ideal one and fixes PF 0.5") {
  const MainsSignal s = resistive(3.0);
  const PhaseCalibrator cal = calibrate(s, 1.215f, 11);
  CHECK(cal.offset_deg() == doctest::Approx(1.935 - 3.0).epsilon(0.01));
  const float suggested = cal.suggested_phase_cal();
  CHECK(suggested < 1.0f);
  CHECK(suggested == doctest::Approx(1 + (-1.065 / 9.0)).epsilon(0.005));
  CHECK(std::fabs(pf_half_error(s, 1.215f)) > 0.05);  // uncalibrated: ~9 % high
  CHECK(std::fabs(pf_half_error(s, suggested)) < 0.002);
  // Built with the suggestion, the calibration build reads no error left.
  CHECK(std::fabs(calibrate(s, suggested, 11).error_deg()) < 0.02f);
}

TEST_CASE("no current, a load that is not resistive, no mains cycles: nothing is averaged") {
  MainsSignal s = resistive(0);
  s.irms_a = 0;
  CHECK(calibrate(s, 1.215f, 4).periods() == 0);
  s.irms_a = 4;
  s.current_lag_deg = 40;  // a motor
  CHECK(calibrate(s, 1.215f, 4).periods() == 0);
  PhaseCalibrator cal(1.215f, 0);
  cal.add(PeriodSums());
  CHECK(cal.periods() == 0);
  CHECK(cal.suggested_phase_cal() == 0);
}
