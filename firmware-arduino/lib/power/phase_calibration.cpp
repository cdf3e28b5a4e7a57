#include "phase_calibration.h"

#include <math.h>

static const float kTwoPi = 6.2831853f;
static const float kDegPerRad = 57.29578f;

PhaseCalibrator::PhaseCalibrator(float phase_cal, uint8_t settle_periods) : phase_cal_(phase_cal), settle_left_(settle_periods) {}

static const float kMinCurrentCountsRms = 20.0f;
static const float kMinPowerFactor = 0.9f;

void PhaseCalibrator::add(const PeriodSums& sums) {
  if (sums.cycles == 0 || sums.samples == 0) return;
  if (!(sums.sum_i_sq > kMinCurrentCountsRms * kMinCurrentCountsRms * sums.samples)) return;
  const float pf1 = fabsf(sums.sum_p1) / sqrtf(sums.sum_v_sq * sums.sum_i_sq);
  if (!(pf1 >= kMinPowerFactor)) return;
  if (settle_left_ > 0) {
    settle_left_--;
    return;
  }
  const float theta = kTwoPi * sums.cycles / sums.samples;
  // A current sensor clipped on backwards flips both sums: the ratio is unchanged.
  const float tan_delta = (cosf(theta) - sums.sum_p0 / sums.sum_p1) / sinf(theta);
  sum_delta_ += atanf(tan_delta);
  sum_theta_ += theta;
  sum_pf_ += fabsf(sums.sum_p) / sqrtf(sums.sum_v_sq * sums.sum_i_sq);
  if (periods_ < 65535) periods_++;
}

float PhaseCalibrator::offset_deg() const {
  return periods_ ? sum_delta_ / periods_ * kDegPerRad : 0;
}

float PhaseCalibrator::suggested_phase_cal() const {
  if (!periods_) return 0;
  const float theta = sum_theta_ / periods_;
  const float t = tanf(sum_delta_ / periods_);
  return (sinf(theta) + t * cosf(theta)) / (sinf(theta) - t * (1 - cosf(theta)));
}

float PhaseCalibrator::error_deg() const {
  if (!periods_) return 0;
  const float theta = sum_theta_ / periods_;
  const float a = phase_cal_;
  // Phase of (1 - a) e^(-j theta) + a: where this build's interpolation puts the voltage.
  const float shift = atan2f((a - 1) * sinf(theta), a + (1 - a) * cosf(theta));
  return (sum_delta_ / periods_ - shift) * kDegPerRad;
}

float PhaseCalibrator::power_factor() const {
  return periods_ ? sum_pf_ / periods_ : 0;
}
