// Measures, on a resistive load, how far the current samples are out of phase with the voltage
// samples, and the PHASE_CAL that lines them up: what the calibration build (-DCALIBRATION_MODE)
// prints. Nothing phase-shifted is needed, and the answer does not depend on reading a PF of
// 0.999 against 1.000 (on a resistive load PF changes only with the square of the phase error).
//
// With a resistive load the current is in phase with the mains voltage. If the current samples
// lead the voltage samples by delta (their delay I_AFTER_V_US, minus the voltage sensor's own
// lead) and consecutive voltage samples are theta apart (2 pi cycles / samples), then
//   P1 = sum i[k] v[k]   ~ cos(delta)
//   P0 = sum i[k] v[k-1] ~ cos(delta + theta)
//   tan(delta) = (cos(theta) - P0 / P1) / sin(theta)
// and the interpolation v[k-1] + a (v[k] - v[k-1]) has the phase delta for
//   a = (sin(theta) + tan(delta) cos(theta)) / (sin(theta) - tan(delta) (1 - cos(theta)))
// The calibration build samples on the same schedule as the normal one (PAIR_PERIOD_US), so
// theta, and with it the suggested PHASE_CAL, are the normal build's.
#pragma once
#include <stdint.h>

#include "rms_accumulator.h"

class PhaseCalibrator {
 public:
  // phase_cal: the PHASE_CAL this build runs with (for the error left with it). The first
  // settle_periods reports are skipped while the DC trackers settle.
  explicit PhaseCalibrator(float phase_cal, uint8_t settle_periods = 3);

  // One report period's sums. Skipped: periods without whole cycles, with less than 20 ADC counts
  // rms of current (noise would dominate), or with a power factor below 0.9 (not a resistive load).
  void add(const PeriodSums& sums);

  // Report periods averaged so far.
  uint16_t periods() const { return periods_; }
  // How far the current samples lead the voltage samples, degrees of the mains (mean).
  float offset_deg() const;
  // The PHASE_CAL that makes the interpolated voltage line up with the current.
  float suggested_phase_cal() const;
  // Phase error left with this build's PHASE_CAL, degrees (0 once calibrated; positive: the
  // current still leads the corrected voltage, which reads lagging loads' PF too high).
  float error_deg() const;
  // Power factor with this build's PHASE_CAL, unclamped (mean): 1 - error^2/2 on a resistive load.
  float power_factor() const;

 private:
  float phase_cal_;
  uint8_t settle_left_;
  uint16_t periods_ = 0;
  float sum_delta_ = 0;  // radians
  float sum_theta_ = 0;  // radians
  float sum_pf_ = 0;
};
