// One reading as the ESP32 holds it: the UNO's values as exact fixed-point integers in the
// contract's decimals, so re-encoding is byte-exact and the hour-long ring stays at 32 bytes per
// reading (3600 readings = 115 KB). Optional values use an "absent" sentinel, not a flag byte that
// would pad the struct to 40 bytes.
#pragma once
#include <stdint.h>

struct Measurement {
  static const uint32_t kAbsent32 = 0xFFFFFFFFUL;
  static const uint16_t kAbsent16 = 0xFFFF;
  static const uint64_t kAbsent64 = 0xFFFFFFFFFFFFFFFFULL;

  uint64_t ts_ms = 0;                  // UTC ms since epoch, 0 = clock not synced
  uint64_t energy_mwh = kAbsent64;     // energy_wh, 3 decimals
  uint32_t current_ma = 0;             // Current (A), 3 decimals
  uint32_t power_dw = kAbsent32;       // power_w, 1 decimal
  uint32_t apparent_dva = kAbsent32;   // apparent_power_va, 1 decimal
  uint16_t voltage_cv = 0;             // Voltage (V), 2 decimals
  uint16_t pf_milli = kAbsent16;       // power_factor, 3 decimals
};
