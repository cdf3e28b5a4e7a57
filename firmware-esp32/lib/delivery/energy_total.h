// The device's cumulative energy counter, kept by the ESP32 because the UNO has nothing to keep it
// in (its EEPROM would die in weeks at one write per Wh). The UNO sends energy since its own boot;
// the published counter is offset + that, where the offset grows by the UNO's last value each time
// the UNO restarts: its `boot` number changed (new UNO firmware), or, from a UNO that sends no boot,
// its counter went backwards. A fresh device publishes the UNO's counter as is. This lifetime counter
// is best effort (a power cut loses the unsaved part); the exact booking uses the UNO's own
// meter_boot/meter_wh, which the bridge passes through.
//
// Flash wear (docs/hardware.md): {offset, last UNO value, its boot} is written to NVS as one blob
// only when at least min_delta_mwh is unsaved and min_interval_ms has passed, or max_interval_ms
// has passed with anything unsaved; and at once when the UNO restarts (the offset changed).
// A power cut loses at most what was unsaved; an ESP32-only reboot loses nothing, because the
// UNO's counter kept running and is added to the restored offset.
#pragma once
#include <stdint.h>

#include "key_value_store.h"

struct EnergyPersistConfig {
  uint64_t min_delta_mwh = 10000;       // 10 Wh
  uint32_t min_interval_ms = 60000;     // at most one write a minute
  uint32_t max_interval_ms = 3600000;   // and anything unsaved within the hour
};

// The UNO's boot number as its line gave it; known = false for old UNO firmware without `boot`.
struct UnoBoot {
  bool known = false;
  uint32_t value = 0;
};

class EnergyTotal {
 public:
  static constexpr const char* kKey = "energy2";        // {offset, last UNO value, boot, boot known}
  static constexpr const char* kLegacyKey = "energy";  // {offset, last UNO value}: read once after an upgrade

  EnergyTotal(KeyValueStore& store, const EnergyPersistConfig& config);

  void begin(uint32_t now_ms);
  // The UNO's counter (mWh since its boot) in, the device's cumulative counter out.
  uint64_t on_uno_counter(uint64_t uno_mwh, uint32_t now_ms, UnoBoot boot = UnoBoot());
  // Writes to NVS when the policy says so.
  void tick(uint32_t now_ms);

  uint64_t total_mwh() const { return offset_mwh_ + last_uno_mwh_; }
  uint32_t writes() const { return writes_; }
  uint32_t uno_restarts() const { return uno_restarts_; }

 private:
  void save(uint32_t now_ms);

  KeyValueStore& store_;
  EnergyPersistConfig config_;
  uint64_t offset_mwh_ = 0;
  uint64_t last_uno_mwh_ = 0;
  UnoBoot last_boot_;
  bool saved_boot_stale_ = false;  // the boot number changed without changing the total
  uint64_t saved_total_mwh_ = 0;
  uint32_t last_save_ms_ = 0;
  uint32_t writes_ = 0;
  uint32_t uno_restarts_ = 0;
};
