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
  float sum_p = 0;         // sum of v(phase-corrected) * i
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

  // Whole cycles completed since the last call. With no zero crossing at all (voltage sensor
  // missing, mains off) the samples so far are returned instead, so current is still measured.
  PeriodSums take_period();

  float offset_v() const { return offset_v_; }
  float offset_i() const { return offset_i_; }

 private:
  void add_to(PeriodSums& sums, float v, float i, float p);

  float phase_cal_;
  float offset_v_;
  float offset_i_;
  float last_filtered_v_ = 0;
  bool seen_negative_ = false;  // hysteresis: a crossing counts only after a real negative half
  bool synced_ = false;         // false until the first crossing: samples before it are a partial cycle
  PeriodSums cycle_;            // the cycle in progress
  PeriodSums period_;           // whole cycles waiting for take_period()
};
