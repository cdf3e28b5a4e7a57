#include "energy_total.h"

namespace {
struct Stored {
  uint64_t offset_mwh;
  uint64_t last_uno_mwh;
  uint32_t boot;
  uint32_t boot_known;
};
struct LegacyStored {
  uint64_t offset_mwh;
  uint64_t last_uno_mwh;
};
}  // namespace

EnergyTotal::EnergyTotal(KeyValueStore& store, const EnergyPersistConfig& config) : store_(store), config_(config) {}

void EnergyTotal::begin(uint32_t now_ms) {
  Stored s = {0, 0, 0, 0};
  LegacyStored legacy = {0, 0};
  if (store_.read(kKey, &s, sizeof s)) {
    offset_mwh_ = s.offset_mwh;
    last_uno_mwh_ = s.last_uno_mwh;
    last_boot_.known = s.boot_known != 0;
    last_boot_.value = s.boot;
  } else if (store_.read(kLegacyKey, &legacy, sizeof legacy)) {
    offset_mwh_ = legacy.offset_mwh;
    last_uno_mwh_ = legacy.last_uno_mwh;
  }
  saved_total_mwh_ = total_mwh();
  last_save_ms_ = now_ms;
}

uint64_t EnergyTotal::on_uno_counter(uint64_t uno_mwh, uint32_t now_ms, UnoBoot boot) {
  // A new boot number is a restart even when the counter climbed past its old value meanwhile
  // (the UNO ran while the ESP32 was off); without boot numbers only a step back shows one.
  const bool new_boot = boot.known && last_boot_.known && boot.value != last_boot_.value;
  const bool boot_changed = boot.known != last_boot_.known || (boot.known && boot.value != last_boot_.value);
  if (new_boot || uno_mwh < last_uno_mwh_) {
    // What the UNO had counted moves into the offset, and must reach NVS now.
    offset_mwh_ += last_uno_mwh_;
    last_uno_mwh_ = uno_mwh;
    last_boot_ = boot;
    uno_restarts_++;
    save(now_ms);
  } else {
    last_uno_mwh_ = uno_mwh;
    last_boot_ = boot;
    if (boot_changed) saved_boot_stale_ = true;  // first boot number seen: saved with the next write
  }
  return total_mwh();
}

void EnergyTotal::tick(uint32_t now_ms) {
  const uint64_t unsaved = total_mwh() - saved_total_mwh_;
  if (unsaved == 0 && !saved_boot_stale_) return;
  const uint32_t since = now_ms - last_save_ms_;
  if ((unsaved >= config_.min_delta_mwh && since >= config_.min_interval_ms) || since >= config_.max_interval_ms) save(now_ms);
}

void EnergyTotal::save(uint32_t now_ms) {
  const Stored s = {offset_mwh_, last_uno_mwh_, last_boot_.value, last_boot_.known ? 1u : 0u};
  writes_++;
  if (store_.write(kKey, &s, sizeof s)) {
    saved_total_mwh_ = total_mwh();
    saved_boot_stale_ = false;
  }
  last_save_ms_ = now_ms;  // also after a failure: retry on the normal schedule, not every loop
}
