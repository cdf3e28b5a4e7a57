// Synthetic ZMPT101B/ACS712 signals as the UNO's ADC would see them: a biased sine quantised to 10
// bits, the current sampled a fixed delay after the voltage, as analogRead() does.
#pragma once
#include <cmath>
#include <cstdint>
#include <random>

#include "calibration.h"
#include "power_measurement.h"

struct MainsSignal {
  double vrms_v = 230.0;
  double irms_a = 2.0;
  double current_lag_deg = 0.0;  // inductive load: current lags voltage
  double freq_hz = MAINS_HZ;
  double bias_v_counts = 512.0;
  double bias_i_counts = 512.0;
  double noise_counts = 0.0;     // uniform +- noise on the current channel
  double pair_period_s = 500e-6; // time between two voltage samples (PAIR_PERIOD_US)
  double i_after_v_s = 107.5e-6; // one analogRead (I_AFTER_V_US)
  double volts_per_count = VOLTS_PER_COUNT;
  double amps_per_count = AMPS_PER_COUNT;

  // PHASE_CAL that exactly aligns V to the current sample instant (calibration.h's formula).
  double ideal_phase_cal() const { return 1.0 + i_after_v_s / pair_period_s; }

  int v_at(double t) const { return quantise(bias_v_counts + vrms_v * std::sqrt(2.0) * std::sin(w() * t) / volts_per_count); }
  int i_at(double t, std::mt19937& rng) const {
    double counts = irms_a * std::sqrt(2.0) * std::sin(w() * t - current_lag_deg * M_PI / 180.0) / amps_per_count;
    if (noise_counts > 0) counts += std::uniform_real_distribution<double>(-noise_counts, noise_counts)(rng);
    return quantise(bias_i_counts + counts);
  }

 private:
  double w() const { return 2.0 * M_PI * freq_hz; }
  static int quantise(double counts) {
    long c = std::lround(counts);
    return static_cast<int>(c < 0 ? 0 : c > 1023 ? 1023 : c);
  }
};

// Feeds `seconds` worth of sample pairs starting at t0 into anything with add(v, i); returns the end time.
template <class Accumulator>
double feed(Accumulator& acc, const MainsSignal& s, double t0, double seconds, std::mt19937& rng) {
  const long pairs = std::lround(seconds / s.pair_period_s);
  double t = t0;
  for (long n = 0; n < pairs; ++n, t = t0 + n * s.pair_period_s) acc.add(s.v_at(t), s.i_at(t + s.i_after_v_s, rng));
  return t0 + pairs * s.pair_period_s;
}

inline MeterCalibration test_calibration(const MainsSignal& s) {
  return MeterCalibration{static_cast<float>(s.volts_per_count), static_cast<float>(s.amps_per_count), IRMS_NOISE_FLOOR_A,
                          VRMS_NOISE_FLOOR_V};
}
