#include "rms_accumulator.h"

// DC tracker: a first-order low-pass with a time constant of 1024 samples (~0.35 s at ~2.9 kHz).
// Subtracting it from the raw sample is the high-pass filter that removes the sensors' 2.5 V bias
// while passing 50/60 Hz untouched. Same constant as EmonLib.
static const float kOffsetAlpha = 1.0f / 1024.0f;

// A crossing counts only after the voltage went this far below zero (ADC counts), so noise around
// zero cannot add phantom cycles. Mains at the calibrated level swings ~360 counts.
static const float kCrossingHysteresis = 8.0f;

RmsAccumulator::RmsAccumulator(float phase_cal, float adc_mid)
    : phase_cal_(phase_cal), offset_v_(adc_mid), offset_i_(adc_mid) {}

void RmsAccumulator::add_to(PeriodSums& sums, float v, float i, float p) {
  sums.sum_v_sq += v * v;
  sums.sum_i_sq += i * i;
  sums.sum_p += p;
  sums.samples++;
}

void RmsAccumulator::add(int v_raw, int i_raw) {
  offset_v_ += (v_raw - offset_v_) * kOffsetAlpha;
  offset_i_ += (i_raw - offset_i_) * kOffsetAlpha;
  const float filtered_v = v_raw - offset_v_;
  const float filtered_i = i_raw - offset_i_;

  // The current sample was taken after the voltage sample; interpolate (or extrapolate, when
  // phase_cal > 1) the voltage to the instant the current was sampled.
  const float shifted_v = last_filtered_v_ + phase_cal_ * (filtered_v - last_filtered_v_);
  last_filtered_v_ = filtered_v;

  if (filtered_v < -kCrossingHysteresis) seen_negative_ = true;
  if (seen_negative_ && filtered_v >= 0) {
    // A rising zero crossing closes one whole cycle.
    seen_negative_ = false;
    if (synced_) {
      period_.sum_v_sq += cycle_.sum_v_sq;
      period_.sum_i_sq += cycle_.sum_i_sq;
      period_.sum_p += cycle_.sum_p;
      period_.samples += cycle_.samples;
      period_.cycles++;
    }
    synced_ = true;  // what came before the first crossing was a partial cycle: dropped
    cycle_ = PeriodSums();
  }
  // Accumulating per cycle keeps each float sum small (~60 terms), so single-precision rounding
  // stays far below the sensors' own error even on the AVR.
  add_to(cycle_, filtered_v, filtered_i, shifted_v * filtered_i);
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
  return out;
}
