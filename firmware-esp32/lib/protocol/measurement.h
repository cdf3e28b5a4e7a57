// One reading as the ESP32 holds it: the UNO's values as exact fixed-point integers in the
// contract's decimals, so re-encoding is byte-exact. Optional values use an "absent" sentinel, not
// flag bytes. 48 bytes on the ESP32 (44 of fields, 8-byte alignment); the RAM ring is sized from
// the free heap at boot (ring_sizing.h), and what outlives it goes to the flash journal.
#pragma once
#include <stdint.h>

struct Measurement {
  static constexpr uint32_t kAbsent32 = 0xFFFFFFFFUL;
  static constexpr uint16_t kAbsent16 = 0xFFFF;
  static constexpr uint64_t kAbsent64 = 0xFFFFFFFFFFFFFFFFULL;

  // UTC ms since epoch; before NTP has synced, kUptimeFlag | millis() at capture, turned into UTC
  // when published after the sync (same boot), or left out (0 = no ts).
  static constexpr uint64_t kUptimeFlag = 1ULL << 63;
  uint64_t ts_ms = 0;
  uint64_t energy_mwh = kAbsent64;     // energy_wh: the ESP32's lifetime counter, 3 decimals
  // meter_wh: the UNO's own counter since its boot `meter_boot`, 3 decimals. Absent unless the UNO's
  // line carried `boot` (old UNO firmware does not); meter_boot is meaningful only when present.
  uint64_t meter_mwh = kAbsent64;
  uint32_t meter_boot = 0;
  uint32_t current_ma = 0;             // Current (A), 3 decimals
  uint32_t power_dw = kAbsent32;       // power_w, 1 decimal
  uint32_t apparent_dva = kAbsent32;   // apparent_power_va, 1 decimal
  uint16_t voltage_cv = 0;             // Voltage (V), 2 decimals
  uint16_t pf_milli = kAbsent16;       // power_factor, 3 decimals

  bool has_meter() const { return meter_mwh != kAbsent64; }
};
