#include "rms_accumulator.h"

#include <math.h>

// DC tracker: a first-order low-pass with a time constant of 1024 samples (0.5 s at 2000 pairs/s).
// Subtracting it from the raw sample is the high-pass filter that removes the sensors' 2.5 V bias
// while passing 50/60 Hz untouched. Same constant as EmonLib.
static const float kOffsetAlpha = 1.0f / 1024.0f;

// A crossing counts only after the voltage went this far below zero (ADC counts), so noise around
// zero cannot add phantom cycles. Mains at the calibrated level swings ~360 counts.
static const float kCrossingHysteresis = 8.0f;

static const float kTwoPi = 6.2831853f;

RmsAccumulator::RmsAccumulator(float phase_cal, float adc_mid)
    : phase_cal_(phase_cal), offset_v_(adc_mid), offset_i_(adc_mid) {}

void RmsAccumulator::add_to(PeriodSums& sums, float v, float i, float v_prev) {
  sums.sum_v_sq += v * v;
  sums.sum_i_sq += i * i;
  sums.sum_p0 += v_prev * i;
  sums.sum_p1 += v * i;
  sums.samples++;
}

void RmsAccumulator::add_sums(PeriodSums& into, const PeriodSums& from) {
  into.sum_v_sq += from.sum_v_sq;
  into.sum_i_sq += from.sum_i_sq;
  into.sum_p0 += from.sum_p0;
  into.sum_p1 += from.sum_p1;
  into.samples += from.samples;
}

void RmsAccumulator::add(int v_raw, int i_raw) {
  offset_v_ += (v_raw - offset_v_) * kOffsetAlpha;
  offset_i_ += (i_raw - offset_i_) * kOffsetAlpha;
  const float filtered_v = v_raw - offset_v_;
  const float filtered_i = i_raw - offset_i_;

  // The current sample was taken after the voltage sample. The voltage at that instant is
  // interpolated (extrapolated, when phase_cal > 1) between the previous and this voltage sample;
  // since v_shifted * i = v_prev * i + phase_cal * (v * i - v_prev * i), it is applied to the
  // two sums in take_period() instead of to every sample.
  const float prev_v = last_filtered_v_;
  last_filtered_v_ = filtered_v;

  if (filtered_v < -kCrossingHysteresis) seen_negative_ = true;
  if (seen_negative_ && filtered_v >= 0) {
    // A rising zero crossing closes one whole cycle.
    seen_negative_ = false;
    // A crossing seen on the first sample after a pause may have happened during it: the cycle
    // that starts here lacks its beginning.
    if (after_gap_) cycles_to_drop_++;
    if (cycles_to_drop_ > 0) {
      cycles_to_drop_--;
    } else if (synced_) {
      add_sums(period_, cycle_);
      period_.cycles++;
    }
    synced_ = true;  // what came before the first crossing was a partial cycle: dropped
    cycle_ = PeriodSums();
  }
  // Accumulating per cycle keeps each float sum small (~60 terms), so single-precision rounding
  // stays far below the sensors' own error even on the AVR.
  add_to(cycle_, filtered_v, filtered_i, prev_v);
  after_gap_ = false;
}

void RmsAccumulator::mark_gap() {
  if (cycles_to_drop_ == 0) cycles_to_drop_ = 1;
  after_gap_ = true;
}

PeriodSums RmsAccumulator::take_period() {
  PeriodSums out = period_;
  period_ = PeriodSums();
  if (out.cycles == 0) {
    // No mains cycle completed: measure what we have rather than report nothing.
    out = cycle_;
    out.cycles = 0;
    cycle_ = PeriodSums();
    synced_ = false;
  }
  out.sum_p = out.sum_p0 + phase_cal_ * (out.sum_p1 - out.sum_p0);
  if (out.cycles > 0) {
    // The interpolated voltage of a sine is a sine of gain |H| = |(1 - a) e^(-j theta) + a|, where
    // theta is the mains phase between two samples: 1.0032 at a = 1.215, theta = 9 degrees (the
    // defaults at 50 Hz), which would read every power 0.32 % high. Divided out here, at the
    // fundamental.
    const float theta = kTwoPi * out.cycles / out.samples;
    const float a = phase_cal_;
    const float gain_sq = a * a + (1 - a) * (1 - a) + 2 * a * (1 - a) * cosf(theta);
    if (gain_sq > 0) out.sum_p /= sqrtf(gain_sq);
  }
  return out;
}
