// Turns a period's sums into physical units, applying the noise floors.
#pragma once
#include "rms_accumulator.h"

struct PowerReading {
  float vrms_v = 0;
  float irms_a = 0;
  float power_w = 0;            // real power: mean of v(t) * i(t)
  float apparent_power_va = 0;  // vrms_v * irms_a
  float power_factor = 0;       // power_w / apparent_power_va, 0..1
};

struct MeterCalibration {
  float volts_per_count;
  float amps_per_count;
  float irms_floor_a;   // at or below: the circuit is idle, report 0 A, 0 W
  float vrms_floor_v;   // at or below: no mains, report 0 V (and so 0 W)
};

PowerReading compute_power(const PeriodSums& sums, const MeterCalibration& cal);
