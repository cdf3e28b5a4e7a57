#include "power_measurement.h"

#include <math.h>

PowerReading compute_power(const PeriodSums& sums, const MeterCalibration& cal) {
  PowerReading r;
  if (sums.samples == 0) return r;
  const float n = static_cast<float>(sums.samples);
  r.vrms_v = cal.volts_per_count * sqrtf(sums.sum_v_sq / n);
  r.irms_a = cal.amps_per_count * sqrtf(sums.sum_i_sq / n);
  if (r.vrms_v <= cal.vrms_floor_v) r.vrms_v = 0;
  if (r.irms_a <= cal.irms_floor_a) r.irms_a = 0;
  // No power without both a voltage and a current above noise. With the voltage sensor missing
  // the current is still worth reporting.
  if (r.vrms_v == 0 || r.irms_a == 0) return r;

  r.apparent_power_va = r.vrms_v * r.irms_a;
  // A sensor clipped on backwards only flips the sign; this meter measures consumption and the
  // contract has no negative power, so report the magnitude.
  float real_w = fabsf(cal.volts_per_count * cal.amps_per_count * sums.sum_p / n);
  // The phase-corrected voltage is not exactly the one in vrms_v, so on a pure resistive load the
  // ratio can overshoot 1 by rounding; real power can never exceed apparent power.
  if (real_w > r.apparent_power_va) real_w = r.apparent_power_va;
  r.power_w = real_w;
  r.power_factor = real_w / r.apparent_power_va;
  return r;
}
