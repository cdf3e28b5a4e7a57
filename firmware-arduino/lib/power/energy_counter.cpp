#include "energy_counter.h"

void EnergyCounter::add(float power_w, uint32_t elapsed_ms) {
  if (!(power_w > 0)) return;  // also skips NaN
  if (power_w > 50000.0f) power_w = 50000.0f;
  if (elapsed_ms > kMaxStepMs) elapsed_ms = kMaxStepMs;
  // W * ms = mJ. Rounding to whole mJ each second errs by at most 0.5 mJ/s, ~0.1 mWh per day.
  const uint32_t step_mj = static_cast<uint32_t>(power_w * static_cast<float>(elapsed_ms) + 0.5f);
  remainder_mj_ += step_mj;
  whole_wh_ += remainder_mj_ / kMillijoulesPerWh;
  remainder_mj_ %= kMillijoulesPerWh;
}
