// Cumulative energy since boot, in integers: a float Wh total stops counting small increments once
// it is large (at 100 kWh a float's step is 8 mWh, a 100 W load adds 28 mWh per second). The UNO
// counts from 0 at each power-up (its lines carry the boot number, lib/boot, so the services can
// tell); the ESP32 keeps the persistent total (docs/hardware.md).
#pragma once
#include <stdint.h>

class EnergyCounter {
 public:
  // Adds power_w held for elapsed_ms. Negative power is ignored (the meter reports magnitudes).
  void add(float power_w, uint32_t elapsed_ms);

  uint32_t whole_wh() const { return whole_wh_; }
  // Thousandths of a Wh beyond whole_wh(), truncated so the counter is never ahead of the energy.
  uint16_t frac_mwh() const { return static_cast<uint16_t>(remainder_mj_ / kMillijoulesPerMwh); }

 private:
  static const uint32_t kMillijoulesPerWh = 3600000UL;
  static const uint32_t kMillijoulesPerMwh = 3600UL;
  // A stalled loop must not overflow the 32-bit millijoule step (50 kW * 60 s = 3e9 mJ fits).
  static const uint32_t kMaxStepMs = 60000UL;

  uint32_t whole_wh_ = 0;
  uint32_t remainder_mj_ = 0;  // < kMillijoulesPerWh
};
