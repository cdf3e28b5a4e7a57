// Interleaved V/I sample accumulator in the style of EmonLib's calcVI, made non-blocking:
// loop() feeds one sample pair at a time, and the 1 s report takes whatever whole mains cycles
// completed since the previous report. The partial cycle in progress carries over, so every sample
// is counted exactly once and RMS is never skewed by half a cycle.
#pragma once
#include <stdint.h>

// Sums over a whole number of mains cycles, in ADC counts (after DC removal).
struct PeriodSums {
  float sum_v_sq = 0;      // sum of v^2
  float sum_i_sq = 0;      // sum of i^2
  // Real power at the two ends of the interpolation: sum of i[k] * v[k-1] and of i[k] * v[k].
  // The phase-corrected sum is a straight line between them, so it costs nothing extra per sample,
  // and the calibration build reads the current's phase offset from their ratio.
  float sum_p0 = 0;
  float sum_p1 = 0;
  float sum_p = 0;         // sum of v(phase-corrected) * i, = sum_p0 + PHASE_CAL * (sum_p1 - sum_p0)
  uint32_t samples = 0;    // sample pairs
  uint16_t cycles = 0;     // whole mains cycles; 0 when no voltage crossed zero (no mains)
};

class RmsAccumulator {
 public:
  // phase_cal: see PHASE_CAL in calibration.h. adc_mid: the expected bias (half scale), a start
  // value for the DC trackers so the first second is already close.
  explicit RmsAccumulator(float phase_cal, float adc_mid = 512.0f);

  // One sample pair, voltage read first and current right after (the order PHASE_CAL assumes).
  void add(int v_raw, int i_raw);

  // Sampling pauses after this sample (the once-a-second report takes ~2.5 ms). A pause always
  // falls at the same point of the cycle when the report interval is a whole number of mains
  // cycles, so a cycle with a hole in it would bias every reading the same way (up to 0.7 % of
  // the power at PF 0.5). The cycle in progress is left out of the sums instead, and so is the
  // next one when the pause hid its starting zero crossing.
  void mark_gap();

  // Whole cycles completed since the last call. With no zero crossing at all (voltage sensor
  // missing, mains off) the samples so far are returned instead, so current is still measured.
  PeriodSums take_period();

  float offset_v() const { return offset_v_; }
  float offset_i() const { return offset_i_; }

 private:
  static void add_to(PeriodSums& sums, float v, float i, float v_prev);
  static void add_sums(PeriodSums& into, const PeriodSums& from);

  float phase_cal_;
  float offset_v_;
  float offset_i_;
  float last_filtered_v_ = 0;
  bool seen_negative_ = false;  // hysteresis: a crossing counts only after a real negative half
  bool synced_ = false;         // false until the first crossing: samples before it are a partial cycle
  uint8_t cycles_to_drop_ = 0;  // cycles (from the one in progress) that a pause made incomplete
  bool after_gap_ = false;      // the next sample is the first after a pause
  PeriodSums cycle_;            // the cycle in progress
  PeriodSums period_;           // whole cycles waiting for take_period()
};
